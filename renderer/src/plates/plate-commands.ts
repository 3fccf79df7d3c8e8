import { create } from 'zustand';
import type { Placement } from '../../../shared/domain/plan';
import { type Command, history, setPlacementsCommand } from '../commands';
import { api, reportApiError, writeJob } from '../platform/api';
import { toApiError } from '../platform/query-cache';
import { useUi } from '../shell/ui-store';
import { findFreeSpot } from './free-spot';
import {
  addPlacement,
  dropPlacements,
  editLabel,
  rotatePlacements,
  samePlacements,
} from './plate-edit';
import { plateActions, shownPlacements, usePlateStore } from './plate-store';
import { rotationSteps } from './snap';

/**
 * Edits that reach the host. Each one is a command on the shared history (undo/redo across the
 * studio); the view shows the new arrangement at once and keeps it until the host's answer
 * replaces it, or reverts with the host's message when it refuses.
 */

async function run(command: Command, channel: string): Promise<boolean> {
  try {
    // The command's answer already replaced the job in the cached plan (writeJob).
    await history.execute(command);
    return true;
  } catch (err) {
    const e = toApiError(err);
    if (e.code === 'cancelled') useUi.getState().pushToast('info', e.message);
    else reportApiError(e, channel);
    plateActions.revert();
    return false;
  }
}

/**
 * The arrangement the newest edit still in flight will store. A quick second edit (R then
 * Shift+R) starts from there, not from the host's last answer: its `before` is what undo must
 * put back, and turning back to the stored arrangement is a change, not a no-op.
 */
let inFlight: { jobId: string; placements: Placement[] } | null = null;

/** Replace the open plate's arrangement with `after` as one undoable step. */
export async function commitPlacements(
  after: Placement[],
  label: string,
  changedIds?: ReadonlySet<string>,
): Promise<boolean> {
  const s = usePlateStore.getState();
  const jobId = s.jobId;
  if (!jobId) return false;
  const before = inFlight?.jobId === jobId ? inFlight.placements : s.base;
  if (samePlacements(before, after)) {
    if (inFlight?.jobId !== jobId) plateActions.revert();
    return false;
  }
  // A finished drag already shows (and has checked) exactly this arrangement.
  if (s.draft !== after) plateActions.showDraft(after, null, changedIds);
  const mine = { jobId, placements: after };
  inFlight = mine;
  try {
    return await run(setPlacementsCommand({ jobId, before, after }, label), 'jobs.setPlacements');
  } finally {
    if (inFlight === mine) inFlight = null;
  }
}

function selectionName(): string | undefined {
  const s = usePlateStore.getState();
  const [only] = s.selection;
  return s.selection.size === 1 && only && s.ctx ? s.ctx.label(only) : undefined;
}

export function rotateSelection(
  stepDeg: number,
  pivotOf: (modelId: string) => { x: number; y: number },
): void {
  const s = usePlateStore.getState();
  if (s.selection.size === 0 || s.drag) return;
  const after = rotatePlacements(shownPlacements(s), s.selection, stepDeg, pivotOf);
  void commitPlacements(after, editLabel('Rotate', s.selection, selectionName()), s.selection);
}

/** Selected parts go back to the queue (they become queued again). */
export function dropToQueue(ids: ReadonlySet<string>): void {
  const s = usePlateStore.getState();
  if (ids.size === 0) return;
  const name = ids.size === 1 && s.ctx ? s.ctx.label([...ids][0] as string) : undefined;
  const after = dropPlacements(shownPlacements(s), ids);
  plateActions.clearSelection();
  void commitPlacements(after, editLabel('Back to queue:', ids, name), ids);
}

/**
 * A queued part onto the open plate: at `at` (dropped there) or at the first free spot the
 * validator accepts. Returns false (with a message) when there is no room.
 */
export function addToPlate(
  part: { partId: string; modelId: string },
  rotationStepDeg: number,
  at?: { x: number; y: number; rotationDeg: number },
): boolean {
  const s = usePlateStore.getState();
  if (!s.ctx) return false;
  const current = shownPlacements(s);
  const pose =
    at ??
    findFreeSpot({
      part,
      placements: current,
      ctx: s.ctx,
      rotations: rotationSteps(rotationStepDeg),
    });
  if (!pose) {
    useUi
      .getState()
      .pushToast(
        'info',
        `No free spot for ${s.ctx.label(part.partId)} on this plate. Drop it onto the plate where you want it, or make room and re-nest.`,
      );
    return false;
  }
  const after = addPlacement(current, { ...part, ...pose, fixed: true });
  plateActions.select([part.partId]);
  void commitPlacements(after, `Add ${s.ctx.label(part.partId)}`, new Set([part.partId]));
  return true;
}

export function selectAll(): void {
  const s = usePlateStore.getState();
  plateActions.select(shownPlacements(s).map((p) => p.partId));
}

// ---------------------------------------------------------------- re-nesting

interface RenestState {
  taskId: string | null;
  jobId: string | null;
}

export const useRenest = create<RenestState>()(() => ({ taskId: null, jobId: null }));

let renestSeq = 0;

/**
 * "Re-nest this plate": the nesting engine re-arranges the plate, keeping hand-placed (fixed)
 * parts where they are. Undoable like any other edit; as a stored command it is the resulting
 * arrangement (type job.placements), so undo/redo never re-runs the engine.
 */
export function renestCommand(jobId: string, before: Placement[], taskId: string): Command {
  const payload = { jobId, before, after: null as Placement[] | null };
  return {
    type: 'job.placements',
    label: 'Re-nest plate',
    payload,
    async execute() {
      if (payload.after) {
        await writeJob('jobs.setPlacements', { id: jobId, placements: payload.after });
        return;
      }
      const job = await writeJob('jobs.renest', { id: jobId, taskId });
      payload.after = job.placements;
    },
    async undo() {
      await writeJob('jobs.setPlacements', { id: jobId, placements: before });
    },
  };
}

export async function renestPlate(): Promise<void> {
  const s = usePlateStore.getState();
  if (!s.jobId || useRenest.getState().taskId) return;
  const taskId = `renest-${Date.now().toString(36)}-${++renestSeq}`;
  useRenest.setState({ taskId, jobId: s.jobId });
  try {
    const ok = await run(renestCommand(s.jobId, s.base, taskId), 'jobs.renest');
    if (ok)
      useUi
        .getState()
        .pushToast('success', 'Plate re-nested. Hand-placed parts stayed where they were.');
  } finally {
    useRenest.setState({ taskId: null, jobId: null });
  }
}

export async function cancelRenest(): Promise<void> {
  const { taskId } = useRenest.getState();
  if (!taskId) return;
  try {
    await api.call('tasks.cancel', { taskId });
  } catch (err) {
    reportApiError(toApiError(err), 'tasks.cancel');
  }
}
