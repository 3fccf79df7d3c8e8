import type { Conflict } from './conflicts';
import { formatWhen } from './gantt-axis';
import type { GanttModel } from './gantt-model';
import { useTimeline } from './timeline-store';

/** Every conflict of the plan shown, grouped by job, in time order; a click finds the job. */
export function ConflictsPanel({
  model,
  conflicts,
  timeZone,
  printerName,
  onLocate,
}: {
  model: GanttModel;
  conflicts: ReadonlyMap<string, Conflict[]>;
  timeZone: string;
  printerName: (id: string) => string;
  onLocate: (jobId: string) => void;
}) {
  const selected = useTimeline((s) => s.selected);
  const entries = [...conflicts]
    .map(([jobId, list]) => ({ jobId, list, bar: model.byId.get(jobId) }))
    .filter((e) => e.bar)
    .sort((a, b) => (a.bar?.startMs ?? 0) - (b.bar?.startMs ?? 0));
  const errors = entries.filter((e) => e.list.some((c) => c.severity === 'error')).length;

  if (entries.length === 0) {
    return (
      <div className="tl-panel__empty" data-testid="conflicts-panel">
        <div className="tl-ok-badge" aria-hidden="true">
          ✓
        </div>
        <strong>No conflicts</strong>
        <p className="muted">
          Every job is set up and removed while its operator is on shift, no printer holds two
          plates at once, and every plate fits its printer.
        </p>
      </div>
    );
  }
  return (
    <div className="tl-conflicts" data-testid="conflicts-panel">
      <p className="muted small tl-panel__intro">
        {errors} {errors === 1 ? 'job breaks' : 'jobs break'} a rule
        {entries.length > errors ? `, ${entries.length - errors} need a look` : ''}. Moves are
        applied even when they conflict; fix them here or undo (Ctrl+Z).
      </p>
      <ul className="tl-conflicts__list">
        {entries.map(({ jobId, list, bar }) => (
          <li key={jobId}>
            <button
              type="button"
              className={`tl-conflict${selected.includes(jobId) ? ' is-selected' : ''}`}
              data-testid="conflict-item"
              onClick={() => onLocate(jobId)}
            >
              <span className="tl-conflict__head">
                <span className="strong">{printerName(bar?.printerId ?? '')}</span>
                <span className="muted">{bar ? formatWhen(bar.startMs, timeZone) : ''}</span>
              </span>
              <ul className="tl-conflict__reasons">
                {list.map((c, i) => (
                  <li key={i} className={`tl-reason tl-reason--${c.severity}`}>
                    {c.message}
                  </li>
                ))}
              </ul>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
