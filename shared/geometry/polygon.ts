import { type Point2, type Polygon } from '../domain/common';

/** Signed area (positive when counter-clockwise). */
export function signedArea(poly: readonly Point2[]): number {
  let s = 0;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[j] as Point2;
    const b = poly[i] as Point2;
    s += a.x * b.y - b.x * a.y;
  }
  return s / 2;
}

export function polygonArea(poly: readonly Point2[]): number {
  return Math.abs(signedArea(poly));
}

export function translatePolygon(poly: readonly Point2[], dx: number, dy: number): Polygon {
  return poly.map((p) => ({ x: p.x + dx, y: p.y + dy }));
}

/** Rotates about the origin by a multiple of 90° exactly (no floating drift). */
export function rotatePolygon90(poly: readonly Point2[], degrees: number): Polygon {
  const q = ((Math.round(degrees / 90) % 4) + 4) % 4;
  return poly.map((p) =>
    q === 0
      ? { x: p.x, y: p.y }
      : q === 1
        ? { x: -p.y, y: p.x }
        : q === 2
          ? { x: -p.x, y: -p.y }
          : { x: p.y, y: -p.x },
  );
}

export function polygonBounds(poly: readonly Point2[]): {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
} {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const p of poly) {
    if (p.x < minX) minX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.x > maxX) maxX = p.x;
    if (p.y > maxY) maxY = p.y;
  }
  return { minX, minY, maxX, maxY };
}

export function pointInPolygon(x: number, y: number, poly: readonly Point2[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i] as Point2;
    const b = poly[j] as Point2;
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** Do two closed segments properly cross (touching endpoints do not count)? */
export function segmentsCross(a: Point2, b: Point2, c: Point2, d: Point2): boolean {
  const o1 = orient(a, b, c),
    o2 = orient(a, b, d),
    o3 = orient(c, d, a),
    o4 = orient(c, d, b);
  return o1 * o2 < 0 && o3 * o4 < 0;
}

function orient(a: Point2, b: Point2, c: Point2): number {
  const v = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
  return v > 1e-12 ? 1 : v < -1e-12 ? -1 : 0;
}

/** Interiors overlap (edges cross, or one contains the other). */
export function polygonsOverlap(a: readonly Point2[], b: readonly Point2[]): boolean {
  for (let i = 0, j = a.length - 1; i < a.length; j = i++) {
    for (let k = 0, l = b.length - 1; k < b.length; l = k++) {
      if (segmentsCross(a[j] as Point2, a[i] as Point2, b[l] as Point2, b[k] as Point2))
        return true;
    }
  }
  const ca = centroidInside(a);
  const cb = centroidInside(b);
  return pointInPolygon(ca.x, ca.y, b) || pointInPolygon(cb.x, cb.y, a);
}

function centroidInside(poly: readonly Point2[]): Point2 {
  // Midpoint of the first edge nudged inward: always inside for CCW simple polygons.
  const a = poly[0] as Point2;
  const b = poly[1] as Point2;
  const dx = b.x - a.x,
    dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const eps = 1e-6;
  const s = signedArea(poly) >= 0 ? 1 : -1;
  return { x: (a.x + b.x) / 2 - (dy / len) * eps * s, y: (a.y + b.y) / 2 + (dx / len) * eps * s };
}

/**
 * Douglas–Peucker on a closed ring given as flat xy pairs. Every dropped vertex is within
 * `epsilon` of the segment that replaces it.
 */
export function simplifyRing(xy: Float64Array, epsilon: number): Float64Array {
  const n = xy.length / 2;
  if (n <= 4) return xy;
  // Split at the lexicographically smallest vertex and the vertex farthest from it.
  let a = 0;
  for (let i = 1; i < n; i++) {
    const x = xy[i * 2] as number,
      y = xy[i * 2 + 1] as number;
    const ax = xy[a * 2] as number,
      ay = xy[a * 2 + 1] as number;
    if (x < ax || (x === ax && y < ay)) a = i;
  }
  let b = a;
  let best = -1;
  for (let i = 0; i < n; i++) {
    const d =
      ((xy[i * 2] as number) - (xy[a * 2] as number)) ** 2 +
      ((xy[i * 2 + 1] as number) - (xy[a * 2 + 1] as number)) ** 2;
    if (d > best) {
      best = d;
      b = i;
    }
  }
  const keep = new Uint8Array(n);
  keep[a] = 1;
  keep[b] = 1;
  const eps2 = epsilon * epsilon;
  const stack: number[] = [a, b, b, a];
  while (stack.length > 0) {
    const j = stack.pop() as number;
    const i = stack.pop() as number;
    const span = (j - i + n) % n;
    if (span < 2) continue;
    const x0 = xy[i * 2] as number,
      y0 = xy[i * 2 + 1] as number;
    const x1 = xy[j * 2] as number,
      y1 = xy[j * 2 + 1] as number;
    const dx = x1 - x0,
      dy = y1 - y0;
    const len2 = dx * dx + dy * dy;
    let far = -1;
    let farD = eps2;
    for (let s = 1; s < span; s++) {
      const k = (i + s) % n;
      const px = (xy[k * 2] as number) - x0,
        py = (xy[k * 2 + 1] as number) - y0;
      let t = len2 > 0 ? (px * dx + py * dy) / len2 : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = px - t * dx,
        ey = py - t * dy;
      const d = ex * ex + ey * ey;
      if (d > farD) {
        farD = d;
        far = k;
      }
    }
    if (far >= 0) {
      keep[far] = 1;
      stack.push(i, far, far, j);
    }
  }
  let m = 0;
  for (let i = 0; i < n; i++) m += keep[i] as number;
  const out = new Float64Array(m * 2);
  let o = 0;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    out[o++] = xy[i * 2] as number;
    out[o++] = xy[i * 2 + 1] as number;
  }
  return out;
}

/** Sutherland–Hodgman: a polygon clipped by a convex CCW polygon. */
export function clipToConvex(subject: readonly Point2[], clip: readonly Point2[]): Point2[] {
  let out: Point2[] = subject.slice();
  for (let i = 0, j = clip.length - 1; i < clip.length && out.length > 0; j = i++) {
    const a = clip[j] as Point2;
    const b = clip[i] as Point2;
    const input = out;
    out = [];
    const side = (p: Point2): number => (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
    for (let k = 0; k < input.length; k++) {
      const p = input[k] as Point2;
      const q = input[(k + 1) % input.length] as Point2;
      const sp = side(p),
        sq = side(q);
      if (sp >= 0) out.push(p);
      if (sp >= 0 !== sq >= 0) {
        const t = sp / (sp - sq);
        out.push({ x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y) });
      }
    }
  }
  return out;
}

/** Drops repeated and collinear vertices (within `eps` mm). */
export function cleanRing(poly: readonly Point2[], eps = 1e-6): Point2[] {
  let pts = poly.slice();
  let changed = true;
  while (changed && pts.length >= 3) {
    changed = false;
    const out: Point2[] = [];
    for (let i = 0; i < pts.length; i++) {
      const prev =
        out.length > 0 ? (out[out.length - 1] as Point2) : (pts[pts.length - 1] as Point2);
      const cur = pts[i] as Point2;
      const next = pts[(i + 1) % pts.length] as Point2;
      if (Math.abs(cur.x - prev.x) <= eps && Math.abs(cur.y - prev.y) <= eps) {
        changed = true;
        continue;
      }
      const cross = (cur.x - prev.x) * (next.y - prev.y) - (cur.y - prev.y) * (next.x - prev.x);
      const len = Math.hypot(next.x - prev.x, next.y - prev.y);
      if (Math.abs(cross) <= eps * Math.max(len, eps)) {
        changed = true;
        continue;
      }
      out.push(cur);
    }
    pts = out;
  }
  return pts;
}
