import type { RefObject } from 'react';
import type { GanttHandle } from './Gantt';
import type { ZoomPreset } from './gantt-geometry';
import { TIcon } from './icons';
import { useTimeline } from './timeline-store';

const PRESETS: { key: ZoomPreset; label: string }[] = [
  { key: 'day', label: 'Day' },
  { key: 'week', label: 'Week' },
  { key: 'month', label: '4 weeks' },
];

export function TimelineToolbar({
  gantt,
  nowMs,
  conflictCount,
  errorCount,
  proposalOpen,
  view,
  onView,
  legend,
  anchorOf,
}: {
  gantt: RefObject<GanttHandle | null>;
  nowMs: number;
  conflictCount: number;
  errorCount: number;
  proposalOpen: boolean;
  view: 'current' | 'proposal';
  onView: (v: 'current' | 'proposal') => void;
  legend: boolean;
  /** Start of a job, to frame presets around the selection. */
  anchorOf: (jobId: string | undefined) => number | undefined;
}) {
  const zoom = useTimeline((s) => s.pxPerHour);
  const setTab = useTimeline((s) => s.setTab);
  const selected = useTimeline((s) => s.selected);
  const active = PRESETS.find((p) => {
    const z = gantt.current?.presetZoom(p.key);
    return z !== undefined && zoom !== null && Math.abs(z - zoom) / z < 0.02;
  })?.key;
  return (
    <div className="tl-toolbar" role="toolbar" aria-label="Timeline view">
      {proposalOpen ? (
        <div className="segmented" role="radiogroup" aria-label="Show">
          {(['current', 'proposal'] as const).map((v) => (
            <button
              key={v}
              type="button"
              role="radio"
              aria-checked={view === v}
              className={`segmented__item${view === v ? ' is-on' : ''}`}
              onClick={() => onView(v)}
              data-testid={`view-${v}`}
            >
              {v === 'current' ? 'Plan in force' : 'Proposal'}
            </button>
          ))}
        </div>
      ) : null}
      <div className="tl-toolbar__group" aria-label="Zoom">
        <button
          type="button"
          className="icon-btn"
          onClick={() => gantt.current?.zoomBy(1 / 1.5)}
          title="Zoom out (−, Ctrl+wheel)"
          aria-label="Zoom out"
          data-testid="zoom-out"
        >
          <TIcon name="zoomOut" />
        </button>
        <button
          type="button"
          className="icon-btn"
          onClick={() => gantt.current?.zoomBy(1.5)}
          title="Zoom in (+, Ctrl+wheel)"
          aria-label="Zoom in"
          data-testid="zoom-in"
        >
          <TIcon name="zoomIn" />
        </button>
        <div className="segmented" role="group" aria-label="Zoom presets">
          {PRESETS.map((p) => (
            <button
              key={p.key}
              type="button"
              className={`segmented__item${active === p.key ? ' is-on' : ''}`}
              aria-pressed={active === p.key}
              onClick={() => gantt.current?.preset(p.key, anchorOf(selected[0]))}
              data-testid={`zoom-${p.key}`}
            >
              {p.label}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="btn btn--small"
          onClick={() => gantt.current?.scrollToTime(nowMs)}
          data-testid="zoom-today"
          title="Scroll to now"
        >
          Today
        </button>
      </div>
      <span className="spacer" />
      {legend ? (
        <div className="tl-legend" aria-label="Legend">
          <span className="tl-legend__item">
            <i className="tl-legend__band" /> operator on shift
          </span>
          <span className="tl-legend__item">
            <i className="tl-legend__tail" /> uncertainty
          </span>
          <span className="tl-legend__item">
            <i className="tl-legend__sw tl-legend__sw--planned" /> planned
          </span>
          <span className="tl-legend__item">
            <i className="tl-legend__sw tl-legend__sw--approved" /> approved
          </span>
          <span className="tl-legend__item">
            <i className="tl-legend__sw tl-legend__sw--printing" /> printing
          </span>
        </div>
      ) : null}
      <button
        type="button"
        className={`tl-conflict-count${errorCount > 0 ? ' is-bad' : conflictCount > 0 ? ' is-warn' : ''}`}
        onClick={() => setTab('conflicts')}
        data-testid="conflict-count"
        title="Show the list of conflicts"
      >
        {errorCount > 0 || conflictCount > 0 ? <TIcon name="alert" size={14} /> : '✓'}{' '}
        {conflictCount === 0
          ? 'No conflicts'
          : `${conflictCount} ${conflictCount === 1 ? 'conflict' : 'conflicts'}`}
      </button>
    </div>
  );
}
