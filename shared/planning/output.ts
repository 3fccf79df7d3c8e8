import { type Job, type Placement, type Task } from '../domain/plan';
import { boundsProblem } from './plate';
import { type PlanningContext, type PPart } from './problem';
import { sha256Hex } from './sha256';
import { type PlannedJob, type PlanState } from './state';
import { formatDuration, isoFromMinutes } from './time';

export type UnplannedCode =
  | 'no-profile'
  | 'no-printer-profile'
  | 'too-large'
  | 'too-tall'
  | 'printer-unavailable'
  | 'not-received'
  | 'too-long'
  | 'capacity'
  | 'no-model-facts'
  | 'order-closed'
  | 'cancelled';

export interface UnplannedPart {
  partId: string;
  code: UnplannedCode | string;
  reason: string;
}

/** Stable across re-plans: the same parts on the same printer at the same time keep their id. */
export function jobId(printerId: string, start: string, partIds: readonly string[]): string {
  return `job-${sha256Hex(`${printerId}|${start}|${[...partIds].sort().join(',')}`).slice(0, 16)}`;
}

export function toDomainJob(ctx: PlanningContext, job: PlannedJob, planId: string): Job {
  const printer = ctx.printers[job.printerIdx];
  if (!printer) throw new Error('job on an unknown printer');
  const parts = job.partIdxs.map((i) => ctx.parts[i] as PPart);
  const start = isoFromMinutes(job.start);
  const id = jobId(
    printer.id,
    start,
    parts.map((p) => p.id),
  );
  const pose = new Map(job.placements.map((p) => [p.id, p]));
  const placements: Placement[] = parts.map((p) => {
    const at = pose.get(p.id);
    return {
      partId: p.id,
      modelId: p.modelId,
      x: at?.x ?? 0,
      y: at?.y ?? 0,
      rotationDeg: at?.rotationDeg ?? 0,
      fixed: false,
    };
  });
  const tasks: Task[] = [
    {
      id: `${id}-setup`,
      jobId: id,
      kind: 'setup',
      operatorId: job.setup.operatorId,
      start: isoFromMinutes(job.setup.start),
      end: isoFromMinutes(job.setup.end),
    },
    {
      id: `${id}-removal`,
      jobId: id,
      kind: 'removal',
      operatorId: job.removal.operatorId,
      start: isoFromMinutes(job.removal.start),
      end: isoFromMinutes(job.removal.end),
    },
  ];
  return {
    id,
    planId,
    printerId: printer.id,
    profileId: job.profileId,
    start,
    end: isoFromMinutes(job.end),
    estimateMinutes: Math.round(job.estimate * 60) / 60,
    uncertaintyMinutes: Math.round(job.uncertainty * 60) / 60,
    status: 'planned',
    locked: false,
    placements,
    tasks,
  };
}

/** The longest print a window could hold on this printer within the horizon (rough upper bound). */
function longestWindow(ctx: PlanningContext): number {
  let first = Infinity;
  let last = -Infinity;
  for (const a of ctx.availability) {
    for (const i of a.intervals) {
      if (i.end <= ctx.start || i.start >= ctx.end) continue;
      first = Math.min(first, Math.max(i.start, ctx.start));
      last = Math.max(last, Math.min(i.end, ctx.end));
    }
  }
  if (!Number.isFinite(first)) return 0;
  return last - first - ctx.setup - ctx.removal - ctx.buffer;
}

/** Why each part that is not on a job stayed in the queue, in words a technician understands. */
export function unplannedReasons(ctx: PlanningContext, state: PlanState): UnplannedPart[] {
  const out: UnplannedPart[] = [];
  for (const [partId, why] of ctx.excluded)
    out.push({ partId, code: why.code, reason: why.reason });
  const maxSpan = longestWindow(ctx);
  for (const part of ctx.parts) {
    if (state.planned[part.idx]) continue;
    out.push({ partId: part.id, ...reasonFor(ctx, part, maxSpan) });
  }
  return out;
}

function reasonFor(
  ctx: PlanningContext,
  part: PPart,
  maxSpan: number,
): { code: UnplannedCode; reason: string } {
  const req = ctx.input.orders.flatMap((o) => o.lines).find((l) => l.id === part.lineId);
  const wanted = req?.profileId
    ? `profile ${ctx.profiles.get(req.profileId)?.name ?? req.profileId}`
    : [
        req?.material,
        req?.color,
        req?.layerHeightMm != null ? `at ${req.layerHeightMm} mm layers` : '',
      ]
        .filter(Boolean)
        .join(' ') || 'its requirements';
  if (part.profileIds.length === 0) {
    return { code: 'no-profile', reason: `no profile matches ${wanted}` };
  }
  const offering = ctx.printers.filter((pr) =>
    pr.profiles.some((p) => part.profileIds.includes(p.id)),
  );
  if (offering.length === 0) {
    return {
      code: 'no-printer-profile',
      reason: `no printer is set up for ${wanted} (profile or loaded material)`,
    };
  }
  const fitting = offering.filter((pr) => !boundsProblem(part.item, pr.bed, ctx.rotationStep));
  if (fitting.length === 0) {
    const problem =
      boundsProblem(part.item, (offering[0] as (typeof offering)[number]).bed, ctx.rotationStep) ??
      '';
    return {
      code: problem.startsWith('taller') ? 'too-tall' : 'too-large',
      reason: `${problem} on every printer set up for ${wanted}`,
    };
  }
  if (fitting.every((pr) => !pr.available)) {
    return {
      code: 'printer-unavailable',
      reason: 'every printer that could print it is offline or in maintenance',
    };
  }
  if (part.received >= ctx.end) {
    return { code: 'not-received', reason: 'its order arrives after the planning horizon' };
  }
  const minutes = Math.min(
    ...part.profileIds.filter((id) => ctx.profiles.has(id)).map((id) => ctx.minutes(part.idx, id)),
  );
  if (minutes > maxSpan) {
    return {
      code: 'too-long',
      reason: `its print time (${formatDuration(minutes)} h) is longer than any stretch between operator shifts within the horizon`,
    };
  }
  return {
    code: 'capacity',
    reason: `no room left on a compatible printer within the ${Math.round((ctx.end - ctx.start) / 1440)}-day horizon`,
  };
}
