/*
 * Independent plate validator. It shares no code with the placement engine (only the placement
 * rule: rotate the footprint about its own origin, then translate) and uses different algorithms:
 *  - overlap: exact intersection AREA of two regions by boundary clipping (Green's theorem over the
 *    pieces of each boundary lying inside the other), so touching parts (area 0) are fine and
 *    coincident parts are caught;
 *  - spacing / margins: brute-force minimum distance over all segment pairs;
 *  - bed: area of the part outside the bed polygon, then the edge margin.
 * Used by tests and by the Plates view (live collision display).
 */
import { type Footprint, type NestBed, type Point2 } from './types';

export type PlateViolationKind =
  | 'overlap'
  | 'spacing'
  | 'out-of-bed'
  | 'edge-margin'
  | 'exclusion-zone'
  | 'unknown-part'
  | 'duplicate'
  | 'invalid-placement';

export interface PlateViolation {
  kind: PlateViolationKind;
  /** Part ids involved (one or two). */
  ids: string[];
  /** Overlap (or outside) area in mm², when areas are involved. */
  areaMm2?: number;
  /** Estimate of how far a part must move to clear the violation (mm). */
  penetrationMm: number;
  message: string;
}

export interface ValidatorPlacement {
  id: string;
  x: number;
  y: number;
  rotationDeg: number;
}

export interface ValidatorPart {
  id: string;
  footprint: Footprint;
}

export interface ValidateOptions {
  /** Length tolerance (mm); default 1e-6 × bed diagonal. */
  lengthTol?: number;
  /** Area tolerance (mm²); default 1e-8 × bed diagonal². */
  areaTol?: number;
}

type Ring = Point2[];

function toRings(f: Footprint): Ring[] {
  if (f.length === 0) return [];
  return Array.isArray(f[0]) ? (f as Ring[]) : [f as Ring];
}

function ringArea(r: Ring): number {
  let s = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const a = r[j] as Point2;
    const b = r[i] as Point2;
    s += a.x * b.y - b.x * a.y;
  }
  return s / 2;
}

function contains(rings: Ring[], x: number, y: number): boolean {
  let c = false;
  for (const r of rings) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const a = r[i] as Point2;
      const b = r[j] as Point2;
      if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) c = !c;
    }
  }
  return c;
}

/** Orient rings: outer counter-clockwise, holes clockwise (by nesting depth). */
function orient(rings: Ring[]): Ring[] {
  const clean = rings
    .map((r) =>
      r.filter((p, i) => {
        const q = r[(i + r.length - 1) % r.length] as Point2;
        return !(p.x === q.x && p.y === q.y);
      }),
    )
    .filter((r) => r.length >= 3 && Math.abs(ringArea(r)) > 0);
  return clean.map((r, i) => {
    const p = r[0] as Point2;
    let depth = 0;
    clean.forEach((o, j) => {
      if (j !== i && contains([o], p.x, p.y)) depth++;
    });
    const ccw = ringArea(r) > 0;
    return ccw === (depth % 2 === 0) ? r : r.slice().reverse();
  });
}

function place(rings: Ring[], deg: number, tx: number, ty: number): Ring[] {
  const d = ((deg % 360) + 360) % 360;
  let c: number;
  let s: number;
  if (d === 0) [c, s] = [1, 0];
  else if (d === 90) [c, s] = [0, 1];
  else if (d === 180) [c, s] = [-1, 0];
  else if (d === 270) [c, s] = [0, -1];
  else [c, s] = [Math.cos((d * Math.PI) / 180), Math.sin((d * Math.PI) / 180)];
  return rings.map((r) => r.map((p) => ({ x: c * p.x - s * p.y + tx, y: s * p.x + c * p.y + ty })));
}

interface Region {
  rings: Ring[];
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  area: number;
}

function region(rings: Ring[]): Region {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of rings) {
    for (const p of r) {
      minX = Math.min(minX, p.x);
      maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y);
      maxY = Math.max(maxY, p.y);
    }
  }
  return { rings, minX, minY, maxX, maxY, area: rings.reduce((a, r) => a + ringArea(r), 0) };
}

function segDist(a: Point2, b: Point2, c: Point2, d: Point2): number {
  // 0 when the closed segments intersect, else the smallest endpoint-to-segment distance.
  const o = (p: Point2, q: Point2, r: Point2) =>
    (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
  const d1 = o(a, b, c);
  const d2 = o(a, b, d);
  const d3 = o(c, d, a);
  const d4 = o(c, d, b);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
    return 0;
  return Math.min(ptSeg(c, a, b), ptSeg(d, a, b), ptSeg(a, c, d), ptSeg(b, c, d));
}

function ptSeg(p: Point2, a: Point2, b: Point2): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2)) : 0;
  return Math.hypot(a.x + t * dx - p.x, a.y + t * dy - p.y);
}

/**
 * Smallest distance between the boundaries of A and B when it is below `limit` (exact), else a
 * value ≥ limit. Edge pairs whose boxes are `limit` apart are skipped.
 */
function boundaryDistance(A: Region, B: Region, limit = Infinity): number {
  let best = limit;
  for (const ra of A.rings) {
    for (let i = 0; i < ra.length; i++) {
      const a = ra[i] as Point2;
      const b = ra[(i + 1) % ra.length] as Point2;
      const ex0 = Math.min(a.x, b.x) - best;
      const ex1 = Math.max(a.x, b.x) + best;
      const ey0 = Math.min(a.y, b.y) - best;
      const ey1 = Math.max(a.y, b.y) + best;
      if (ex1 < B.minX || ex0 > B.maxX || ey1 < B.minY || ey0 > B.maxY) continue;
      for (const rb of B.rings) {
        for (let j = 0; j < rb.length; j++) {
          const c = rb[j] as Point2;
          const d = rb[(j + 1) % rb.length] as Point2;
          if (Math.max(c.x, d.x) < ex0 || Math.min(c.x, d.x) > ex1) continue;
          if (Math.max(c.y, d.y) < ey0 || Math.min(c.y, d.y) > ey1) continue;
          const dist = segDist(a, b, c, d);
          if (dist < best) best = dist;
        }
      }
    }
  }
  return best;
}

/** One point of each ring of A inside B, or the other way round (regions nest). */
function nests(A: Region, B: Region): boolean {
  const inside = (X: Region, Y: Region) =>
    X.rings.some((r) => {
      const p = r[0] as Point2;
      return contains(Y.rings, p.x, p.y);
    });
  return inside(A, B) || inside(B, A);
}

function distToBoundary(R: Region, p: Point2): number {
  let best = Infinity;
  for (const r of R.rings) {
    for (let i = 0; i < r.length; i++) {
      best = Math.min(best, ptSeg(p, r[i] as Point2, r[(i + 1) % r.length] as Point2));
    }
  }
  return best;
}

type Where = 'in' | 'out' | 'on';

function classify(R: Region, p: Point2, tol: number): { where: Where; depth: number } {
  const d = distToBoundary(R, p);
  if (d <= tol) return { where: 'on', depth: 0 };
  return { where: contains(R.rings, p.x, p.y) ? 'in' : 'out', depth: d };
}

/** Direction of the boundary edge of R that passes through p (for coincident pieces). */
function edgeDirAt(R: Region, p: Point2, tol: number): Point2 | null {
  for (const r of R.rings) {
    for (let i = 0; i < r.length; i++) {
      const a = r[i] as Point2;
      const b = r[(i + 1) % r.length] as Point2;
      if (ptSeg(p, a, b) <= tol) return { x: b.x - a.x, y: b.y - a.y };
    }
  }
  return null;
}

/**
 * Sum of cross products over the pieces of A's boundary inside B (plus, when `shared`, pieces
 * running along B's boundary in the same direction). Also returns the deepest inside point.
 */
function clipSum(
  A: Region,
  B: Region,
  tol: number,
  shared: boolean,
): { sum: number; depth: number } {
  let sum = 0;
  let depth = 0;
  const ts: number[] = [];
  for (const ra of A.rings) {
    for (let i = 0; i < ra.length; i++) {
      const p = ra[i] as Point2;
      const q = ra[(i + 1) % ra.length] as Point2;
      const ux = q.x - p.x;
      const uy = q.y - p.y;
      const len2 = ux * ux + uy * uy;
      if (len2 === 0) continue;
      const ex0 = Math.min(p.x, q.x) - tol;
      const ex1 = Math.max(p.x, q.x) + tol;
      const ey0 = Math.min(p.y, q.y) - tol;
      const ey1 = Math.max(p.y, q.y) + tol;
      if (ex1 < B.minX || ex0 > B.maxX || ey1 < B.minY || ey0 > B.maxY) {
        // Entirely away from B's box: outside B, contributes nothing.
        continue;
      }
      ts.length = 0;
      ts.push(0, 1);
      for (const rb of B.rings) {
        for (let j = 0; j < rb.length; j++) {
          const c = rb[j] as Point2;
          const d = rb[(j + 1) % rb.length] as Point2;
          if (Math.max(c.x, d.x) < ex0 || Math.min(c.x, d.x) > ex1) continue;
          if (Math.max(c.y, d.y) < ey0 || Math.min(c.y, d.y) > ey1) continue;
          const vx = d.x - c.x;
          const vy = d.y - c.y;
          const den = ux * vy - uy * vx;
          if (den !== 0) {
            const t = ((c.x - p.x) * vy - (c.y - p.y) * vx) / den;
            const s = ((c.x - p.x) * uy - (c.y - p.y) * ux) / den;
            if (t > 0 && t < 1 && s >= -1e-12 && s <= 1 + 1e-12) ts.push(t);
          }
          // Endpoints of B's edge lying on A's edge (touching and collinear overlaps).
          for (const e of [c, d]) {
            const t = ((e.x - p.x) * ux + (e.y - p.y) * uy) / len2;
            if (t > 0 && t < 1 && ptSeg(e, p, q) <= tol) ts.push(t);
          }
        }
      }
      ts.sort((a, b) => a - b);
      for (let k = 0; k + 1 < ts.length; k++) {
        const t0 = ts[k] as number;
        const t1 = ts[k + 1] as number;
        if (t1 - t0 <= 1e-15) continue;
        const m = { x: p.x + ((t0 + t1) / 2) * ux, y: p.y + ((t0 + t1) / 2) * uy };
        const cl = classify(B, m, tol);
        let take = cl.where === 'in';
        if (cl.where === 'on' && shared) {
          const dir = edgeDirAt(B, m, tol);
          take = dir !== null && dir.x * ux + dir.y * uy > 0;
        }
        if (!take) continue;
        if (cl.depth > depth) depth = cl.depth;
        const ax = p.x + t0 * ux;
        const ay = p.y + t0 * uy;
        const bx = p.x + t1 * ux;
        const by = p.y + t1 * uy;
        sum += ax * by - bx * ay;
      }
    }
  }
  return { sum, depth };
}

/** Area of A ∩ B (exact up to rounding), and the deepest penetration found on the way. */
export function intersectionArea(
  A: Region,
  B: Region,
  tol: number,
): { area: number; depth: number } {
  if (A.maxX < B.minX || B.maxX < A.minX || A.maxY < B.minY || B.maxY < A.minY) {
    return { area: 0, depth: 0 };
  }
  const a = clipSum(A, B, tol, true);
  const b = clipSum(B, A, tol, false);
  return { area: Math.max(0, (a.sum + b.sum) / 2), depth: Math.max(a.depth, b.depth) };
}

function fmt(v: number): string {
  return v >= 10 ? v.toFixed(1) : v >= 0.1 ? v.toFixed(2) : v.toPrecision(2);
}

/**
 * Checks a plate: every pair of parts at least `spacingMm` apart and not overlapping, every part
 * inside the bed (with its edge margin) and clear of exclusion zones. Returns the violations (an
 * empty list means the plate is valid).
 */
export function validatePlate(
  bed: NestBed,
  placements: readonly ValidatorPlacement[],
  parts: readonly ValidatorPart[],
  spacingMm: number,
  options: ValidateOptions = {},
): PlateViolation[] {
  const out: PlateViolation[] = [];
  const bedR = region(orient([bed.outline.map((p) => ({ x: p.x, y: p.y }))]));
  const diag = Math.hypot(bedR.maxX - bedR.minX, bedR.maxY - bedR.minY) || 1;
  const lengthTol = options.lengthTol ?? 1e-6 * diag;
  const areaTol = options.areaTol ?? 1e-8 * diag * diag;
  const margin = bed.edgeMarginMm ?? 0;
  const zones = (bed.exclusionZones ?? []).map((z) =>
    region(orient([z.map((p) => ({ x: p.x, y: p.y }))])),
  );
  const byId = new Map(parts.map((p) => [p.id, p]));
  const seen = new Set<string>();
  const placed: { id: string; R: Region }[] = [];
  for (const pl of placements) {
    const part = byId.get(pl.id);
    if (!part) {
      out.push({
        kind: 'unknown-part',
        ids: [pl.id],
        penetrationMm: 0,
        message: `Placement for unknown part “${pl.id}”.`,
      });
      continue;
    }
    if (seen.has(pl.id)) {
      out.push({
        kind: 'duplicate',
        ids: [pl.id],
        penetrationMm: 0,
        message: `Part “${pl.id}” is placed twice.`,
      });
      continue;
    }
    seen.add(pl.id);
    if (![pl.x, pl.y, pl.rotationDeg].every(Number.isFinite)) {
      out.push({
        kind: 'invalid-placement',
        ids: [pl.id],
        penetrationMm: 0,
        message: `Part “${pl.id}” has a non-finite position.`,
      });
      continue;
    }
    const R = region(place(orient(toRings(part.footprint)), pl.rotationDeg, pl.x, pl.y));
    placed.push({ id: pl.id, R });

    // Inside the bed? Boundaries apart and a vertex inside: entirely inside, no clipping needed.
    const dBed = boundaryDistance(R, bedR);
    const probe = (R.rings[0] as Ring)[0] as Point2;
    const outside =
      dBed > lengthTol && contains(bedR.rings, probe.x, probe.y)
        ? 0
        : R.area - intersectionArea(R, bedR, lengthTol).area;
    if (outside > areaTol) {
      const dx = Math.max(0, bedR.minX - R.minX, R.maxX - bedR.maxX);
      const dy = Math.max(0, bedR.minY - R.minY, R.maxY - bedR.maxY);
      out.push({
        kind: 'out-of-bed',
        ids: [pl.id],
        areaMm2: outside,
        penetrationMm: Math.max(dx, dy, Math.sqrt(outside)) + margin,
        message: `Part “${pl.id}” sticks out of the bed (${fmt(outside)} mm² outside).`,
      });
    } else if (margin > 0) {
      const d = dBed;
      if (d < margin - lengthTol) {
        out.push({
          kind: 'edge-margin',
          ids: [pl.id],
          penetrationMm: margin - d,
          message: `Part “${pl.id}” is ${fmt(d)} mm from the bed edge (margin ${fmt(margin)} mm).`,
        });
      }
    }
    zones.forEach((Z, zi) => {
      if (
        R.maxX + margin < Z.minX ||
        Z.maxX + margin < R.minX ||
        R.maxY + margin < Z.minY ||
        Z.maxY + margin < R.minY
      )
        return;
      const ov = intersectionArea(R, Z, lengthTol);
      if (ov.area > areaTol) {
        out.push({
          kind: 'exclusion-zone',
          ids: [pl.id],
          areaMm2: ov.area,
          penetrationMm: ov.depth + margin,
          message: `Part “${pl.id}” overlaps exclusion zone ${zi + 1} (${fmt(ov.area)} mm²).`,
        });
      } else if (margin > 0) {
        const d = boundaryDistance(R, Z);
        if (d < margin - lengthTol) {
          out.push({
            kind: 'exclusion-zone',
            ids: [pl.id],
            penetrationMm: margin - d,
            message: `Part “${pl.id}” is ${fmt(d)} mm from exclusion zone ${zi + 1} (margin ${fmt(margin)} mm).`,
          });
        }
      }
    });
  }
  for (let i = 0; i < placed.length; i++) {
    const A = placed[i] as { id: string; R: Region };
    for (let j = i + 1; j < placed.length; j++) {
      const B = placed[j] as { id: string; R: Region };
      const s = spacingMm;
      if (
        A.R.maxX + s < B.R.minX ||
        B.R.maxX + s < A.R.minX ||
        A.R.maxY + s < B.R.minY ||
        B.R.maxY + s < A.R.minY
      ) {
        continue;
      }
      // Boundaries apart and not nested: no overlap, only the spacing to check. Otherwise the
      // exact intersection area decides (touching parts have area 0).
      const d = boundaryDistance(A.R, B.R, Math.max(s, lengthTol) + lengthTol);
      if (d <= lengthTol || nests(A.R, B.R)) {
        const ov = intersectionArea(A.R, B.R, lengthTol);
        if (ov.area > areaTol) {
          out.push({
            kind: 'overlap',
            ids: [A.id, B.id],
            areaMm2: ov.area,
            penetrationMm: Math.max(ov.depth, Math.sqrt(ov.area) / 2) + s,
            message: `Parts “${A.id}” and “${B.id}” overlap (${fmt(ov.area)} mm²).`,
          });
          continue;
        }
      }
      if (s > 0 && d < s - lengthTol) {
        out.push({
          kind: 'spacing',
          ids: [A.id, B.id],
          penetrationMm: s - d,
          message: `Parts “${A.id}” and “${B.id}” are ${fmt(d)} mm apart (spacing ${fmt(s)} mm).`,
        });
      }
    }
  }
  return out;
}
