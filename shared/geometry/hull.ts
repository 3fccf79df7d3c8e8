import { type Point2 } from '../domain/common';

/**
 * Convex hull (Andrew's monotone chain) of xy points given as a flat array with a stride.
 * An octagon of extreme points first discards interior points (Akl–Toussaint), so only a
 * small fraction of a dense mesh is sorted. Returns CCW points without collinear ones.
 */
export function convexHull2(coords: ArrayLike<number>, count: number, stride = 2): Point2[] {
  if (count === 0) return [];
  const X = (i: number): number => coords[i * stride] as number;
  const Y = (i: number): number => coords[i * stride + 1] as number;
  let iMinX = 0, iMaxX = 0, iMinY = 0, iMaxY = 0, iMinS = 0, iMaxS = 0, iMinD = 0, iMaxD = 0;
  for (let i = 1; i < count; i++) {
    const x = X(i), y = Y(i);
    if (x < X(iMinX)) iMinX = i;
    if (x > X(iMaxX)) iMaxX = i;
    if (y < Y(iMinY)) iMinY = i;
    if (y > Y(iMaxY)) iMaxY = i;
    if (x + y < X(iMinS) + Y(iMinS)) iMinS = i;
    if (x + y > X(iMaxS) + Y(iMaxS)) iMaxS = i;
    if (x - y < X(iMinD) - Y(iMinD)) iMinD = i;
    if (x - y > X(iMaxD) - Y(iMaxD)) iMaxD = i;
  }
  // Octagon in CCW order: minY, maxD, maxX, maxS, maxY, minD, minX, minS.
  const oct = [iMinY, iMaxD, iMaxX, iMaxS, iMaxY, iMinD, iMinX, iMinS];
  const ox: number[] = [];
  const oy: number[] = [];
  for (const k of oct) {
    const x = X(k), y = Y(k);
    if (ox.length > 0 && ox[ox.length - 1] === x && oy[oy.length - 1] === y) continue;
    ox.push(x);
    oy.push(y);
  }
  const m = ox.length;
  const candidates: number[] = [];
  for (let i = 0; i < count; i++) {
    const x = X(i), y = Y(i);
    let inside = m >= 3;
    for (let k = 0; k < m && inside; k++) {
      const ax = ox[k] as number, ay = oy[k] as number;
      const bx = ox[(k + 1) % m] as number, by = oy[(k + 1) % m] as number;
      if ((bx - ax) * (y - ay) - (by - ay) * (x - ax) <= 0) inside = false;
    }
    if (!inside) candidates.push(i);
  }
  candidates.sort((a, b) => X(a) - X(b) || Y(a) - Y(b));
  const pts: Point2[] = [];
  for (const i of candidates) {
    const last = pts[pts.length - 1];
    if (last && last.x === X(i) && last.y === Y(i)) continue;
    pts.push({ x: X(i), y: Y(i) });
  }
  if (pts.length < 3) return pts;
  const cross = (o: Point2, a: Point2, b: Point2): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: Point2[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2] as Point2, lower[lower.length - 1] as Point2, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point2[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i] as Point2;
    while (upper.length >= 2 && cross(upper[upper.length - 2] as Point2, upper[upper.length - 1] as Point2, p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}
