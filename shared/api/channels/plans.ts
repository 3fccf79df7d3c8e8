import { z } from 'zod';
import { Id, IsoDateTime, Job, Placement, Plan, PlanKpis } from '../../domain';
import { ById, channel, Deleted, Empty } from '../channel';

export const StrategyName = z.enum(['plateshift', 'fcfs', 'olcq', 'ffdh', 'ffdh-ga']);
export type StrategyName = z.infer<typeof StrategyName>;

const JobRef = z.object({
  jobId: z.string(),
  printerId: z.string(),
  start: z.string(),
  end: z.string(),
  partIds: z.array(z.string()),
});

/** What a proposal changes versus the plan in force (jobs matched by id, then by part set). */
export const PlanDiff = z.object({
  added: z.array(JobRef),
  removed: z.array(JobRef),
  moved: z.array(z.object({ from: JobRef, to: JobRef })),
  unchanged: z.array(z.string()),
  partsNewlyPlanned: z.array(z.string()),
  partsNoLongerPlanned: z.array(z.string()),
  summary: z.string(),
});
export type PlanDiff = z.infer<typeof PlanDiff>;

export const PlanProposal = z.object({
  plan: Plan,
  /** Null when no plan was in force. */
  diff: PlanDiff.nullable(),
  kpisBefore: PlanKpis.nullable(),
});
export type PlanProposal = z.infer<typeof PlanProposal>;

export const JobUpdate = z
  .object({
    id: Id,
    printerId: Id.optional(),
    /** Moving in time: give `start`; the job keeps its duration unless `end` is given too. */
    start: IsoDateTime.optional(),
    end: IsoDateTime.optional(),
    locked: z.boolean().optional(),
    /**
     * The technician approves a job for sending (or takes the approval back), then follows it
     * by hand: sent, printing, printed, or failed (its parts return to the queue). The
     * repository refuses transitions out of order; a printed job is finished by `jobs.reportQc`.
     */
    status: z.enum(['planned', 'approved', 'sent', 'printing', 'printed', 'failed']).optional(),
    reason: z.string().max(500).optional(),
  })
  .strict();

/** Something the planner reads that changed after the plan in force was accepted. */
export const PlanChange = z.object({
  /** `qc`: a printed job was checked (failed parts are back in the queue, the printer is free);
   * `job`: a print failed and all its parts are back in the queue. */
  kind: z.enum(['order', 'printer', 'calendar', 'profile', 'settings', 'model', 'qc', 'job']),
  action: z.string(),
  entityId: z.string(),
  at: IsoDateTime,
  message: z.string(),
});
export type PlanChange = z.infer<typeof PlanChange>;

export const PlanChanges = z.object({
  /** The plan in force (null when none). */
  planId: z.string().nullable(),
  /** When it was accepted. */
  since: IsoDateTime.nullable(),
  /** Newest first, one per thing changed. */
  changes: z.array(PlanChange),
});
export type PlanChanges = z.infer<typeof PlanChanges>;

export const planChannels = {
  'plans.current': channel(Empty, Plan.nullable(), 'The plan currently in force, if any.'),
  'plans.changes': channel(
    Empty,
    PlanChanges,
    'What changed in orders, printers, calendar, profiles or settings since the plan in force was accepted (the re-planning triggers).',
  ),
  'plans.list': channel(Empty, z.array(Plan.omit({ jobs: true })), 'Plans, newest first.'),
  'plans.get': channel(ById, Plan, 'One plan with its jobs.'),
  'plans.propose': channel(
    z
      .object({
        /** Chosen by the caller so it can cancel (tasks.cancel) and follow progress. */
        taskId: z.string().min(1).max(128).optional(),
        strategy: StrategyName.default('plateshift'),
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31)
          .default(1),
        timeLimitSeconds: z.number().min(0).max(600).default(20),
        /**
         * Plan as of this moment instead of now (what-if planning, reproducible runs; the same
         * as `plateshift plan --workspace DIR --as-of`).
         */
        asOf: IsoDateTime.optional(),
      })
      .strict(),
    PlanProposal,
    'Run the planner on the queue; the result is stored as a proposal next to the plan in force.',
  ),
  'plans.accept': channel(
    z.object({ id: Id, jobIds: z.array(Id).max(10000).optional() }).strict(),
    Plan,
    'Put a proposal in force: all of it, or only the listed jobs.',
  ),
  'plans.discard': channel(ById, Deleted, 'Throw a proposal away.'),
  'jobs.update': channel(
    JobUpdate,
    Job,
    'Move a job in time or to another printer, lock it, approve it, or mark it sent, printing, printed or failed.',
  ),
  'jobs.reportQc': channel(
    z
      .object({
        jobId: Id,
        /** Parts that did not pass; every other part of the job is done. */
        failedPartIds: z.array(Id).max(5000),
        note: z.string().max(500).optional(),
      })
      .strict(),
    Job,
    'Finish a printed job with its quality check: passed parts are done, failed parts return to the queue for the next plan.',
  ),
  'jobs.setPlacements': channel(
    z.object({ id: Id, placements: z.array(Placement).max(5000) }).strict(),
    Job,
    'Replace the arrangement of a job’s plate (parts moved, rotated, added or dropped by hand).',
  ),
  'jobs.renest': channel(
    z.object({ id: Id, taskId: z.string().min(1).max(128).optional() }).strict(),
    Job,
    'Re-arrange a job’s plate with the nesting engine, keeping parts marked fixed where they are.',
  ),
};
