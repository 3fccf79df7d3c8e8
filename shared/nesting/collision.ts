import { type OShape } from './shape';

/*
 * The placement engine's collision core. Two placed shapes "collide" when their distance is below
 * a clearance c > 0 (the requested spacing plus simplification tolerance, or a tiny epsilon when
 * no spacing is asked for). Distance-below-c is a continuous predicate, so there is no degenerate
 * case: touching, collinear and coincident edges are all just "distance 0 < c". The test is
 *   bounding boxes → largest poles (sure hit) → edge pairs near the overlap window (sure hit)
 *   → one containment probe per ring (only reached when all edges are at least c apart, so the
 *     probe point is far from the other boundary and parity is reliable).
 * This is the Minkowski sum of each part with a disc of radius c/2, evaluated exactly.
 */

let bufA = new Int32Array(256);
let bufB = new Int32Array(256);

function grow(n: number): void {
  if (bufA.length < n) {
    bufA = new Int32Array(n * 2);
    bufB = new Int32Array(n * 2);
  }
}

function pointSegD2(
  px: number,
  py: number,
  ax: number,
  ay: number,
  dx: number,
  dy: number,
): number {
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const qx = ax + t * dx - px;
  const qy = ay + t * dy - py;
  return qx * qx + qy * qy;
}

/** Segments PQ and RS closer than sqrt(c2) (a crossing counts as distance 0). */
export function segmentsNear(
  px: number,
  py: number,
  qx: number,
  qy: number,
  rx: number,
  ry: number,
  sx: number,
  sy: number,
  c2: number,
): boolean {
  const ux = qx - px;
  const uy = qy - py;
  const vx = sx - rx;
  const vy = sy - ry;
  const d1 = ux * (ry - py) - uy * (rx - px);
  const d2 = ux * (sy - py) - uy * (sx - px);
  if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) {
    const d3 = vx * (py - ry) - vy * (px - rx);
    const d4 = vx * (qy - ry) - vy * (qx - rx);
    if ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) return true;
  }
  return (
    pointSegD2(rx, ry, px, py, ux, uy) < c2 ||
    pointSegD2(sx, sy, px, py, ux, uy) < c2 ||
    pointSegD2(px, py, rx, ry, vx, vy) < c2 ||
    pointSegD2(qx, qy, rx, ry, vx, vy) < c2
  );
}

/** Even-odd containment of (x, y) (world) in shape s placed at (ox, oy). */
export function pointInShape(s: OShape, ox: number, oy: number, x: number, y: number): boolean {
  const lx = x - ox;
  const ly = y - oy;
  if (lx < s.minX || lx > s.maxX || ly < s.minY || ly > s.maxY) return false;
  const vx = s.vx;
  const vy = s.vy;
  const nxt = s.nxt;
  let inside = false;
  for (let i = 0; i < s.n; i++) {
    const j = nxt[i] as number;
    const ay = vy[i] as number;
    const by = vy[j] as number;
    if (ay > ly !== by > ly) {
      const ax = vx[i] as number;
      const bx = vx[j] as number;
      if (lx < ((bx - ax) * (ly - ay)) / (by - ay) + ax) inside = !inside;
    }
  }
  return inside;
}

/** Exact test: distance between a@(ax,ay) and b@(bx,by) is below c. */
export function shapesCollide(
  a: OShape,
  ax: number,
  ay: number,
  b: OShape,
  bx: number,
  by: number,
  c: number,
): boolean {
  const aMinX = a.minX + ax;
  const aMaxX = a.maxX + ax;
  const aMinY = a.minY + ay;
  const aMaxY = a.maxY + ay;
  const bMinX = b.minX + bx;
  const bMaxX = b.maxX + bx;
  const bMinY = b.minY + by;
  const bMaxY = b.maxY + by;
  if (aMaxX + c <= bMinX || bMaxX + c <= aMinX || aMaxY + c <= bMinY || bMaxY + c <= aMinY) {
    return false;
  }
  // Sure hit: two largest poles of each.
  const pa = a.poles;
  const pb = b.poles;
  const na = Math.min(a.nPoles, 2);
  const nb = Math.min(b.nPoles, 2);
  for (let i = 0; i < na; i++) {
    const x1 = (pa[3 * i] as number) + ax;
    const y1 = (pa[3 * i + 1] as number) + ay;
    const r1 = pa[3 * i + 2] as number;
    for (let j = 0; j < nb; j++) {
      const dx = (pb[3 * j] as number) + bx - x1;
      const dy = (pb[3 * j + 1] as number) + by - y1;
      const rr = r1 + (pb[3 * j + 2] as number) + c;
      if (dx * dx + dy * dy < rr * rr) return true;
    }
  }
  // Window where edges can be within c of each other.
  const wx0 = Math.max(aMinX, bMinX) - c;
  const wx1 = Math.min(aMaxX, bMaxX) + c;
  const wy0 = Math.max(aMinY, bMinY) - c;
  const wy1 = Math.min(aMaxY, bMaxY) + c;
  grow(Math.max(a.n, b.n));
  let ka = 0;
  {
    const x0 = wx0 - ax;
    const x1 = wx1 - ax;
    const y0 = wy0 - ay;
    const y1 = wy1 - ay;
    for (let i = 0; i < a.n; i++) {
      if (
        (a.eMaxX[i] as number) >= x0 &&
        (a.eMinX[i] as number) <= x1 &&
        (a.eMaxY[i] as number) >= y0 &&
        (a.eMinY[i] as number) <= y1
      ) {
        bufA[ka++] = i;
      }
    }
  }
  let kb = 0;
  if (ka > 0) {
    const x0 = wx0 - bx;
    const x1 = wx1 - bx;
    const y0 = wy0 - by;
    const y1 = wy1 - by;
    for (let i = 0; i < b.n; i++) {
      if (
        (b.eMaxX[i] as number) >= x0 &&
        (b.eMinX[i] as number) <= x1 &&
        (b.eMaxY[i] as number) >= y0 &&
        (b.eMinY[i] as number) <= y1
      ) {
        bufB[kb++] = i;
      }
    }
  }
  if (ka > 0 && kb > 0) {
    const c2 = c * c;
    const dxab = bx - ax;
    const dyab = by - ay;
    const avx = a.vx;
    const avy = a.vy;
    const bvx = b.vx;
    const bvy = b.vy;
    for (let p = 0; p < ka; p++) {
      const i = bufA[p] as number;
      const i2 = a.nxt[i] as number;
      const e0x = a.eMinX[i] as number;
      const e1x = a.eMaxX[i] as number;
      const e0y = a.eMinY[i] as number;
      const e1y = a.eMaxY[i] as number;
      const px = avx[i] as number;
      const py = avy[i] as number;
      const qx = avx[i2] as number;
      const qy = avy[i2] as number;
      for (let q = 0; q < kb; q++) {
        const j = bufB[q] as number;
        // Edge boxes (B shifted into A's frame) farther apart than c: skip.
        if ((b.eMinX[j] as number) + dxab >= e1x + c) continue;
        if ((b.eMaxX[j] as number) + dxab + c <= e0x) continue;
        if ((b.eMinY[j] as number) + dyab >= e1y + c) continue;
        if ((b.eMaxY[j] as number) + dyab + c <= e0y) continue;
        const j2 = b.nxt[j] as number;
        if (
          segmentsNear(
            px,
            py,
            qx,
            qy,
            (bvx[j] as number) + dxab,
            (bvy[j] as number) + dyab,
            (bvx[j2] as number) + dxab,
            (bvy[j2] as number) + dyab,
            c2,
          )
        ) {
          return true;
        }
      }
    }
  }
  // No edges within c: either disjoint or one contains a whole ring of the other.
  for (let r = 0; r < b.ringFirst.length; r++) {
    const v = b.ringFirst[r] as number;
    if (pointInShape(a, ax, ay, (b.vx[v] as number) + bx, (b.vy[v] as number) + by)) return true;
  }
  for (let r = 0; r < a.ringFirst.length; r++) {
    const v = a.ringFirst[r] as number;
    if (pointInShape(b, bx, by, (a.vx[v] as number) + ax, (a.vy[v] as number) + ay)) return true;
  }
  return false;
}

/**
 * Shape a@(ax,ay) leaves the polygonal region `bed` (placed at 0,0) or comes closer than c to its
 * boundary. Used for non-rectangular beds.
 */
export function outsideRegion(a: OShape, ax: number, ay: number, bed: OShape, c: number): boolean {
  const c2 = c * c;
  for (let i = 0; i < a.n; i++) {
    const i2 = a.nxt[i] as number;
    const x0 = (a.eMinX[i] as number) + ax - c;
    const x1 = (a.eMaxX[i] as number) + ax + c;
    const y0 = (a.eMinY[i] as number) + ay - c;
    const y1 = (a.eMaxY[i] as number) + ay + c;
    for (let j = 0; j < bed.n; j++) {
      if ((bed.eMinX[j] as number) > x1 || (bed.eMaxX[j] as number) < x0) continue;
      if ((bed.eMinY[j] as number) > y1 || (bed.eMaxY[j] as number) < y0) continue;
      const j2 = bed.nxt[j] as number;
      if (
        segmentsNear(
          (a.vx[i] as number) + ax,
          (a.vy[i] as number) + ay,
          (a.vx[i2] as number) + ax,
          (a.vy[i2] as number) + ay,
          bed.vx[j] as number,
          bed.vy[j] as number,
          bed.vx[j2] as number,
          bed.vy[j2] as number,
          c2,
        )
      ) {
        return true;
      }
    }
  }
  const v = a.ringFirst[0] as number;
  return !pointInShape(bed, 0, 0, (a.vx[v] as number) + ax, (a.vy[v] as number) + ay);
}

/**
 * Overlap proxy (after sparrow): every pair of poles contributes its penetration depth, decaying
 * smoothly when apart (ε²/(2ε − pd)), weighted by the smaller radius. Pairs farther apart than 8ε
 * contribute less than a tenth of ε each and are skipped (a large saving: most pole pairs of two
 * colliding parts are far apart). Only meaningful for colliding pairs.
 */
export function poleOverlap(
  a: OShape,
  ax: number,
  ay: number,
  b: OShape,
  bx: number,
  by: number,
  c: number,
  eps: number,
): number {
  const pa = a.poles;
  const pb = b.poles;
  const dx0 = bx - ax;
  const dy0 = by - ay;
  const eps2 = eps * eps;
  const cut = 8 * eps;
  // B's box in A's frame, for skipping whole rows.
  const bMinX = b.minX + dx0;
  const bMaxX = b.maxX + dx0;
  const bMinY = b.minY + dy0;
  const bMaxY = b.maxY + dy0;
  let total = 0;
  const nb = b.nPoles;
  for (let i = 0; i < a.nPoles; i++) {
    const x1 = pa[3 * i] as number;
    const y1 = pa[3 * i + 1] as number;
    const r1 = pa[3 * i + 2] as number;
    const reach = r1 + c + cut;
    if (x1 + reach < bMinX || x1 - reach > bMaxX || y1 + reach < bMinY || y1 - reach > bMaxY)
      continue;
    const r1c = r1 + c;
    for (let j = 0; j < nb; j++) {
      const dx = (pb[3 * j] as number) + dx0 - x1;
      const dy = (pb[3 * j + 1] as number) + dy0 - y1;
      const r2 = pb[3 * j + 2] as number;
      const lim = r1c + r2 + cut;
      const d2 = dx * dx + dy * dy;
      if (d2 > lim * lim) continue;
      const pd = r1c + r2 - Math.sqrt(d2);
      const v = pd >= eps ? pd : eps2 / (2 * eps - pd);
      total += v * (r2 < r1 ? r2 : r1);
    }
  }
  return total;
}
