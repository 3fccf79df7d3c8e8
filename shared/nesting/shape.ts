import { cosSin, ringsArea, type Box, boxOfRings } from './polygon';
import { type Point2 } from './types';

/** A circle inside a shape (pole of inaccessibility): cheap overlap proxy and sure-collision test. */
export interface Pole {
  x: number;
  y: number;
  r: number;
}

/**
 * One orientation of one footprint, in flat arrays for the collision core. Coordinates are local:
 * a placement adds (x, y). Edges of all rings are kept together (edge i runs from vertex i to
 * vertex nxt[i]); even-odd over all edges is point-in-shape, so holes and islands need no special
 * case.
 */
export class OShape {
  readonly rotDeg: number;
  readonly n: number;
  readonly vx: Float64Array;
  readonly vy: Float64Array;
  readonly nxt: Int32Array;
  /** First vertex of each ring: containment probes. */
  readonly ringFirst: Int32Array;
  readonly eMinX: Float64Array;
  readonly eMaxX: Float64Array;
  readonly eMinY: Float64Array;
  readonly eMaxY: Float64Array;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  /** Poles: x, y, r triples, largest first. A quick single pole at first; the full set is
   * computed lazily when the overlap proxy needs it (`fullPoles`). */
  poles: Float64Array;
  nPoles: number;
  fullPoles = false;
  readonly area: number;

  constructor(rings: readonly (readonly Point2[])[], rotDeg: number, poles: readonly Pole[]) {
    this.rotDeg = rotDeg;
    const [c, s] = cosSin(rotDeg);
    const n = rings.reduce((k, r) => k + r.length, 0);
    this.n = n;
    this.vx = new Float64Array(n);
    this.vy = new Float64Array(n);
    this.nxt = new Int32Array(n);
    this.ringFirst = new Int32Array(rings.length);
    let k = 0;
    rings.forEach((ring, ri) => {
      this.ringFirst[ri] = k;
      const start = k;
      for (const p of ring) {
        this.vx[k] = c * p.x - s * p.y;
        this.vy[k] = s * p.x + c * p.y;
        this.nxt[k] = k + 1;
        k++;
      }
      this.nxt[k - 1] = start;
    });
    this.eMinX = new Float64Array(n);
    this.eMaxX = new Float64Array(n);
    this.eMinY = new Float64Array(n);
    this.eMaxY = new Float64Array(n);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const j = this.nxt[i] as number;
      const ax = this.vx[i] as number;
      const ay = this.vy[i] as number;
      const bx = this.vx[j] as number;
      const by = this.vy[j] as number;
      this.eMinX[i] = Math.min(ax, bx);
      this.eMaxX[i] = Math.max(ax, bx);
      this.eMinY[i] = Math.min(ay, by);
      this.eMaxY[i] = Math.max(ay, by);
      if (ax < minX) minX = ax;
      if (ax > maxX) maxX = ax;
      if (ay < minY) minY = ay;
      if (ay > maxY) maxY = ay;
    }
    this.minX = minX;
    this.minY = minY;
    this.maxX = maxX;
    this.maxY = maxY;
    this.nPoles = 0;
    this.poles = new Float64Array(0);
    this.setPoles(poles);
    this.area = ringsArea(rings);
  }

  /** Poles given in footprint coordinates (rotated here). */
  setPoles(poles: readonly Pole[], full = false): void {
    this.fullPoles = full;
    const [c, s] = cosSin(this.rotDeg);
    this.nPoles = poles.length;
    this.poles = new Float64Array(poles.length * 3);
    poles.forEach((p, i) => {
      this.poles[3 * i] = c * p.x - s * p.y;
      this.poles[3 * i + 1] = s * p.x + c * p.y;
      this.poles[3 * i + 2] = p.r;
    });
  }

  get width(): number {
    return this.maxX - this.minX;
  }

  get height(): number {
    return this.maxY - this.minY;
  }
}

/** Flat edge list of rings: ax, ay, bx, by per edge. */
function edgesOf(rings: readonly (readonly Point2[])[]): Float64Array {
  const n = rings.reduce((k, r) => k + r.length, 0);
  const e = new Float64Array(n * 4);
  let k = 0;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[j] as Point2;
      const b = ring[i] as Point2;
      e[k++] = a.x;
      e[k++] = a.y;
      e[k++] = b.x;
      e[k++] = b.y;
    }
  }
  return e;
}

/** Signed distance to the boundary: positive inside (even-odd), negative outside. */
function signedDist(x: number, y: number, e: Float64Array): number {
  let best = Infinity;
  let inside = false;
  for (let k = 0; k < e.length; k += 4) {
    const ax = e[k] as number;
    const ay = e[k + 1] as number;
    const bx = e[k + 2] as number;
    const by = e[k + 3] as number;
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
    const dx = bx - ax;
    const dy = by - ay;
    const l2 = dx * dx + dy * dy;
    let t = l2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / l2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const qx = ax + t * dx - x;
    const qy = ay + t * dy - y;
    const d = qx * qx + qy * qy;
    if (d < best) best = d;
  }
  return inside ? Math.sqrt(best) : -Math.sqrt(best);
}

/**
 * Disjoint inscribed circles, largest first (a grid search refined by hill climbing): each new
 * pole is the point farthest from the boundary and from the poles already chosen. Stops at the
 * coverage limits used by jagua-rs (8 poles above 90 % coverage, 16 above 80 %), or `maxPoles`.
 */
export function computePoles(
  rings: readonly (readonly Point2[])[],
  maxPoles = 32,
  minRatio = 0.02,
): Pole[] {
  const box: Box = boxOfRings(rings);
  const w = box.maxX - box.minX;
  const h = box.maxY - box.minY;
  const area = Math.max(ringsArea(rings), 1e-12);
  const e = edgesOf(rings);
  // About 1500 grid points inside the shape, at least 4 across its thinnest direction.
  let cell = Math.sqrt(area / 1500);
  cell = Math.min(cell, Math.max(w, h) / 40);
  cell = Math.max(cell, Math.max(w, h) / 400);
  const xs: number[] = [];
  const ys: number[] = [];
  const score: number[] = [];
  for (let y = box.minY + cell / 2; y < box.maxY; y += cell) {
    for (let x = box.minX + cell / 2; x < box.maxX; x += cell) {
      const d = signedDist(x, y, e);
      if (d <= 0) continue;
      xs.push(x);
      ys.push(y);
      score.push(d);
    }
  }
  const poles: Pole[] = [];
  let covered = 0;
  const evalAt = (x: number, y: number): number => {
    let d = signedDist(x, y, e);
    if (d <= 0) return d;
    for (const p of poles) {
      const dx = x - p.x;
      const dy = y - p.y;
      const v = Math.sqrt(dx * dx + dy * dy) - p.r;
      if (v < d) d = v;
    }
    return d;
  };
  while (poles.length < maxPoles) {
    let bi = -1;
    let bs = 0;
    for (let i = 0; i < score.length; i++) {
      if ((score[i] as number) > bs) {
        bs = score[i] as number;
        bi = i;
      }
    }
    if (bi < 0) break;
    let px = xs[bi] as number;
    let py = ys[bi] as number;
    let ps = bs;
    for (let step = cell / 2; step > cell / 64; step /= 2) {
      let improved = true;
      while (improved) {
        improved = false;
        for (let dir = 0; dir < 4; dir++) {
          const nx = px + (dir === 0 ? step : dir === 1 ? -step : 0);
          const ny = py + (dir === 2 ? step : dir === 3 ? -step : 0);
          const v = evalAt(nx, ny);
          if (v > ps) {
            ps = v;
            px = nx;
            py = ny;
            improved = true;
          }
        }
      }
    }
    const first = poles[0];
    if (first && ps < first.r * minRatio) break;
    if (ps <= 0) break;
    poles.push({ x: px, y: py, r: ps });
    covered += Math.PI * ps * ps;
    const coverage = covered / area;
    if ((coverage > 0.9 && poles.length >= 8) || (coverage > 0.8 && poles.length >= 16)) break;
    for (let i = 0; i < score.length; i++) {
      const dx = (xs[i] as number) - px;
      const dy = (ys[i] as number) - py;
      const d = Math.sqrt(dx * dx + dy * dy) - ps;
      if (d < (score[i] as number)) score[i] = d;
    }
  }
  if (poles.length === 0) {
    // Sliver: the middle of the box with a tiny radius keeps the proxy defined.
    poles.push({
      x: (box.minX + box.maxX) / 2,
      y: (box.minY + box.maxY) / 2,
      r: Math.max(Math.min(w, h) / 4, 1e-9),
    });
  }
  return poles;
}

/**
 * One inscribed circle from a coarse grid (about 400 probes): cheap enough for every part, and
 * enough for the sure-collision shortcut during construction (full poles come later, lazily).
 */
export function quickPole(rings: readonly (readonly Point2[])[]): Pole[] {
  const box: Box = boxOfRings(rings);
  const w = box.maxX - box.minX;
  const h = box.maxY - box.minY;
  const e = edgesOf(rings);
  const cell = Math.max(Math.sqrt((w * h) / 400), Math.max(w, h) / 200, 1e-9);
  let best: Pole | null = null;
  for (let y = box.minY + cell / 2; y < box.maxY; y += cell) {
    for (let x = box.minX + cell / 2; x < box.maxX; x += cell) {
      const d = signedDist(x, y, e);
      if (d > 0 && (!best || d > best.r)) best = { x, y, r: d };
    }
  }
  return best ? [best] : [];
}
