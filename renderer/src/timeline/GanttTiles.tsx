import { memo, type ReactNode } from 'react';
import type { Conflict } from './conflicts';
import { formatShort, formatWhen } from './gantt-axis';
import { timeToX, type TimeScale } from './gantt-geometry';
import type { BarModel, GanttModel, OperatorTask } from './gantt-model';
import { densityText, JobBar } from './JobBar';

/**
 * Bars and operator tasks are drawn in time tiles (a quarter of the viewport wide): an item
 * belongs to the tile its start falls in, and each tile is a memoised component, so scrolling
 * only renders the tile that comes into view instead of every bar on screen.
 */

/** How a bar looks besides where it is: shared by every tile, changes on user actions only. */
export interface BarLook {
  selected: ReadonlySet<string>;
  conflicts: ReadonlyMap<string, Conflict[]>;
  picked: ReadonlySet<string> | null;
  roving: string | null;
  opColor: ReadonlyMap<string, number>;
  timeZone: string;
}

const labelCache = new WeakMap<BarModel, { key: string; label: string }>();

/** The bar's accessible name; cached per bar since formatting dates is not free. */
export function jobLabel(bar: BarModel, printer: string, tz: string, conflicts: number): string {
  const key = `${printer}|${tz}|${conflicts}`;
  const hit = labelCache.get(bar);
  if (hit?.key === key) return hit.label;
  const { job } = bar;
  const label = [
    `Job on ${printer}`,
    `${formatWhen(bar.startMs, tz)} to ${formatWhen(bar.endMs, tz)}`,
    `${bar.parts} parts`,
    bar.density !== null ? `density ${densityText(bar.density)}` : '',
    job.status,
    job.locked ? 'locked' : '',
    conflicts > 0 ? `${conflicts} ${conflicts === 1 ? 'conflict' : 'conflicts'}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  labelCache.set(bar, { key, label });
  return label;
}

function renderBar(bar: BarModel, scale: TimeScale, top: number, printer: string, look: BarLook) {
  const id = bar.job.id;
  const c = look.conflicts.get(id);
  return (
    <JobBar
      key={`${bar.ghost ? 'g' : 'b'}-${id}`}
      bar={bar}
      scale={scale}
      top={top}
      selected={look.selected.has(id)}
      conflicts={c}
      unpicked={
        !!look.picked &&
        (bar.change === 'added' || bar.change === 'moved') &&
        !bar.ghost &&
        !look.picked.has(id)
      }
      tabbable={look.roving === id}
      opColor={look.opColor}
      label={jobLabel(bar, printer, look.timeZone, c?.length ?? 0)}
    />
  );
}

/** Bars of one printer starting in [fromMs, toMs) — and, for the overhang, ending after `minEnd`. */
export const BarTile = memo(function BarTile({
  model,
  printerId,
  printer,
  fromMs,
  toMs,
  minEnd,
  scale,
  top,
  look,
}: {
  model: GanttModel;
  printerId: string;
  printer: string;
  fromMs: number;
  toMs: number;
  minEnd: number | null;
  scale: TimeScale;
  top: number;
  look: BarLook;
}) {
  const out: ReactNode[] = [];
  for (const bar of model.bars.get(printerId)?.query(fromMs, toMs) ?? []) {
    if (bar.spanStart < fromMs) continue;
    if (minEnd !== null && bar.spanEnd <= minEnd) continue;
    out.push(renderBar(bar, scale, top, printer, look));
  }
  return <>{out}</>;
});

/** Operator tasks starting in [fromMs, toMs) on one operator lane. */
export const TaskTile = memo(function TaskTile({
  model,
  operatorId,
  color,
  fromMs,
  toMs,
  scale,
  top,
  height,
  look,
  printerName,
}: {
  model: GanttModel;
  operatorId: string;
  color: number;
  fromMs: number;
  toMs: number;
  scale: TimeScale;
  top: number;
  height: number;
  look: BarLook;
  printerName: (id: string) => string;
}) {
  const out: ReactNode[] = [];
  // Tasks closer than a few pixels are drawn as one block (zoomed out, a shift holds dozens).
  let group: {
    x: number;
    end: number;
    first: OperatorTask;
    n: number;
    bad: boolean;
    sel: boolean;
  } | null = null;
  const flush = () => {
    if (!group) return;
    const { first, n, x, end } = group;
    const w = Math.max(3, end - x);
    const cls = `gtask gtask--${n > 1 ? 'cluster' : first.kind} op-c${color}${group.sel ? ' is-selected' : ''}${group.bad ? ' has-conflict' : ''}`;
    out.push(
      <div
        key={`${first.jobId}-${first.kind}-${first.startMs}`}
        className={cls}
        style={{ left: x, width: w, top: top + 5, height: height - 10 }}
        data-job-id={first.jobId}
        data-part="task"
        data-testid="operator-task"
        title={
          n > 1
            ? `${n} tasks from ${formatShort(first.startMs, look.timeZone)}`
            : `${first.kind} · ${printerName(first.printerId)} · ${formatShort(first.startMs, look.timeZone)}`
        }
      >
        {n === 1 && w >= 14
          ? first.kind === 'setup'
            ? 'S'
            : first.kind === 'removal'
              ? 'R'
              : 'Q'
          : null}
      </div>,
    );
    group = null;
  };
  for (const t of model.tasks.get(operatorId)?.query(fromMs, toMs) ?? []) {
    if (t.startMs < fromMs) continue;
    const x = timeToX(scale, t.startMs);
    const end = Math.max(x + 3, timeToX(scale, t.endMs));
    const sel = look.selected.has(t.jobId);
    const bad = look.conflicts.has(t.jobId);
    if (group && x <= group.end + 2 && !sel && !group.sel) {
      group.end = Math.max(group.end, end);
      group.n += 1;
      group.bad ||= bad;
      continue;
    }
    flush();
    group = { x, end, first: t, n: 1, bad, sel };
  }
  flush();
  return <>{out}</>;
});
