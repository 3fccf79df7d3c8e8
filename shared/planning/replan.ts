import { type Job, type Plan } from '../domain/plan';
import { type Order, type OrderLine, type Part } from '../domain/order';
import { type PlanningInput } from './input';

/** A job as the diff reports it. */
export interface JobRef {
  jobId: string;
  printerId: string;
  start: string;
  end: string;
  partIds: string[];
}

/** What a re-plan changed versus the plan in force. */
export interface PlanDiff {
  added: JobRef[];
  removed: JobRef[];
  /** Same parts, different printer or time. */
  moved: { from: JobRef; to: JobRef }[];
  unchanged: string[];
  partsNewlyPlanned: string[];
  partsNoLongerPlanned: string[];
  summary: string;
}

function ref(job: Job): JobRef {
  return {
    jobId: job.id,
    printerId: job.printerId,
    start: job.start,
    end: job.end,
    partIds: job.placements.map((p) => p.partId).sort(),
  };
}

const partKey = (j: JobRef) => j.partIds.join(',');

/** Matches jobs by id (ids derive from printer, start and parts), then by identical part sets. */
export function diffPlans(previous: Pick<Plan, 'jobs'>, next: Pick<Plan, 'jobs'>): PlanDiff {
  const before = previous.jobs
    .filter((j) => !['done', 'cancelled', 'failed'].includes(j.status))
    .map(ref);
  const after = next.jobs.map(ref);
  const afterIds = new Set(after.map((j) => j.jobId));
  const unchanged = before.filter((j) => afterIds.has(j.jobId)).map((j) => j.jobId);
  const keep = new Set(unchanged);
  const restBefore = before.filter((j) => !keep.has(j.jobId));
  const restAfter = after.filter((j) => !keep.has(j.jobId));
  const byParts = new Map<string, JobRef[]>();
  for (const j of restAfter) {
    const list = byParts.get(partKey(j)) ?? [];
    list.push(j);
    byParts.set(partKey(j), list);
  }
  const moved: { from: JobRef; to: JobRef }[] = [];
  const removed: JobRef[] = [];
  const matched = new Set<string>();
  for (const j of restBefore) {
    const candidate = byParts.get(partKey(j))?.find((c) => !matched.has(c.jobId));
    if (candidate) {
      matched.add(candidate.jobId);
      moved.push({ from: j, to: candidate });
    } else removed.push(j);
  }
  const added = restAfter.filter((j) => !matched.has(j.jobId));
  const plannedBefore = new Set(before.flatMap((j) => j.partIds));
  const plannedAfter = new Set(after.flatMap((j) => j.partIds));
  const partsNewlyPlanned = [...plannedAfter].filter((p) => !plannedBefore.has(p)).sort();
  const partsNoLongerPlanned = [...plannedBefore].filter((p) => !plannedAfter.has(p)).sort();
  const summary =
    `${unchanged.length} unchanged, ${moved.length} moved, ${added.length} added, ${removed.length} removed` +
    `; ${partsNewlyPlanned.length} parts newly planned, ${partsNoLongerPlanned.length} no longer planned`;
  return { added, removed, moved, unchanged, partsNewlyPlanned, partsNoLongerPlanned, summary };
}

/**
 * Seed 002's three triggers (order, production resource, machine availability) plus the
 * resource changes DESIGN §4 names. `applyTrigger` turns one into a changed planning input for
 * callers that hold a scenario rather than a workspace: `plateshift plan` applies a scenario's
 * `triggers` and its `--trigger` options with it (electron/cli/commands/plan-triggers.ts). The
 * studio does not call it: there the event is stored (printers.save, jobs.update, jobs.reportQc),
 * the next planning input is read from storage with it, and plans.changes lists it. Either way,
 * locked, approved, sent and running jobs of the previous plan stay; the rest is re-planned and
 * the result's diff says what changed.
 */
export type Trigger =
  /** New, changed or removed order: the input already carries the new order list. */
  | { kind: 'order-changed'; orderIds?: string[] }
  /** Printer down: until a time (maintenance window) or indefinitely (offline). */
  | { kind: 'printer-down'; printerId: string; from?: string; until?: string; reason?: string }
  | { kind: 'printer-back'; printerId: string }
  /** Operator calendar changed: the input carries the new calendar. */
  | { kind: 'calendar-changed' }
  /** A job came back from QC with failed parts: they return to the queue, the rest are done. */
  | { kind: 'qc-failed'; jobId: string; failedPartIds: string[] }
  /** A printer finished and was cleared: its running job is done, the printer is free. */
  | { kind: 'printer-available'; printerId: string; failedPartIds?: string[] };

function withParts(line: OrderLine): Part[] {
  return line.parts.length > 0
    ? line.parts
    : Array.from({ length: line.quantity }, (_, k) => ({
        id: `${line.id}#${k + 1}`,
        orderLineId: line.id,
        copy: k + 1,
        status: 'queued' as const,
      }));
}

function setPartStatuses(orders: Order[], statuses: ReadonlyMap<string, Part['status']>): Order[] {
  return orders.map((o) => ({
    ...o,
    lines: o.lines.map((l) => {
      const parts = withParts(l);
      if (!parts.some((p) => statuses.has(p.id))) return l;
      return { ...l, parts: parts.map((p) => ({ ...p, status: statuses.get(p.id) ?? p.status })) };
    }),
  }));
}

function finishJob(input: PlanningInput, job: Job, failed: readonly string[]): PlanningInput {
  const failedSet = new Set(failed);
  const statuses = new Map<string, Part['status']>(
    job.placements.map((p) => [p.partId, failedSet.has(p.partId) ? 'failed' : 'done']),
  );
  const previousPlan = input.previousPlan && {
    ...input.previousPlan,
    jobs: input.previousPlan.jobs.map((j) =>
      j.id === job.id ? { ...j, status: 'done' as const, locked: false } : j,
    ),
  };
  return { ...input, previousPlan, orders: setPartStatuses(input.orders, statuses) };
}

export function applyTrigger(input: PlanningInput, trigger: Trigger): PlanningInput {
  switch (trigger.kind) {
    case 'order-changed':
    case 'calendar-changed':
      return input;
    case 'printer-down':
      return {
        ...input,
        printers: input.printers.map((p) => {
          if (p.id !== trigger.printerId) return p;
          if (!trigger.until) return { ...p, status: 'offline' as const };
          return {
            ...p,
            maintenance: [
              ...p.maintenance,
              {
                start: trigger.from ?? input.start,
                end: trigger.until,
                reason: trigger.reason ?? 'printer down',
              },
            ],
          };
        }),
      };
    case 'printer-back':
      return {
        ...input,
        printers: input.printers.map((p) =>
          p.id === trigger.printerId
            ? {
                ...p,
                status: 'available' as const,
                // Any window in force right now is over.
                maintenance: p.maintenance.filter(
                  (m) =>
                    !(
                      Date.parse(m.start) <= Date.parse(input.start) &&
                      Date.parse(m.end) > Date.parse(input.start)
                    ),
                ),
              }
            : p,
        ),
      };
    case 'qc-failed': {
      const job = input.previousPlan?.jobs.find((j) => j.id === trigger.jobId);
      if (!job) return input;
      return finishJob(input, job, trigger.failedPartIds);
    }
    case 'printer-available': {
      const running = (input.previousPlan?.jobs ?? []).filter(
        (j) =>
          j.printerId === trigger.printerId && ['sent', 'printing', 'printed'].includes(j.status),
      );
      return running.reduce((acc, job) => finishJob(acc, job, trigger.failedPartIds ?? []), input);
    }
  }
}
