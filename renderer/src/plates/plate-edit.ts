import type { Point2 } from '../../../shared/domain/common';
import type { Placement } from '../../../shared/domain/plan';
import { rotateAbout, roundMm } from './placement-transform';

/**
 * Edits of a plate's arrangement as pure functions over placement lists. Anything placed by hand
 * becomes fixed, so "Re-nest this plate" keeps it where the technician put it.
 */

export function movePlacements(
  placements: readonly Placement[],
  ids: ReadonlySet<string>,
  dx: number,
  dy: number,
): Placement[] {
  if (dx === 0 && dy === 0) return placements.slice();
  return placements.map((p) =>
    ids.has(p.partId) ? { ...p, x: roundMm(p.x + dx), y: roundMm(p.y + dy), fixed: true } : p,
  );
}

/**
 * Turns each selected part in place by `deltaDeg` (about its own footprint centre). `pivotOf`
 * gives the centre in the part's frame, usually the middle of the model's bounding box.
 */
export function rotatePlacements(
  placements: readonly Placement[],
  ids: ReadonlySet<string>,
  deltaDeg: number,
  pivotOf: (modelId: string) => Point2,
): Placement[] {
  return placements.map((p) =>
    ids.has(p.partId) ? { ...p, ...rotateAbout(p, pivotOf(p.modelId), deltaDeg), fixed: true } : p,
  );
}

/** Back to the queue: the placement goes, the part becomes queued again (host side). */
export function dropPlacements(
  placements: readonly Placement[],
  ids: ReadonlySet<string>,
): Placement[] {
  return placements.filter((p) => !ids.has(p.partId));
}

export function addPlacement(placements: readonly Placement[], added: Placement): Placement[] {
  return [...placements.filter((p) => p.partId !== added.partId), { ...added, fixed: true }];
}

/** Did anything change (order-insensitive)? An unchanged drag must not become an undo step. */
export function samePlacements(a: readonly Placement[], b: readonly Placement[]): boolean {
  if (a.length !== b.length) return false;
  const byId = new Map(a.map((p) => [p.partId, p]));
  for (const q of b) {
    const p = byId.get(q.partId);
    if (
      !p ||
      p.modelId !== q.modelId ||
      p.x !== q.x ||
      p.y !== q.y ||
      p.rotationDeg !== q.rotationDeg ||
      p.fixed !== q.fixed
    ) {
      return false;
    }
  }
  return true;
}

/** Undo label for an edit: "Move 3 parts", "Rotate fs-lever #2". */
export function editLabel(
  verb: string,
  ids: ReadonlySet<string> | readonly string[],
  name?: string,
): string {
  const n = 'size' in ids ? ids.size : ids.length;
  if (n === 1 && name) return `${verb} ${name}`;
  return `${verb} ${n} part${n === 1 ? '' : 's'}`;
}

/**
 * Pin or release parts: a pinned (fixed) part stays where it is when the plate is re-nested, a
 * released one is the engine's to place again. Only parts whose flag changes get a new object.
 */
export function setPinned(
  placements: readonly Placement[],
  ids: ReadonlySet<string> | 'all',
  pinned: boolean,
): Placement[] {
  return placements.map((p) =>
    (ids === 'all' || ids.has(p.partId)) && p.fixed !== pinned ? { ...p, fixed: pinned } : p,
  );
}

/** The pinned parts among `placements`. */
export function pinnedIds(placements: readonly Placement[]): Set<string> {
  return new Set(placements.filter((p) => p.fixed).map((p) => p.partId));
}

/**
 * What the Pin button does to a selection: pin it, unless every selected part is pinned
 * already, then release it.
 */
export function pinToggleTarget(
  placements: readonly Placement[],
  ids: ReadonlySet<string>,
): boolean {
  const selected = placements.filter((p) => ids.has(p.partId));
  return selected.length === 0 || !selected.every((p) => p.fixed);
}
