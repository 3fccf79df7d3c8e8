import { type KeyboardEvent, useEffect, useRef } from 'react';
import { formatShift } from '../plan-review/plan-diff';
import type { Conflict } from './conflicts';
import { formatClock, formatWhen } from './gantt-axis';
import type { GanttModel } from './gantt-model';
import { TIcon } from './icons';
import { densityText } from './JobBar';
import { type JobAction, moveRefusal } from './job-rules';
import { useDrag, useTimeline } from './timeline-store';

/** Details of the job under the pointer, with its conflicts and their reasons. */
export function HoverCard({
  model,
  conflicts,
  timeZone,
  printerName,
  operatorName,
}: {
  model: GanttModel;
  conflicts: ReadonlyMap<string, Conflict[]>;
  timeZone: string;
  printerName: (id: string) => string;
  operatorName: (id: string | null) => string;
}) {
  const hover = useTimeline((s) => s.hover);
  const menuOpen = useTimeline((s) => s.menu !== null);
  const dragging = useDrag((s) => s.ghost !== null);
  if (!hover || menuOpen || dragging) return null;
  const bar = model.byId.get(hover.jobId);
  if (!bar) return null;
  const { job } = bar;
  const list = conflicts.get(job.id) ?? [];
  const left = Math.min(hover.x + 14, window.innerWidth - 320);
  const top = hover.y + 18 > window.innerHeight - 220 ? hover.y - 200 : hover.y + 18;
  return (
    <div className="tl-hover" style={{ left, top }} role="tooltip" data-testid="job-tooltip">
      <div className="tl-hover__head">
        <strong>{printerName(job.printerId)}</strong>
        <span className={`tl-status tl-status--${job.status}`}>{job.status}</span>
        {job.locked ? <TIcon name="lock" size={12} /> : null}
      </div>
      <div>
        {formatWhen(bar.startMs, timeZone)} – {formatClock(bar.endMs, timeZone)}{' '}
        <span className="muted">
          ({formatShift(Math.round(job.estimateMinutes))}
          {job.uncertaintyMinutes > 0
            ? ` ± ${formatShift(Math.round(job.uncertaintyMinutes))}`
            : ''}
          )
        </span>
      </div>
      <div className="muted">
        {bar.parts} parts{bar.density !== null ? ` · density ${densityText(bar.density)}` : ''}
      </div>
      {job.tasks.map((t) => (
        <div key={t.id} className="muted small">
          {t.kind === 'setup' ? 'Setup' : t.kind === 'removal' ? 'Removal' : 'QC'}{' '}
          {formatWhen(Date.parse(t.start), timeZone)} · {operatorName(t.operatorId)}
        </div>
      ))}
      {bar.change && bar.change !== 'unchanged' ? (
        <div className="tl-hover__change">
          {bar.ghost
            ? bar.change === 'removed'
              ? 'Removed by the proposal'
              : 'Where it is in the plan in force'
            : bar.change === 'added'
              ? 'New in the proposal'
              : 'Moved by the proposal'}
        </div>
      ) : null}
      {list.length > 0 ? (
        <ul className="tl-hover__conflicts">
          {list.map((c, i) => (
            <li key={i} className={`tl-reason tl-reason--${c.severity}`}>
              {c.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A short note by the pointer when a bar refuses to move (frozen, locked, proposal view). */
export function RefusalNote() {
  const refusal = useTimeline((s) => s.refusal);
  if (!refusal) return null;
  return (
    <div
      className="tl-refusal"
      style={{ left: Math.min(refusal.x + 12, window.innerWidth - 340), top: refusal.y + 14 }}
      role="alert"
      data-testid="move-refused"
    >
      {refusal.message}
    </div>
  );
}

/** Right-click (or the context-menu key) on a job. */
export function JobMenu({
  model,
  readOnly,
  onAction,
  onOpen,
  onZoomTo,
}: {
  model: GanttModel;
  readOnly: string | null;
  onAction: (action: JobAction, jobIds: readonly string[]) => void;
  onOpen: (jobId: string) => void;
  onZoomTo: (jobId: string) => void;
}) {
  const menu = useTimeline((s) => s.menu);
  const selected = useTimeline((s) => s.selected);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!menu) return;
    ref.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) useTimeline.getState().openMenu(null);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [menu]);

  if (!menu) return null;
  const bar = model.byId.get(menu.jobId);
  if (!bar) return null;
  const { job } = bar;
  const ids = selected.includes(job.id) ? selected : [job.id];
  const many = ids.length > 1;
  const close = () => useTimeline.getState().openMenu(null);
  const run = (f: () => void) => () => {
    close();
    f();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [
      ...(ref.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? []),
    ];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
      document.querySelector<HTMLElement>(`.gbar[data-job-id="${CSS.escape(job.id)}"]`)?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = items[(i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length];
      next?.focus();
    }
  };
  const approveLabel = job.status === 'approved' ? 'Withdraw approval' : 'Approve for sending';
  return (
    <div
      ref={ref}
      className="tl-menu"
      role="menu"
      style={{
        left: Math.min(menu.x, window.innerWidth - 240),
        top: Math.min(menu.y, window.innerHeight - 200),
      }}
      onKeyDown={onKeyDown}
      data-testid="job-menu"
    >
      <button type="button" role="menuitem" onClick={run(() => onOpen(job.id))}>
        <TIcon name="open" /> Open plate <kbd>Enter</kbd>
      </button>
      <button
        type="button"
        role="menuitem"
        disabled={!!readOnly}
        onClick={run(() => onAction('lock', ids))}
        data-testid="menu-lock"
      >
        <TIcon name={job.locked ? 'unlock' : 'lock'} /> {job.locked ? 'Unlock' : 'Lock'}
        {many ? ` ${ids.length} jobs` : ''} <kbd>L</kbd>
      </button>
      <button
        type="button"
        role="menuitem"
        disabled={!!readOnly || !['planned', 'approved'].includes(job.status)}
        onClick={run(() => onAction('approve', ids))}
        data-testid="menu-approve"
      >
        <TIcon name="approve" /> {approveLabel}
        {many ? ` (${ids.length})` : ''} <kbd>A</kbd>
      </button>
      <button type="button" role="menuitem" onClick={run(() => onZoomTo(job.id))}>
        <TIcon name="zoomIn" /> Show whole job
      </button>
      {moveRefusal(job, readOnly) ? (
        <div className="tl-menu__note">{moveRefusal(job, readOnly)}</div>
      ) : null}
    </div>
  );
}
