import { Fragment, useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import type { Order, OrderLine, OrderStatus, PartStatus } from '../../../shared/domain/order';
import type { Profile } from '../../../shared/domain/profile';
import { ModelThumb } from '../intake/ModelThumb';
import { formatDateTime, formatRelative } from '../lib/format';
import { formatHash } from '../shell/routes';
import { navigate } from '../shell/use-route';
import { Badge, type Tone } from '../ui/Badge';
import {
  dueBucket,
  groupByDue,
  lineStatusCounts,
  lineVerdict,
  PART_STATUSES,
  partStatusCounts,
  totalParts,
  verdictCounts,
  visibleLines,
  type LineVerdict,
  type ModelInfo,
  type QueueFilter,
  type SortKey,
} from './order-list';
import { useQueueView } from './queue-store';
import { allSelected, keyAction } from './selection';

export const ORDER_STATUS_TONE: Record<OrderStatus, Tone> = {
  open: 'accent',
  'in-progress': 'info',
  done: 'success',
  cancelled: 'neutral',
};

export const PART_STATUS_TONE: Record<PartStatus, Tone> = {
  queued: 'neutral',
  planned: 'accent',
  printing: 'info',
  printed: 'success',
  failed: 'danger',
  done: 'success',
};

export const LINE_VERDICT_TONE: Record<LineVerdict, Tone> = {
  ok: 'success',
  warning: 'warning',
  error: 'danger',
  pending: 'neutral',
  rejected: 'neutral',
};

export const LINE_VERDICT_LABEL: Record<LineVerdict, string> = {
  ok: 'ok',
  warning: 'warning',
  error: 'error',
  pending: 'analysing',
  rejected: 'rejected',
};

const MAX_LINES = 4;
const COLUMNS = 8;

function SortHeader({
  label,
  sortKey,
  className,
}: {
  label: string;
  sortKey: SortKey;
  className?: string;
}) {
  const { sortKey: current, sortDir, sortBy } = useQueueView();
  const active = current === sortKey;
  return (
    <th
      className={className}
      aria-sort={active ? (sortDir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <button
        type="button"
        className={`th-sort${active ? ' is-active' : ''}`}
        onClick={() => sortBy(sortKey)}
      >
        {label}
        <span className="th-sort__arrow" aria-hidden="true">
          {active ? (sortDir === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}

/** A stacked bar of part statuses with the counts as text next to it. */
export function PartStatusBar({
  counts,
  bar = true,
}: {
  counts: Partial<Record<PartStatus, number>>;
  bar?: boolean;
}) {
  const total = PART_STATUSES.reduce((n, s) => n + (counts[s] ?? 0), 0);
  if (total === 0) return <span className="faint">—</span>;
  return (
    <span
      className="part-status"
      title={PART_STATUSES.filter((s) => counts[s])
        .map((s) => `${counts[s]} ${s}`)
        .join(', ')}
    >
      {bar ? (
        <span className="part-bar" aria-hidden="true">
          {PART_STATUSES.map((s) =>
            counts[s] ? (
              <span
                key={s}
                className={`part-bar__seg part-bar__seg--${s}`}
                style={{ flexGrow: counts[s] }}
              />
            ) : null,
          )}
        </span>
      ) : null}
      <span className="part-status__text">
        {PART_STATUSES.filter((s) => counts[s]).map((s) => (
          <span key={s} className={`part-count part-count--${s}`}>
            {counts[s]} {s}
          </span>
        ))}
      </span>
    </span>
  );
}

function priorityTone(p: number): Tone {
  return p >= 8 ? 'danger' : p >= 6 ? 'warning' : 'neutral';
}

export interface OrderTableProps {
  orders: Order[];
  modelNames: Map<string, string>;
  models: Map<string, ModelInfo>;
  profiles: Profile[];
  timeZone: string;
  /** The order open in the editor. */
  selectedId: string | null;
  filter: QueueFilter;
}

export function OrderTable({
  orders,
  modelNames,
  models,
  profiles,
  timeZone,
  selectedId,
  filter,
}: OrderTableProps) {
  const view = useQueueView();
  const { selection, sortKey, expanded } = view;
  const now = Date.now();
  const profileName = new Map(profiles.map((p) => [p.id, p.name]));
  const groups =
    sortKey === 'due' ? groupByDue(orders, now, timeZone) : [{ bucket: null, label: '', orders }];
  // Row order as displayed (groups keep the sorted order).
  const visible = groups.flatMap((g) => g.orders.map((o) => o.id));
  const visibleKey = visible.join('|');
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const { pruneTo } = view;

  useEffect(() => {
    pruneTo(visibleKey ? visibleKey.split('|') : []);
  }, [visibleKey, pruneTo]);

  // Keep DOM focus on the focus row while the table has focus (after arrows, after a refetch).
  useEffect(() => {
    const body = bodyRef.current;
    if (!body || !selection.focus || !body.contains(document.activeElement)) return;
    const row = body.querySelector<HTMLElement>(`tr[data-id="${CSS.escape(selection.focus)}"]`);
    if (row && document.activeElement !== row && document.activeElement?.tagName === 'TR') {
      row.focus();
    }
  }, [selection.focus]);

  const focusRow = (id: string | null) => {
    if (!id) return;
    const row = bodyRef.current?.querySelector<HTMLElement>(`tr[data-id="${CSS.escape(id)}"]`);
    row?.focus();
    row?.scrollIntoView({ block: 'nearest' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    // Typing in a control inside a row (none today, links) keeps its own keys.
    if ((e.target as HTMLElement).tagName !== 'TR') return;
    const action = keyAction(e.key, { shift: e.shiftKey, ctrlOrMeta: e.ctrlKey || e.metaKey });
    if (!action) return;
    e.preventDefault();
    const state = useQueueView.getState();
    switch (action.kind) {
      case 'move':
        state.moveFocus(visible, action.move, action.extend);
        focusRow(useQueueView.getState().selection.focus);
        break;
      case 'toggle':
        if (state.selection.focus) state.toggleSelected(state.selection.focus);
        break;
      case 'open':
        if (state.selection.focus) navigate('queue', ['order', state.selection.focus]);
        break;
      case 'selectAll':
        state.selectAllVisible(visible);
        break;
      case 'clear':
        state.clearSelected();
        break;
    }
  };

  const onCheck = (e: MouseEvent<HTMLInputElement>, id: string) => {
    e.stopPropagation();
    if (e.shiftKey) view.selectRangeTo(id, visible);
    else view.toggleSelected(id);
  };

  const everySelected = allSelected(selection, visible);
  const someSelected = !everySelected && visible.some((id) => selection.selected.has(id));
  // Tab reaches the table once: on the focus row, or the first row.
  const tabStop =
    selection.focus && visible.includes(selection.focus) ? selection.focus : visible[0];

  return (
    <div className="table-wrap">
      <table
        className="table table--orders"
        data-testid="order-table"
        aria-multiselectable="true"
        aria-label="Orders"
      >
        <thead>
          <tr>
            <th className="col-check">
              <input
                type="checkbox"
                data-testid="order-select-all"
                aria-label={everySelected ? 'Clear the selection' : 'Select every order shown'}
                checked={everySelected}
                ref={(el) => {
                  if (el) el.indeterminate = someSelected;
                }}
                onChange={() =>
                  everySelected ? view.clearSelected() : view.selectAllVisible(visible)
                }
              />
            </th>
            <SortHeader label="Due" sortKey="due" className="col-due" />
            <SortHeader label="Reference" sortKey="reference" />
            <SortHeader label="Prio" sortKey="priority" className="num" />
            <SortHeader label="Status" sortKey="status" />
            <SortHeader label="Verdict" sortKey="verdict" className="col-verdict" />
            <th>Lines</th>
            <SortHeader label="Parts" sortKey="parts" className="col-parts" />
          </tr>
        </thead>
        <tbody ref={bodyRef} onKeyDown={onKeyDown}>
          {groups.map((g, gi) => (
            <Fragment key={`${g.bucket ?? 'all'}-${gi}`}>
              {g.bucket ? (
                <tr className={`group-row group-row--${g.bucket}`}>
                  <td colSpan={COLUMNS}>
                    {g.label} <span className="muted">({g.orders.length})</span>
                  </td>
                </tr>
              ) : null}
              {g.orders.map((o) => {
                const bucket = dueBucket(o, now, timeZone);
                const checked = selection.selected.has(o.id);
                const focused = selection.focus === o.id;
                const lines = visibleLines(o, filter, models);
                const isExpanded = expanded.has(o.id);
                const shownLines = isExpanded ? lines : lines.slice(0, MAX_LINES);
                const hiddenByFilter = o.lines.length - lines.length;
                const vc = verdictCounts(o, models);
                return (
                  <tr
                    key={o.id}
                    data-testid="order-row"
                    data-id={o.id}
                    tabIndex={o.id === tabStop ? 0 : -1}
                    aria-selected={checked}
                    className={`table__row--click${o.id === selectedId ? ' is-selected' : ''}${checked ? ' is-checked' : ''}${focused ? ' is-focus' : ''}`}
                    onClick={() => {
                      view.setFocus(o.id);
                      navigate('queue', ['order', o.id]);
                    }}
                    onFocus={() => {
                      if (!focused) view.setFocus(o.id);
                    }}
                  >
                    <td className="col-check" onClick={(e) => e.stopPropagation()}>
                      <input
                        type="checkbox"
                        data-testid="order-select"
                        aria-label={`Select ${o.reference}`}
                        checked={checked}
                        tabIndex={-1}
                        onClick={(e) => onCheck(e, o.id)}
                        onChange={() => undefined}
                      />
                    </td>
                    <td className="col-due">
                      {o.dueAt ? (
                        <>
                          <span className={bucket === 'overdue' ? 'danger-text strong' : 'strong'}>
                            {formatDateTime(o.dueAt, timeZone)}
                          </span>
                          <span className="muted small block">{formatRelative(o.dueAt, now)}</span>
                        </>
                      ) : (
                        <span className="faint">no due date</span>
                      )}
                    </td>
                    <td className="col-ref">
                      <a
                        className="strong"
                        href={formatHash('queue', ['order', o.id])}
                        tabIndex={-1}
                        onClick={(e) => e.stopPropagation()}
                      >
                        {o.reference}
                      </a>
                      {o.requester ? (
                        <span className="muted small block ellipsis">{o.requester}</span>
                      ) : null}
                      {o.notes ? (
                        <span className="order-notes faint small block ellipsis">{o.notes}</span>
                      ) : null}
                    </td>
                    <td className="num">
                      <Badge tone={priorityTone(o.priority)}>{o.priority}</Badge>
                    </td>
                    <td>
                      <Badge tone={ORDER_STATUS_TONE[o.status]}>{o.status}</Badge>
                    </td>
                    <td className="col-verdict">
                      <VerdictSummary counts={vc} />
                    </td>
                    <td className="col-lines">
                      {o.lines.length === 0 ? (
                        <span className="faint">no lines</span>
                      ) : (
                        <ul className="order-lines">
                          {shownLines.map((l) => (
                            <LineItem
                              key={l.id}
                              line={l}
                              name={modelNames.get(l.modelId) ?? `model ${l.modelId.slice(0, 8)}`}
                              verdict={lineVerdict(l, models)}
                              profile={
                                l.profileId ? (profileName.get(l.profileId) ?? 'profile?') : null
                              }
                            />
                          ))}
                          {lines.length > MAX_LINES || hiddenByFilter > 0 ? (
                            <li className="order-lines__more">
                              {lines.length > MAX_LINES ? (
                                <button
                                  type="button"
                                  className="btn btn--ghost btn--small"
                                  data-testid="order-expand"
                                  tabIndex={-1}
                                  aria-expanded={isExpanded}
                                  onClick={(e) => {
                                    e.stopPropagation();
                                    view.toggleExpanded(o.id);
                                  }}
                                >
                                  {isExpanded
                                    ? 'Show fewer lines'
                                    : `+${lines.length - MAX_LINES} more lines`}
                                </button>
                              ) : null}
                              {hiddenByFilter > 0 ? (
                                <span className="faint small">
                                  {hiddenByFilter} {hiddenByFilter === 1 ? 'line' : 'lines'} hidden
                                  by the filter
                                </span>
                              ) : null}
                            </li>
                          ) : null}
                        </ul>
                      )}
                    </td>
                    <td className="col-parts">
                      <span className="strong">{totalParts(o)}</span>
                      {o.lines.length ? <PartStatusBar counts={partStatusCounts(o)} /> : null}
                    </td>
                  </tr>
                );
              })}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LineItem({
  line,
  name,
  verdict,
  profile,
}: {
  line: OrderLine;
  name: string;
  verdict: LineVerdict;
  profile: string | null;
}) {
  return (
    <li data-testid="queue-line" data-verdict={verdict}>
      <ModelThumb modelId={line.modelId} size={30} title={name} />
      <span
        className={`verdict-dot verdict-dot--${verdict}`}
        title={`Verdict: ${LINE_VERDICT_LABEL[verdict]}`}
        aria-label={`Verdict ${LINE_VERDICT_LABEL[verdict]}`}
      />
      <span className="order-lines__qty">{line.quantity}×</span>
      <span className="order-lines__model ellipsis" title={name}>
        {name}
      </span>
      {profile ? <span className="chip chip--small">{profile}</span> : null}
      {line.material ? <span className="faint small">{line.material}</span> : null}
      <PartStatusBar counts={lineStatusCounts(line)} bar={false} />
    </li>
  );
}

function VerdictSummary({ counts }: { counts: Record<LineVerdict, number> }) {
  const order: LineVerdict[] = ['error', 'warning', 'pending', 'rejected', 'ok'];
  const present = order.filter((v) => counts[v] > 0);
  if (present.length === 0) return <span className="faint">—</span>;
  return (
    <span className="verdict-summary" data-testid="order-verdicts">
      {present.map((v) => (
        <Badge
          key={v}
          tone={LINE_VERDICT_TONE[v]}
          title={`${counts[v]} line(s): ${LINE_VERDICT_LABEL[v]}`}
        >
          {counts[v]} {LINE_VERDICT_LABEL[v]}
        </Badge>
      ))}
    </span>
  );
}
