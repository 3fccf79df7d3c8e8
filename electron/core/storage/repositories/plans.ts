import { z } from 'zod';
import { ApiError, notFound } from '../../../../shared/api';
import {
  type Job,
  type Placement,
  type Plan,
  PlanKpis,
  type Task,
} from '../../../../shared/domain';
import { appendEvent } from '../audit';
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

const Unplanned = z.array(z.object({ partId: z.string(), reason: z.string() }));

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

export function loadJobs(db: Db, planId: string): Job[] {
  const jobs = db
    .prepare('SELECT * FROM jobs WHERE plan_id = ? ORDER BY start')
    .all(planId) as JobRow[];
  const placement = db.prepare(
    'SELECT part_id, model_id, x, y, rotation_deg, fixed FROM placements WHERE job_id = ?',
  );
  const task = db.prepare('SELECT * FROM tasks WHERE job_id = ? ORDER BY start');
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
    placements: (
      placement.all(j.id) as {
        part_id: string;
        model_id: string;
        x: number;
        y: number;
        rotation_deg: number;
        fixed: number;
      }[]
    ).map((p) => ({
      partId: p.part_id,
      modelId: p.model_id,
      x: p.x,
      y: p.y,
      rotationDeg: p.rotation_deg,
      fixed: p.fixed === 1,
    })),
    tasks: (
      task.all(j.id) as {
        id: string;
        job_id: string;
        kind: 'setup' | 'removal' | 'qc';
        operator_id: string | null;
        start: string;
        end: string;
      }[]
    ).map((t) => ({
      id: t.id,
      jobId: t.job_id,
      kind: t.kind,
      operatorId: t.operator_id,
      start: t.start,
      end: t.end,
    })),
  }));
}

export function currentPlan(db: Db): Plan | null {
  const row = db
    .prepare(`SELECT * FROM plans WHERE status = 'current' ORDER BY created_at DESC LIMIT 1`)
    .get() as PlanRow | undefined;
  return row ? planFromRow(row, loadJobs(db, row.id)) : null;
}

export function listPlans(db: Db): Omit<Plan, 'jobs'>[] {
  const rows = db.prepare('SELECT * FROM plans ORDER BY created_at DESC').all() as PlanRow[];
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

function insertJob(db: Db, planId: string, j: Job): void {
  db.prepare(
    `INSERT INTO jobs (id, plan_id, printer_id, profile_id, start, end, estimate_minutes, uncertainty_minutes, status, locked)
     VALUES (@id, @planId, @printerId, @profileId, @start, @end, @estimateMinutes, @uncertaintyMinutes, @status, @locked)`,
  ).run({ ...j, planId, locked: j.locked ? 1 : 0 });
  writePlacements(db, j.id, j.placements);
  const task = db.prepare(
    'INSERT INTO tasks (id, job_id, kind, operator_id, start, end) VALUES (@id, @jobId, @kind, @operatorId, @start, @end)',
  );
  for (const t of j.tasks) task.run({ ...t, jobId: j.id });
}

function writePlacements(db: Db, jobId: string, placements: Placement[]): void {
  db.prepare('DELETE FROM placements WHERE job_id = ?').run(jobId);
  const ins = db.prepare(
    `INSERT INTO placements (job_id, part_id, model_id, x, y, rotation_deg, fixed)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const p of placements)
    ins.run(jobId, p.partId, p.modelId, p.x, p.y, p.rotationDeg, p.fixed ? 1 : 0);
}

/** Stores a planner result as a proposal; nothing in force changes until it is accepted. */
export function insertProposal(db: Db, plan: Plan, actor: string): Plan {
  return db.transaction(() => {
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
    for (const j of plan.jobs) insertJob(db, plan.id, { ...j, planId: plan.id });
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

/** Job states the planner and the technician may no longer move. */
export const FROZEN_JOB_STATES: ReadonlySet<Job['status']> = new Set([
  'approved',
  'sent',
  'printing',
  'printed',
  'done',
]);

/** A job re-planning must leave exactly where it is. */
export function isPinned(j: Job): boolean {
  return j.locked || FROZEN_JOB_STATES.has(j.status);
}

/**
 * Puts a proposal in force. With `jobIds`, only those proposed jobs are taken; the rest of
 * the current plan's jobs are carried over unless a taken job replaces their parts.
 */
export function acceptProposal(db: Db, planId: string, actor: string, jobIds?: string[]): Plan {
  return db.transaction(() => {
    const proposal = getPlan(db, planId);
    if (proposal.status !== 'proposal') {
      throw new ApiError(
        'conflict',
        'Only a proposal can be accepted; this plan is ' + proposal.status + '.',
      );
    }
    const previous = currentPlan(db);
    const present = new Set(proposal.jobs.map((j) => j.id));
    let carried: Job[] = [];
    if (jobIds !== undefined) {
      const take = new Set(jobIds);
      for (const j of proposal.jobs) {
        if (!take.has(j.id)) db.prepare('DELETE FROM jobs WHERE id = ?').run(j.id);
      }
      const takenParts = new Set(
        proposal.jobs
          .filter((j) => take.has(j.id))
          .flatMap((j) => j.placements.map((p) => p.partId)),
      );
      // Old jobs stay unless a taken job now prints their parts.
      carried = (previous?.jobs ?? []).filter(
        (j) => isPinned(j) || !j.placements.some((p) => takenParts.has(p.partId)),
      );
    } else {
      // Locked and frozen jobs are not re-planned: the proposal plans around them and they
      // carry over into the plan that replaces theirs.
      carried = (previous?.jobs ?? []).filter((j) => isPinned(j) && !present.has(j.id));
    }
    for (const j of carried)
      db.prepare('UPDATE jobs SET plan_id = ? WHERE id = ?').run(planId, j.id);
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

/** Parts on a job of the plan in force are planned; queued/planned parts elsewhere go back to queued. */
function syncPartStatuses(db: Db, planId: string): void {
  db.prepare(
    `UPDATE parts SET status = 'queued' WHERE status = 'planned'
       AND id NOT IN (SELECT p.part_id FROM placements p JOIN jobs j ON j.id = p.job_id WHERE j.plan_id = ?)`,
  ).run(planId);
  db.prepare(
    `UPDATE parts SET status = 'planned' WHERE status = 'queued'
       AND id IN (SELECT p.part_id FROM placements p JOIN jobs j ON j.id = p.job_id WHERE j.plan_id = ?)`,
  ).run(planId);
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

export function getJob(db: Db, id: string): Job {
  const row = db.prepare('SELECT plan_id FROM jobs WHERE id = ?').get(id) as
    { plan_id: string } | undefined;
  if (!row) throw notFound('job', id);
  const job = loadJobs(db, row.plan_id).find((j) => j.id === id);
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

/** A technician's override of one job; frozen jobs only accept status changes. */
export function updateJob(db: Db, id: string, patch: JobPatch, actor: string, reason = ''): Job {
  return db.transaction(() => {
    const before = getJob(db, id);
    const moves =
      patch.printerId !== undefined || patch.start !== undefined || patch.end !== undefined;
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
    const next = {
      ...before,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    } as Job;
    if (Date.parse(next.end) <= Date.parse(next.start)) {
      throw new ApiError('validation', 'A job must end after it starts.');
    }
    db.prepare(
      `UPDATE jobs SET printer_id = ?, start = ?, end = ?, locked = ?, status = ? WHERE id = ?`,
    ).run(next.printerId, next.start, next.end, next.locked ? 1 : 0, next.status, id);
    if (patch.placements !== undefined) writePlacements(db, id, patch.placements);
    if (patch.tasks !== undefined) {
      db.prepare('DELETE FROM tasks WHERE job_id = ?').run(id);
      const ins = db.prepare(
        'INSERT INTO tasks (id, job_id, kind, operator_id, start, end) VALUES (@id, @jobId, @kind, @operatorId, @start, @end)',
      );
      for (const t of patch.tasks) ins.run({ ...t, jobId: id });
    }
    appendEvent(db, {
      actor,
      action: 'job.update',
      entity: 'job',
      entityId: id,
      reason,
      data: {
        before: {
          printerId: before.printerId,
          start: before.start,
          end: before.end,
          locked: before.locked,
          status: before.status,
        },
        patch: { ...patch, placements: patch.placements?.length },
      },
    });
    return getJob(db, id);
  })();
}
