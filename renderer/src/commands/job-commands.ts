import type { Job, Placement } from '../../../shared/domain';
import { writeJob } from '../platform/api';
import { type Command, registerCommand } from './command';

/** Where a job sits: enough to put it back. */
export interface JobSlot {
  printerId: string;
  start: string;
  end: string;
}

interface MovePayload {
  jobId: string;
  before: JobSlot;
  after: JobSlot;
}

/** Move a job in time and/or to another printer (Timeline drag). */
export function moveJobCommand(p: MovePayload, label = 'Move job'): Command {
  const apply = (slot: JobSlot) =>
    writeJob('jobs.update', {
      id: p.jobId,
      printerId: slot.printerId,
      start: slot.start,
      reason: label,
    });
  return {
    type: 'job.move',
    label,
    payload: p,
    execute: async () => void (await apply(p.after)),
    undo: async () => void (await apply(p.before)),
  };
}

interface FlagPayload {
  jobId: string;
  before: boolean;
  after: boolean;
}

export function lockJobCommand(
  p: FlagPayload,
  label = p.after ? 'Lock job' : 'Unlock job',
): Command {
  const apply = (locked: boolean) => writeJob('jobs.update', { id: p.jobId, locked });
  return {
    type: 'job.lock',
    label,
    payload: p,
    execute: async () => void (await apply(p.after)),
    undo: async () => void (await apply(p.before)),
  };
}

export function approveJobCommand(
  p: FlagPayload,
  label = p.after ? 'Approve job' : 'Withdraw approval',
): Command {
  const apply = (approved: boolean) =>
    writeJob('jobs.update', { id: p.jobId, status: approved ? 'approved' : 'planned' });
  return {
    type: 'job.approve',
    label,
    payload: p,
    execute: async () => void (await apply(p.after)),
    undo: async () => void (await apply(p.before)),
  };
}

interface PlacementsPayload {
  jobId: string;
  before: Placement[];
  after: Placement[];
}

/** Any change to a plate's arrangement: move, rotate, add from or drop back to the queue. */
export function setPlacementsCommand(p: PlacementsPayload, label = 'Arrange plate'): Command {
  const apply = (placements: Placement[]) =>
    writeJob('jobs.setPlacements', { id: p.jobId, placements });
  return {
    type: 'job.placements',
    label,
    payload: p,
    execute: async () => void (await apply(p.after)),
    undo: async () => void (await apply(p.before)),
  };
}

export const slotOf = (j: Pick<Job, 'printerId' | 'start' | 'end'>): JobSlot => ({
  printerId: j.printerId,
  start: j.start,
  end: j.end,
});

registerCommand('job.move', (p, label) => moveJobCommand(p as MovePayload, label));
registerCommand('job.lock', (p, label) => lockJobCommand(p as FlagPayload, label));
registerCommand('job.approve', (p, label) => approveJobCommand(p as FlagPayload, label));
registerCommand('job.placements', (p, label) =>
  setPlacementsCommand(p as PlacementsPayload, label),
);
