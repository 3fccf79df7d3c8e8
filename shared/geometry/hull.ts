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
  let iMinX = 0,
    iMaxX = 0,
    iMinY = 0,
    iMaxY = 0,
    iMinS = 0,
    iMaxS = 0,
    iMinD = 0,
    iMaxD = 0;
  let minX = X(0),
    maxX = minX,
    minY = Y(0),
    maxY = minY;
  let minS = minX + minY,
    maxS = minS,
    minD = minX - minY,
    maxD = minD;
  for (let i = 1, o = stride; i < count; i++, o += stride) {
    const x = coords[o] as number,
      y = coords[o + 1] as number;
    if (x < minX) {
      minX = x;
      iMinX = i;
    }
    if (x > maxX) {
      maxX = x;
      iMaxX = i;
    }
    if (y < minY) {
      minY = y;
      iMinY = i;
    }
    if (y > maxY) {
      maxY = y;
      iMaxY = i;
    }
    const sum = x + y,
      dif = x - y;
    if (sum < minS) {
      minS = sum;
      iMinS = i;
    }
    if (sum > maxS) {
      maxS = sum;
      iMaxS = i;
    }
    if (dif < minD) {
      minD = dif;
      iMinD = i;
    }
    if (dif > maxD) {
      maxD = dif;
      iMaxD = i;
    }
  }
  // Octagon in CCW order: minY, maxD, maxX, maxS, maxY, minD, minX, minS.
  const oct = [iMinY, iMaxD, iMaxX, iMaxS, iMaxY, iMinD, iMinX, iMinS];
  const ox: number[] = [];
  const oy: number[] = [];
  for (const k of oct) {
    const x = X(k),
      y = Y(k);
    if (ox.length > 0 && ox[ox.length - 1] === x && oy[oy.length - 1] === y) continue;
    ox.push(x);
    oy.push(y);
  }
  const m = ox.length;
  // Edge k of the octagon as a half-plane a·x + b·y > c (inside strictly to the left).
  const ea = new Float64Array(m),
    eb = new Float64Array(m),
    ec = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const ax = ox[k] as number,
      ay = oy[k] as number;
    const bx = ox[(k + 1) % m] as number,
      by = oy[(k + 1) % m] as number;
    ea[k] = -(by - ay);
    eb[k] = bx - ax;
    ec[k] = -(by - ay) * ax + (bx - ax) * ay;
  }
  const candidates: number[] = [];
  for (let i = 0, o = 0; i < count; i++, o += stride) {
    const x = coords[o] as number,
      y = coords[o + 1] as number;
    let inside = m >= 3;
    for (let k = 0; k < m; k++) {
      if ((ea[k] as number) * x + (eb[k] as number) * y - (ec[k] as number) <= 0) {
        inside = false;
        break;
      }
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
  const cross = (o: Point2, a: Point2, b: Point2): number =>
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: Point2[] = [];
  for (const p of pts) {
    while (
      lower.length >= 2 &&
      cross(lower[lower.length - 2] as Point2, lower[lower.length - 1] as Point2, p) <= 0
    )
      lower.pop();
    lower.push(p);
  }
  const upper: Point2[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i] as Point2;
    while (
      upper.length >= 2 &&
      cross(upper[upper.length - 2] as Point2, upper[upper.length - 1] as Point2, p) <= 0
    )
      upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}
