import { z } from 'zod';
import { Plan } from '../../../shared/domain/plan';
import {
  applyTrigger,
  parseLocalDateTime,
  type PlanningInput,
  type Trigger,
} from '../../../shared/planning';

/**
 * Re-planning triggers for `plateshift plan` (a scenario's `triggers` list or `--trigger`), in the
 * shape of `applyTrigger`'s Trigger with the scenario's friendly times: `from`/`until` are local
 * date-times in the scenario's zone, and a failed QC may name only its parts (the job holding them
 * in the previous plan is found).
 */
const LocalDateTime = z.string().min(10);

export const ScenarioTrigger = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('order-changed'), orderIds: z.array(z.string()).optional() }).strict(),
  z
    .object({
      kind: z.literal('printer-down'),
      printerId: z.string().min(1),
      from: LocalDateTime.optional(),
      until: LocalDateTime.optional(),
      reason: z.string().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('printer-back'), printerId: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('calendar-changed') }).strict(),
  z
    .object({
      kind: z.literal('qc-failed'),
      jobId: z.string().min(1).optional(),
      failedPartIds: z.array(z.string().min(1)).min(1),
    })
    .strict(),
  z
    .object({
      kind: z.literal('printer-available'),
      printerId: z.string().min(1),
      failedPartIds: z.array(z.string().min(1)).optional(),
    })
    .strict(),
]);
export type ScenarioTrigger = z.infer<typeof ScenarioTrigger>;

/** The plan in force, from a `plan --json` result (its `plan`) or a bare plan. */
export function previousPlanFromJson(json: unknown): Plan {
  const candidate =
    json && typeof json === 'object' && 'plan' in json ? (json as { plan: unknown }).plan : json;
  const parsed = Plan.safeParse(candidate);
  if (!parsed.success) throw new Error(`not a plan:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** A trigger in the planner's terms, checked against the input it applies to. */
export function resolveTrigger(
  t: ScenarioTrigger,
  input: PlanningInput,
  timezone: string,
): Trigger {
  const iso = (local: string) => new Date(parseLocalDateTime(local, timezone)).toISOString();
  const printer = (id: string) => {
    if (!input.printers.some((p) => p.id === id))
      throw new Error(`trigger ${t.kind} names unknown printer “${id}”`);
  };
  switch (t.kind) {
    case 'order-changed':
    case 'calendar-changed':
    case 'printer-back':
      if (t.kind === 'printer-back') printer(t.printerId);
      return t;
    case 'printer-down': {
      printer(t.printerId);
      const from = t.from === undefined ? undefined : iso(t.from);
      // applyTrigger takes a printer down for good only without `from`; down from a given moment
      // on is a maintenance window to the end of the horizon.
      const horizonDays = input.horizonDays ?? input.settings.horizonDays;
      const until =
        t.until !== undefined
          ? iso(t.until)
          : from !== undefined
            ? new Date(Date.parse(input.start) + horizonDays * 86_400_000).toISOString()
            : undefined;
      return {
        kind: 'printer-down',
        printerId: t.printerId,
        ...(from !== undefined ? { from } : {}),
        ...(until !== undefined ? { until } : {}),
        ...(t.reason !== undefined ? { reason: t.reason } : {}),
      };
    }
    case 'printer-available':
      printer(t.printerId);
      return t.failedPartIds === undefined
        ? { kind: 'printer-available', printerId: t.printerId }
        : { kind: 'printer-available', printerId: t.printerId, failedPartIds: t.failedPartIds };
    case 'qc-failed': {
      const jobs = input.previousPlan?.jobs ?? [];
      const first = t.failedPartIds[0] as string;
      const job = t.jobId
        ? jobs.find((j) => j.id === t.jobId)
        : jobs.find((j) => j.placements.some((p) => p.partId === first));
      if (!job) {
        throw new Error(
          t.jobId
            ? `trigger qc-failed names job “${t.jobId}”, which is not in the previous plan`
            : `trigger qc-failed: part “${first}” is on no job of the previous plan (give previousPlan or --previous)`,
        );
      }
      const onJob = new Set(job.placements.map((p) => p.partId));
      const stray = t.failedPartIds.find((p) => !onJob.has(p));
      if (stray) throw new Error(`trigger qc-failed: part “${stray}” is not on job ${job.id}`);
      return { kind: 'qc-failed', jobId: job.id, failedPartIds: t.failedPartIds };
    }
  }
}

/** Applies the triggers in order, as the events happened. */
export function applyTriggers(
  input: PlanningInput,
  triggers: readonly ScenarioTrigger[],
  timezone: string,
): { input: PlanningInput; applied: Trigger[] } {
  const applied: Trigger[] = [];
  let next = input;
  for (const t of triggers) {
    const trigger = resolveTrigger(t, next, timezone);
    applied.push(trigger);
    next = applyTrigger(next, trigger);
  }
  return { input: next, applied };
}

/** One line per applied trigger for the table output, times through `at` (local). */
export function describeTrigger(t: Trigger, at: (iso: string) => string = (iso) => iso): string {
  switch (t.kind) {
    case 'printer-down':
      return `printer ${t.printerId} down${t.from ? ` from ${at(t.from)}` : ''}${t.until ? ` until ${at(t.until)}` : ''}`;
    case 'printer-back':
      return `printer ${t.printerId} back`;
    case 'printer-available':
      return `printer ${t.printerId} finished and cleared${t.failedPartIds?.length ? ` (${t.failedPartIds.length} parts failed)` : ''}`;
    case 'qc-failed':
      return `QC of job ${t.jobId}: ${t.failedPartIds.length} parts failed, back in the queue`;
    case 'order-changed':
      return 'orders changed';
    case 'calendar-changed':
      return 'calendar changed';
  }
}
