import { type Footprint, NestInputError, type Point2, type Polygon } from './types';

/** Shoelace area, positive for counter-clockwise rings. */
export function signedArea(ring: readonly Point2[]): number {
  let s = 0;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[j] as Point2;
    const b = ring[i] as Point2;
    s += a.x * b.y - b.x * a.y;
  }
  return s / 2;
}

export function ringsOf(footprint: Footprint): Polygon[] {
  if (footprint.length === 0) return [];
  const first = footprint[0];
  return Array.isArray(first) ? (footprint as Polygon[]) : [footprint as Polygon];
}

export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function boxOf(points: readonly Point2[]): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    if (p.x < minX) minX = p.x;
    if (p.x > maxX) maxX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.y > maxY) maxY = p.y;
  }
  return { minX, minY, maxX, maxY };
}

export function boxOfRings(rings: readonly (readonly Point2[])[]): Box {
  return boxOf(rings.flat());
}

/**
 * Drops repeated and collinear vertices (relative tolerance) and a closing duplicate. Returns null
 * when nothing with an area is left.
 */
export function cleanRing(ring: readonly Point2[], scale: number): Point2[] | null {
  const eps = 1e-9 * Math.max(scale, 1e-9);
  const pts: Point2[] = [];
  for (const p of ring) {
    const last = pts[pts.length - 1];
    if (last && Math.abs(last.x - p.x) <= eps && Math.abs(last.y - p.y) <= eps) continue;
    pts.push({ x: p.x, y: p.y });
  }
  while (pts.length > 1) {
    const a = pts[0] as Point2;
    const b = pts[pts.length - 1] as Point2;
    if (Math.abs(a.x - b.x) <= eps && Math.abs(a.y - b.y) <= eps) pts.pop();
    else break;
  }
  // Remove collinear vertices until stable (|cross| tiny relative to the edge lengths).
  let changed = true;
  while (changed && pts.length >= 3) {
    changed = false;
    for (let i = 0; i < pts.length && pts.length >= 3; i++) {
      const a = pts[(i + pts.length - 1) % pts.length] as Point2;
      const b = pts[i] as Point2;
      const c = pts[(i + 1) % pts.length] as Point2;
      const cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
      const l1 = Math.hypot(b.x - a.x, b.y - a.y);
      const l2 = Math.hypot(c.x - b.x, c.y - b.y);
      const dot = (b.x - a.x) * (c.x - b.x) + (b.y - a.y) * (c.y - b.y);
      if (Math.abs(cross) <= 1e-12 * l1 * l2 + eps * eps && dot > 0) {
        pts.splice(i, 1);
        i--;
        changed = true;
      }
    }
  }
  if (pts.length < 3) return null;
  if (Math.abs(signedArea(pts)) <= eps * scale) return null;
  return pts;
}

/**
 * Validates and normalises a footprint: finite coordinates, at least one ring with an area; outer
 * rings counter-clockwise, holes (rings inside an odd number of others) clockwise.
 * Throws NestInputError with a message naming the part.
 */
export function normaliseFootprint(
  footprint: Footprint,
  what: string,
  partId?: string,
): Point2[][] {
  const raw = ringsOf(footprint);
  if (raw.length === 0) {
    throw new NestInputError(`${what}: the footprint is empty.`, partId);
  }
  for (const ring of raw) {
    if (!Array.isArray(ring))
      throw new NestInputError(`${what}: a footprint ring is not a list of points.`, partId);
    for (const p of ring) {
      if (
        p === null ||
        typeof p !== 'object' ||
        typeof p.x !== 'number' ||
        typeof p.y !== 'number' ||
        !Number.isFinite(p.x) ||
        !Number.isFinite(p.y)
      ) {
        throw new NestInputError(
          `${what}: the footprint has a non-finite coordinate (NaN or infinity); re-export the model.`,
          partId,
        );
      }
    }
  }
  const box = boxOfRings(raw);
  const scale = Math.max(box.maxX - box.minX, box.maxY - box.minY);
  const eps = 1e-9 * Math.max(scale, 1e-9);
  const rings: Point2[][] = [];
  for (const ring of raw) {
    const c = cleanRing(ring, scale);
    if (c) rings.push(c);
    else if (!collinear(ring, eps)) {
      // Zero net area without being flat: a self-intersecting ring whose lobes cancel (a
      // symmetric bow-tie), not a line.
      const defect = findRingDefect([dedupe(ring, eps)], eps);
      if (defect) throw new NestInputError(defectMessage(what, defect, raw.length), partId);
    }
  }
  if (rings.length === 0) {
    const distinct = new Set(raw.flat().map((p) => `${p.x},${p.y}`)).size;
    throw new NestInputError(
      distinct < 3
        ? `${what}: the footprint is degenerate (fewer than 3 distinct points).`
        : `${what}: the footprint is degenerate (zero area: all points lie on a line).`,
      partId,
    );
  }
  // The collision engine, the areas and the validator all assume simple, non-crossing rings.
  const defect = findRingDefect(rings, eps);
  if (defect) throw new NestInputError(defectMessage(what, defect, rings.length), partId);
  // Orientation by nesting depth.
  return rings.map((ring, i) => {
    const probe = ring[0] as Point2;
    let depth = 0;
    rings.forEach((other, j) => {
      if (j !== i && pointInRing(probe.x, probe.y, other)) depth++;
    });
    const ccw = signedArea(ring) > 0;
    const wantCcw = depth % 2 === 0;
    return ccw === wantCcw ? ring : ring.slice().reverse();
  });
}

function dedupe(ring: readonly Point2[], eps: number): Point2[] {
  const pts: Point2[] = [];
  for (const p of ring) {
    const last = pts[pts.length - 1];
    if (!last || Math.abs(last.x - p.x) > eps || Math.abs(last.y - p.y) > eps) pts.push(p);
  }
  const a = pts[0];
  const b = pts[pts.length - 1];
  if (pts.length > 1 && a && b && Math.abs(a.x - b.x) <= eps && Math.abs(a.y - b.y) <= eps)
    pts.pop();
  return pts;
}

/** True when every point lies within `eps` of the line through the two farthest-apart ones. */
function collinear(ring: readonly Point2[], eps: number): boolean {
  const p0 = ring[0];
  if (!p0) return true;
  let far = p0;
  for (const p of ring)
    if (Math.hypot(p.x - p0.x, p.y - p0.y) > Math.hypot(far.x - p0.x, far.y - p0.y)) far = p;
  const len = Math.hypot(far.x - p0.x, far.y - p0.y);
  if (len <= eps) return true;
  return ring.every(
    (p) =>
      Math.abs((far.x - p0.x) * (p.y - p0.y) - (far.y - p0.y) * (p.x - p0.x)) <= eps * len * 1e3,
  );
}

function defectMessage(what: string, d: RingDefect, ringCount: number): string {
  const at = `(${formatMm(d.x)}, ${formatMm(d.y)}) mm`;
  const edge = (e: { ring: number; edge: number }) =>
    ringCount > 1 ? `edge ${e.edge + 1} of ring ${e.ring + 1}` : `edge ${e.edge + 1}`;
  const fix =
    'a footprint must be a simple polygon (no crossing or touching edges); repair the outline (re-export the model)';
  if (d.kind === 'cross' && d.a.ring !== d.b.ring) {
    return `${what}: the footprint is self-intersecting: rings ${Math.min(d.a.ring, d.b.ring) + 1} and ${Math.max(d.a.ring, d.b.ring) + 1} cross at ${at}; ${fix}.`;
  }
  if (d.kind === 'cross') {
    return `${what}: the footprint is self-intersecting: ${edge(d.a)} crosses ${edge(d.b)} at ${at} (a bow-tie or figure-eight outline); ${fix}.`;
  }
  if (d.kind === 'spike') {
    return `${what}: the footprint is self-intersecting: the outline folds back on itself at ${at} (a zero-width spike); ${fix}.`;
  }
  return `${what}: the footprint is self-intersecting: the outline touches itself at ${at} (${edge(d.a)} and ${edge(d.b)}); ${fix}.`;
}

/** Even-odd point in ring (boundary points may go either way). */
export function pointInRing(x: number, y: number, ring: readonly Point2[]): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[i] as Point2;
    const b = ring[j] as Point2;
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** Net area of normalised rings (holes subtract). */
export function ringsArea(rings: readonly (readonly Point2[])[]): number {
  let s = 0;
  for (const r of rings) s += signedArea(r);
  return s;
}

/** Andrew's monotone chain; counter-clockwise, no collinear points. */
export function convexHull(points: readonly Point2[]): Point2[] {
  const pts = points
    .map((p) => ({ x: p.x, y: p.y }))
    .sort((a, b) => (a.x === b.x ? a.y - b.y : a.x - b.x));
  if (pts.length < 3) return pts;
  const cross = (o: Point2, a: Point2, b: Point2) =>
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

/**
 * Douglas–Peucker on a closed ring. Every removed vertex lies within `tol` of the kept chord, so
 * the original boundary is within `tol` of the simplified one (Hausdorff); callers enlarge their
 * clearances by `tol` to stay exact for the original outline.
 */
export function simplifyRing(ring: readonly Point2[], tol: number): Point2[] {
  const n = ring.length;
  if (tol <= 0 || n <= 8) return ring.slice();
  // Split at the two vertices farthest apart so the ring becomes two open chains.
  let a = 0;
  let b = 0;
  let best = -1;
  const p0 = ring[0] as Point2;
  for (let i = 1; i < n; i++) {
    const p = ring[i] as Point2;
    const d = (p.x - p0.x) ** 2 + (p.y - p0.y) ** 2;
    if (d > best) {
      best = d;
      b = i;
    }
  }
  best = -1;
  const pb = ring[b] as Point2;
  for (let i = 0; i < n; i++) {
    const p = ring[i] as Point2;
    const d = (p.x - pb.x) ** 2 + (p.y - pb.y) ** 2;
    if (d > best) {
      best = d;
      a = i;
    }
  }
  if (a === b) return ring.slice();
  const keep = new Uint8Array(n);
  keep[a] = 1;
  keep[b] = 1;
  const tol2 = tol * tol;
  const stack: [number, number][] = [
    [a, b],
    [b, a],
  ];
  while (stack.length > 0) {
    const [s, e] = stack.pop() as [number, number];
    const ps = ring[s] as Point2;
    const pe = ring[e] as Point2;
    let far = -1;
    let farD = tol2;
    for (let i = (s + 1) % n; i !== e; i = (i + 1) % n) {
      const d = pointSegDist2((ring[i] as Point2).x, (ring[i] as Point2).y, ps.x, ps.y, pe.x, pe.y);
      if (d > farD) {
        farD = d;
        far = i;
      }
    }
    if (far >= 0) {
      keep[far] = 1;
      stack.push([s, far], [far, e]);
    }
  }
  const out: Point2[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(ring[i] as Point2);
  return out.length >= 3 ? out : ring.slice();
}

export function pointSegDist2(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const qx = ax + t * dx - px;
  const qy = ay + t * dy - py;
  return qx * qx + qy * qy;
}

/** cos/sin that are exact for multiples of 90°, so rectangles stay axis-aligned. */
export function cosSin(deg: number): [number, number] {
  const d = ((deg % 360) + 360) % 360;
  if (d === 0) return [1, 0];
  if (d === 90) return [0, 1];
  if (d === 180) return [-1, 0];
  if (d === 270) return [0, -1];
  const r = (d * Math.PI) / 180;
  return [Math.cos(r), Math.sin(r)];
}

export function transformPoints(
  points: readonly Point2[],
  deg: number,
  tx: number,
  ty: number,
): Point2[] {
  const [c, s] = cosSin(deg);
  return points.map((p) => ({ x: c * p.x - s * p.y + tx, y: s * p.x + c * p.y + ty }));
}

export function formatMm(v: number): string {
  const r = Math.round(v * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

/** Where a footprint stops being a simple polygon (set of non-crossing rings). */
export interface RingDefect {
  /** cross: two edges cross · touch: a vertex lies on another edge (or on another vertex) ·
   * spike: an edge folds back onto the previous one. */
  kind: 'cross' | 'touch' | 'spike';
  x: number;
  y: number;
  /** Ring and edge (edge k runs from vertex k to vertex k+1) of both edges involved. */
  a: { ring: number; edge: number };
  b: { ring: number; edge: number };
}

/**
 * First violation of simplicity among the rings (self-intersections inside a ring and crossings
 * between rings), or null. Sweep over edges sorted by x, so outlines of thousands of vertices
 * stay cheap. `eps` is the distance below which a vertex counts as lying on an edge.
 */
export function findRingDefect(
  rings: readonly (readonly Point2[])[],
  eps: number,
): RingDefect | null {
  interface Edge {
    ring: number;
    edge: number;
    n: number;
    ax: number;
    ay: number;
    bx: number;
    by: number;
    minX: number;
    maxX: number;
    minY: number;
    maxY: number;
  }
  const edges: Edge[] = [];
  rings.forEach((ring, r) => {
    const n = ring.length;
    for (let k = 0; k < n; k++) {
      const a = ring[k] as Point2;
      const b = ring[(k + 1) % n] as Point2;
      edges.push({
        ring: r,
        edge: k,
        n,
        ax: a.x,
        ay: a.y,
        bx: b.x,
        by: b.y,
        minX: Math.min(a.x, b.x),
        maxX: Math.max(a.x, b.x),
        minY: Math.min(a.y, b.y),
        maxY: Math.max(a.y, b.y),
      });
    }
  });
  edges.sort((p, q) => p.minX - q.minX);
  const eps2 = eps * eps;
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i] as Edge;
    for (let j = i + 1; j < edges.length; j++) {
      const f = edges[j] as Edge;
      if (f.minX > e.maxX + eps) break;
      if (f.minY > e.maxY + eps || f.maxY < e.minY - eps) continue;
      const sameRing = e.ring === f.ring;
      const next = sameRing && (e.edge + 1) % e.n === f.edge;
      const prev = sameRing && (f.edge + 1) % f.n === e.edge;
      const tag = (g: Edge) => ({ ring: g.ring, edge: g.edge });
      if (next || prev) {
        // Adjacent edges share one vertex; they are only a defect when they fold back.
        const [first, second] = next ? [e, f] : [f, e];
        const ux = first.bx - first.ax;
        const uy = first.by - first.ay;
        const vx = second.bx - second.ax;
        const vy = second.by - second.ay;
        const cross = ux * vy - uy * vx;
        const dot = ux * vx + uy * vy;
        const lu = Math.hypot(ux, uy);
        const lv = Math.hypot(vx, vy);
        if (dot < 0 && Math.abs(cross) <= eps * Math.max(lu, lv)) {
          if (first.n === 3 || (next && prev)) continue; // degenerate rings are reported elsewhere
          return { kind: 'spike', x: first.bx, y: first.by, a: tag(first), b: tag(second) };
        }
        continue;
      }
      const d1 = orient(f.ax, f.ay, f.bx, f.by, e.ax, e.ay);
      const d2 = orient(f.ax, f.ay, f.bx, f.by, e.bx, e.by);
      const d3 = orient(e.ax, e.ay, e.bx, e.by, f.ax, f.ay);
      const d4 = orient(e.ax, e.ay, e.bx, e.by, f.bx, f.by);
      const le = Math.hypot(e.bx - e.ax, e.by - e.ay);
      const lf = Math.hypot(f.bx - f.ax, f.by - f.ay);
      const tf = eps * lf;
      const te = eps * le;
      if (
        ((d1 > tf && d2 < -tf) || (d1 < -tf && d2 > tf)) &&
        ((d3 > te && d4 < -te) || (d3 < -te && d4 > te))
      ) {
        const t = d1 / (d1 - d2);
        return {
          kind: 'cross',
          x: e.ax + t * (e.bx - e.ax),
          y: e.ay + t * (e.by - e.ay),
          a: tag(e),
          b: tag(f),
        };
      }
      const touch = (px: number, py: number, g: Edge) =>
        pointSegDist2(px, py, g.ax, g.ay, g.bx, g.by) <= eps2;
      const hit: [number, number] | null = touch(e.ax, e.ay, f)
        ? [e.ax, e.ay]
        : touch(e.bx, e.by, f)
          ? [e.bx, e.by]
          : touch(f.ax, f.ay, e)
            ? [f.ax, f.ay]
            : touch(f.bx, f.by, e)
              ? [f.bx, f.by]
              : null;
      if (hit) return { kind: 'touch', x: hit[0], y: hit[1], a: tag(e), b: tag(f) };
    }
  }
  return null;
}

function orient(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
}
