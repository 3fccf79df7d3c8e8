import { RepairAction } from '../models/RepairAction';
import { memo, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Model, ModelFacts, Polygon, PrinterFit, Verdict } from '../../../shared/domain';
import type { Order } from '../../../shared/domain/order';
import type { Profile } from '../../../shared/domain/profile';
import { isoToLocalInput, localInputToIso } from '../lib/zoned-time';
import { Icon } from '../ui/Icon';
import {
  baseName,
  estimateGrams,
  folderOf,
  formatArea,
  formatBytes,
  formatDimensions,
  formatDuration,
  formatGrams,
  formatVolume,
  summarizeFit,
  VERDICT_LABEL,
  verdictLines,
} from './facts-format';
import type {
  IntakeFile,
  IntakeSession,
  IntakeSnapshot,
  PendingLineEdit,
} from './intake-controller';
import {
  countRows,
  INCH_SCALE,
  isProblem,
  offersInchFix,
  offersLayFlat,
  rowError,
  rowsOf,
  withModelVerdicts,
  type IntakeRowView,
} from './intake-rows';
import { intake, useIntake } from './intake-store';
import { LayFlatAction } from './LayFlatAction';
import { ModelThumb } from './ModelThumb';
import './intake.css';

interface Lookups {
  printers: readonly { id: string; name: string }[];
  profiles: readonly Profile[];
  /** Orders as the queue last read them (fresher line values than the import's answer). */
  ordersById: ReadonlyMap<string, Order>;
  /** Models as the queue last read them (status changes made elsewhere). */
  modelsById: ReadonlyMap<string, Model>;
  timeZone: string;
}

/** The files of recent drops, newest drop first: progress, verdicts, facts and quick edits. */
export function IntakePanel(props: Lookups) {
  const snap = useIntake();
  if (snap.sessions.length === 0) return null;
  return (
    <section className="intake" data-testid="intake-panel" aria-label="Dropped files">
      {snap.sessions.map((s) => (
        <SessionCard key={s.id} session={s} snap={snap} {...props} />
      ))}
    </section>
  );
}

function SessionCard({
  session,
  snap,
  ...lookups
}: { session: IntakeSession; snap: IntakeSnapshot } & Lookups) {
  const rows = useMemo(
    () => withModelVerdicts(rowsOf(session, snap), snap.models),
    [session, snap],
  );
  const counts = countRows(rows);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const shown = onlyProblems ? rows.filter(isProblem) : rows;
  const finished = session.finishedAt !== null;
  const elapsed = (session.finishedAt ?? Date.now()) - session.createdAt;
  const order = session.orderId ? lookups.ordersById.get(session.orderId) : undefined;
  const fraction = counts.total ? counts.finished / counts.total : 1;

  return (
    <div
      className={`intake-session${finished ? ' is-finished' : ''}`}
      data-testid="intake-session"
      data-finished={finished ? 'true' : 'false'}
      data-elapsed-ms={finished ? String(Math.round(elapsed)) : undefined}
      data-settled-ms={
        session.settledAt !== null
          ? String(Math.round(session.settledAt - session.createdAt))
          : undefined
      }
    >
      <header className="intake-session__head">
        <button
          type="button"
          className="icon-btn icon-btn--small"
          aria-label={collapsed ? 'Show the files' : 'Hide the files'}
          aria-expanded={!collapsed}
          onClick={() => setCollapsed(!collapsed)}
        >
          <Icon name={collapsed ? 'chevronDown' : 'chevronUp'} size={14} />
        </button>
        <div className="intake-session__title">
          <span className="intake-session__ref">
            {session.orderId && !session.orderRemoved ? (
              <a
                href={`#/queue/order/${encodeURIComponent(session.orderId)}`}
                title="Open the order of this drop"
              >
                {order?.reference ?? session.reference}
              </a>
            ) : (
              session.reference
            )}
          </span>
          <span className="muted small" data-testid="intake-summary">
            {counts.total} {counts.total === 1 ? 'file' : 'files'} · {formatBytes(counts.bytes)}
            {finished
              ? ` · done in ${formatDuration(elapsed)}`
              : ` · ${counts.finished} of ${counts.total} judged`}
          </span>
        </div>
        <div className="intake-session__counts">
          {counts.ok ? <CountChip tone="success" n={counts.ok} label="ok" /> : null}
          {counts.warning ? (
            <CountChip
              tone="warning"
              n={counts.warning}
              label={counts.warning === 1 ? 'warning' : 'warnings'}
            />
          ) : null}
          {counts.error ? (
            <CountChip
              tone="danger"
              n={counts.error}
              label={counts.error === 1 ? 'error' : 'errors'}
            />
          ) : null}
          {counts.cancelled ? (
            <CountChip tone="neutral" n={counts.cancelled} label="cancelled" />
          ) : null}
          {counts.running ? (
            <CountChip tone="accent" n={counts.running} label="in progress" />
          ) : null}
        </div>
        <div
          className="intake-session__bar"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={counts.total}
          aria-valuenow={counts.finished}
        >
          <span style={{ width: `${Math.round(fraction * 100)}%` }} />
        </div>
        <span className="spacer" />
        {order ? <OrderFields order={order} timeZone={lookups.timeZone} /> : null}
        <div className="intake-session__actions">
          {counts.warning + counts.error + counts.cancelled > 0 ? (
            <label className="check small" title="Show only files that need a look">
              <input
                type="checkbox"
                checked={onlyProblems}
                data-testid="intake-only-problems"
                onChange={(e) => setOnlyProblems(e.target.checked)}
              />
              Problems only
            </label>
          ) : null}
          {!finished ? (
            <button
              type="button"
              className="btn btn--small"
              data-testid="intake-cancel-all"
              onClick={() => intake.cancelSession(session.id)}
            >
              Cancel all
            </button>
          ) : (
            <button
              type="button"
              className="btn btn--small btn--ghost"
              data-testid="intake-dismiss"
              title="Remove this drop from the list; its order stays in the queue"
              onClick={() => intake.dismiss(session.id)}
            >
              Dismiss
            </button>
          )}
        </div>
      </header>
      {session.orderError ? (
        <p className="intake-session__note danger-text">{session.orderError.message}</p>
      ) : null}
      {session.skipped.length || session.unreadable.length ? (
        <p className="intake-session__note muted small">
          {session.skipped.length
            ? `${session.skipped.length} other ${session.skipped.length === 1 ? 'file' : 'files'} in the dropped folders skipped (not STL, 3MF, OBJ or zip). `
            : ''}
          {session.unreadable.map((u) => `“${u.path}” could not be read: ${u.message}`).join(' ')}
        </p>
      ) : null}
      {session.orderRemoved ? (
        <p className="intake-session__note muted small">
          No file could be read, so no order was kept for this drop.
        </p>
      ) : null}
      {collapsed ? null : (
        <div className="intake-rows" role="list">
          {shown.map((row) => (
            <FileRow
              key={row.key}
              row={row}
              orderId={session.orderId}
              {...rowModel(row, snap.models, lookups.modelsById)}
              {...rowLine(row, session.orderId, lookups.ordersById)}
              edit={row.item?.orderLineId ? snap.lineEdits[row.item.orderLineId] : undefined}
              statusSaving={!!row.item?.modelId && snap.statusSaving.includes(row.item.modelId)}
              rescaling={!!row.item?.modelId && snap.rescaling.includes(row.item.modelId)}
              printers={lookups.printers}
              profiles={lookups.profiles}
            />
          ))}
        </div>
      )}
    </div>
  );
}

/**
 * What a row shows of its model, as values that keep their identity between refetches (so the
 * memoised rows of a large drop do not all re-render whenever the queue reloads).
 */
function rowModel(
  row: IntakeRowView,
  fromIntake: Readonly<Record<string, Model>>,
  fromQueue: ReadonlyMap<string, Model>,
): Pick<RowProps, 'facts' | 'verdict' | 'rejected'> {
  const id = row.item?.modelId;
  const a = id ? fromIntake[id] : undefined;
  const b = id ? fromQueue.get(id) : undefined;
  // The intake's copy comes first (fetched as the file lands, updated on accept/reject).
  return {
    facts: a?.facts ?? b?.facts ?? null,
    verdict: a?.verdict ?? b?.verdict ?? row.item?.verdict ?? null,
    rejected: (a?.status ?? b?.status) === 'rejected',
  };
}

function rowLine(
  row: IntakeRowView,
  orderId: string | null,
  ordersById: ReadonlyMap<string, Order>,
): Pick<RowProps, 'lineQuantity' | 'lineProfileId' | 'lineMaterial'> {
  const lineId = row.item?.orderLineId;
  const line =
    lineId && orderId ? ordersById.get(orderId)?.lines.find((l) => l.id === lineId) : undefined;
  return {
    lineQuantity: line?.quantity ?? row.item?.quantity ?? 1,
    lineProfileId: line?.profileId ?? null,
    lineMaterial: line?.material ?? '',
  };
}

function CountChip({ tone, n, label }: { tone: string; n: number; label: string }) {
  return (
    <span className={`count-chip count-chip--${tone}`}>
      <strong>{n}</strong> {label}
    </span>
  );
}

const PRIORITIES = Array.from({ length: 11 }, (_, i) => i);

/** Due date and priority belong to the order, so they are set once for the whole drop. */
function OrderFields({ order, timeZone }: { order: Order; timeZone: string }) {
  const [due, setDue] = useState(isoToLocalInput(order.dueAt, timeZone));
  useEffect(() => setDue(isoToLocalInput(order.dueAt, timeZone)), [order.dueAt, timeZone]);
  // Shown at once; the queue's copy of the order catches up when the save is stored.
  const [priority, setPriority] = useState(order.priority);
  useEffect(() => setPriority(order.priority), [order.priority]);
  const commitDue = (value: string) => {
    const iso = value ? localInputToIso(value, timeZone) : null;
    if (value && iso === null) return;
    if (
      (iso === null ? null : Date.parse(iso)) === (order.dueAt ? Date.parse(order.dueAt) : null)
    ) {
      return;
    }
    void intake.editOrder(order.id, { dueAt: iso });
  };
  return (
    <div className="intake-order-fields">
      <label className="inline-field">
        <span>Due</span>
        <input
          type="datetime-local"
          name="intakeDueAt"
          data-testid="intake-due"
          value={due}
          onChange={(e) => setDue(e.target.value)}
          onBlur={(e) => commitDue(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commitDue(e.currentTarget.value);
          }}
        />
      </label>
      <label className="inline-field">
        <span>Priority</span>
        <select
          name="intakePriority"
          data-testid="intake-priority"
          value={priority}
          onChange={(e) => {
            const p = Number(e.target.value);
            setPriority(p);
            void intake.editOrder(order.id, { priority: p }).then((saved) => {
              if (!saved) setPriority(order.priority);
            });
          }}
        >
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p}
              {p === 0 ? ' (lowest)' : p === 10 ? ' (highest)' : ''}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

const STATE_LABEL: Record<IntakeFile['state'], string> = {
  queued: 'Waiting',
  reading: 'Reading',
  uploading: 'Uploading',
  analysing: 'Analysing',
  done: 'Done',
  failed: 'Error',
  cancelled: 'Cancelled',
};

const VERDICT_TONE = { ok: 'success', warning: 'warning', error: 'danger' } as const;

interface RowProps {
  row: IntakeRowView;
  orderId: string | null;
  facts: ModelFacts | null;
  verdict: Verdict | null;
  rejected: boolean;
  /** The stored line's values (the import's answer until the queue has reloaded). */
  lineQuantity: number;
  lineProfileId: string | null;
  lineMaterial: string;
  edit: PendingLineEdit | undefined;
  statusSaving: boolean;
  rescaling: boolean;
  printers: readonly { id: string; name: string }[];
  profiles: readonly Profile[];
}

const FileRow = memo(function FileRow({
  row,
  orderId,
  facts,
  verdict,
  rejected,
  lineQuantity,
  lineProfileId,
  lineMaterial,
  edit,
  statusSaving,
  rescaling,
  printers,
  profiles,
}: RowProps) {
  const { file, item } = row;
  const running = file.state !== 'done' && file.state !== 'failed' && file.state !== 'cancelled';
  const error = rowError(row);

  const level = row.verdict;
  const lineId = item?.orderLineId;
  const profileId = edit?.patch.profileId !== undefined ? edit.patch.profileId : lineProfileId;
  const quantity = edit?.patch.quantity ?? lineQuantity;
  const material =
    (profileId ? profiles.find((p) => p.id === profileId)?.material : undefined) ||
    lineMaterial ||
    'PLA';
  const folder = folderOf(row.path);
  const lines = verdictLines(verdict);

  return (
    <div
      className={`intake-row intake-row--${file.state}${level ? ` intake-row--${level}` : ''}${rejected ? ' is-rejected' : ''}`}
      role="listitem"
      data-testid="intake-row"
      data-file={row.path}
      data-state={file.state}
      data-verdict={level ?? 'none'}
      data-facts={facts ? 'ready' : 'none'}
    >
      <div className="intake-row__thumb">
        {item?.modelId && item.ok ? (
          <ModelThumb modelId={item.modelId} size={60} title={baseName(row.path)} />
        ) : (
          <span
            className={`model-thumb model-thumb--${running ? 'loading' : 'none'}`}
            style={{ width: 60, height: 60 }}
          >
            {running ? null : <Icon name={error ? 'alert' : 'close'} size={20} />}
          </span>
        )}
      </div>

      <div className="intake-row__name">
        <div className="intake-row__title">
          <span className="strong ellipsis" title={row.path}>
            {baseName(row.path)}
          </span>
          {item?.created === false ? (
            <span
              className="chip chip--small"
              title="The same file was dropped before: it is one model, with a new order line."
            >
              known model
            </span>
          ) : null}
          {rejected ? <span className="chip chip--small chip--danger">rejected</span> : null}
        </div>
        <div className="muted small ellipsis">
          {folder ? `${folder} · ` : ''}
          {formatBytes(file.size)}
          {facts ? ` · ${facts.triangles.toLocaleString('en-GB')} triangles` : ''}
        </div>
        {running ? (
          <Progress file={file} />
        ) : error ? (
          <div className="intake-row__error" data-testid="intake-error" role="alert">
            {error}
          </div>
        ) : lines.length ? (
          <>
            <Reasons lines={lines} />
            {item?.modelId && item.ok && !rejected && offersInchFix(verdict) ? (
              <InchFix modelId={item.modelId} rescaling={rescaling} />
            ) : null}
            {item?.modelId && item.ok && !rejected && offersLayFlat(verdict) ? (
              <LayFlatAction modelId={item.modelId} name={baseName(row.path)} />
            ) : null}
            {item?.modelId && item.ok && verdict && !rejected ? (
              <RepairAction
                model={{
                  id: item.modelId,
                  name: baseName(row.path),
                  verdict,
                  status: facts ? 'ready' : 'analysing',
                }}
              />
            ) : null}
          </>
        ) : null}
      </div>

      <div className="intake-row__verdict">
        {level && !running ? (
          <span
            className={`verdict-pill verdict-pill--${VERDICT_TONE[level]}`}
            data-testid="intake-verdict"
          >
            {VERDICT_LABEL[level]}
          </span>
        ) : (
          <span className={`state-pill state-pill--${file.state}`}>{STATE_LABEL[file.state]}</span>
        )}
      </div>

      <div className="intake-row__facts" data-testid="intake-facts">
        {facts ? (
          <>
            <Fact label="Size">{formatDimensions(facts)}</Fact>
            <Fact label="Volume">
              {formatVolume(facts.volumeMm3)}
              <span
                className="muted"
                title={`Solid volume × ${material} density; infill makes the print lighter.`}
              >
                {' '}
                · ≈{formatGrams(estimateGrams(facts.volumeMm3, material) * quantity)} {material}
                {quantity > 1 ? ` for ${quantity}` : ''}
              </span>
            </Fact>
          </>
        ) : item?.ok ? (
          <span className="faint small">Reading facts…</span>
        ) : null}
      </div>

      <div className="intake-row__fit">
        {facts ? (
          <>
            <Fact label="Footprint">
              <span data-testid="intake-footprint" className="intake-footprint">
                <FootprintIcon outline={facts.footprintOutline} hull={facts.footprintHull} />
                {formatArea(facts.footprintAreaMm2)}
              </span>
            </Fact>
            <FitLine fits={facts.fits} printers={printers} />
          </>
        ) : null}
      </div>

      <div className="intake-row__edit">
        {lineId && orderId ? (
          <>
            <QuantityInput
              value={quantity}
              saving={!!edit?.saving}
              onCommit={(q) => void intake.editLine(orderId, lineId, { quantity: q })}
            />
            <select
              name="intakeProfile"
              data-testid="intake-profile"
              aria-label="Profile"
              value={profileId ?? ''}
              onChange={(e) =>
                void intake.editLine(orderId, lineId, { profileId: e.target.value || null })
              }
            >
              <option value="">Any profile</option>
              {profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </>
        ) : !running && !item?.ok ? (
          <span className="faint small">Not added to the order</span>
        ) : null}
      </div>

      <div className="intake-row__actions">
        {running ? (
          <button
            type="button"
            className="btn btn--small"
            data-testid="intake-cancel"
            disabled={file.cancelRequested}
            onClick={() => intake.cancel(file.id)}
          >
            {file.cancelRequested ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : item?.modelId && item.ok ? (
          <div className="accept-toggle" role="group" aria-label="Accept or reject the model">
            <button
              type="button"
              className={`accept-toggle__btn${!rejected ? ' is-on is-accept' : ''}`}
              data-testid="intake-accept"
              aria-pressed={!rejected}
              disabled={statusSaving}
              title="Plan this model"
              onClick={() => {
                if (rejected && item.modelId) void intake.setModelStatus(item.modelId, 'ready');
              }}
            >
              <Icon name="check" size={12} /> Accept
            </button>
            <button
              type="button"
              className={`accept-toggle__btn${rejected ? ' is-on is-reject' : ''}`}
              data-testid="intake-reject"
              aria-pressed={rejected}
              disabled={statusSaving}
              title="Keep this model out of planning"
              onClick={() => {
                if (!rejected && item.modelId) void intake.setModelStatus(item.modelId, 'rejected');
              }}
            >
              <Icon name="close" size={12} /> Reject
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
});

/**
 * The one-click ×25.4 fix, next to the "very small" warning. Not silent: the technician
 * clicks it, and the row then shows the new size and verdict; the file itself is unchanged
 * (the model stores the scale).
 */
function InchFix({ modelId, rescaling }: { modelId: string; rescaling: boolean }) {
  return (
    <div className="row">
      <button
        type="button"
        className="btn btn--small"
        data-testid="intake-scale-inch"
        disabled={rescaling}
        title="The file is in inches: scale it ×25.4 to millimetres and check it again"
        onClick={() => void intake.rescaleModel(modelId, INCH_SCALE)}
      >
        {rescaling ? 'Scaling…' : 'Scale ×25.4'}
      </button>
    </div>
  );
}

const REASONS_SHOWN = 2;

/** The verdict's reasons, worst first; the rest one click away. */
function Reasons({ lines }: { lines: { level: string; text: string }[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? lines : lines.slice(0, REASONS_SHOWN);
  return (
    <ul className="intake-reasons" data-testid="intake-reasons">
      {shown.map((l, i) => (
        <li key={i} className={`intake-reasons__item intake-reasons__item--${l.level}`}>
          <Icon
            name={l.level === 'ok' ? 'check' : l.level === 'error' ? 'alert' : 'info'}
            size={12}
          />
          <span>{l.text}</span>
        </li>
      ))}
      {lines.length > REASONS_SHOWN ? (
        <li>
          <button type="button" className="link-btn small" onClick={() => setAll(!all)}>
            {all ? 'Show fewer' : `+${lines.length - REASONS_SHOWN} more`}
          </button>
        </li>
      ) : null}
    </ul>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <span className="fact__label">{label}</span>
      <span className="fact__value">{children}</span>
    </div>
  );
}

function Progress({ file }: { file: IntakeFile }) {
  const text =
    file.state === 'analysing'
      ? (file.stage ?? 'Analysing')
      : file.state === 'queued'
        ? 'Waiting for a free slot'
        : file.state === 'reading'
          ? 'Reading the file'
          : 'Uploading';
  // One bar for the whole way: reading, uploading, then the host's own progress. Static
  // widths rather than an endless animation: a drop of 45 files must not repaint every frame.
  const share =
    file.state === 'reading'
      ? 0.08
      : file.state === 'uploading'
        ? 0.2
        : file.state === 'analysing'
          ? 0.25 + 0.75 * (file.fraction ?? 0)
          : 0;
  const waiting = file.state === 'queued';
  return (
    <div
      className={`intake-progress${waiting ? ' intake-progress--waiting' : ''}`}
      data-testid="intake-progress"
    >
      <div className="progress intake-progress__bar">
        {waiting ? null : (
          <div className="progress__fill" style={{ width: `${Math.round(share * 100)}%` }} />
        )}
      </div>
      <span className="small muted" data-testid="intake-stage">
        {text}…
      </span>
    </div>
  );
}

function FitLine({
  fits,
  printers,
}: {
  fits: readonly PrinterFit[];
  printers: readonly { id: string; name: string }[];
}) {
  const fit = summarizeFit(fits, printers);
  return (
    <div
      className={`fact intake-fit intake-fit--${fit.level}`}
      data-testid="intake-fit"
      data-fit={fit.level}
      data-fit-printers={fit.names.join('|')}
      title={[fit.names.length ? `Fits: ${fit.names.join(', ')}` : '', ...fit.notes]
        .filter(Boolean)
        .join('\n')}
    >
      <span className="fact__label">Printers</span>
      <span className="fact__value">
        <Icon name={fit.level === 'none' ? 'alert' : 'printers'} size={12} /> {fit.text}
      </span>
    </div>
  );
}

/** The part's outline on the bed, drawn to fit 22 px: a glance says "long and thin" or "round". */
function FootprintIcon({ outline, hull }: { outline: Polygon[]; hull: Polygon | null }) {
  const polys = outline.length ? outline : hull ? [hull] : [];
  const pts = polys.flat();
  if (pts.length < 3) return null;
  const minX = Math.min(...pts.map((p) => p.x));
  const maxX = Math.max(...pts.map((p) => p.x));
  const minY = Math.min(...pts.map((p) => p.y));
  const maxY = Math.max(...pts.map((p) => p.y));
  const span = Math.max(maxX - minX, maxY - minY, 1e-6);
  const s = 20 / span;
  const ox = 1 + (20 - (maxX - minX) * s) / 2;
  const oy = 1 + (20 - (maxY - minY) * s) / 2;
  const d = polys
    .map(
      (poly) =>
        `M${poly
          .map((p) => `${(ox + (p.x - minX) * s).toFixed(1)} ${(oy + (maxY - p.y) * s).toFixed(1)}`)
          .join('L')}Z`,
    )
    .join('');
  return (
    <svg className="footprint-icon" width={22} height={22} viewBox="0 0 22 22" aria-hidden="true">
      <path d={d} fillRule="evenodd" />
    </svg>
  );
}

function QuantityInput({
  value,
  saving,
  onCommit,
}: {
  value: number;
  saving: boolean;
  onCommit: (q: number) => void;
}) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const n = Number(text);
  const valid = Number.isInteger(n) && n >= 1 && n <= 10000;
  const commit = () => {
    if (valid && n !== value) onCommit(n);
    else if (!valid) setText(String(value));
  };
  return (
    <label className={`qty-input${saving ? ' is-saving' : ''}`} title="Copies to print">
      <span className="qty-input__x">×</span>
      <input
        type="number"
        name="intakeQuantity"
        data-testid="intake-quantity"
        aria-label="Quantity"
        min={1}
        max={10000}
        step={1}
        value={text}
        aria-invalid={!valid}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </label>
  );
}
