import { type Point2, type Polygon } from '../domain/common';

/**
 * Plate checking: "which of these parts fit on this plate, and where". Planning composes a job
 * from a prioritised list and asks a PlateChecker to fill the plate in that order; parts it rejects
 * go back to the queue. Implementations: a rectangle packer (MaxRects, bounding boxes inflated by
 * the spacing — conservative: whatever it places really fits), an area-and-bounds check (fast, no
 * placements), and the nesting engine adapter (true outlines) in nesting-checker.ts.
 *
 * Placement convention (shared with shared/nesting and the 3D view): the part's footprint, in its
 * own coordinates, is rotated by `rotationDeg` (counter-clockwise, about its own origin) and then
 * translated by (x, y).
 */

export interface PlateItem {
  id: string;
  /** Footprint bounding box (mm) in the part's own orientation. */
  widthMm: number;
  depthMm: number;
  heightMm: number;
  /** Footprint outline; the rectangle [0,w]×[0,d] when absent. */
  hull?: Polygon | null;
  /** True footprint (outer rings, same coordinates as the hull): what the nesting engine places. */
  outline?: Polygon[] | null;
  /** Items with the same key have the same footprint (the model id): lets nesting cache plates. */
  shapeKey?: string;
  rotatable: boolean;
  /** Placed by hand: stays exactly here. */
  fixed?: PlatePose | null;
}

export interface PlateBed {
  outline: Polygon;
  exclusionZones: Polygon[];
  maxHeightMm: number;
}

export interface PlateRequest {
  bed: PlateBed;
  /** In preference order: earlier items are placed first. */
  items: PlateItem[];
  spacingMm: number;
  rotationStepDeg: number;
  /** A seed for checkers with random choices. */
  seed?: number;
}

export interface PlatePose {
  x: number;
  y: number;
  rotationDeg: number;
}

export interface PlatePlacement extends PlatePose {
  id: string;
}

export interface PlateFill {
  placed: PlatePlacement[];
  rejected: { id: string; reason: string }[];
  /** False when the checker only proved the parts fit without saying where (no placements). */
  exact: boolean;
}

export interface PlateChecker {
  readonly name: string;
  fill(request: PlateRequest): PlateFill;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function boundsOf(poly: readonly Point2[]): Rect {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of poly) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

export function polygonArea(poly: readonly Point2[]): number {
  let a = 0;
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i] as Point2;
    const q = poly[(i + 1) % poly.length] as Point2;
    a += p.x * q.y - q.x * p.y;
  }
  return Math.abs(a) / 2;
}

/** Bed area minus exclusion zones (mm²). */
export function usableBedArea(bed: PlateBed): number {
  return Math.max(
    0,
    polygonArea(bed.outline) - bed.exclusionZones.reduce((s, z) => s + polygonArea(z), 0),
  );
}

function isAxisRectangle(poly: readonly Point2[]): boolean {
  const b = boundsOf(poly);
  return (
    poly.length === 4 && Math.abs(polygonArea(poly) - b.w * b.h) < 1e-6 * Math.max(1, b.w * b.h)
  );
}

/** The rotations a part may take: multiples of 90° that are also multiples of the site's step. */
export function rightAngleRotations(item: PlateItem, stepDeg: number): number[] {
  if (!item.rotatable || stepDeg <= 0 || stepDeg >= 360) return [0];
  return [0, 90, 180, 270].filter((r) => r % stepDeg === 0);
}

/** Footprint corners (or hull) of an item in its own coordinates. */
function itemOutline(item: PlateItem): Point2[] {
  return item.hull && item.hull.length >= 3
    ? item.hull
    : [
        { x: 0, y: 0 },
        { x: item.widthMm, y: 0 },
        { x: item.widthMm, y: item.depthMm },
        { x: 0, y: item.depthMm },
      ];
}

function rotate(p: Point2, deg: number): Point2 {
  const r = (deg * Math.PI) / 180;
  const c = Math.round(Math.cos(r) * 1e12) / 1e12;
  const s = Math.round(Math.sin(r) * 1e12) / 1e12;
  return { x: c * p.x - s * p.y, y: s * p.x + c * p.y };
}

/** The pose that puts the item's rotated footprint bounding box with its min corner at (x, y). */
export function poseForCorner(
  item: PlateItem,
  rotationDeg: number,
  x: number,
  y: number,
): PlatePose {
  const b = boundsOf(itemOutline(item).map((p) => rotate(p, rotationDeg)));
  return { x: x - b.x, y: y - b.y, rotationDeg };
}

/** The axis-aligned box an item occupies at a pose. */
export function footprintBox(item: PlateItem, pose: PlatePose): Rect {
  const b = boundsOf(itemOutline(item).map((p) => rotate(p, pose.rotationDeg)));
  return { x: b.x + pose.x, y: b.y + pose.y, w: b.w, h: b.h };
}

/** Sizes of the rotated bounding box (w, h) for each allowed rotation. */
function orientations(item: PlateItem, stepDeg: number): { rot: number; w: number; h: number }[] {
  const outline = itemOutline(item);
  const seen = new Set<string>();
  const out: { rot: number; w: number; h: number }[] = [];
  for (const rot of rightAngleRotations(item, stepDeg)) {
    const b = boundsOf(outline.map((p) => rotate(p, rot)));
    const key = `${b.w.toFixed(3)}x${b.h.toFixed(3)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ rot, w: b.w, h: b.h });
  }
  return out;
}

/** Why an item can never be on this bed (too large or too tall), or null. */
export function boundsProblem(item: PlateItem, bed: PlateBed, stepDeg: number): string | null {
  const b = boundsOf(bed.outline);
  if (item.heightMm > bed.maxHeightMm + 1e-9) {
    return `taller than the printer allows: ${fmt(item.heightMm)} mm > ${fmt(bed.maxHeightMm)} mm`;
  }
  const fits = orientations(item, stepDeg).some((o) => o.w <= b.w + 1e-9 && o.h <= b.h + 1e-9);
  if (!fits) {
    return `larger than the bed: ${fmt(item.widthMm)}×${fmt(item.depthMm)} mm > ${fmt(b.w)}×${fmt(b.h)} mm`;
  }
  return null;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/**
 * MaxRects (best short side fit) over the bed's bounding rectangle with exclusion zones, hand-placed
 * parts and — for non-rectangular beds — the area outside the outline's inscribed box treated as
 * obstacles. Items are inflated by the spacing on their right/top side, obstacles on their
 * left/bottom side, so any two placed footprints are at least `spacingMm` apart.
 */
export class MaxRectsBin {
  private free: Rect[];
  readonly used: Rect[] = [];

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    this.free = [{ x: 0, y: 0, w: width, h: height }];
  }

  /** Blocks a region (obstacle or fixed part). */
  occupy(r: Rect): void {
    this.splitBy(r);
    this.used.push(r);
  }

  /** Best position for a w×h rectangle, or null (score: short side, then long side leftover). */
  find(w: number, h: number): { x: number; y: number; score1: number; score2: number } | null {
    let best: { x: number; y: number; score1: number; score2: number } | null = null;
    for (const f of this.free) {
      if (w <= f.w + 1e-9 && h <= f.h + 1e-9) {
        const dw = f.w - w;
        const dh = f.h - h;
        const s1 = Math.min(dw, dh);
        const s2 = Math.max(dw, dh);
        if (
          !best ||
          s1 < best.score1 - 1e-9 ||
          (Math.abs(s1 - best.score1) <= 1e-9 && s2 < best.score2)
        ) {
          best = { x: f.x, y: f.y, score1: s1, score2: s2 };
        }
      }
    }
    return best;
  }

  place(r: Rect): void {
    this.occupy(r);
  }

  private splitBy(u: Rect): void {
    const kept: Rect[] = [];
    const fresh: Rect[] = [];
    for (const f of this.free) {
      if (u.x >= f.x + f.w || u.x + u.w <= f.x || u.y >= f.y + f.h || u.y + u.h <= f.y) {
        kept.push(f);
        continue;
      }
      if (u.x > f.x) fresh.push({ x: f.x, y: f.y, w: u.x - f.x, h: f.h });
      if (u.x + u.w < f.x + f.w)
        fresh.push({ x: u.x + u.w, y: f.y, w: f.x + f.w - (u.x + u.w), h: f.h });
      if (u.y > f.y) fresh.push({ x: f.x, y: f.y, w: f.w, h: u.y - f.y });
      if (u.y + u.h < f.y + f.h)
        fresh.push({ x: f.x, y: u.y + u.h, w: f.w, h: f.y + f.h - (u.y + u.h) });
    }
    // Only pieces just cut can be redundant (contained in another free rectangle) or make an
    // untouched one redundant; comparing just those keeps the pruning linear in the free list.
    const freshKept = fresh.filter(
      (a, i) =>
        a.w > 1e-9 &&
        a.h > 1e-9 &&
        !kept.some((b) => contains(b, a)) &&
        !fresh.some((b, j) => j !== i && contains(b, a) && (j < i || !sameRect(a, b))),
    );
    this.free = kept.filter((a) => !freshKept.some((b) => contains(b, a))).concat(freshKept);
  }

  get size(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }
}

function contains(b: Rect, a: Rect): boolean {
  return (
    a.x >= b.x - 1e-9 &&
    a.y >= b.y - 1e-9 &&
    a.x + a.w <= b.x + b.w + 1e-9 &&
    a.y + a.h <= b.y + b.h + 1e-9
  );
}

function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

/**
 * The rectangle checker: fills the plate in preference order with MaxRects on spaced bounding
 * boxes, trying each allowed right-angle rotation. Placements are real (exact = true).
 */
export function createRectanglePlateChecker(): PlateChecker {
  return {
    name: 'rectangles',
    fill(req) {
      const bedBox = boundsOf(req.bed.outline);
      const s = req.spacingMm;
      const bin = new MaxRectsBin(bedBox.w + s, bedBox.h + s);
      for (const z of req.bed.exclusionZones) {
        const b = boundsOf(z);
        bin.occupy({
          x: b.x - bedBox.x - s,
          y: b.y - bedBox.y - s,
          w: b.w + 2 * s,
          h: b.h + 2 * s,
        });
      }
      if (!isAxisRectangle(req.bed.outline)) {
        // Non-rectangular bed: only its bounding box is modelled, so keep parts off the corners by
        // using the centred box with the polygon's area (a conservative stand-in until nesting lands).
        const ratio = Math.sqrt(polygonArea(req.bed.outline) / (bedBox.w * bedBox.h));
        const mx = (bedBox.w * (1 - ratio)) / 2;
        const my = (bedBox.h * (1 - ratio)) / 2;
        bin.occupy({ x: 0, y: 0, w: bedBox.w + s, h: my });
        bin.occupy({ x: 0, y: bedBox.h + s - my, w: bedBox.w + s, h: my });
        bin.occupy({ x: 0, y: 0, w: mx, h: bedBox.h + s });
        bin.occupy({ x: bedBox.w + s - mx, y: 0, w: mx, h: bedBox.h + s });
      }
      const placed: PlatePlacement[] = [];
      const rejected: { id: string; reason: string }[] = [];
      for (const item of req.items) {
        if (item.fixed) {
          const box = footprintBox(item, item.fixed);
          bin.occupy({ x: box.x - bedBox.x, y: box.y - bedBox.y, w: box.w + s, h: box.h + s });
          placed.push({ id: item.id, ...item.fixed });
        }
      }
      for (const item of req.items) {
        if (item.fixed) continue;
        const problem = boundsProblem(item, req.bed, req.rotationStepDeg);
        if (problem) {
          rejected.push({ id: item.id, reason: problem });
          continue;
        }
        let best: {
          x: number;
          y: number;
          rot: number;
          w: number;
          h: number;
          s1: number;
          s2: number;
        } | null = null;
        for (const o of orientations(item, req.rotationStepDeg)) {
          const f = bin.find(o.w + s, o.h + s);
          if (
            f &&
            (!best ||
              f.score1 < best.s1 - 1e-9 ||
              (Math.abs(f.score1 - best.s1) <= 1e-9 && f.score2 < best.s2))
          ) {
            best = { x: f.x, y: f.y, rot: o.rot, w: o.w, h: o.h, s1: f.score1, s2: f.score2 };
          }
        }
        if (!best) {
          rejected.push({ id: item.id, reason: 'no space left on the plate' });
          continue;
        }
        bin.place({ x: best.x, y: best.y, w: best.w + s, h: best.h + s });
        const pose = poseForCorner(item, best.rot, best.x + bedBox.x, best.y + bedBox.y);
        placed.push({ id: item.id, ...pose });
      }
      return { placed, rejected, exact: true };
    },
  };
}

/**
 * The area-and-bounds check: every part fits the bed on its own, and the spaced footprints take at
 * most `fillFactor` of the usable area. Says nothing about where (exact = false); used where speed
 * matters more than a layout, and as the fallback when no packer is available.
 */
export function createAreaPlateChecker(fillFactor = 0.7): PlateChecker {
  return {
    name: `area(${fillFactor})`,
    fill(req) {
      const capacity = usableBedArea(req.bed) * fillFactor;
      let used = 0;
      const placed: PlatePlacement[] = [];
      const rejected: { id: string; reason: string }[] = [];
      for (const item of req.items) {
        const problem = boundsProblem(item, req.bed, req.rotationStepDeg);
        if (problem && !item.fixed) {
          rejected.push({ id: item.id, reason: problem });
          continue;
        }
        const a = (item.widthMm + req.spacingMm) * (item.depthMm + req.spacingMm);
        if (used + a > capacity && !item.fixed) {
          rejected.push({ id: item.id, reason: 'no space left on the plate' });
          continue;
        }
        used += a;
        placed.push({ id: item.id, ...(item.fixed ?? { x: 0, y: 0, rotationDeg: 0 }) });
      }
      return { placed, rejected, exact: false };
    },
  };
}

/**
 * First-fit decreasing height (Lodi et al.), seed 003's bed optimisation: items sorted by
 * decreasing height (the Y extent of their spaced box), each put on the first shelf with room,
 * else on a new shelf. With `orient`, each item is laid with its longer side along X (the GA's
 * re-orientation chooses per item instead: pass explicit rotations).
 */
export function ffdhPack(
  bed: PlateBed,
  items: readonly PlateItem[],
  spacingMm: number,
  rotations?: ReadonlyMap<string, number>,
): { placed: PlatePlacement[]; rejected: string[]; coveredArea: number } {
  const box = boundsOf(bed.outline);
  const W = box.w + spacingMm;
  const H = box.h + spacingMm;
  const sized = items.map((item) => {
    const rot = rotations?.get(item.id) ?? 0;
    const b = footprintBox(item, { x: 0, y: 0, rotationDeg: rot });
    return { item, rot, w: b.w + spacingMm, h: b.h + spacingMm, area: b.w * b.h };
  });
  sized.sort((a, b) => b.h - a.h || b.w - a.w);
  const shelves: { y: number; h: number; used: number }[] = [];
  let top = 0;
  const placed: PlatePlacement[] = [];
  const rejected: string[] = [];
  let covered = 0;
  for (const s of sized) {
    if (s.item.heightMm > bed.maxHeightMm || s.w > W + 1e-9 || s.h > H + 1e-9) {
      rejected.push(s.item.id);
      continue;
    }
    let shelf = shelves.find((sh) => sh.used + s.w <= W + 1e-9 && s.h <= sh.h + 1e-9);
    if (!shelf && top + s.h <= H + 1e-9) {
      shelf = { y: top, h: s.h, used: 0 };
      shelves.push(shelf);
      top += s.h;
    }
    if (!shelf) {
      rejected.push(s.item.id);
      continue;
    }
    const pose = poseForCorner(s.item, s.rot, box.x + shelf.used, box.y + shelf.y);
    shelf.used += s.w;
    placed.push({ id: s.item.id, ...pose });
    covered += s.area;
  }
  return { placed, rejected, coveredArea: covered };
}

/** Checks that no two placements overlap (with spacing) and all lie on the bed. For tests. */
export function placementProblems(
  bed: PlateBed,
  items: readonly PlateItem[],
  placements: readonly PlatePlacement[],
  spacingMm: number,
): string[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const bedBox = boundsOf(bed.outline);
  const boxes: { id: string; r: Rect }[] = [];
  const problems: string[] = [];
  for (const p of placements) {
    const item = byId.get(p.id);
    if (!item) {
      problems.push(`unknown item ${p.id}`);
      continue;
    }
    const r = footprintBox(item, p);
    if (
      r.x < bedBox.x - 1e-6 ||
      r.y < bedBox.y - 1e-6 ||
      r.x + r.w > bedBox.x + bedBox.w + 1e-6 ||
      r.y + r.h > bedBox.y + bedBox.h + 1e-6
    ) {
      problems.push(`${p.id} leaves the bed`);
    }
    for (const z of bed.exclusionZones) {
      const zb = boundsOf(z);
      if (r.x < zb.x + zb.w && r.x + r.w > zb.x && r.y < zb.y + zb.h && r.y + r.h > zb.y) {
        problems.push(`${p.id} is in an exclusion zone`);
      }
    }
    for (const o of boxes) {
      const sepX = Math.max(o.r.x - (r.x + r.w), r.x - (o.r.x + o.r.w));
      const sepY = Math.max(o.r.y - (r.y + r.h), r.y - (o.r.y + o.r.h));
      if (Math.max(sepX, sepY) < spacingMm - 1e-6)
        problems.push(`${p.id} is closer than ${spacingMm} mm to ${o.id}`);
    }
    boxes.push({ id: p.id, r });
  }
  return problems;
}
