import type { Placement } from '../../../shared/domain/plan';
import type { NestPose } from '../../../shared/nesting/types';
import { boundsOf, placedBounds, roundMm, type Bounds2 } from './placement-transform';
import { checkAgainst, type PlateContext } from './plate-validation';

/**
 * Where a part added by hand can go: the first position, scanning rows from the bed's front-left
 * corner on a millimetre grid, where the validator finds nothing wrong with it. Only the new part
 * and its neighbours are checked at each candidate, so an existing problem elsewhere on the plate
 * does not block the search.
 */
export interface FreeSpotQuery {
  /** The part to place (its pose is what the search decides). */
  part: Pick<Placement, 'partId' | 'modelId'>;
  placements: readonly Placement[];
  ctx: PlateContext;
  /** Rotations to try, in order of preference. */
  rotations: readonly number[];
  /** Grid pitch (mm). */
  stepMm?: number;
  /** Stop after this many validator calls (keeps a click responsive on a crowded plate). */
  maxChecks?: number;
}

export function findFreeSpot(q: FreeSpotQuery): NestPose | null {
  const rings = q.ctx.footprints.get(q.part.modelId);
  if (!rings || rings.length === 0) return null;
  const step = q.stepMm ?? 2;
  const maxChecks = q.maxChecks ?? 20000;
  const bed = boundsOf(q.ctx.bed.outline);
  const gap = q.ctx.spacingMm;
  const others = q.placements.flatMap((p) => {
    const r = q.ctx.footprints.get(p.modelId);
    return r ? [{ p, b: placedBounds(r, p) }] : [];
  });
  let checks = 0;
  for (const rotationDeg of q.rotations.length > 0 ? q.rotations : [0]) {
    const local = placedBounds(rings, { x: 0, y: 0, rotationDeg });
    const w = local.maxX - local.minX;
    const d = local.maxY - local.minY;
    if (w > bed.maxX - bed.minX || d > bed.maxY - bed.minY) continue;
    for (let y = bed.minY; y + d <= bed.maxY + 1e-9; y += step) {
      for (let x = bed.minX; x + w <= bed.maxX + 1e-9; x += step) {
        const box: Bounds2 = { minX: x, minY: y, maxX: x + w, maxY: y + d };
        const neighbours = others.filter(
          ({ b }) =>
            !(
              box.maxX + gap < b.minX ||
              b.maxX + gap < box.minX ||
              box.maxY + gap < b.minY ||
              b.maxY + gap < box.minY
            ),
        );
        const pose: NestPose = {
          x: roundMm(x - local.minX),
          y: roundMm(y - local.minY),
          rotationDeg,
        };
        const candidate: Placement = { ...q.part, ...pose, fixed: true };
        checks++;
        const raw = checkAgainst(
          [candidate],
          neighbours.map(({ p }) => p),
          q.ctx,
        );
        if (raw.violations.length === 0 && raw.missing.length === 0) return pose;
        if (checks >= maxChecks) return null;
      }
    }
  }
  return null;
}
