import { type Interval, mergeIntervals } from './calendar';
import { type Job, type Plan, type PlanKpis } from '../domain/plan';
import { type PlanningContext } from './problem';
import { minutesFromIso } from './time';

/** Extra figures beside the domain KPIs (reports, benchmarks). */
export interface PlanStats {
  jobs: number;
  /** Print minutes inside the horizon. */
  printMinutes: number;
  /** Removal end of the last job (ISO), or null. */
  lastRemoval: string | null;
  /** Mean hours from a part's arrival (or plan start) to its removal. */
  meanLeadHours: number;
  /** Parts whose order has a due date and that are unplanned. */
  unplannedWithDue: number;
  /** Jobs scheduled backwards (delayed start). */
  backwardJobs: number;
  /**
   * Print time ÷ printer time from the start to the last removal (the makespan). The horizon
   * figure cannot separate strategies that plan every part (same print minutes, same horizon);
   * this one rewards finishing the same work sooner.
   */
  utilisationMakespan: number;
  /** Print time ÷ printer time within the first 7 days (how busy the farm is kept early on). */
  utilisationFirstWeek: number;
}

export interface PartInfo {
  due: number | null;
  received: number;
  footprintArea: number;
}

/** Due date, arrival and footprint area of every part in the input (frozen jobs included). */
export function partInfo(ctx: PlanningContext): Map<string, PartInfo> {
  const models = new Map(ctx.input.models.map((m) => [m.id, m]));
  const out = new Map<string, PartInfo>();
  for (const order of ctx.input.orders) {
    for (const line of order.lines) {
      const model = models.get(line.modelId);
      const area = model ? (model.footprintAreaMm2 ?? model.widthMm * model.depthMm) : 0;
      const ids =
        line.parts.length > 0
          ? line.parts.map((p) => p.id)
          : Array.from({ length: line.quantity }, (_, k) => `${line.id}#${k + 1}`);
      for (const id of ids) {
        out.set(id, {
          due: order.dueAt ? minutesFromIso(order.dueAt) : null,
          received: minutesFromIso(order.receivedAt),
          footprintArea: area,
        });
      }
    }
  }
  return out;
}

function overlap(a: Interval, b: Interval): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/** When a job's parts are done: the end of its removal task (else the print end). */
export function completionOf(job: Job): number {
  const removal = job.tasks.filter((t) => t.kind === 'removal').map((t) => minutesFromIso(t.end));
  return removal.length > 0 ? Math.max(...removal) : minutesFromIso(job.end);
}

export function computeKpis(
  ctx: PlanningContext,
  plan: Pick<Plan, 'jobs' | 'unplanned'>,
): { kpis: PlanKpis; stats: PlanStats } {
  const info = partInfo(ctx);
  const horizon: Interval = { start: ctx.start, end: ctx.end };
  const capacityIn = (span: Interval) => {
    let c = 0;
    for (const p of ctx.printers) {
      if (!p.available) continue;
      const maintenance = mergeIntervals(
        p.printer.maintenance.map((m) => ({
          start: minutesFromIso(m.start),
          end: minutesFromIso(m.end),
        })),
      );
      c += span.end - span.start - maintenance.reduce((s, m) => s + overlap(m, span), 0);
    }
    return Math.max(0, c);
  };
  const capacity = capacityIn(horizon);
  const firstWeek: Interval = { start: ctx.start, end: Math.min(ctx.end, ctx.start + 7 * 1440) };
  let firstWeekPrint = 0;
  const usableArea = new Map(ctx.printers.map((p) => [p.id, p.usableArea]));
  let printMinutes = 0;
  let tardiness = 0;
  let late = 0;
  let operator = 0;
  let density = 0;
  let waiting = 0;
  let planned = 0;
  let lead = 0;
  let lastRemoval = -Infinity;
  let backward = 0;
  for (const job of plan.jobs) {
    const start = minutesFromIso(job.start);
    const end = minutesFromIso(job.end);
    printMinutes += overlap({ start, end }, horizon);
    firstWeekPrint += overlap({ start, end }, firstWeek);
    const done = completionOf(job);
    lastRemoval = Math.max(lastRemoval, done);
    if (start > minutesFromIso(job.tasks.find((t) => t.kind === 'setup')?.end ?? job.start) + 1)
      backward++;
    let area = 0;
    for (const pl of job.placements) {
      const pi = info.get(pl.partId);
      planned++;
      if (!pi) continue;
      area += pi.footprintArea;
      lead += done - Math.max(pi.received, ctx.start);
      if (pi.due !== null && done > pi.due + 1e-6) {
        tardiness += done - pi.due;
        late++;
      }
    }
    density += area / (usableArea.get(job.printerId) || 1);
    for (const t of job.tasks) operator += minutesFromIso(t.end) - minutesFromIso(t.start);
    const removal = job.tasks.find((t) => t.kind === 'removal');
    if (removal) waiting += Math.max(0, minutesFromIso(removal.start) - end);
  }
  const makespan: Interval = {
    start: ctx.start,
    end: Number.isFinite(lastRemoval) ? Math.min(lastRemoval, ctx.end) : ctx.start,
  };
  const makespanCapacity = capacityIn(makespan);
  const firstWeekCapacity = capacityIn(firstWeek);
  const unplannedWithDue = plan.unplanned.filter((u) => info.get(u.partId)?.due != null).length;
  return {
    kpis: {
      partsPlanned: planned,
      partsUnplanned: plan.unplanned.length,
      utilisation: capacity > 0 ? printMinutes / capacity : 0,
      tardinessHours: tardiness / 60,
      lateParts: late,
      operatorMinutes: operator,
      plateDensity: plan.jobs.length > 0 ? density / plan.jobs.length : 0,
      waitingPlateHours: waiting / 60,
    },
    stats: {
      jobs: plan.jobs.length,
      printMinutes,
      lastRemoval: Number.isFinite(lastRemoval)
        ? new Date(Math.round(lastRemoval * 60) * 1000).toISOString()
        : null,
      meanLeadHours: planned > 0 ? lead / planned / 60 : 0,
      unplannedWithDue,
      backwardJobs: backward,
      utilisationMakespan: makespanCapacity > 0 ? printMinutes / makespanCapacity : 0,
      utilisationFirstWeek: firstWeekCapacity > 0 ? firstWeekPrint / firstWeekCapacity : 0,
    },
  };
}

/**
 * One number to compare complete plans of the same input (lower is better), in printer-minutes:
 * parts left out (per part and per print minute), tardiness, flow and job costs with the run's
 * weights. Used to
 * keep the better of the heuristic and the MIP-guided plan.
 */
export function planObjective(
  ctx: PlanningContext,
  plan: Pick<Plan, 'jobs' | 'unplanned'>,
  unplannedMinutes: number,
): number {
  const info = partInfo(ctx);
  const w = ctx.weights;
  const queued = new Set(ctx.parts.map((p) => p.id));
  const leftOut = plan.unplanned.filter((u) => queued.has(u.partId)).length;
  let cost = w.leftover * unplannedMinutes + w.unplannedPart * leftOut;
  for (const job of plan.jobs) {
    const done = completionOf(job);
    cost += w.job;
    for (const pl of job.placements) {
      const pi = info.get(pl.partId);
      if (!pi) continue;
      cost += w.flow * (done - Math.max(pi.received, ctx.start));
      if (pi.due !== null) cost += w.tardiness * Math.max(0, done - pi.due);
    }
  }
  return cost;
}
