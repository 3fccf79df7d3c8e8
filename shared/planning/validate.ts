import { type Interval } from './calendar';
import { type Job, type Plan } from '../domain/plan';
import { layoutViolations } from './final-nesting';
import { isFrozen, type PlanningContext } from './problem';
import { EPS, minutesFromIso } from './time';

export interface Violation {
  code:
    | 'task-missing'
    | 'task-outside-shift'
    | 'operator-overlap'
    | 'printer-overlap'
    | 'printer-blocked'
    | 'printer-unavailable'
    | 'sequence'
    | 'horizon'
    | 'part-twice'
    | 'part-lost'
    | 'incompatible'
    | 'placement';
  jobId?: string;
  message: string;
}

function span(job: Job): Interval {
  const times = [minutesFromIso(job.start), minutesFromIso(job.end)];
  for (const t of job.tasks) times.push(minutesFromIso(t.start), minutesFromIso(t.end));
  return { start: Math.min(...times), end: Math.max(...times) };
}

/**
 * Every rule a plan must obey, checked independently of how it was built: tasks inside their
 * operator's shifts and one at a time per operator; one job at a time per printer, never over
 * maintenance; setup → print → buffer and margin → removal; parts planned once or reported
 * unplanned; profiles compatible; placements on the bed and apart. Frozen jobs are taken as given
 * (they may predate a calendar change) but still block others.
 */
export function validatePlan(
  ctx: PlanningContext,
  plan: Pick<Plan, 'jobs' | 'unplanned'>,
): Violation[] {
  const out: Violation[] = [];
  const book = ctx.newBook();
  const printers = new Map(ctx.printers.map((p) => [p.id, p]));
  const partById = new Map(ctx.parts.map((p) => [p.id, p]));
  const byOperator = new Map<string, { start: number; end: number; jobId: string }[]>();
  const byPrinter = new Map<string, { span: Interval; jobId: string }[]>();
  const seen = new Set<string>();

  for (const job of plan.jobs) {
    const frozen = isFrozen(job);
    const printer = printers.get(job.printerId);
    const s = span(job);
    const list = byPrinter.get(job.printerId) ?? [];
    list.push({ span: s, jobId: job.id });
    byPrinter.set(job.printerId, list);
    for (const pl of job.placements) {
      if (seen.has(pl.partId))
        out.push({
          code: 'part-twice',
          jobId: job.id,
          message: `part ${pl.partId} is on two jobs`,
        });
      seen.add(pl.partId);
    }
    for (const t of job.tasks) {
      if (!t.operatorId) continue;
      const l = byOperator.get(t.operatorId) ?? [];
      l.push({ start: minutesFromIso(t.start), end: minutesFromIso(t.end), jobId: job.id });
      byOperator.set(t.operatorId, l);
    }
    if (frozen) continue;

    if (!printer) {
      out.push({
        code: 'printer-unavailable',
        jobId: job.id,
        message: `unknown printer ${job.printerId}`,
      });
      continue;
    }
    if (!printer.available)
      out.push({
        code: 'printer-unavailable',
        jobId: job.id,
        message: `${printer.name} is not available`,
      });
    for (const b of printer.blocked) {
      if (b.start < s.end - EPS && s.start < b.end - EPS) {
        out.push({
          code: 'printer-blocked',
          jobId: job.id,
          message: `${job.id} overlaps maintenance or a frozen job on ${printer.name}`,
        });
      }
    }
    const setup = job.tasks.find((t) => t.kind === 'setup');
    const removal = job.tasks.find((t) => t.kind === 'removal');
    if (!setup || !removal) {
      out.push({
        code: 'task-missing',
        jobId: job.id,
        message: `${job.id} lacks a setup or removal task`,
      });
      continue;
    }
    for (const t of [setup, removal]) {
      const a = minutesFromIso(t.start);
      const b = minutesFromIso(t.end);
      if (!t.operatorId || !book.onShift(t.operatorId, a, b)) {
        out.push({
          code: 'task-outside-shift',
          jobId: job.id,
          message: `${t.kind} of ${job.id} is outside an operator shift`,
        });
      }
    }
    const start = minutesFromIso(job.start);
    const end = minutesFromIso(job.end);
    if (minutesFromIso(setup.end) > start + EPS)
      out.push({
        code: 'sequence',
        jobId: job.id,
        message: `${job.id} starts before its setup ends`,
      });
    if (end + job.uncertaintyMinutes + ctx.buffer > minutesFromIso(removal.start) + EPS) {
      out.push({
        code: 'sequence',
        jobId: job.id,
        message: `${job.id} is removed before its end + margin + buffer`,
      });
    }
    if (Math.abs(end - start - job.estimateMinutes) > 1 / 60 + EPS) {
      out.push({
        code: 'sequence',
        jobId: job.id,
        message: `${job.id} lasts ${end - start} min but is estimated at ${job.estimateMinutes}`,
      });
    }
    if (s.start < ctx.start - EPS || s.end > ctx.end + EPS)
      out.push({
        code: 'horizon',
        jobId: job.id,
        message: `${job.id} leaves the planning horizon`,
      });
    const profile = job.profileId ? ctx.profiles.get(job.profileId) : undefined;
    if (!profile || !printer.profiles.some((p) => p.id === profile.id)) {
      out.push({
        code: 'incompatible',
        jobId: job.id,
        message: `${printer.name} does not offer profile ${job.profileId}`,
      });
    }
    const items = [];
    for (const pl of job.placements) {
      const part = partById.get(pl.partId);
      if (!part) {
        out.push({ code: 'part-lost', jobId: job.id, message: `unknown part ${pl.partId}` });
        continue;
      }
      items.push(part.item);
      if (profile && !part.profileIds.includes(profile.id)) {
        out.push({
          code: 'incompatible',
          jobId: job.id,
          message: `part ${part.id} does not match profile ${profile.id}`,
        });
      }
      if (part.received > minutesFromIso(setup.start) + EPS) {
        out.push({
          code: 'sequence',
          jobId: job.id,
          message: `part ${part.id} is set up before its order arrived`,
        });
      }
    }
    // Every layout, whoever made it, is checked by the nesting engine's validator on the true
    // footprints (an area-check plate without real placements has nothing to check).
    const exact = job.placements.some((p) => p.x !== 0 || p.y !== 0 || p.rotationDeg !== 0);
    if (exact || job.placements.length === 1) {
      const poses = job.placements.map((p) => ({
        id: p.partId,
        x: p.x,
        y: p.y,
        rotationDeg: p.rotationDeg,
      }));
      for (const m of layoutViolations(printer.bed, items, poses, ctx.spacing)) {
        out.push({ code: 'placement', jobId: job.id, message: m });
      }
    }
  }

  for (const [printerId, list] of byPrinter) {
    list.sort((a, b) => a.span.start - b.span.start);
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1];
      const b = list[i];
      if (a && b && b.span.start < a.span.end - EPS) {
        out.push({
          code: 'printer-overlap',
          jobId: b.jobId,
          message: `${a.jobId} and ${b.jobId} overlap on ${printerId}`,
        });
      }
    }
  }
  for (const [operatorId, list] of byOperator) {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 0; i < list.length; i++) {
      const b = list[i] as (typeof list)[number];
      for (let k = i - 1; k >= 0; k--) {
        const a = list[k] as (typeof list)[number];
        // Zero-length tasks (a setup of 0 minutes) touch others but never overlap them.
        if (b.start < a.end - EPS && a.start < b.end - EPS) {
          out.push({
            code: 'operator-overlap',
            jobId: b.jobId,
            message: `${operatorId} has two tasks at once (${a.jobId}, ${b.jobId})`,
          });
        }
        if (a.end < b.start - 24 * 60) break;
      }
    }
  }
  const unplanned = new Set(plan.unplanned.map((u) => u.partId));
  for (const part of ctx.parts) {
    if (!seen.has(part.id) && !unplanned.has(part.id)) {
      out.push({
        code: 'part-lost',
        message: `part ${part.id} is neither planned nor reported unplanned`,
      });
    }
    if (seen.has(part.id) && unplanned.has(part.id)) {
      out.push({
        code: 'part-twice',
        message: `part ${part.id} is planned and reported unplanned`,
      });
    }
  }
  for (const u of plan.unplanned) {
    if (u.reason.trim().length === 0) {
      out.push({ code: 'part-lost', message: `part ${u.partId} is unplanned without a reason` });
    }
  }
  return out;
}
