import type { PushEventPayload } from '../../../shared/api/events';

export type ProgressPayload = PushEventPayload<'progress'>;

export interface ProgressItem extends ProgressPayload {
  /** When the last report arrived (ms); finished items linger briefly, then go. */
  updatedAt: number;
}

/** How long a finished task stays visible in the tray. */
export const FINISHED_LINGER_MS = 5000;

/** Fold one progress report into the tray's list, newest task last. */
export function applyProgress(
  items: readonly ProgressItem[],
  payload: ProgressPayload,
  now: number,
): ProgressItem[] {
  const next: ProgressItem = { ...payload, updatedAt: now };
  const index = items.findIndex((i) => i.taskId === payload.taskId);
  if (index < 0) return [...items, next];
  const copy = items.slice();
  copy[index] = next;
  return copy;
}

/** Drop finished tasks that have lingered long enough. Running ones always stay. */
export function pruneProgress(items: readonly ProgressItem[], now: number): ProgressItem[] {
  return items.filter((i) => i.state === 'running' || now - i.updatedAt < FINISHED_LINGER_MS);
}

/** 0…1, or null when the total is unknown (indeterminate bar). */
export function progressFraction(item: Pick<ProgressPayload, 'done' | 'total'>): number | null {
  if (!(item.total > 0)) return null;
  return Math.min(1, Math.max(0, item.done / item.total));
}
