import { useMemo } from 'react';
import { formatWhen } from '../timeline/gantt-axis';
import { TIcon } from '../timeline/icons';
import {
  changeCounts,
  describeMove,
  groupUnplanned,
  jobChanges,
  kpiRows,
  type JobChange,
  selectableJobIds,
} from './plan-diff';
import { STRATEGY_LABELS, useReview } from './review-store';

const KIND_TEXT: Record<JobChange['kind'], string> = {
  added: 'New',
  moved: 'Moved',
  removed: 'Removed',
  unchanged: 'Unchanged',
};

/**
 * The proposal against the plan in force: KPIs before → after, what changes job by job (tick
 * the ones to take), and Accept all / Accept selected / Discard.
 */
export function ReviewPanel({
  timeZone,
  printerName,
  onLocate,
}: {
  timeZone: string;
  printerName: (id: string) => string;
  onLocate: (jobId: string, kind: JobChange['kind']) => void;
}) {
  const proposal = useReview((s) => s.proposal);
  const picked = useReview((s) => s.picked);
  const busy = useReview((s) => s.busy);
  const running = useReview((s) => s.run !== null);
  const { accept, discard, togglePick, pickAll } = useReview.getState();
  const changes = useMemo(
    () => (proposal ? jobChanges(proposal.diff, proposal.plan) : []),
    [proposal],
  );

  if (!proposal) {
    return (
      <div className="tl-panel__empty" data-testid="plan-review-empty">
        <strong>{running ? 'Planning…' : 'No proposal to review'}</strong>
        <p className="muted">
          Click <strong>Plan</strong> to let PlateShift compose plates from the queue and schedule
          them so that every setup and removal falls inside an operator’s shift. The result is a
          proposal: nothing changes until you accept it, in full or job by job.
        </p>
      </div>
    );
  }

  const counts = changeCounts(changes);
  const rows = kpiRows(proposal.kpisBefore, proposal.plan.kpis);
  const selectable = selectableJobIds(changes);
  const nPicked = selectable.filter((id) => picked.has(id)).length;
  const unplanned = groupUnplanned(proposal.plan.unplanned);
  const noChange = counts.added + counts.moved + counts.removed === 0;

  return (
    <div className="review" data-testid="plan-review">
      <div className="review__head">
        <div>
          <div className="strong">Proposal</div>
          <div className="muted small">
            {STRATEGY_LABELS[proposal.plan.strategy as keyof typeof STRATEGY_LABELS] ??
              proposal.plan.strategy}{' '}
            · {formatWhen(Date.parse(proposal.plan.createdAt), timeZone)}
          </div>
        </div>
      </div>

      <div className="review__chips" data-testid="review-summary">
        <span className="review-chip review-chip--added">{counts.added} new</span>
        <span className="review-chip review-chip--moved">{counts.moved} moved</span>
        <span className="review-chip review-chip--removed">{counts.removed} removed</span>
        <span className="review-chip">{counts.unchanged} unchanged</span>
      </div>

      {rows.length > 0 ? (
        <table className="review-kpis" data-testid="review-kpis">
          <thead>
            <tr>
              <th>KPI</th>
              <th className="num">{proposal.kpisBefore ? 'In force' : ''}</th>
              <th aria-hidden="true" />
              <th className="num">Proposal</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-testid="review-kpi">
                <td>{r.label}</td>
                <td className="num muted">{r.before ?? ''}</td>
                <td
                  className={`review-kpis__arrow${r.improved === true ? ' is-better' : r.improved === false ? ' is-worse' : ''}`}
                  title={r.delta}
                >
                  {r.before === null ? (
                    ''
                  ) : r.direction === 'same' ? (
                    <TIcon name="dash" size={12} />
                  ) : (
                    <TIcon name={r.direction === 'up' ? 'arrowUp' : 'arrowDown'} size={12} />
                  )}
                </td>
                <td
                  className={`num strong${r.improved === true ? ' is-better' : r.improved === false ? ' is-worse' : ''}`}
                >
                  {r.after}
                  {r.delta ? <span className="review-kpis__delta"> {r.delta}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {unplanned.length > 0 ? (
        <div className="review__unplanned" data-testid="review-unplanned">
          <div className="strong small">
            {proposal.plan.unplanned.length}{' '}
            {proposal.plan.unplanned.length === 1 ? 'part stays' : 'parts stay'} in the queue
          </div>
          <ul>
            {unplanned.slice(0, 5).map((u) => (
              <li key={u.reason}>
                <span className="review__count">{u.count}×</span> {u.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="review__list-head">
        <span className="strong small">Changes</span>
        {selectable.length > 0 ? (
          <span className="review__pick-all">
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() => pickAll(true)}
              data-testid="review-pick-all"
            >
              All
            </button>
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() => pickAll(false)}
              data-testid="review-pick-none"
            >
              None
            </button>
          </span>
        ) : null}
      </div>
      <ul className="review__list">
        {changes
          .filter((c) => c.kind !== 'unchanged')
          .map((c) => {
            const pickable = c.kind === 'added' || c.kind === 'moved';
            return (
              <li
                key={`${c.kind}-${c.jobId}`}
                className={`review-job review-job--${c.kind}`}
                data-testid="review-job"
                data-job-id={c.jobId}
                data-kind={c.kind}
              >
                {pickable ? (
                  <input
                    type="checkbox"
                    checked={picked.has(c.jobId)}
                    onChange={() => togglePick(c.jobId)}
                    aria-label={`Take this ${c.kind === 'added' ? 'new' : 'moved'} job on ${printerName(c.printerId)}`}
                    data-testid="review-pick"
                  />
                ) : (
                  <span className="review-job__nocheck" aria-hidden="true" />
                )}
                <button
                  type="button"
                  className="review-job__body"
                  onClick={() => onLocate(c.jobId, c.kind)}
                  title="Show on the timeline"
                >
                  <span className={`review-job__kind review-job__kind--${c.kind}`}>
                    {KIND_TEXT[c.kind]}
                  </span>
                  <span className="review-job__text">
                    <span className="strong">{printerName(c.printerId)}</span>{' '}
                    <span className="muted">{formatWhen(c.startMs, timeZone)}</span>
                    <span className="muted small block">
                      {c.parts} parts
                      {c.kind === 'moved' ? ` · ${describeMove(c, printerName)}` : ''}
                      {c.kind === 'removed' ? ' · its parts go elsewhere or back to the queue' : ''}
                    </span>
                  </span>
                </button>
              </li>
            );
          })}
        {noChange ? (
          <li className="muted small review__nochange">
            {changes.length === 0 ? 'The proposal has no jobs.' : 'Same jobs as the plan in force.'}
          </li>
        ) : null}
      </ul>

      <div className="review__foot">
        <button
          type="button"
          className="btn btn--primary"
          disabled={busy !== null || proposal.plan.jobs.length === 0}
          onClick={() => void accept('all')}
          data-testid="review-accept-all"
        >
          <TIcon name="approve" /> Accept all
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy !== null || nPicked === 0 || noChange}
          onClick={() => void accept('picked')}
          data-testid="review-accept-selected"
          title="Take only the ticked jobs; the rest of the plan in force stays"
        >
          Accept selected ({nPicked})
        </button>
        <button
          type="button"
          className="btn btn--danger-ghost"
          disabled={busy !== null}
          onClick={() => void discard()}
          data-testid="review-discard"
        >
          Discard
        </button>
      </div>
    </div>
  );
}
