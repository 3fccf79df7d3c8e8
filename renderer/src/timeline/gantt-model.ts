import type { Calendar, Operator } from '../../../shared/domain/calendar';
import type { Model } from '../../../shared/domain/model';
import type { Job, Task } from '../../../shared/domain/plan';
import type { Printer } from '../../../shared/domain/printer';
import { buildAvailability } from '../../../shared/planning/calendar';
import { polygonArea } from '../../../shared/planning/plate';
import type { JobSlot } from '../commands/job-commands';
import type { ChangeKind, JobChange } from '../plan-review/plan-diff';
import { layoutRows, IntervalIndex, type RowLayout } from './virtual-range';

/**
 * What the Gantt draws, derived once per data change: rows (operator lanes, then printers),
 * bars indexed per printer by time, operator tasks indexed per operator, and the shifts.
 * Pure, so the drawing code only asks "what lies in this window?".
 */

export const ROW_HEIGHT = { operator: 26, printer: 52 } as const;
export const HEADER_HEIGHT = 50;
export const LABEL_WIDTH = 220;

/** Statuses the technician can no longer move (the host refuses it too). */
export const FROZEN = new Set<Job['status']>(['approved', 'sent', 'printing', 'printed', 'done']);

export interface OperatorRow {
  kind: 'operator';
  id: string;
  name: string;
  /** Index into the --op-N colour tokens. */
  color: number;
}
export interface PrinterRow {
  kind: 'printer';
  id: string;
  printer: Printer;
}
export type GanttRow = OperatorRow | PrinterRow;

export interface TaskMark {
  kind: Task['kind'];
  startMs: number;
  endMs: number;
  operatorId: string | null;
}

export interface BarModel {
  job: Job;
  printerId: string;
  startMs: number;
  endMs: number;
  /** End plus the estimate's uncertainty (the hatched tail). */
  tailEndMs: number;
  /** From setup to the end of removal: what the bar and its markers cover. */
  spanStart: number;
  spanEnd: number;
  setup: TaskMark | null;
  removal: TaskMark | null;
  qc: TaskMark[];
  parts: number;
  /** Footprint area over usable bed area, 0–1; null without model facts. */
  density: number | null;
  change: ChangeKind | null;
  /** A ghost of where a moved or removed job is in the plan in force (proposal view). */
  ghost: boolean;
  frozen: boolean;
}

export interface OperatorTask {
  jobId: string;
  kind: Task['kind'];
  startMs: number;
  endMs: number;
  printerId: string;
  operatorId: string;
}

export interface Shift {
  startMs: number;
  endMs: number;
}

export interface GanttModel {
  rows: GanttRow[];
  layout: RowLayout;
  printerRow: Map<string, number>;
  bars: Map<string, IntervalIndex<BarModel>>;
  tasks: Map<string, IntervalIndex<OperatorTask>>;
  /** Every bar by job id (ghosts excluded). */
  byId: Map<string, BarModel>;
  /** Jobs in keyboard order: by printer row, then start. */
  order: string[];
  /** The longest bar (setup to removal), to find bars that start left of the view. */
  maxSpanMs: number;
}

/** The job as it will be once a pending move lands: same duration, tasks travel along. */
export function withSlot(job: Job, slot: JobSlot | undefined): Job {
  if (!slot) return job;
  const shift = Date.parse(slot.start) - Date.parse(job.start);
  const move = (iso: string) => new Date(Date.parse(iso) + shift).toISOString();
  return {
    ...job,
    printerId: slot.printerId,
    start: move(job.start),
    end: move(job.end),
    tasks: job.tasks.map((t) => ({ ...t, start: move(t.start), end: move(t.end) })),
  };
}

export function usableBedArea(printer: Printer): number {
  const bed = polygonArea(printer.bed);
  const zones = printer.exclusionZones.reduce((s, z) => s + polygonArea(z), 0);
  return Math.max(1, bed - zones);
}

export function plateDensity(
  job: Pick<Job, 'placements'>,
  printer: Printer | undefined,
  models: ReadonlyMap<string, Pick<Model, 'facts'>>,
): number | null {
  if (!printer || job.placements.length === 0) return null;
  let area = 0;
  for (const p of job.placements) {
    const f = models.get(p.modelId)?.facts;
    if (!f) return null;
    area +=
      f.footprintAreaMm2 > 0
        ? f.footprintAreaMm2
        : (f.bbox.max.x - f.bbox.min.x) * (f.bbox.max.y - f.bbox.min.y);
  }
  return area / usableBedArea(printer);
}

function mark(t: Task | undefined): TaskMark | null {
  if (!t) return null;
  return {
    kind: t.kind,
    startMs: Date.parse(t.start),
    endMs: Date.parse(t.end),
    operatorId: t.operatorId,
  };
}

export function barOf(
  job: Job,
  printer: Printer | undefined,
  models: ReadonlyMap<string, Pick<Model, 'facts'>>,
  change: ChangeKind | null = null,
  ghost = false,
): BarModel {
  const startMs = Date.parse(job.start);
  const endMs = Date.parse(job.end);
  const setup = mark(job.tasks.find((t) => t.kind === 'setup'));
  const removal = mark(job.tasks.find((t) => t.kind === 'removal'));
  const qc = job.tasks.filter((t) => t.kind === 'qc').map((t) => mark(t) as TaskMark);
  const tailEndMs = endMs + job.uncertaintyMinutes * 60_000;
  let spanStart = Math.min(startMs, endMs);
  let spanEnd = Math.max(tailEndMs, endMs);
  for (const t of [setup, removal, ...qc]) {
    if (!t) continue;
    spanStart = Math.min(spanStart, t.startMs);
    spanEnd = Math.max(spanEnd, t.endMs);
  }
  return {
    job,
    printerId: job.printerId,
    startMs,
    endMs,
    tailEndMs,
    spanStart,
    spanEnd,
    setup,
    removal,
    qc,
    parts: job.placements.length,
    density: plateDensity(job, printer, models),
    change,
    ghost,
    frozen: FROZEN.has(job.status),
  };
}

export interface GanttModelInput {
  jobs: readonly Job[];
  printers: readonly Printer[];
  operators: readonly Operator[];
  models: ReadonlyMap<string, Pick<Model, 'facts'>>;
  pending?: Readonly<Record<string, JobSlot>>;
  /** Proposal view: how each proposal job differs from the plan in force. */
  changes?: readonly JobChange[];
  /** Proposal view: the plan in force, to draw ghosts of moved and removed jobs. */
  currentJobs?: readonly Job[];
}

export function buildGanttModel(input: GanttModelInput): GanttModel {
  const operators = input.operators.filter((o) => o.active !== false);
  const rows: GanttRow[] = [
    ...operators.map((o, i): OperatorRow => ({
      kind: 'operator',
      id: o.id,
      name: o.name,
      color: i % 8,
    })),
    ...input.printers.map((p): PrinterRow => ({ kind: 'printer', id: p.id, printer: p })),
  ];
  const layout = layoutRows(rows.map((r) => ROW_HEIGHT[r.kind]));
  const printerRow = new Map<string, number>();
  rows.forEach((r, i) => {
    if (r.kind === 'printer') printerRow.set(r.id, i);
  });
  const printers = new Map(input.printers.map((p) => [p.id, p]));
  const changeById = new Map((input.changes ?? []).map((c) => [c.jobId, c]));

  const barLists = new Map<string, BarModel[]>();
  const taskLists = new Map<string, OperatorTask[]>();
  const byId = new Map<string, BarModel>();
  const push = (bar: BarModel) => {
    const list = barLists.get(bar.printerId) ?? [];
    list.push(bar);
    barLists.set(bar.printerId, list);
  };

  for (const raw of input.jobs) {
    const job = withSlot(raw, input.pending?.[raw.id]);
    const bar = barOf(
      job,
      printers.get(job.printerId),
      input.models,
      changeById.get(job.id)?.kind ?? null,
    );
    push(bar);
    byId.set(job.id, bar);
    for (const t of job.tasks) {
      if (!t.operatorId) continue;
      const list = taskLists.get(t.operatorId) ?? [];
      list.push({
        jobId: job.id,
        kind: t.kind,
        startMs: Date.parse(t.start),
        endMs: Date.parse(t.end),
        printerId: job.printerId,
        operatorId: t.operatorId,
      });
      taskLists.set(t.operatorId, list);
    }
  }

  if (input.changes && input.currentJobs) {
    const current = new Map(input.currentJobs.map((j) => [j.id, j]));
    for (const c of input.changes) {
      if ((c.kind !== 'moved' && c.kind !== 'removed') || !c.from) continue;
      const old = current.get(c.from.jobId);
      if (!old) continue;
      push(barOf(old, printers.get(old.printerId), input.models, c.kind, true));
    }
  }

  const bars = new Map<string, IntervalIndex<BarModel>>();
  for (const [k, list] of barLists) {
    bars.set(
      k,
      new IntervalIndex(
        list,
        (b) => b.spanStart,
        (b) => b.spanEnd,
      ),
    );
  }
  const tasks = new Map<string, IntervalIndex<OperatorTask>>();
  for (const [k, list] of taskLists) {
    tasks.set(
      k,
      new IntervalIndex(
        list,
        (t) => t.startMs,
        (t) => Math.max(t.endMs, t.startMs + 1),
      ),
    );
  }

  const order = [...byId.values()]
    .sort(
      (a, b) =>
        (printerRow.get(a.printerId) ?? 1e9) - (printerRow.get(b.printerId) ?? 1e9) ||
        a.startMs - b.startMs,
    )
    .map((b) => b.job.id);

  let maxSpanMs = 0;
  for (const list of barLists.values()) {
    for (const b of list) maxSpanMs = Math.max(maxSpanMs, b.spanEnd - b.spanStart);
  }

  return { rows, layout, printerRow, bars, tasks, byId, order, maxSpanMs };
}

/** Operators' shifts over the canvas: each operator's, and their union (the shaded bands). */
export function shiftsOf(
  calendar: Calendar | null | undefined,
  range: { startMs: number; endMs: number },
): { periods: Shift[]; byOperator: Map<string, Shift[]> } {
  const byOperator = new Map<string, Shift[]>();
  if (!calendar) return { periods: [], byOperator };
  const all: Shift[] = [];
  for (const a of buildAvailability(calendar, range.startMs / 60_000, range.endMs / 60_000)) {
    const list = a.intervals.map((i) => ({ startMs: i.start * 60_000, endMs: i.end * 60_000 }));
    byOperator.set(a.operatorId, list);
    all.push(...list);
  }
  all.sort((a, b) => a.startMs - b.startMs);
  const periods: Shift[] = [];
  for (const s of all) {
    const last = periods[periods.length - 1];
    if (last && s.startMs <= last.endMs) last.endMs = Math.max(last.endMs, s.endMs);
    else periods.push({ ...s });
  }
  return { periods, byOperator };
}

/** Dates (YYYY-MM-DD) every operator has off: public holidays and lab closures. */
export function closedDates(calendar: Calendar | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of calendar?.exceptions ?? []) {
    if (e.kind === 'off' && e.operatorId === null && e.start === '00:00' && e.end === '24:00') {
      out.set(e.date, e.note || 'Closed');
    }
  }
  return out;
}

/** The job nearest in time on the row above or below (for arrow-key navigation). */
export function neighbourJob(
  model: GanttModel,
  jobId: string,
  dir: 'left' | 'right' | 'up' | 'down',
): string | null {
  const bar = model.byId.get(jobId);
  if (!bar) return null;
  const idx = model.order.indexOf(jobId);
  if (dir === 'left' || dir === 'right') {
    const next = model.order[idx + (dir === 'left' ? -1 : 1)];
    if (!next) return null;
    return model.byId.get(next)?.printerId === bar.printerId ? next : null;
  }
  const row = model.printerRow.get(bar.printerId);
  if (row === undefined) return null;
  const step = dir === 'up' ? -1 : 1;
  for (let r = row + step; r >= 0 && r < model.rows.length; r += step) {
    const target = model.rows[r];
    if (!target || target.kind !== 'printer') continue;
    const candidates =
      model.bars
        .get(target.id)
        ?.all()
        .filter((b) => !b.ghost) ?? [];
    if (candidates.length === 0) continue;
    let best = candidates[0] as BarModel;
    for (const c of candidates) {
      if (Math.abs(c.startMs - bar.startMs) < Math.abs(best.startMs - bar.startMs)) best = c;
    }
    return best.job.id;
  }
  return null;
}
