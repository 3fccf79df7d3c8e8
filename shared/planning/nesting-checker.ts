import { nest, type NestPart, type NestStrategyName } from '../nesting';
import {
  boundsProblem,
  createRectanglePlateChecker,
  type PlateChecker,
  type PlateItem,
} from './plate';

export interface NestingCheckerOptions {
  /** Nesting strategy (default plateshift: true outlines, 90° steps from the site setting). */
  strategy?: NestStrategyName;
  /** Improvement budget per plate (ms). Default 150: planning asks for hundreds of plates. */
  timeLimitMs?: number;
  /** Improvement work per plate: the reproducible limit (a seed gives the same layout). */
  workLimit?: number;
  /** Outline (true shape) or convex hull footprints. */
  footprintMode?: 'outline' | 'hull';
  seed?: number;
}

export function footprintOf(item: PlateItem): NestPart['footprint'] {
  const rings = item.outline?.filter((r) => r.length >= 3) ?? [];
  if (rings.length === 1) return rings[0] as NestPart['footprint'];
  if (rings.length > 1) return rings;
  if (item.hull && item.hull.length >= 3) return item.hull;
  return [
    { x: 0, y: 0 },
    { x: item.widthMm, y: 0 },
    { x: item.widthMm, y: item.depthMm },
    { x: 0, y: item.depthMm },
  ];
}

/**
 * The nesting engine (shared/nesting, fill mode: "which of these parts fit, where") behind the
 * PlateChecker interface. Heights are checked here (nesting is 2D). If nesting rejects the input
 * (a degenerate outline), the plate falls back to the rectangle packer so planning never stops.
 */
export function createNestingPlateChecker(options: NestingCheckerOptions = {}): PlateChecker {
  const fallback = createRectanglePlateChecker();
  return {
    name: `nesting-${options.strategy ?? 'plateshift'}`,
    fill(req) {
      const rejected: { id: string; reason: string }[] = [];
      const parts: NestPart[] = [];
      for (const item of req.items) {
        const tall =
          item.heightMm > req.bed.maxHeightMm + 1e-9
            ? boundsProblem(item, req.bed, req.rotationStepDeg)
            : null;
        if (tall && !item.fixed) {
          rejected.push({ id: item.id, reason: tall });
          continue;
        }
        parts.push({
          id: item.id,
          footprint: footprintOf(item),
          ...(item.hull && item.hull.length >= 3 ? { hull: item.hull } : {}),
          rotations: item.rotatable ? req.rotationStepDeg : 0,
          ...(item.fixed ? { fixed: item.fixed } : {}),
        });
      }
      try {
        const result = nest(
          {
            bed: { outline: req.bed.outline, exclusionZones: req.bed.exclusionZones },
            parts,
            mode: 'fill',
            strategy: options.strategy ?? 'plateshift',
            spacingMm: req.spacingMm,
            footprintMode: options.footprintMode ?? 'outline',
            timeLimitMs: options.timeLimitMs ?? 150,
            workLimit: options.workLimit ?? 4000,
            seed: req.seed ?? options.seed ?? 1,
          },
          {},
        );
        return {
          placed: result.placements.map((p) => ({
            id: p.id,
            x: p.x,
            y: p.y,
            rotationDeg: p.rotationDeg,
          })),
          rejected: [...rejected, ...result.unplaced.map((u) => ({ id: u.id, reason: u.reason }))],
          exact: true,
        };
      } catch {
        return fallback.fill(req);
      }
    },
  };
}
