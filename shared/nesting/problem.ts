import {
  type Box,
  boxOf,
  boxOfRings,
  cleanRing,
  convexHull,
  formatMm,
  normaliseFootprint,
  ringsArea,
  signedArea,
  simplifyRing,
} from './polygon';
import { computePoles, OShape, quickPole } from './shape';
import { TUNING } from './tuning';
import {
  type FootprintMode,
  type NestMode,
  type NestRequest,
  type NestStrategyName,
  NEST_STRATEGIES,
  NestInputError,
  type Point2,
  type RotationSet,
} from './types';

/** A footprint shared by identical parts, with its allowed orientations. */
export interface ShapeGroup {
  key: number;
  /** Poles are computed on first use (the separator needs them, construction does not). */
  polesReady: boolean;
  /** Engine rings (simplified outline or hull), normalised. */
  rings: Point2[][];
  orientations: OShape[];
  rotations: number[];
  /** Area of the engine shape (≥ true area for hulls). */
  shapeArea: number;
  hullArea: number;
  diameter: number;
  /** Smaller side of the bounding box at rotation 0 (search step scale). */
  minDim: number;
}

export interface ProblemItem {
  index: number;
  id: string;
  group: ShapeGroup;
  /** True footprint area (density counts this). */
  trueArea: number;
  mustPlace: boolean;
  /** Position in the request list (fill preference). */
  order: number;
  fixed: { x: number; y: number; rotationDeg: number; plate: number; shape: OShape } | null;
  /** Why it can never be placed (too large / no rotation), else null. */
  impossible: { code: 'too-large'; reason: string } | null;
}

export interface StaticHazard {
  shape: OShape;
  x: number;
  y: number;
  clear: number;
  /** Exclusion zone (true) or a fixed part (false). */
  zone: boolean;
  itemIndex: number;
  plate: number;
}

export interface Problem {
  items: ProblemItem[];
  groups: ShapeGroup[];
  mode: NestMode;
  strategy: NestStrategyName;
  seed: number;
  timeLimitMs: number;
  workLimit: number;
  spacing: number;
  margin: number;
  /** Simplification tolerance actually used (0 when no outline was simplified). */
  tol: number;
  /** ffdh/ffdh-ga: border drawn around each bounding box (seed 003: 2 mm). */
  ffdhBorder: number;
  /** Clearance between parts as tested by the engine. */
  clearPP: number;
  /** Clearance between a part's box and the bed's box (rectangular beds). */
  clearBed: number;
  /** Clearance between a part and an exclusion zone or a polygonal bed's edge. */
  clearHaz: number;
  /** Bed bounding box. */
  bedBox: Box;
  /** Non-null when the bed is not an axis-aligned rectangle. */
  bedShape: OShape | null;
  zones: OShape[];
  usableArea: number;
  /** Strip mode: fixed height of the strip. */
  stripHeight: number;
  scale: number;
}

export function resolveRotations(set: RotationSet | undefined, what: string): number[] {
  const norm = (a: number) => {
    const r = ((a % 360) + 360) % 360;
    return Math.abs(r - 360) < 1e-9 ? 0 : Math.round(r * 1e9) / 1e9;
  };
  let list: number[];
  if (set === undefined) list = [0, 90, 180, 270];
  // 'free' is a 5° grid, deliberately: every angle is a shape precomputed once per part
  // (collision data, poles); a continuous angle would build shapes inside the search loop.
  // There is no refinement between the steps (documented in types.ts, --help, README).
  else if (set === 'free') list = Array.from({ length: 72 }, (_, i) => i * 5);
  else if (typeof set === 'number') {
    if (!Number.isFinite(set))
      throw new NestInputError(`${what}: the rotation step must be a number.`);
    if (set <= 0 || set >= 360) list = [0];
    else {
      const k = Math.max(1, Math.floor(360 / set + 1e-9));
      list = Array.from({ length: k }, (_, i) => i * set);
    }
  } else {
    if (set.length === 0 || set.some((a) => !Number.isFinite(a))) {
      throw new NestInputError(`${what}: the rotation list must hold at least one finite angle.`);
    }
    list = set;
  }
  return [...new Set(list.map(norm))].sort((a, b) => a - b);
}

function describeRotations(r: number[]): string {
  return r.length <= 4 ? r.map((a) => `${a}°`).join('/') : `${r.length} angles`;
}

const DEFAULT_SPACING = 6;
/** Seed 003's print border around each part's bounding box (ffdh, ffdh-ga). */
export const SEED_003_BORDER_MM = 2;

export function buildProblem(req: NestRequest): Problem {
  if (!req || typeof req !== 'object') throw new NestInputError('The nesting request is missing.');
  const mode: NestMode = req.mode ?? 'fill';
  if (!['fill', 'plates', 'strip'].includes(mode)) {
    throw new NestInputError(`Unknown nesting mode “${String(mode)}” (fill, plates or strip).`);
  }
  const strategy: NestStrategyName = req.strategy ?? 'plateshift';
  if (!NEST_STRATEGIES.includes(strategy)) {
    throw new NestInputError(
      `Unknown nesting strategy “${String(strategy)}” (one of ${NEST_STRATEGIES.join(', ')}).`,
    );
  }
  const spacing = req.spacingMm ?? (mode === 'strip' ? 0 : DEFAULT_SPACING);
  if (!Number.isFinite(spacing) || spacing < 0) {
    throw new NestInputError('The spacing must be a number ≥ 0 (mm).');
  }
  const margin = req.bed?.edgeMarginMm ?? 0;
  if (!Number.isFinite(margin) || margin < 0) {
    throw new NestInputError('The edge margin must be a number ≥ 0 (mm).');
  }
  if (!req.bed || !Array.isArray(req.bed.outline))
    throw new NestInputError('The bed outline is missing.');
  const bedRings = normaliseFootprint(req.bed.outline, 'Bed outline');
  if (bedRings.length !== 1) throw new NestInputError('The bed outline must be a single polygon.');
  const bedRing = bedRings[0] as Point2[];
  const bedBox = boxOf(bedRing);
  const scale = Math.hypot(bedBox.maxX - bedBox.minX, bedBox.maxY - bedBox.minY);
  const isRect =
    bedRing.length === 4 &&
    Math.abs(
      Math.abs(signedArea(bedRing)) - (bedBox.maxX - bedBox.minX) * (bedBox.maxY - bedBox.minY),
    ) <=
      1e-9 * scale * scale;
  const epsAbs = 1e-7 * scale;
  const ffdhBorder = req.ffdhBorderMm ?? (mode === 'strip' ? 0 : SEED_003_BORDER_MM);
  if (!Number.isFinite(ffdhBorder) || ffdhBorder < 0) {
    throw new NestInputError('The FFDH border must be a number ≥ 0 (mm).');
  }
  const simplifyTol = req.simplifyToleranceMm ?? (mode === 'strip' ? 0 : 0.02);
  if (!Number.isFinite(simplifyTol) || simplifyTol < 0) {
    throw new NestInputError('The simplification tolerance must be ≥ 0.');
  }

  const zones: OShape[] = (req.bed.exclusionZones ?? []).map((z, i) => {
    const rings = normaliseFootprint(z, `Exclusion zone ${i + 1}`);
    return new OShape(rings, 0, []);
  });

  const defaultMode: FootprintMode = req.footprintMode ?? 'outline';
  if (!Array.isArray(req.parts)) throw new NestInputError('The part list is missing.');
  const seen = new Set<string>();
  interface Prepared {
    id: string;
    rings: Point2[][];
    trueArea: number;
    simplified: boolean;
    rotations: number[];
  }
  const prepared: Prepared[] = req.parts.map((part, order) => {
    const what = `Part “${String(part?.id ?? `#${order + 1}`)}”`;
    if (!part || typeof part.id !== 'string' || part.id.length === 0) {
      throw new NestInputError(`Part #${order + 1} has no id.`);
    }
    if (seen.has(part.id))
      throw new NestInputError(`${what} appears twice; ids must be unique.`, part.id);
    seen.add(part.id);
    if (!Array.isArray(part.footprint))
      throw new NestInputError(`${what}: the footprint is missing.`, part.id);
    const rings = normaliseFootprint(part.footprint, what, part.id);
    const trueArea = ringsArea(rings);
    if (!(trueArea > 0)) throw new NestInputError(`${what}: the footprint has zero area.`, part.id);
    const fm = part.footprintMode ?? defaultMode;
    let engineRings: Point2[][];
    let simplified = false;
    if (fm === 'hull') {
      const src = part.hull
        ? normaliseFootprint(part.hull, `${what} (hull)`, part.id).flat()
        : rings.flat();
      const hull = convexHull(src);
      const box = boxOf(hull);
      const c = cleanRing(hull, Math.max(box.maxX - box.minX, box.maxY - box.minY));
      if (!c) throw new NestInputError(`${what}: the convex hull is degenerate.`, part.id);
      engineRings = [c];
    } else if (fm === 'outline') {
      engineRings = rings.map((r) => {
        // Only long rings are worth it: every simplified part widens all clearances by 2·tol.
        if (simplifyTol > 0 && r.length > 200) {
          const s = simplifyRing(r, simplifyTol);
          if (s.length < r.length) simplified = true;
          return s;
        }
        return r;
      });
    } else {
      throw new NestInputError(`${what}: unknown footprint mode “${String(fm)}”.`, part.id);
    }
    const rotations = resolveRotations(part.rotations ?? req.rotations, what);
    return { id: part.id, rings: engineRings, trueArea, simplified, rotations };
  });
  const tol = prepared.some((p) => p.simplified) ? simplifyTol : 0;
  // "Distance < clearance" is a robust predicate whenever the clearance is positive. With no
  // spacing asked for, a tiny epsilon makes touching-but-overlapping configurations (coincident
  // edges) count as collisions; with spacing, parts may sit exactly at the spacing.
  const clearPP = spacing + 2 * tol + (spacing > 0 ? 0 : epsAbs);
  const clearBed = margin + tol;
  const clearHaz = margin + tol + (margin > 0 ? 0 : epsAbs);

  // Identical footprints share shapes (and the engine's memo of "does not fit").
  const groups: ShapeGroup[] = [];
  const byKey = new Map<string, ShapeGroup>();
  const groupOf = (p: Prepared): ShapeGroup => {
    const key = JSON.stringify([p.rings, p.rotations]);
    let g = byKey.get(key);
    if (!g) {
      const pole = quickPole(p.rings);
      const orientations = p.rotations.map((r) => new OShape(p.rings, r, pole));
      const box = boxOfRings(p.rings);
      g = {
        key: groups.length,
        polesReady: false,
        rings: p.rings,
        orientations,
        rotations: p.rotations,
        shapeArea: ringsArea(p.rings),
        hullArea: Math.abs(signedArea(convexHull(p.rings.flat()))),
        diameter: Math.hypot(box.maxX - box.minX, box.maxY - box.minY),
        minDim: Math.min(box.maxX - box.minX, box.maxY - box.minY),
      };
      groups.push(g);
      byKey.set(key, g);
    }
    return g;
  };

  const stripHeight = req.stripHeight ?? bedBox.maxY - bedBox.minY;
  const usableW = bedBox.maxX - bedBox.minX - 2 * margin;
  const usableH = bedBox.maxY - bedBox.minY - 2 * margin;

  const items: ProblemItem[] = prepared.map((p, order) => {
    const part = req.parts[order] as NestRequest['parts'][number];
    const group = groupOf(p);
    let fixed: ProblemItem['fixed'] = null;
    if (part.fixed) {
      const f = part.fixed;
      if (![f.x, f.y, f.rotationDeg].every(Number.isFinite)) {
        throw new NestInputError(
          `Part “${p.id}”: the fixed placement has a non-finite value.`,
          p.id,
        );
      }
      const plate = f.plate ?? 0;
      if (!Number.isInteger(plate) || plate < 0) {
        throw new NestInputError(
          `Part “${p.id}”: the fixed plate index must be an integer ≥ 0.`,
          p.id,
        );
      }
      const shape =
        group.orientations.find((o) => Math.abs(o.rotDeg - f.rotationDeg) < 1e-9) ??
        new OShape(p.rings, f.rotationDeg, []);
      fixed = { x: f.x, y: f.y, rotationDeg: f.rotationDeg, plate, shape };
    }
    let impossible: ProblemItem['impossible'] = null;
    if (!fixed) {
      const fitsIn = (o: OShape, W: number, H: number) =>
        o.width + 2 * (tol + epsAbs) <= W + 1e-12 && o.height + 2 * (tol + epsAbs) <= H + 1e-12;
      const W = mode === 'strip' ? Infinity : usableW;
      const H = mode === 'strip' ? stripHeight : usableH;
      if (!group.orientations.some((o) => fitsIn(o, W, H))) {
        const o0 = group.orientations[0] as OShape;
        const dims = `${formatMm(o0.width)}×${formatMm(o0.height)} mm`;
        const bedDims =
          mode === 'strip' ? `strip height ${formatMm(H)}` : `${formatMm(W)}×${formatMm(H)} mm`;
        // Would some rotation help that is not allowed?
        const others = [0, 90, 180, 270]
          .concat(Array.from({ length: 72 }, (_, i) => i * 5))
          .filter((r) => !group.rotations.includes(r));
        const helper = others.find((r) => fitsIn(new OShape(p.rings, r, []), W, H));
        impossible = {
          code: 'too-large',
          reason:
            `larger than the bed: ${dims} > ${bedDims}` +
            (helper !== undefined
              ? `; it would fit rotated ${helper}°, but the allowed rotations are ${describeRotations(group.rotations)}`
              : ''),
        };
      }
    }
    return {
      index: order,
      id: p.id,
      group,
      trueArea: p.trueArea,
      mustPlace: part.mustPlace === true,
      order,
      fixed,
      impossible,
    };
  });

  let bedArea = Math.abs(signedArea(bedRing));
  if (margin > 0) {
    // Area of the bed shrunk by the margin (exact for rectangles, first-order otherwise).
    bedArea = isRect
      ? Math.max(0, usableW) * Math.max(0, usableH)
      : Math.max(0, bedArea - perimeter(bedRing) * margin);
  }
  const zoneArea = zones.reduce((a, z) => a + Math.abs(z.area), 0);

  const timeLimitMs = req.timeLimitMs ?? 2000;
  if (!Number.isFinite(timeLimitMs) || timeLimitMs < 0) {
    throw new NestInputError('The time limit must be a number of milliseconds ≥ 0.');
  }
  const seed = req.seed ?? 1;
  if (!Number.isFinite(seed)) throw new NestInputError('The seed must be a number.');

  return {
    items,
    groups,
    mode,
    strategy,
    seed,
    timeLimitMs,
    workLimit: req.workLimit ?? Infinity,
    spacing,
    margin,
    tol,
    ffdhBorder,
    clearPP,
    clearBed,
    clearHaz,
    bedBox,
    bedShape: isRect ? null : new OShape([bedRing], 0, []),
    zones,
    usableArea: Math.max(bedArea - zoneArea, 1e-12),
    stripHeight,
    scale,
  };
}

function perimeter(ring: readonly Point2[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i] as Point2;
    const b = ring[j] as Point2;
    s += Math.hypot(a.x - b.x, a.y - b.y);
  }
  return s;
}

/** Static hazards of one plate: exclusion zones and the fixed parts assigned to it. */
export function staticsForPlate(p: Problem, plate: number): StaticHazard[] {
  const out: StaticHazard[] = p.zones.map((z) => ({
    shape: z,
    x: 0,
    y: 0,
    clear: p.clearHaz,
    zone: true,
    itemIndex: -1,
    plate,
  }));
  for (const it of p.items) {
    if (it.fixed && it.fixed.plate === plate) {
      out.push({
        shape: it.fixed.shape,
        x: it.fixed.x,
        y: it.fixed.y,
        clear: p.clearPP,
        zone: false,
        itemIndex: it.index,
        plate,
      });
    }
  }
  return out;
}

/** Compute a group's poles once and give them to every orientation (and locked copies). */
export function ensurePoles(p: Problem, g: ShapeGroup): void {
  if (g.polesReady) return;
  const poles = computePoles(g.rings, TUNING.maxPoles);
  for (const o of g.orientations) o.setPoles(poles, true);
  for (const it of p.items) {
    if (it.group === g && it.fixed && !it.fixed.shape.fullPoles)
      it.fixed.shape.setPoles(poles, true);
  }
  g.polesReady = true;
}

/** Full poles of a static shape (exclusion zone or locked part), from its own outline. */
export function ensureShapePoles(s: OShape): void {
  if (s.fullPoles) return;
  const rings: Point2[][] = [];
  for (let r = 0; r < s.ringFirst.length; r++) {
    const start = s.ringFirst[r] as number;
    const ring: Point2[] = [];
    let v = start;
    do {
      ring.push({ x: s.vx[v] as number, y: s.vy[v] as number });
      v = s.nxt[v] as number;
    } while (v !== start);
    rings.push(ring);
  }
  // The vertices are already rotated: compute there, store unrotated (setPoles rotates again).
  const poles = computePoles(rings, TUNING.maxPoles);
  const c = Math.cos((-s.rotDeg * Math.PI) / 180);
  const sn = Math.sin((-s.rotDeg * Math.PI) / 180);
  s.setPoles(
    poles.map((q) => ({ x: c * q.x - sn * q.y, y: sn * q.x + c * q.y, r: q.r })),
    true,
  );
}
