import type { Model } from '../../../shared/domain/model';
import type { Profile } from '../../../shared/domain/profile';
import { formatShift } from '../plan-review/plan-diff';
import type { Conflict } from './conflicts';
import { formatClock, formatWhen } from './gantt-axis';
import type { GanttModel } from './gantt-model';
import { moveRefusal, type JobAction } from './job-rules';
import { TIcon } from './icons';
import { densityText } from './JobBar';
import { JobLifecycle } from './JobLifecycle';
import { useTimeline } from './timeline-store';

const TASK_LABEL = { setup: 'Setup', removal: 'Removal', qc: 'QC' } as const;

/** The selected job in words: when, where, what is on the plate, who handles it, what is wrong. */
export function JobPanel({
  model,
  conflicts,
  timeZone,
  printerName,
  operatorName,
  models,
  profiles,
  readOnly,
  onAction,
  onOpen,
}: {
  model: GanttModel;
  conflicts: ReadonlyMap<string, Conflict[]>;
  timeZone: string;
  printerName: (id: string) => string;
  operatorName: (id: string | null) => string;
  models: ReadonlyMap<string, Pick<Model, 'name'>>;
  profiles: ReadonlyMap<string, Profile>;
  readOnly: string | null;
  onAction: (action: JobAction, jobIds: readonly string[]) => void;
  onOpen: (jobId: string) => void;
}) {
  const selected = useTimeline((s) => s.selected);
  const bars = selected.map((id) => model.byId.get(id)).filter((b) => b !== undefined);

  if (bars.length === 0) {
    return (
      <div className="tl-panel__empty" data-testid="job-panel">
        <strong>No job selected</strong>
        <p className="muted">
          Click a bar to see its plate, times and operators. Drag it to move it in time or to
          another printer; PlateShift checks the move as you drag.
        </p>
        <dl className="tl-keys">
          <dt>Drag</dt>
          <dd>move (snaps to 5 or 15 min)</dd>
          <dt>Ctrl+wheel</dt>
          <dd>zoom around the pointer</dd>
          <dt>Arrows</dt>
          <dd>go to the next job</dd>
          <dt>Alt+arrows</dt>
          <dd>move the job (Shift: by an hour)</dd>
          <dt>L · A</dt>
          <dd>lock · approve</dd>
          <dt>Enter</dt>
          <dd>open the plate</dd>
          <dt>Ctrl+Z</dt>
          <dd>undo</dd>
        </dl>
      </div>
    );
  }

  if (bars.length > 1) {
    const ids = bars.map((b) => b.job.id);
    const approvable = bars.filter((b) => b.job.status === 'planned').length;
    const parts = bars.reduce((s, b) => s + b.parts, 0);
    return (
      <div className="tl-job" data-testid="job-panel">
        <h3 className="tl-job__title">{bars.length} jobs selected</h3>
        <p className="muted">
          {parts} parts on {new Set(bars.map((b) => b.printerId)).size} printers.
        </p>
        <div className="tl-job__actions">
          <button
            type="button"
            className="btn btn--primary"
            disabled={!!readOnly || approvable === 0}
            onClick={() => onAction('approve', ids)}
            data-testid="job-approve"
          >
            <TIcon name="approve" /> Approve {approvable > 0 ? approvable : ''}
          </button>
          <button
            type="button"
            className="btn"
            disabled={!!readOnly}
            onClick={() => onAction('lock', ids)}
            data-testid="job-lock"
          >
            <TIcon name="lock" /> Lock / unlock
          </button>
        </div>
      </div>
    );
  }

  const bar = bars[0]!;
  const { job } = bar;
  const list = conflicts.get(job.id) ?? [];
  const profile = job.profileId ? profiles.get(job.profileId) : undefined;
  const byModel = new Map<string, number>();
  for (const p of job.placements) byModel.set(p.modelId, (byModel.get(p.modelId) ?? 0) + 1);
  const why = moveRefusal(job, readOnly);
  const canApprove = !readOnly && (job.status === 'planned' || job.status === 'approved');

  return (
    <div className="tl-job" data-testid="job-panel">
      <div className="tl-job__head">
        <span className={`tl-status tl-status--${job.status}`}>{job.status}</span>
        {job.locked ? (
          <span className="tl-status tl-status--locked">
            <TIcon name="lock" size={12} /> locked
          </span>
        ) : null}
      </div>
      <h3 className="tl-job__title">{printerName(job.printerId)}</h3>
      <p className="tl-job__when">
        {formatWhen(bar.startMs, timeZone)} – {formatClock(bar.endMs, timeZone)}
        <span className="muted">
          {' '}
          · {formatShift(Math.round(job.estimateMinutes))}
          {job.uncertaintyMinutes > 0
            ? ` ± ${formatShift(Math.round(job.uncertaintyMinutes))}`
            : ''}
        </span>
      </p>

      {list.length > 0 ? (
        <ul className="tl-job__conflicts" data-testid="job-conflicts">
          {list.map((c, i) => (
            <li key={i} className={`tl-reason tl-reason--${c.severity}`}>
              {c.message}
            </li>
          ))}
        </ul>
      ) : null}

      <div className="tl-job__actions">
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => onOpen(job.id)}
          data-testid="job-open-plate"
        >
          <TIcon name="open" /> Open plate
        </button>
        <button
          type="button"
          className="btn"
          disabled={!!readOnly}
          onClick={() => onAction('lock', [job.id])}
          data-testid="job-lock"
          title="Lock or unlock (L): re-planning never moves a locked job"
        >
          <TIcon name={job.locked ? 'unlock' : 'lock'} /> {job.locked ? 'Unlock' : 'Lock'}
        </button>
        <button
          type="button"
          className="btn"
          disabled={!canApprove}
          onClick={() => onAction('approve', [job.id])}
          data-testid="job-approve"
          title="Approve for sending (A)"
        >
          <TIcon name="approve" /> {job.status === 'approved' ? 'Withdraw' : 'Approve'}
        </button>
      </div>
      {why && !readOnly ? <p className="muted small">{why}</p> : null}
      <JobLifecycle
        key={job.id}
        job={job}
        readOnly={readOnly}
        modelName={(id) => models.get(id)?.name ?? 'Unknown model'}
      />

      <dl className="tl-facts">
        <dt>Plate</dt>
        <dd>
          {bar.parts} {bar.parts === 1 ? 'part' : 'parts'}
          {bar.density !== null ? ` · ${densityText(bar.density)} of the bed` : ''}
        </dd>
        <dt>Profile</dt>
        <dd>{profile ? `${profile.name} (${profile.material})` : '—'}</dd>
        {job.tasks.map((t) => (
          <FactRow
            key={t.id}
            label={TASK_LABEL[t.kind]}
            value={`${formatWhen(Date.parse(t.start), timeZone)} · ${operatorName(t.operatorId)}`}
          />
        ))}
      </dl>
      <h4 className="tl-job__sub">On the plate</h4>
      <ul className="tl-job__parts">
        {[...byModel]
          .sort((a, b) => b[1] - a[1])
          .map(([modelId, n]) => (
            <li key={modelId}>
              <span className="ellipsis">{models.get(modelId)?.name ?? 'Unknown model'}</span>
              <span className="muted">× {n}</span>
            </li>
          ))}
      </ul>
    </div>
  );
}

function FactRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
