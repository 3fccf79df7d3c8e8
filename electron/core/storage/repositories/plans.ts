import { type Job, type Plan, PlanKpis } from '../../../../shared/domain';
import type { Db } from '../database';
import { z } from 'zod';
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
