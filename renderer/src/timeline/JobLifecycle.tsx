import { useState } from 'react';
import { type Job, JOB_TRANSITIONS, type JobStatus } from '../../../shared/domain/plan';
import { plural } from '../lib/format';
import { api, writeJob } from '../platform/api';
import { toApiError } from '../platform/query-cache';
import { toastError, toastSuccess } from '../shell/ui-store';
import './job-lifecycle.css';

/** The statuses a technician sets by hand after approval (done comes from the QC report). */
type ManualStep = Extract<JobStatus, 'sent' | 'printing' | 'printed' | 'failed'>;

/** The manual steps after approval, in the order a job takes them. */
const STEPS: { to: ManualStep; label: string; title: string; danger?: boolean }[] = [
  { to: 'sent', label: 'Mark sent', title: 'The plate is on its way to the printer' },
  { to: 'printing', label: 'Mark printing', title: 'The printer has started' },
  { to: 'printed', label: 'Mark printed', title: 'The print is finished; check it next' },
  {
    to: 'failed',
    label: 'Print failed',
    title: 'Every part of the plate goes back to the queue',
    danger: true,
  },
];

const NEXT_HINT: Partial<Record<JobStatus, string>> = {
  planned: 'Approve the job to send it to its printer.',
  done: 'Checked and finished.',
  failed: 'The print failed; its parts are back in the queue for the next plan.',
};

/**
 * A job's way from approval to done, by hand until printers report it themselves: mark it sent,
 * printing, printed (or failed), then report its quality check, ticking the parts that failed so
 * they return to the queue. The core refuses a step out of order; the refusal shows as a toast.
 */
export function JobLifecycle({
  job,
  readOnly,
  modelName,
}: {
  job: Job;
  readOnly: string | null;
  modelName: (modelId: string) => string;
}) {
  const [busy, setBusy] = useState(false);
  const [checking, setChecking] = useState(false);
  if (readOnly) return null;
  const steps = STEPS.filter((s) => JOB_TRANSITIONS[job.status].includes(s.to));

  const mark = async (to: ManualStep) => {
    setBusy(true);
    try {
      await writeJob('jobs.update', { id: job.id, status: to });
    } catch (err) {
      toastError(toApiError(err).message, 'jobs.update');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="tl-job__lifecycle" data-testid="job-lifecycle">
      <h4 className="tl-job__sub">Progress</h4>
      {steps.length > 0 ? (
        <div className="tl-job__actions">
          {steps.map((s) => (
            <button
              key={s.to}
              type="button"
              className={`btn btn--small${s.danger ? ' btn--danger-ghost' : ''}`}
              disabled={busy}
              title={s.title}
              onClick={() => void mark(s.to)}
              data-testid={`job-mark-${s.to}`}
            >
              {s.label}
            </button>
          ))}
        </div>
      ) : null}
      {job.status === 'printed' ? (
        checking ? (
          <QcForm job={job} modelName={modelName} onClose={() => setChecking(false)} />
        ) : (
          <button
            type="button"
            className="btn btn--small btn--primary"
            onClick={() => setChecking(true)}
            data-testid="job-report-qc"
          >
            Report QC…
          </button>
        )
      ) : null}
      {NEXT_HINT[job.status] ? <p className="muted small">{NEXT_HINT[job.status]}</p> : null}
    </section>
  );
}

/** One checkbox per part on the plate: ticked parts failed and return to the queue. */
function QcForm({
  job,
  modelName,
  onClose,
}: {
  job: Job;
  modelName: (modelId: string) => string;
  onClose: () => void;
}) {
  const [failed, setFailed] = useState<ReadonlySet<string>>(new Set());
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const copies = new Map<string, number>();
  const rows = job.placements
    .map((p) => {
      const n = (copies.get(p.modelId) ?? 0) + 1;
      copies.set(p.modelId, n);
      return { partId: p.partId, label: `${modelName(p.modelId)} #${n}` };
    })
    .sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }));

  const toggle = (partId: string) => {
    const next = new Set(failed);
    if (!next.delete(partId)) next.add(partId);
    setFailed(next);
  };
  const submit = async () => {
    setBusy(true);
    try {
      await api.call('jobs.reportQc', {
        jobId: job.id,
        failedPartIds: [...failed],
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      toastSuccess(
        failed.size > 0
          ? `QC reported: ${plural(failed.size, 'part')} back in the queue. Re-plan to place them.`
          : 'QC reported: every part passed.',
      );
      onClose();
    } catch (err) {
      toastError(toApiError(err).message, 'jobs.reportQc');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="tl-job__qc"
      data-testid="job-qc-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p className="small">Tick the parts that failed the check:</p>
      <div className="check-list">
        {rows.map((r) => (
          <label key={r.partId} className="check">
            <input
              type="checkbox"
              checked={failed.has(r.partId)}
              onChange={() => toggle(r.partId)}
              data-testid="job-qc-part"
            />
            <span className="ellipsis">{r.label}</span>
          </label>
        ))}
      </div>
      <input
        type="text"
        placeholder="Note (optional)"
        maxLength={500}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        aria-label="QC note"
      />
      <div className="tl-job__actions">
        <button
          type="submit"
          className="btn btn--small btn--primary"
          disabled={busy}
          data-testid="job-qc-submit"
        >
          {failed.size > 0 ? `Finish · ${failed.size} failed` : 'Finish · all passed'}
        </button>
        <button type="button" className="btn btn--small" disabled={busy} onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
