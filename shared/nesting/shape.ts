import { cosSin, pointSegDist2, ringsArea, type Box, boxOfRings } from './polygon';
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
  /** Poles: x, y, r triples, largest first. */
  readonly poles: Float64Array;
  readonly nPoles: number;
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
    this.nPoles = poles.length;
    this.poles = new Float64Array(poles.length * 3);
    poles.forEach((p, i) => {
      this.poles[3 * i] = c * p.x - s * p.y;
      this.poles[3 * i + 1] = s * p.x + c * p.y;
      this.poles[3 * i + 2] = p.r;
    });
    this.area = ringsArea(rings);
  }

  get width(): number {
    return this.maxX - this.minX;
  }

  get height(): number {
    return this.maxY - this.minY;
  }
}

function distToBoundary(x: number, y: number, rings: readonly (readonly Point2[])[]): number {
  let best = Infinity;
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const a = ring[j] as Point2;
      const b = ring[i] as Point2;
      const d = pointSegDist2(x, y, a.x, a.y, b.x, b.y);
      if (d < best) best = d;
    }
  }
  return Math.sqrt(best);
}

function insideRings(x: number, y: number, rings: readonly (readonly Point2[])[]): boolean {
  let inside = false;
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const a = ring[i] as Point2;
      const b = ring[j] as Point2;
      if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
    }
  }
  return inside;
}

/**
 * Disjoint inscribed circles, largest first (a grid search refined by hill climbing): each new
 * pole is the point farthest from the boundary and from the poles already chosen.
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
  let cell = Math.sqrt(area / 2500);
  cell = Math.min(cell, Math.max(w, h) / 150);
  cell = Math.max(cell, Math.max(w, h) / 600);
  const xs: number[] = [];
  const ys: number[] = [];
  const dB: number[] = [];
  for (let y = box.minY + cell / 2; y < box.maxY; y += cell) {
    for (let x = box.minX + cell / 2; x < box.maxX; x += cell) {
      if (!insideRings(x, y, rings)) continue;
      xs.push(x);
      ys.push(y);
      dB.push(distToBoundary(x, y, rings));
    }
  }
  const score = dB.slice();
  const poles: Pole[] = [];
  let covered = 0;
  const evalAt = (x: number, y: number): number => {
    if (!insideRings(x, y, rings)) return -Infinity;
    let d = distToBoundary(x, y, rings);
    for (const p of poles) d = Math.min(d, Math.hypot(x - p.x, y - p.y) - p.r);
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
        for (const [dx, dy] of [
          [step, 0],
          [-step, 0],
          [0, step],
          [0, -step],
        ] as const) {
          const v = evalAt(px + dx, py + dy);
          if (v > ps) {
            ps = v;
            px += dx;
            py += dy;
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
    // Coverage limits (as in jagua-rs): few poles suffice for compact shapes.
    const coverage = covered / area;
    if ((coverage > 0.9 && poles.length >= 8) || (coverage > 0.8 && poles.length >= 16)) break;
    for (let i = 0; i < score.length; i++) {
      const d = Math.hypot((xs[i] as number) - px, (ys[i] as number) - py) - ps;
      if (d < (score[i] as number)) score[i] = d;
    }
  }
  if (poles.length === 0) {
    // Sliver: use the centroid of the vertices with a tiny radius so the proxy stays defined.
    const pts = rings.flat();
    const cx = pts.reduce((a, p) => a + p.x, 0) / pts.length;
    const cy = pts.reduce((a, p) => a + p.y, 0) / pts.length;
    poles.push({ x: cx, y: cy, r: Math.max(Math.min(w, h) / 4, 1e-9) });
  }
  return poles;
}
