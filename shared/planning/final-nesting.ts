import { nest, type NestPart, validatePlate } from '../nesting';
import { footprintOf } from './nesting-checker';
import { type PlateBed, type PlateItem, type PlatePlacement } from './plate';
import { type PPart } from './problem';
import { type PlanState, type PlannedJob } from './state';

/**
 * The final plate check (DESIGN §4, issue 5: "every candidate plate is checked by the nesting
 * engine"). Composition uses a cheap pre-filter (the rectangle packer on spaced bounding boxes, or
 * the area estimate) because it asks about thousands of candidate plates; every plate of the plan
 * that is returned is then arranged by shared/nesting with the parts' true footprints and its
 * layout checked by the nesting engine's validator. A plate the engine cannot arrange keeps the
 * pre-filter's layout only when that layout passes the same validator; otherwise the parts it
 * could not place go back to the queue (the caller re-plans them).
 */
export interface FinalNestingOptions {
  /** Improvement work per plate: the reproducible limit (default 3000 pose evaluations). */
  workLimit?: number;
  /** Clock guard per plate (ms, default 3000); only a pathological plate reaches it. */
  guardMs?: number;
  seed?: number;
  /** Outline (true shape, default) or convex hull footprints. */
  footprintMode?: 'outline' | 'hull';
}

export interface FinalNestingStats {
  plates: number;
  /** Plates whose layout came from the nesting engine (the rest kept a validated pre-filter layout). */
  nested: number;
  /** Plates answered from the cache (same bed, settings and footprints in the same order). */
  cached: number;
  /** Plates whose pre-filter layout was kept after the validator accepted it. */
  keptValidated: number;
  /** Parts the engine could not place (returned to the queue). */
  dropped: number;
  /** Plates where the clock guard, not the work limit, ended the engine (not reproducible). */
  guardHit: number;
  ms: number;
}

export function emptyFinalNestingStats(): FinalNestingStats {
  return { plates: 0, nested: 0, cached: 0, keptValidated: 0, dropped: 0, guardHit: 0, ms: 0 };
}

interface CachedLayout {
  /** Placement per item position (null: not placed). */
  poses: ({ x: number; y: number; rotationDeg: number } | null)[];
  guardHit: boolean;
}

// Keyed by bed, settings and the ordered footprint keys: the engine is deterministic for a seed
// and work limit, so a cached layout is exactly what a new run would give. Bounded (oldest out).
const CACHE_LIMIT = 4000;
const layoutCache = new Map<string, CachedLayout>();

function bedKey(bed: PlateBed): string {
  const ring = (r: readonly { x: number; y: number }[]) => r.map((p) => `${p.x},${p.y}`).join(';');
  return `${ring(bed.outline)}|${bed.exclusionZones.map(ring).join('/')}`;
}

function plateKey(
  bed: PlateBed,
  items: readonly PlateItem[],
  spacing: number,
  rotation: number,
  o: Required<FinalNestingOptions>,
): string | null {
  const keys: string[] = [];
  for (const it of items) {
    if (!it.shapeKey || it.fixed) return null;
    keys.push(`${it.shapeKey}${it.rotatable ? '' : '!'}`);
  }
  return `${bedKey(bed)}|${spacing}|${rotation}|${o.seed}|${o.workLimit}|${o.footprintMode}|${keys.join(',')}`;
}

function nestParts(items: readonly PlateItem[], rotationStep: number): NestPart[] {
  return items.map((item) => ({
    id: item.id,
    footprint: footprintOf(item),
    ...(item.hull && item.hull.length >= 3 ? { hull: item.hull } : {}),
    rotations: item.rotatable ? rotationStep : 0,
    mustPlace: true,
    ...(item.fixed ? { fixed: item.fixed } : {}),
  }));
}

/** Arranges one plate with the engine (cached); poses by item position. */
function arrange(
  bed: PlateBed,
  items: readonly PlateItem[],
  spacing: number,
  rotation: number,
  o: Required<FinalNestingOptions>,
  stats: FinalNestingStats,
): CachedLayout {
  const key = plateKey(bed, items, spacing, rotation, o);
  const hit = key ? layoutCache.get(key) : undefined;
  if (hit) {
    stats.cached++;
    return hit;
  }
  let layout: CachedLayout;
  try {
    const result = nest({
      bed: { outline: bed.outline, exclusionZones: bed.exclusionZones },
      parts: nestParts(items, rotation),
      mode: 'fill',
      strategy: 'plateshift',
      spacingMm: spacing,
      footprintMode: o.footprintMode,
      timeLimitMs: o.guardMs,
      workLimit: o.workLimit,
      seed: o.seed,
    });
    const byId = new Map(result.placements.map((p) => [p.id, p]));
    layout = {
      poses: items.map((it) => {
        const p = byId.get(it.id);
        return p ? { x: p.x, y: p.y, rotationDeg: p.rotationDeg } : null;
      }),
      guardHit: result.work < o.workLimit && result.timeMs >= o.guardMs,
    };
  } catch {
    // Invalid input for the engine (a degenerate outline): nothing placed by it.
    layout = { poses: items.map(() => null), guardHit: false };
  }
  if (key) {
    if (layoutCache.size >= CACHE_LIMIT) {
      const oldest = layoutCache.keys().next().value;
      if (oldest !== undefined) layoutCache.delete(oldest);
    }
    layoutCache.set(key, layout);
  }
  return layout;
}

/** The engine's validator on a layout: true outlines, spacing, bed and exclusion zones. */
export function layoutViolations(
  bed: PlateBed,
  items: readonly PlateItem[],
  placements: readonly PlatePlacement[],
  spacing: number,
): string[] {
  const parts = items.map((item) => ({ id: item.id, footprint: footprintOf(item) }));
  return validatePlate(
    { outline: bed.outline, exclusionZones: bed.exclusionZones },
    placements,
    parts,
    spacing,
  ).map((v) => v.message);
}

/**
 * Arranges every job of `jobs` (indices into state.jobs) with the nesting engine. Returns the
 * part indices dropped from their jobs (now queued again in `state`).
 */
export function nestFinalPlates(
  state: PlanState,
  jobIdxs: readonly number[],
  options: FinalNestingOptions,
  stats: FinalNestingStats,
): number[] {
  const { ctx } = state;
  const o: Required<FinalNestingOptions> = {
    workLimit: options.workLimit ?? 3000,
    guardMs: options.guardMs ?? 3000,
    seed: options.seed ?? 1,
    footprintMode: options.footprintMode ?? 'outline',
  };
  const t0 = Date.now();
  const dropped: number[] = [];
  for (const j of jobIdxs) {
    const job = state.jobs[j];
    const printer = job ? ctx.printers[job.printerIdx] : undefined;
    if (!job || !printer || job.partIdxs.length === 0) continue;
    stats.plates++;
    const items = job.partIdxs.map((i) => (ctx.parts[i] as PPart).item);
    const layout = arrange(printer.bed, items, ctx.spacing, ctx.rotationStep, o, stats);
    if (layout.guardHit) stats.guardHit++;
    const nested: PlatePlacement[] = [];
    layout.poses.forEach((p, k) => {
      const it = items[k];
      if (p && it) nested.push({ id: it.id, ...p });
    });
    let placements: PlatePlacement[];
    let keep: number[];
    if (nested.length === items.length) {
      stats.nested++;
      placements = nested;
      keep = job.partIdxs;
    } else if (
      job.exactPlacements &&
      job.placements.length === items.length &&
      layoutViolations(printer.bed, items, job.placements, ctx.spacing).length === 0
    ) {
      // The engine's left-bottom fill missed a layout the pre-filter found; the validator has
      // checked that one with the true outlines, so the plate stays as composed.
      stats.keptValidated++;
      placements = job.placements;
      keep = job.partIdxs;
    } else {
      stats.nested++;
      placements = nested;
      const placedIds = new Set(nested.map((p) => p.id));
      keep = job.partIdxs.filter((i) => placedIds.has((ctx.parts[i] as PPart).id));
      for (const i of job.partIdxs) {
        if (placedIds.has((ctx.parts[i] as PPart).id)) continue;
        dropped.push(i);
        state.unmarkPlanned(i);
      }
    }
    state.jobs[j] = withParts(state, job, keep, placements);
  }
  // A plate the engine emptied is no job: give its operator tasks back.
  for (let j = state.jobs.length - 1; j >= 0; j--) {
    const job = state.jobs[j];
    if (!job || job.partIdxs.length > 0) continue;
    state.book.release(job.setup);
    state.book.release(job.removal);
    state.jobs.splice(j, 1);
  }
  stats.dropped += dropped.length;
  stats.ms += Date.now() - t0;
  return dropped;
}

/** A copy of the job with its parts and layout replaced (times kept: fewer parts end earlier). */
function withParts(
  state: PlanState,
  job: PlannedJob,
  parts: number[],
  placements: PlatePlacement[],
): PlannedJob {
  if (parts.length === job.partIdxs.length) return { ...job, placements, exactPlacements: true };
  const comp = state.recount(job.printerIdx, job.profileId, parts);
  const estimate = state.overhead(job.printerIdx, job.profileId) + comp.partMinutes;
  // The removal stays booked where it is: an earlier end only lengthens the buffer before it.
  return {
    ...job,
    partIdxs: parts,
    placements,
    exactPlacements: true,
    estimate: Math.min(job.estimate, Math.ceil(estimate * 60) / 60),
    end: job.start + Math.min(job.estimate, Math.ceil(estimate * 60) / 60),
  };
}
