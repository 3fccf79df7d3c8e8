import type { Job } from '../../../shared/domain/plan';

export type JobAction = 'lock' | 'approve';

/** Why a job cannot be dragged, or null when it can. */
export function moveRefusal(
  job: Pick<Job, 'status' | 'locked'>,
  readOnly: string | null,
): string | null {
  if (readOnly) return readOnly;
  if (job.status === 'approved') {
    return 'Approved jobs are frozen for sending. Withdraw the approval (A) to move it.';
  }
  if (['sent', 'printing', 'printed', 'done'].includes(job.status)) {
    return `This job is ${job.status}: it can no longer be moved.`;
  }
  if (job.status === 'failed' || job.status === 'cancelled') {
    return `This job ${job.status === 'failed' ? 'failed' : 'was cancelled'}; re-plan its parts instead.`;
  }
  if (job.locked) return 'This job is locked. Unlock it (L) to move it.';
  return null;
}
