import { useEffect, useRef, useState } from 'react';
import { formatRelative } from '../lib/format';
import { useQuery } from '../platform/hooks';
import { navigate } from './use-route';

function ago(iso: string, now: number): string {
  const text = formatRelative(iso, now);
  return text === 'now' ? 'just now' : text;
}

/**
 * The re-planning triggers since the plan in force was accepted (a printer down, a new order, a
 * changed shift). The studio never re-plans behind the technician's back; it says the plan is
 * out of date and why, one click from the Timeline's Plan button.
 */
export function PlanChangesChip() {
  const q = useQuery('plans.changes', {});
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const changes = q.data?.changes ?? [];
  useEffect(() => {
    if (!open) return;
    const close = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', close);
    return () => window.removeEventListener('pointerdown', close);
  }, [open]);
  if (changes.length === 0) return null;
  const now = Date.now();
  return (
    <div className="plan-changes" ref={root}>
      <button
        type="button"
        className="statusbar__button plan-changes__chip"
        data-testid="plan-changes"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="dot" aria-hidden="true" />
        Plan out of date · {changes.length} {changes.length === 1 ? 'change' : 'changes'}
      </button>
      {open ? (
        <div className="plan-changes__popover" role="dialog" aria-label="Changes since the plan">
          <p className="plan-changes__title">
            Changed since the plan was accepted
            {q.data?.since ? ` (${ago(q.data.since, now)})` : ''}:
          </p>
          <ul className="plan-changes__list">
            {changes.slice(0, 12).map((c) => (
              <li key={`${c.kind}:${c.entityId}`} data-testid="plan-change">
                <span>{c.message}</span>
                <span className="muted small">{ago(c.at, now)}</span>
              </li>
            ))}
          </ul>
          {changes.length > 12 ? (
            <p className="muted small">and {changes.length - 12} more</p>
          ) : null}
          <button
            type="button"
            className="btn btn--primary btn--small"
            data-testid="plan-changes-replan"
            onClick={() => {
              setOpen(false);
              navigate('timeline');
            }}
          >
            Re-plan on the Timeline
          </button>
        </div>
      ) : null}
    </div>
  );
}
