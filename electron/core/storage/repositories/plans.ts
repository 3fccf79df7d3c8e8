import { z } from 'zod';
import { ApiError, notFound } from '../../../../shared/api';
import {
  type Job,
  JOB_TRANSITIONS,
  type PartStatus,
  type Placement,
  type Plan,
  PlanKpis,
  type Task,
} from '../../../../shared/domain';
import type { PlateEstimate } from '../../../../shared/planning';
import { ceilSecond, isoFromMinutes, minutesFromIso } from '../../../../shared/planning/time';
import { appendEvent } from '../audit';
import { newId } from '../ids';
import type { Db } from '../database';
import { parseJsonColumn } from '../json';

interface PlanRow {
  id: string;
  created_at: string;
  strategy: string;
  status: Plan['status'];
  kpis: string | null;
  unplanned: string;
}
interface JobRow {
  id: string;
  plan_id: string;
  printer_id: string;
  profile_id: string | null;
  start: string;
  end: string;
  estimate_minutes: number;
  uncertainty_minutes: number;
  status: Job['status'];
  locked: number;
}
interface PlacementRow {
  job_id: string;
  part_id: string;
  model_id: string;
  x: number;
  y: number;
  rotation_deg: number;
  fixed: number;
}
interface TaskRow {
  id: string;
  job_id: string;
  kind: Task['kind'];
  operator_id: string | null;
  start: string;
  end: string;
}

const Unplanned = z.array(z.object({ partId: z.string(), reason: z.string() }));

/** Job states the planner and the technician may no longer move. */
export const FROZEN_JOB_STATES: ReadonlySet<Job['status']> = new Set([
  'approved',
  'sent',
  'printing',
  'printed',
  'done',
  'failed',
]);

/** What a job's parts become when the job enters a status (absent: they keep theirs). */
export const PART_STATUS_ON: Partial<Record<Job['status'], PartStatus>> = {
  printing: 'printing',
  printed: 'printed',
  failed: 'queued',
};

function refuseTransition(from: Job['status'], to: Job['status']): ApiError {
  const allowed = JOB_TRANSITIONS[from];
  const hint =
    to === 'done' && from === 'printed'
      ? ' Report its quality check to finish it.'
      : to === 'sent' && from === 'planned'
        ? ' Approve it first.'
        : allowed.length > 0
          ? ` It can become ${allowed.join(' or ')}.`
          : '';
  return new ApiError('conflict', `A ${from} job cannot be marked ${to}.${hint}`, {
    from,
    to,
    allowed: [...allowed],
  });
}

/** A job re-planning must leave exactly where it is. */
export function isPinned(j: Pick<Job, 'locked' | 'status'>): boolean {
  return j.locked || FROZEN_JOB_STATES.has(j.status);
}

function planFromRow(r: PlanRow, jobs: Job[]): Plan {
  return {
    id: r.id,
    createdAt: r.created_at,
    strategy: r.strategy,
    status: r.status,
    kpis: r.kpis === null ? null : parseJsonColumn(PlanKpis, r.kpis, `plan ${r.id}`),
    jobs,
    unplanned: parseJsonColumn(Unplanned, r.unplanned, `plan ${r.id}`),
  };
}

/** All jobs of a plan with their placements and tasks, in three queries whatever the size. */
export function loadJobs(db: Db, planId: string, onlyJobId?: string): Job[] {
  const jobs = db
    .prepare(
      `SELECT * FROM jobs WHERE plan_id = @planId AND (@jobId IS NULL OR id = @jobId) ORDER BY start, printer_id`,
    )
    .all({ planId, jobId: onlyJobId ?? null }) as JobRow[];
  const placements = db
    .prepare(
      `SELECT job_id, part_id, model_id, x, y, rotation_deg, fixed FROM placements
       WHERE plan_id = @planId AND (@jobId IS NULL OR job_id = @jobId)`,
    )
    .all({ planId, jobId: onlyJobId ?? null }) as PlacementRow[];
  const tasks = db
    .prepare(
      `SELECT id, job_id, kind, operator_id, start, end FROM tasks
       WHERE plan_id = @planId AND (@jobId IS NULL OR job_id = @jobId) ORDER BY start`,
    )
    .all({ planId, jobId: onlyJobId ?? null }) as TaskRow[];
  const placementsByJob = new Map<string, Placement[]>();
  for (const p of placements) {
    const list = placementsByJob.get(p.job_id) ?? [];
    list.push({
      partId: p.part_id,
      modelId: p.model_id,
      x: p.x,
      y: p.y,
      rotationDeg: p.rotation_deg,
      fixed: p.fixed === 1,
    });
    placementsByJob.set(p.job_id, list);
  }
  const tasksByJob = new Map<string, Task[]>();
  for (const t of tasks) {
    const list = tasksByJob.get(t.job_id) ?? [];
    list.push({
      id: t.id,
      jobId: t.job_id,
      kind: t.kind,
      operatorId: t.operator_id,
      start: t.start,
      end: t.end,
    });
    tasksByJob.set(t.job_id, list);
  }
  return jobs.map((j) => ({
    id: j.id,
    planId: j.plan_id,
    printerId: j.printer_id,
    profileId: j.profile_id,
    start: j.start,
    end: j.end,
    estimateMinutes: j.estimate_minutes,
    uncertaintyMinutes: j.uncertainty_minutes,
    status: j.status,
    locked: j.locked === 1,
    placements: placementsByJob.get(j.id) ?? [],
    tasks: tasksByJob.get(j.id) ?? [],
  }));
}

export function currentPlan(db: Db): Plan | null {
  const row = db
    .prepare(`SELECT * FROM plans WHERE status = 'current' ORDER BY created_at DESC LIMIT 1`)
    .get() as PlanRow | undefined;
  return row ? planFromRow(row, loadJobs(db, row.id)) : null;
}

export function listPlans(db: Db, limit = 50): Omit<Plan, 'jobs'>[] {
  const rows = db
    .prepare('SELECT * FROM plans ORDER BY created_at DESC LIMIT ?')
    .all(limit) as PlanRow[];
  return rows.map((r) => {
    const { jobs: _jobs, ...rest } = planFromRow(r, []);
    return rest;
  });
}

export function getPlan(db: Db, id: string): Plan {
  const row = db.prepare('SELECT * FROM plans WHERE id = ?').get(id) as PlanRow | undefined;
  if (!row) throw notFound('plan', id);
  return planFromRow(row, loadJobs(db, row.id));
}

function writeJob(db: Db, planId: string, j: Job): void {
  db.prepare(
    `INSERT INTO jobs (plan_id, id, printer_id, profile_id, start, end, estimate_minutes, uncertainty_minutes, status, locked)
     VALUES (@planId, @id, @printerId, @profileId, @start, @end, @estimateMinutes, @uncertaintyMinutes, @status, @locked)`,
  ).run({ ...j, planId, locked: j.locked ? 1 : 0 });
  writePlacements(db, planId, j.id, j.placements);
  writeTasks(db, planId, j.id, j.tasks);
}

function writePlacements(db: Db, planId: string, jobId: string, placements: Placement[]): void {
  db.prepare('DELETE FROM placements WHERE plan_id = ? AND job_id = ?').run(planId, jobId);
  const ins = db.prepare(
    `INSERT INTO placements (plan_id, job_id, part_id, model_id, x, y, rotation_deg, fixed)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const p of placements) {
    ins.run(planId, jobId, p.partId, p.modelId, p.x, p.y, p.rotationDeg, p.fixed ? 1 : 0);
  }
}

function writeTasks(db: Db, planId: string, jobId: string, tasks: Task[]): void {
  db.prepare('DELETE FROM tasks WHERE plan_id = ? AND job_id = ?').run(planId, jobId);
  const ins = db.prepare(
    `INSERT INTO tasks (plan_id, id, job_id, kind, operator_id, start, end)
     VALUES (@planId, @id, @jobId, @kind, @operatorId, @start, @end)`,
  );
  for (const t of tasks) ins.run({ ...t, planId, jobId });
}

/** Stores a planner result as a proposal; nothing in force changes until it is accepted. */
export function insertProposal(db: Db, proposed: Plan, actor: string): Plan {
  return db.transaction(() => {
    // The planner names a plan after its input and seed: the same question asked twice (the
    // same `asOf`, queue and seed) gets the same name, and each proposal is stored on its own.
    const taken = db.prepare('SELECT 1 FROM plans WHERE id = ?').get(proposed.id);
    const plan = taken ? { ...proposed, id: newId('plan') } : proposed;
    db.prepare(
      `INSERT INTO plans (id, created_at, strategy, status, kpis, unplanned)
       VALUES (@id, @createdAt, @strategy, 'proposal', @kpis, @unplanned)`,
    ).run({
      id: plan.id,
      createdAt: plan.createdAt,
      strategy: plan.strategy,
      kpis: plan.kpis === null ? null : JSON.stringify(plan.kpis),
      unplanned: JSON.stringify(plan.unplanned),
    });
    for (const j of plan.jobs) writeJob(db, plan.id, { ...j, planId: plan.id });
    appendEvent(db, {
      actor,
      action: 'plan.propose',
      entity: 'plan',
      entityId: plan.id,
      data: { strategy: plan.strategy, jobs: plan.jobs.length, kpis: plan.kpis },
    });
    return getPlan(db, plan.id);
  })();
}

/**
 * Puts a proposal in force. With `jobIds`, only those proposed jobs are taken and the old
 * plan's jobs stay unless a taken job now prints their parts. Pinned jobs (locked, approved,
 * sent, running, finished) always carry over with their state.
 */
export function acceptProposal(db: Db, planId: string, actor: string, jobIds?: string[]): Plan {
  return db.transaction(() => {
    const proposal = getPlan(db, planId);
    if (proposal.status !== 'proposal') {
      throw new ApiError(
        'conflict',
        `Only a proposal can be accepted; this plan is ${proposal.status}.`,
      );
    }
    const previous = currentPlan(db);
    let jobs = proposal.jobs;
    if (jobIds !== undefined) {
      const take = new Set(jobIds);
      for (const id of take) {
        if (!jobs.some((j) => j.id === id)) throw notFound('proposed job', id);
      }
      for (const j of jobs) {
        if (!take.has(j.id))
          db.prepare('DELETE FROM jobs WHERE plan_id = ? AND id = ?').run(planId, j.id);
      }
      jobs = jobs.filter((j) => take.has(j.id));
    }
    const present = new Map(jobs.map((j) => [j.id, j]));
    const takenParts = new Set(jobs.flatMap((j) => j.placements.map((p) => p.partId)));
    for (const old of previous?.jobs ?? []) {
      const same = present.get(old.id);
      if (same) {
        // The same job survives the re-plan: it keeps its state and the technician's lock.
        db.prepare('UPDATE jobs SET status = ?, locked = ? WHERE plan_id = ? AND id = ?').run(
          old.status,
          old.locked ? 1 : 0,
          planId,
          old.id,
        );
        continue;
      }
      const keep =
        isPinned(old) ||
        (jobIds !== undefined && !old.placements.some((p) => takenParts.has(p.partId)));
      if (keep) writeJob(db, planId, { ...old, planId });
    }
    if (previous)
      db.prepare(`UPDATE plans SET status = 'superseded' WHERE id = ?`).run(previous.id);
    db.prepare(`UPDATE plans SET status = 'current' WHERE id = ?`).run(planId);
    syncPartStatuses(db, planId);
    appendEvent(db, {
      actor,
      action: 'plan.accept',
      entity: 'plan',
      entityId: planId,
      data: { replaced: previous?.id ?? null, partial: jobIds !== undefined },
    });
    return getPlan(db, planId);
  })();
}

/** Parts on a job of the plan in force are planned; planned parts elsewhere go back to the queue. */
/** Parts on the plan become planned, parts off it queued again; returns how many changed. */
function syncPartStatuses(db: Db, planId: string): number {
  const onPlan = `SELECT part_id FROM placements WHERE plan_id = @planId`;
  const dropped = db
    .prepare(
      `UPDATE parts SET status = 'queued' WHERE status = 'planned' AND id NOT IN (${onPlan})`,
    )
    .run({ planId }).changes;
  const added = db
    .prepare(`UPDATE parts SET status = 'planned' WHERE status = 'queued' AND id IN (${onPlan})`)
    .run({ planId }).changes;
  return dropped + added;
}

export function discardProposal(db: Db, planId: string, actor: string): void {
  db.transaction(() => {
    const plan = getPlan(db, planId);
    if (plan.status !== 'proposal')
      throw new ApiError('conflict', 'Only a proposal can be discarded.');
    db.prepare(`UPDATE plans SET status = 'discarded' WHERE id = ?`).run(planId);
    appendEvent(db, { actor, action: 'plan.discard', entity: 'plan', entityId: planId });
  })();
}

/** A job of the plan in force (or of the given plan). */
export function getJob(db: Db, id: string, planId?: string): Job {
  const plan = planId ?? currentPlan(db)?.id;
  const job = plan === undefined ? undefined : loadJobs(db, plan, id)[0];
  if (!job) throw notFound('job', id);
  return job;
}

export interface JobPatch {
  printerId?: string | undefined;
  start?: string | undefined;
  end?: string | undefined;
  locked?: boolean | undefined;
  status?: Job['status'] | undefined;
  placements?: Placement[] | undefined;
  tasks?: Task[] | undefined;
}

/**
 * A technician's override of one job; frozen jobs only accept status changes, and those follow
 * `JOB_TRANSITIONS`. Entering printing, printed or failed carries the job's parts along (failed
 * parts go back to the queue); the change and its audit event share one transaction.
 */
export function updateJob(
  db: Db,
  id: string,
  patch: JobPatch,
  actor: string,
  opts: { planId?: string | undefined; reason?: string } = {},
): Job {
  return db.transaction(() => {
    const before = getJob(db, id, opts.planId);
    const moves =
      patch.printerId !== undefined || patch.start !== undefined || patch.end !== undefined;
    const transition =
      patch.status !== undefined && patch.status !== before.status
        ? { from: before.status, to: patch.status }
        : null;
    if (transition) {
      if (transition.to === 'done' || !JOB_TRANSITIONS[transition.from].includes(transition.to))
        throw refuseTransition(transition.from, transition.to);
      if (!['planned', 'approved'].includes(transition.to) && !isCurrentPlan(db, before.planId)) {
        throw new ApiError('conflict', 'Only a job of the plan in force can be sent or printed.');
      }
    }
    if (FROZEN_JOB_STATES.has(before.status) && (moves || patch.placements !== undefined)) {
      throw new ApiError(
        'conflict',
        `This job is ${before.status}; it can no longer be moved or re-arranged.`,
      );
    }
    if (
      patch.printerId !== undefined &&
      !db.prepare('SELECT 1 FROM printers WHERE id = ?').get(patch.printerId)
    ) {
      throw notFound('printer', patch.printerId);
    }
    const next: Job = {
      ...before,
      printerId: patch.printerId ?? before.printerId,
      start: patch.start ?? before.start,
      end: patch.end ?? before.end,
      // A finished job holds nothing back from planning.
      locked: transition?.to === 'failed' ? false : (patch.locked ?? before.locked),
      status: patch.status ?? before.status,
    };
    if (Date.parse(next.end) <= Date.parse(next.start)) {
      throw new ApiError('validation', 'A job must end after it starts.');
    }
    db.prepare(
      `UPDATE jobs SET printer_id = ?, start = ?, end = ?, locked = ?, status = ? WHERE plan_id = ? AND id = ?`,
    ).run(
      next.printerId,
      next.start,
      next.end,
      next.locked ? 1 : 0,
      next.status,
      before.planId,
      id,
    );
    if (patch.placements !== undefined) writePlacements(db, before.planId, id, patch.placements);
    if (patch.tasks !== undefined) writeTasks(db, before.planId, id, patch.tasks);
    const partIds = before.placements.map((p) => p.partId);
    const partStatus = transition ? PART_STATUS_ON[transition.to] : undefined;
    if (partStatus) setPartStatuses(db, partIds, partStatus);
    // A part sits on one job of a plan only (setJobPlacements, the planner's diff): the parts of a
    // failed print leave it for the queue; this event keeps what the job held.
    if (transition?.to === 'failed') writePlacements(db, before.planId, id, []);
    appendEvent(db, {
      actor,
      action: transition ? 'job.status' : 'job.update',
      entity: 'job',
      entityId: id,
      reason: opts.reason ?? '',
      data: {
        planId: before.planId,
        printerId: next.printerId,
        ...(transition
          ? { from: transition.from, to: transition.to, partIds, partStatus: partStatus ?? null }
          : {}),
        before: {
          printerId: before.printerId,
          start: before.start,
          end: before.end,
          locked: before.locked,
          status: before.status,
        },
        patch: { ...patch, placements: patch.placements?.length, tasks: patch.tasks?.length },
      },
    });
    return getJob(db, id, before.planId);
  })();
}

function isCurrentPlan(db: Db, planId: string): boolean {
  const row = db.prepare('SELECT status FROM plans WHERE id = ?').get(planId) as
    { status: Plan['status'] } | undefined;
  return row?.status === 'current';
}

function setPartStatuses(db: Db, partIds: readonly string[], status: PartStatus): void {
  const set = db.prepare('UPDATE parts SET status = ? WHERE id = ?');
  for (const partId of partIds) set.run(status, partId);
}

/**
 * Finishes a printed job of the plan in force with its quality check: passed parts are done,
 * failed parts return to the queue (the next plan places them again), the job is done and its
 * printer free. This is the "failed QC" and "printer available" trigger of DESIGN §4;
 * plans.changes reports it from the `job.qc` event written here.
 */
export function reportQc(
  db: Db,
  jobId: string,
  failedPartIds: readonly string[],
  actor: string,
  note = '',
): Job {
  return db.transaction(() => {
    const job = getJob(db, jobId);
    if (job.status !== 'printed') {
      throw new ApiError(
        'conflict',
        `Only a printed job can be checked; this job is ${job.status}.`,
        { status: job.status },
      );
    }
    const onJob = new Set(job.placements.map((p) => p.partId));
    const failed = new Set(failedPartIds);
    for (const partId of failed) {
      if (!onJob.has(partId))
        throw new ApiError('validation', `Part ${partId} is not on this job.`, { partId });
    }
    const passed = job.placements.map((p) => p.partId).filter((p) => !failed.has(p));
    setPartStatuses(db, passed, 'done');
    setPartStatuses(db, [...failed], 'queued');
    // As for a failed print: the re-queued copies leave the finished job (one job per part and
    // plan); the event keeps the full list of what was printed.
    writePlacements(
      db,
      job.planId,
      jobId,
      job.placements.filter((p) => !failed.has(p.partId)),
    );
    db.prepare(`UPDATE jobs SET status = 'done', locked = 0 WHERE plan_id = ? AND id = ?`).run(
      job.planId,
      jobId,
    );
    appendEvent(db, {
      actor,
      action: 'job.qc',
      entity: 'job',
      entityId: jobId,
      reason: note,
      data: {
        planId: job.planId,
        printerId: job.printerId,
        passedPartIds: passed,
        failedPartIds: [...failed],
      },
    });
    return getJob(db, jobId, job.planId);
  })();
}

/**
 * Replaces a plate's arrangement: parts moved or rotated, dropped back to the queue, or added
 * from it. A part may sit on one job of a plan only; queue statuses follow when the plan is in force.
 */
export function setJobPlacements(
  db: Db,
  id: string,
  placements: Placement[],
  actor: string,
  reason = 'arranged by hand',
  /** The plate's print time for the new arrangement (the job's span follows it). */
  estimate?: (job: Job, placements: Placement[]) => PlateEstimate | null,
): { job: Job; partStatusesChanged: boolean } {
  return db.transaction(() => {
    const job = getJob(db, id);
    const ids = placements.map((p) => p.partId);
    if (new Set(ids).size !== ids.length)
      throw new ApiError('validation', 'A part is placed twice on this plate.');
    const elsewhere = db.prepare(
      'SELECT job_id FROM placements WHERE plan_id = ? AND part_id = ? AND job_id <> ?',
    );
    const part = db.prepare(
      `SELECT p.status, l.model_id FROM parts p JOIN order_lines l ON l.id = p.order_line_id WHERE p.id = ?`,
    );
    const before = new Set(job.placements.map((p) => p.partId));
    for (const p of placements) {
      const row = part.get(p.partId) as { status: string; model_id: string } | undefined;
      if (!row) throw notFound('part', p.partId);
      if (row.model_id !== p.modelId) {
        throw new ApiError('validation', `Part ${p.partId} is a copy of another model.`);
      }
      const other = elsewhere.get(job.planId, p.partId, id) as { job_id: string } | undefined;
      if (other) throw new ApiError('conflict', `That part is already on job ${other.job_id}.`);
      if (!before.has(p.partId) && row.status !== 'queued' && row.status !== 'planned') {
        throw new ApiError(
          'conflict',
          `That part is ${row.status}; only queued parts can be added to a plate.`,
        );
      }
    }
    let next = updateJob(db, id, { placements }, actor, { planId: job.planId, reason });
    const est = estimate?.(next, placements);
    if (est) {
      // As the planner writes ends: whole seconds, rounded up.
      const end = isoFromMinutes(ceilSecond(minutesFromIso(next.start) + est.estimateMinutes));
      db.prepare(
        'UPDATE jobs SET estimate_minutes = ?, uncertainty_minutes = ?, end = ? WHERE plan_id = ? AND id = ?',
      ).run(est.estimateMinutes, est.uncertaintyMinutes, end, job.planId, id);
      next = {
        ...next,
        estimateMinutes: est.estimateMinutes,
        uncertaintyMinutes: est.uncertaintyMinutes,
        end,
      };
    }
    const planStatus = (
      db.prepare('SELECT status FROM plans WHERE id = ?').get(job.planId) as { status: string }
    ).status;
    // Moving or turning parts changes no status; only parts added or dropped do (the queue then
    // has to refresh, which on a large workspace is not free).
    const changed = planStatus === 'current' ? syncPartStatuses(db, job.planId) : 0;
    return { job: next, partStatusesChanged: changed > 0 };
  })();
}
