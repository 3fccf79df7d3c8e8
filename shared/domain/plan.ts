import { z } from 'zod';
import { Id, IsoDateTime } from './common';
import { ModelId } from './model';

/** Where one part sits on a plate: its footprint's reference point and rotation. */
export const Placement = z.object({
  partId: Id,
  modelId: ModelId,
  x: z.number().finite(),
  y: z.number().finite(),
  rotationDeg: z.number().finite(),
  /** Placed by hand: re-nesting keeps it where it is. */
  fixed: z.boolean().default(false),
});
export type Placement = z.infer<typeof Placement>;

export const TaskKind = z.enum(['setup', 'removal', 'qc']);
export type TaskKind = z.infer<typeof TaskKind>;

/** Operator work attached to a job. */
export const Task = z.object({
  id: Id,
  jobId: Id,
  kind: TaskKind,
  operatorId: Id.nullable(),
  start: IsoDateTime,
  end: IsoDateTime,
});
export type Task = z.infer<typeof Task>;

export const JobStatus = z.enum([
  'planned',
  'approved',
  'sent',
  'printing',
  'printed',
  'done',
  'failed',
  'cancelled',
]);
export type JobStatus = z.infer<typeof JobStatus>;

/**
 * The job lifecycle, followed by hand until printers report themselves: a job is approved before
 * it is sent (the approval is the technician's review), a sent job may be recalled until it
 * starts, and only a quality check finishes a printed job, because it decides which parts go
 * back to the queue. The core enforces it; the studio offers only these steps.
 */
export const JOB_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  planned: ['approved'],
  approved: ['planned', 'sent'],
  sent: ['approved', 'printing', 'printed', 'failed'],
  printing: ['printed', 'failed'],
  printed: ['done'],
  done: [],
  failed: [],
  cancelled: [],
};

/** One plate on one printer at one time. */
export const Job = z.object({
  id: Id,
  planId: Id,
  printerId: Id,
  profileId: Id.nullable(),
  start: IsoDateTime,
  end: IsoDateTime,
  estimateMinutes: z.number().min(0),
  uncertaintyMinutes: z.number().min(0).default(0),
  status: JobStatus,
  locked: z.boolean().default(false),
  placements: z.array(Placement),
  tasks: z.array(Task).default([]),
});
export type Job = z.infer<typeof Job>;

export const PlanKpis = z.object({
  partsPlanned: z.number().int().min(0),
  partsUnplanned: z.number().int().min(0),
  utilisation: z.number().min(0),
  tardinessHours: z.number().min(0),
  lateParts: z.number().int().min(0),
  operatorMinutes: z.number().min(0),
  plateDensity: z.number().min(0),
  waitingPlateHours: z.number().min(0),
});
export type PlanKpis = z.infer<typeof PlanKpis>;

export const PlanStatus = z.enum(['proposal', 'current', 'discarded', 'superseded']);
export type PlanStatus = z.infer<typeof PlanStatus>;

export const Plan = z.object({
  id: Id,
  createdAt: IsoDateTime,
  strategy: z.string().min(1).max(40),
  status: PlanStatus,
  kpis: PlanKpis.nullable(),
  jobs: z.array(Job).default([]),
  unplanned: z.array(z.object({ partId: Id, reason: z.string() })).default([]),
});
export type Plan = z.infer<typeof Plan>;
