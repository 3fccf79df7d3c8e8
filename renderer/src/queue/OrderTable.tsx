import { Fragment } from 'react';
import type { Order, OrderStatus, PartStatus } from '../../../shared/domain/order';
import type { Profile } from '../../../shared/domain/profile';
import { formatDateTime, formatRelative } from '../lib/format';
import { formatHash } from '../shell/routes';
import { navigate } from '../shell/use-route';
import { Badge, type Tone } from '../ui/Badge';
import {
  dueBucket,
  groupByDue,
  lineStatusCounts,
  PART_STATUSES,
  partStatusCounts,
  totalParts,
  type SortKey,
} from './order-list';
import { useQueueView } from './queue-store';

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

const MAX_LINES = 4;

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

export function OrderTable({
  orders,
  modelNames,
  profiles,
  timeZone,
  selectedId,
}: {
  orders: Order[];
  modelNames: Map<string, string>;
  profiles: Profile[];
  timeZone: string;
  selectedId: string | null;
}) {
  const sortKey = useQueueView((s) => s.sortKey);
  const now = Date.now();
  const profileName = new Map(profiles.map((p) => [p.id, p.name]));
  const groups =
    sortKey === 'due' ? groupByDue(orders, now, timeZone) : [{ bucket: null, label: '', orders }];
  return (
    <div className="table-wrap">
      <table className="table table--orders" data-testid="order-table">
        <thead>
          <tr>
            <SortHeader label="Due" sortKey="due" className="col-due" />
            <SortHeader label="Reference" sortKey="reference" />
            <th>Requester</th>
            <SortHeader label="Prio" sortKey="priority" className="num" />
            <SortHeader label="Status" sortKey="status" />
            <th>Lines</th>
            <th>Parts</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g, gi) => (
            <Fragment key={`${g.bucket ?? 'all'}-${gi}`}>
              {g.bucket ? (
                <tr className={`group-row group-row--${g.bucket}`}>
                  <td colSpan={7}>
                    {g.label} <span className="muted">({g.orders.length})</span>
                  </td>
                </tr>
              ) : null}
              {g.orders.map((o) => {
                const bucket = dueBucket(o, now, timeZone);
                return (
                  <tr
                    key={o.id}
                    data-testid="order-row"
                    data-id={o.id}
                    className={`table__row--click${o.id === selectedId ? ' is-selected' : ''}`}
                    onClick={() => navigate('queue', ['order', o.id])}
                  >
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
                    <td className="strong">
                      <a
                        href={formatHash('queue', ['order', o.id])}
                        onClick={(e) => e.stopPropagation()}
                      >
                        {o.reference}
                      </a>
                      {o.notes ? (
                        <span className="order-notes muted small block ellipsis">{o.notes}</span>
                      ) : null}
                    </td>
                    <td>{o.requester || <span className="faint">—</span>}</td>
                    <td className="num">
                      <Badge tone={priorityTone(o.priority)}>{o.priority}</Badge>
                    </td>
                    <td>
                      <Badge tone={ORDER_STATUS_TONE[o.status]}>{o.status}</Badge>
                    </td>
                    <td className="col-lines">
                      {o.lines.length === 0 ? (
                        <span className="faint">no lines</span>
                      ) : (
                        <ul className="order-lines">
                          {o.lines.slice(0, MAX_LINES).map((l) => (
                            <li key={l.id}>
                              <span className="order-lines__qty">{l.quantity}×</span>
                              <span
                                className="order-lines__model ellipsis"
                                title={modelNames.get(l.modelId) ?? l.modelId}
                              >
                                {modelNames.get(l.modelId) ?? `model ${l.modelId.slice(0, 8)}`}
                              </span>
                              {l.profileId ? (
                                <span className="chip chip--small">
                                  {profileName.get(l.profileId) ?? 'profile?'}
                                </span>
                              ) : null}
                              <PartStatusBar counts={lineStatusCounts(l)} bar={false} />
                            </li>
                          ))}
                          {o.lines.length > MAX_LINES ? (
                            <li className="muted small">
                              +{o.lines.length - MAX_LINES} more lines
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
