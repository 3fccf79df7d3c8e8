import type { Calendar } from '../../../shared/domain/calendar';
import type { Model } from '../../../shared/domain/model';
import type { Job, Task } from '../../../shared/domain/plan';
import type { Printer } from '../../../shared/domain/printer';
import type { Profile } from '../../../shared/domain/profile';
import { buildAvailability } from '../../../shared/planning/calendar';
import { boundsOf, footprintBox, type PlateItem } from '../../../shared/planning/plate';
import { IntervalIndex } from './virtual-range';

/**
 * The Timeline's live checker. `validatePlan` (shared/planning) needs a full PlanningContext —
 * orders, parts, estimator, the compatibility matrix — which costs far more than a pointer move
 * allows, so this module indexes just what a move can break (operators' shifts and tasks, each
 * printer's occupancy, its status, maintenance, bed and profiles) once per data change and then
 * answers "what is wrong if this job sits here?" with a few binary searches.
 */

export type ConflictCode =
  | 'no-operator'
  | 'operator-busy'
  | 'printer-overlap'
  | 'printer-unavailable'
  | 'maintenance'
  | 'profile'
  | 'too-tall'
  | 'off-bed'
  | 'past';

export interface Conflict {
  jobId: string;
  code: ConflictCode;
  /** Errors break a rule; warnings deserve a look (a start already in the past). */
  severity: 'error' | 'warning';
  message: string;
}

/** Where a job would sit: the printer and the new start (the duration never changes). */
export interface JobPosition {
  printerId: string;
  startMs: number;
}

export interface ConflictInput {
  jobs: readonly Job[];
  printers: readonly Printer[];
  profiles: readonly Profile[];
  models: readonly Pick<Model, 'id' | 'name' | 'facts'>[];
  calendar: Calendar | null;
  /** Shifts are expanded over this span (the whole canvas, so any drop target is covered). */
  rangeMs: { startMs: number; endMs: number };
  /** Operators' shifts already expanded over `rangeMs` (saves expanding the calendar twice). */
  shifts?: ReadonlyMap<string, readonly { startMs: number; endMs: number }[]>;
  nowMs: number;
  /** "Sat 03:00" in the site's zone. */
  formatTime: (ms: number) => string;
}

/** Statuses whose time is a fact, not a plan: never flagged, but still in the way of others. */
const SETTLED = new Set<Job['status']>(['sent', 'printing', 'printed', 'done']);
/** Statuses that no longer occupy a printer or an operator. */
const GONE = new Set<Job['status']>(['failed', 'cancelled']);

interface Occupancy {
  jobId: string;
  startMs: number;
  endMs: number;
}

interface BookedTask extends Occupancy {
  kind: Task['kind'];
  printerId: string;
}

const ms = (iso: string) => Date.parse(iso);

/** A job's instants parsed once (Date.parse is the checker's main cost otherwise). */
interface ParsedJob {
  startMs: number;
  span: { startMs: number; endMs: number };
  tasks: { kind: Task['kind']; operatorId: string | null; startMs: number; endMs: number }[];
}

const parsedCache = new WeakMap<Job, ParsedJob>();
function parsed(job: Job): ParsedJob {
  let p = parsedCache.get(job);
  if (!p) {
    p = {
      startMs: ms(job.start),
      span: occupancy(job),
      tasks: job.tasks.map((t) => ({
        kind: t.kind,
        operatorId: t.operatorId,
        startMs: ms(t.start),
        endMs: ms(t.end),
      })),
    };
    parsedCache.set(job, p);
  }
  return p;
}

/** From setup to the end of removal: the printer holds the plate all that time. */
export function occupancy(job: Pick<Job, 'start' | 'end' | 'tasks'>, shiftMs = 0) {
  let startMs = Math.min(ms(job.start), ms(job.end));
  let endMs = Math.max(ms(job.start), ms(job.end));
  for (const t of job.tasks) {
    startMs = Math.min(startMs, ms(t.start));
    endMs = Math.max(endMs, ms(t.end));
  }
  return { startMs: startMs + shiftMs, endMs: endMs + shiftMs };
}

const TASK_NAMES: Record<Task['kind'], string> = {
  setup: 'setup',
  removal: 'removal',
  qc: 'QC',
};

const lc = (s: string) => s.trim().toLowerCase();

function plateItem(model: Pick<Model, 'id' | 'facts'>): PlateItem | null {
  const f = model.facts;
  if (!f) return null;
  return {
    id: model.id,
    widthMm: f.bbox.max.x - f.bbox.min.x,
    depthMm: f.bbox.max.y - f.bbox.min.y,
    heightMm: f.heightMm,
    hull: f.footprintHull,
    rotatable: true,
  };
}

export interface ConflictChecker {
  /** What is wrong with `job` at `position` (its own position when omitted). */
  check(job: Job, position?: JobPosition): Conflict[];
  /** Every job's conflicts at its current position, by job id (jobs without any are absent). */
  all(): Map<string, Conflict[]>;
}

export function createConflictChecker(input: ConflictInput): ConflictChecker {
  const { formatTime } = input;
  const printers = new Map(input.printers.map((p) => [p.id, p]));
  const profiles = new Map(input.profiles.map((p) => [p.id, p]));
  const models = new Map(input.models.map((m) => [m.id, m]));
  const operatorNames = new Map((input.calendar?.operators ?? []).map((o) => [o.id, o.name]));
  const printerName = (id: string) => printers.get(id)?.name ?? 'an unknown printer';

  const shifts = new Map<string, readonly { startMs: number; endMs: number }[]>();
  if (input.shifts) {
    const active = new Set(
      (input.calendar?.operators ?? []).filter((o) => o.active !== false).map((o) => o.id),
    );
    for (const [k, v] of input.shifts) if (active.has(k)) shifts.set(k, v);
  } else if (input.calendar) {
    const av = buildAvailability(
      input.calendar,
      input.rangeMs.startMs / 60_000,
      input.rangeMs.endMs / 60_000,
    );
    for (const a of av) {
      shifts.set(
        a.operatorId,
        a.intervals.map((i) => ({ startMs: i.start * 60_000, endMs: i.end * 60_000 })),
      );
    }
  }

  const live = input.jobs.filter((j) => !GONE.has(j.status));
  const byPrinter = new Map<string, IntervalIndex<Occupancy>>();
  const byOperator = new Map<string, IntervalIndex<BookedTask>>();
  {
    const occ = new Map<string, Occupancy[]>();
    const tasks = new Map<string, BookedTask[]>();
    for (const job of live) {
      const pj = parsed(job);
      const list = occ.get(job.printerId) ?? [];
      list.push({ jobId: job.id, ...pj.span });
      occ.set(job.printerId, list);
      for (const t of pj.tasks) {
        if (!t.operatorId) continue;
        const l = tasks.get(t.operatorId) ?? [];
        l.push({
          jobId: job.id,
          kind: t.kind,
          printerId: job.printerId,
          startMs: t.startMs,
          endMs: t.endMs,
        });
        tasks.set(t.operatorId, l);
      }
    }
    for (const [k, v] of occ)
      byPrinter.set(
        k,
        new IntervalIndex(
          v,
          (o) => o.startMs,
          (o) => o.endMs,
        ),
      );
    for (const [k, v] of tasks)
      byOperator.set(
        k,
        new IntervalIndex(
          v,
          (o) => o.startMs,
          (o) => o.endMs,
        ),
      );
  }

  /** Is the operator on shift for the whole of [a, b]? Shifts are sorted and merged. */
  const onShift = (operatorId: string, a: number, b: number): boolean => {
    const list = shifts.get(operatorId);
    if (!list) return false;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as { endMs: number }).endMs < b) lo = mid + 1;
      else hi = mid;
    }
    const s = list[lo];
    return s !== undefined && s.startMs <= a + 500 && s.endMs >= b - 500;
  };

  const busyWith = (operatorId: string, a: number, b: number, jobId: string) =>
    (byOperator.get(operatorId)?.query(a, b) ?? []).find(
      // Zero-length tasks touch others without overlapping them.
      (t) => t.jobId !== jobId && t.startMs < b - 500 && a < t.endMs - 500,
    );

  const freeOperators = (a: number, b: number, jobId: string) =>
    [...shifts.keys()].filter((op) => onShift(op, a, b) && !busyWith(op, a, b, jobId));

  // Whether a plate fits a printer does not depend on time: cache it per (job, printer).
  const fitCache = new Map<string, Omit<Conflict, 'jobId'>[]>();
  const fitProblems = (job: Job, printer: Printer): Omit<Conflict, 'jobId'>[] => {
    const key = `${job.id}|${printer.id}|${job.placements.length}`;
    const cached = fitCache.get(key);
    if (cached) return cached;
    const out: Omit<Conflict, 'jobId'>[] = [];
    const profile = job.profileId ? profiles.get(job.profileId) : undefined;
    if (profile) {
      if (!printer.profileIds.includes(profile.id)) {
        out.push({
          code: 'profile',
          severity: 'error',
          message: `${printer.name} does not offer the profile ${profile.name}`,
        });
      } else if (printer.loadedMaterial && lc(printer.loadedMaterial) !== lc(profile.material)) {
        out.push({
          code: 'profile',
          severity: 'error',
          message: `${printer.name} has ${printer.loadedMaterial} loaded; this plate needs ${profile.material} (${profile.name})`,
        });
      } else if (
        printer.loadedColor &&
        profile.color &&
        lc(printer.loadedColor) !== lc(profile.color)
      ) {
        out.push({
          code: 'profile',
          severity: 'error',
          message: `${printer.name} has ${printer.loadedColor} loaded; this plate needs ${profile.color}`,
        });
      }
    }
    const bed = boundsOf(printer.bed);
    const zones = printer.exclusionZones.map(boundsOf);
    let tallest: { name: string; h: number } | null = null;
    let off = 0;
    let inZone = 0;
    for (const p of job.placements) {
      const model = models.get(p.modelId);
      const item = model ? plateItem(model) : null;
      if (!model || !item) continue;
      if (item.heightMm > printer.maxHeightMm + 1e-6 && (!tallest || item.heightMm > tallest.h)) {
        tallest = { name: model.name, h: item.heightMm };
      }
      const r = footprintBox(item, p);
      const eps = 1e-3;
      if (
        r.x < bed.x - eps ||
        r.y < bed.y - eps ||
        r.x + r.w > bed.x + bed.w + eps ||
        r.y + r.h > bed.y + bed.h + eps
      ) {
        off++;
      } else if (
        zones.some((z) => r.x < z.x + z.w && r.x + r.w > z.x && r.y < z.y + z.h && r.y + r.h > z.y)
      ) {
        inZone++;
      }
    }
    if (tallest) {
      out.push({
        code: 'too-tall',
        severity: 'error',
        message: `${tallest.name} is ${Math.round(tallest.h)} mm tall; ${printer.name} prints up to ${Math.round(printer.maxHeightMm)} mm`,
      });
    }
    if (off > 0) {
      out.push({
        code: 'off-bed',
        severity: 'error',
        message: `${off === 1 ? '1 part lies' : `${off} parts lie`} outside the bed of ${printer.name} (${Math.round(bed.w)} × ${Math.round(bed.h)} mm)`,
      });
    }
    if (inZone > 0) {
      out.push({
        code: 'off-bed',
        severity: 'error',
        message: `${inZone === 1 ? '1 part sits' : `${inZone} parts sit`} on an exclusion zone of ${printer.name}`,
      });
    }
    fitCache.set(key, out);
    return out;
  };

  const check = (job: Job, position?: JobPosition): Conflict[] => {
    const printerId = position?.printerId ?? job.printerId;
    const pj = parsed(job);
    const shift = position ? position.startMs - pj.startMs : 0;
    const out: Conflict[] = [];
    const add = (c: Omit<Conflict, 'jobId'>) => out.push({ jobId: job.id, ...c });
    const span = { startMs: pj.span.startMs + shift, endMs: pj.span.endMs + shift };

    // Operators: each task inside its operator's shift, and that operator not busy elsewhere.
    for (const t of pj.tasks) {
      const a = t.startMs + shift;
      const b = t.endMs + shift;
      // Formatting is the costly part: only for messages actually shown.
      let label: string | null = null;
      const whatOf = () => (label ??= `${TASK_NAMES[t.kind]} (${formatTime(a)})`);
      if (t.operatorId === null) {
        if (freeOperators(a, b, job.id).length === 0) {
          add({
            code: 'no-operator',
            severity: 'error',
            message: `No operator on shift for ${whatOf()}`,
          });
        }
        continue;
      }
      const name = operatorNames.get(t.operatorId);
      if (!name || !shifts.has(t.operatorId)) {
        add({
          code: 'no-operator',
          severity: 'error',
          message: `The operator for ${whatOf()} is no longer on the calendar`,
        });
        continue;
      }
      if (!onShift(t.operatorId, a, b)) {
        const others = freeOperators(a, b, job.id).map((o) => operatorNames.get(o) ?? o);
        add({
          code: 'no-operator',
          severity: 'error',
          message:
            others.length > 0
              ? `No operator at ${whatOf()}: ${name} is off shift (${others.join(', ')} could do it)`
              : `No operator at ${whatOf()}: nobody is on shift`,
        });
        continue;
      }
      const busy = busyWith(t.operatorId, a, b, job.id);
      if (busy) {
        add({
          code: 'operator-busy',
          severity: 'error',
          message: `${name} is busy at ${whatOf()} with the ${TASK_NAMES[busy.kind]} on ${printerName(busy.printerId)}`,
        });
      }
    }

    const printer = printers.get(printerId);
    if (!printer) {
      add({ code: 'printer-unavailable', severity: 'error', message: 'The printer was deleted' });
      return out;
    }
    if (printer.status !== 'available') {
      add({
        code: 'printer-unavailable',
        severity: 'error',
        message: `${printer.name} is ${printer.status === 'maintenance' ? 'in maintenance' : 'offline'}`,
      });
    }
    for (const m of printer.maintenance) {
      const a = ms(m.start);
      const b = ms(m.end);
      if (a < span.endMs && span.startMs < b) {
        add({
          code: 'maintenance',
          severity: 'error',
          message: `${printer.name} has maintenance ${formatTime(a)}–${formatTime(b)}${m.reason ? ` (${m.reason})` : ''}`,
        });
      }
    }
    const overlapping = (byPrinter.get(printerId)?.query(span.startMs, span.endMs) ?? []).filter(
      (o) => o.jobId !== job.id && o.startMs < span.endMs - 500 && span.startMs < o.endMs - 500,
    );
    const firstOverlap = overlapping[0];
    if (firstOverlap) {
      add({
        code: 'printer-overlap',
        severity: 'error',
        message: `${printer.name} is busy ${formatTime(firstOverlap.startMs)}–${formatTime(firstOverlap.endMs)} with another plate${overlapping.length > 1 ? ` (+${overlapping.length - 1} more)` : ''}`,
      });
    }
    for (const f of fitProblems(job, printer)) add(f);

    if (job.status === 'planned' && span.startMs < input.nowMs) {
      add({
        code: 'past',
        severity: 'warning',
        message: `Setup was due ${formatTime(span.startMs)}, which has passed`,
      });
    }
    return out;
  };

  return {
    check,
    all() {
      const out = new Map<string, Conflict[]>();
      for (const job of live) {
        if (SETTLED.has(job.status)) continue;
        const c = check(job);
        if (c.length > 0) out.set(job.id, c);
      }
      return out;
    },
  };
}

/** The first error (else warning) of a list: what a bar's badge and the drag ghost show. */
export function headline(conflicts: readonly Conflict[]): Conflict | null {
  return conflicts.find((c) => c.severity === 'error') ?? conflicts[0] ?? null;
}

export function hasError(conflicts: readonly Conflict[] | undefined): boolean {
  return !!conflicts?.some((c) => c.severity === 'error');
}
