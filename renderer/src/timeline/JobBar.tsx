import { memo } from 'react';
import type { Conflict } from './conflicts';
import { hasError } from './conflicts';
import { durationToPx, timeToX, type TimeScale } from './gantt-geometry';
import type { BarModel, TaskMark } from './gantt-model';

export const BAR_TOP = 11;
/** Narrower uncertainty tails are a plain tint: hatching needs room to read as hatching. */
const HATCH_MIN_PX = 4;
export const BAR_HEIGHT = 30;

const STATUS_TEXT: Record<string, string> = {
  planned: 'planned',
  approved: 'approved',
  sent: 'sent',
  printing: 'printing',
  printed: 'printed',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

export function densityText(d: number | null): string {
  return d === null ? '' : `${Math.round(d * 100)} %`;
}

function TaskMarker({
  mark,
  scale,
  top,
  opColor,
  jobId,
}: {
  mark: TaskMark;
  scale: TimeScale;
  top: number;
  opColor: number | undefined;
  jobId: string;
}) {
  const x = timeToX(scale, mark.startMs);
  const w = Math.max(3, durationToPx(scale, mark.endMs - mark.startMs));
  const letter = mark.kind === 'setup' ? 'S' : mark.kind === 'removal' ? 'R' : 'Q';
  return (
    <div
      className={`gmark gmark--${mark.kind}${opColor === undefined ? ' gmark--unassigned' : ` op-c${opColor}`}`}
      style={{ left: x, width: w, top: top + BAR_TOP }}
      data-job-id={jobId}
      data-part="marker"
      aria-hidden="true"
    >
      {w >= 12 ? letter : null}
    </div>
  );
}

export interface JobBarProps {
  bar: BarModel;
  scale: TimeScale;
  top: number;
  selected: boolean;
  conflicts: readonly Conflict[] | undefined;
  /** Proposal view: not ticked for "Accept selected". */
  unpicked: boolean;
  tabbable: boolean;
  opColor: ReadonlyMap<string, number>;
  label: string;
}

/** One job: the estimated span, the hatched uncertainty tail, setup and removal markers. */
export const JobBar = memo(function JobBar({
  bar,
  scale,
  top,
  selected,
  conflicts,
  unpicked,
  tabbable,
  opColor,
  label,
}: JobBarProps) {
  const x = timeToX(scale, bar.startMs);
  const w = Math.max(4, timeToX(scale, bar.tailEndMs) - x);
  const bodyW = Math.max(3, durationToPx(scale, bar.endMs - bar.startMs));
  const tailW = Math.max(0, w - bodyW);
  const error = hasError(conflicts);
  const warning = !error && (conflicts?.length ?? 0) > 0;
  const { job } = bar;
  const hatch = !bar.ghost && tailW >= HATCH_MIN_PX;
  const cls = [
    'gbar',
    `gbar--${job.status}`,
    selected ? 'is-selected' : '',
    error ? 'has-conflict' : warning ? 'has-warning' : '',
    bar.change ? `gbar--chg-${bar.change}` : '',
    bar.ghost ? 'gbar--ghost' : '',
    unpicked ? 'gbar--unpicked' : '',
    bar.frozen ? 'is-frozen' : '',
    job.locked ? 'is-locked' : '',
    (error || warning || job.locked) && bodyW >= 20 ? 'has-icon' : '',
    hatch ? 'has-hatch' : '',
  ]
    .filter(Boolean)
    .join(' ');

  if (bar.ghost) {
    return (
      <div
        className={cls}
        style={{ left: x, width: w, top: top + BAR_TOP, height: BAR_HEIGHT }}
        aria-hidden="true"
      >
        {w > 70 ? (bar.change === 'removed' ? 'removed' : 'was here') : null}
      </div>
    );
  }

  const tailEnd = timeToX(scale, bar.tailEndMs);
  const removalX = bar.removal ? timeToX(scale, bar.removal.startMs) : null;
  const text =
    bodyW >= 150
      ? `${bar.parts} ${bar.parts === 1 ? 'part' : 'parts'}${bar.density !== null ? ` · ${densityText(bar.density)}` : ''}`
      : bodyW >= 60
        ? `${bar.parts}${bar.density !== null ? ` · ${densityText(bar.density)}` : ''}`
        : bodyW >= 24
          ? String(bar.parts)
          : '';
  const showMarkers = durationToPx(scale, 15 * 60_000) >= 2;

  return (
    <>
      {showMarkers && bar.setup ? (
        <TaskMarker
          mark={bar.setup}
          scale={scale}
          top={top}
          opColor={bar.setup.operatorId ? opColor.get(bar.setup.operatorId) : undefined}
          jobId={job.id}
        />
      ) : null}
      {removalX !== null && removalX - tailEnd > 4 && scale.pxPerHour >= 4 ? (
        <div
          className="gwait"
          style={{ left: tailEnd, width: removalX - tailEnd, top: top + BAR_TOP + BAR_HEIGHT / 2 }}
          aria-hidden="true"
        />
      ) : null}
      {showMarkers && bar.removal ? (
        <TaskMarker
          mark={bar.removal}
          scale={scale}
          top={top}
          opColor={bar.removal.operatorId ? opColor.get(bar.removal.operatorId) : undefined}
          jobId={job.id}
        />
      ) : null}
      <div
        className={cls}
        style={{
          left: x,
          width: w,
          top: top + BAR_TOP,
          height: BAR_HEIGHT,
          // Plain properties only: per-bar custom properties would defeat style sharing. The
          // tail is the right border; only a hatched one needs its layer sized.
          borderRightWidth: tailW,
          ...(hatch ? { backgroundSize: `${tailW}px 100%, 100% 100%` } : {}),
        }}
        data-job-id={job.id}
        data-testid="job-bar"
        data-status={job.status}
        data-conflict={error ? 'error' : warning ? 'warning' : undefined}
        data-change={bar.change ?? undefined}
        data-tag={
          bar.change && bar.change !== 'unchanged' && bodyW >= 110
            ? bar.change === 'added'
              ? 'new'
              : 'moved'
            : undefined
        }
        role="button"
        tabIndex={tabbable ? 0 : -1}
        aria-pressed={selected}
        aria-label={label}
      >
        {text}
      </div>
    </>
  );
});

export { STATUS_TEXT };
