import type { Order, OrderStatus, PartStatus } from '../../../shared/domain/order';
import { isoDateInZone } from '../lib/zoned-time';

export const PART_STATUSES: readonly PartStatus[] = [
  'queued',
  'planned',
  'printing',
  'printed',
  'failed',
  'done',
];

export type StatusFilter = 'active' | 'all' | OrderStatus;
export type SortKey = 'due' | 'priority' | 'reference' | 'received' | 'status';
export type SortDir = 'asc' | 'desc';

/** Parts per status over all lines; lines whose parts are not materialised count as queued. */
export function partStatusCounts(order: Order): Record<PartStatus, number> {
  const counts: Record<PartStatus, number> = {
    queued: 0,
    planned: 0,
    printing: 0,
    printed: 0,
    failed: 0,
    done: 0,
  };
  for (const line of order.lines) {
    if (line.parts.length === 0) counts.queued += line.quantity;
    for (const p of line.parts) counts[p.status] += 1;
  }
  return counts;
}

export function lineStatusCounts(
  line: Order['lines'][number],
): Partial<Record<PartStatus, number>> {
  if (line.parts.length === 0) return { queued: line.quantity };
  const out: Partial<Record<PartStatus, number>> = {};
  for (const p of line.parts) out[p.status] = (out[p.status] ?? 0) + 1;
  return out;
}

export function totalParts(order: Order): number {
  return order.lines.reduce((n, l) => n + l.quantity, 0);
}

function statusMatches(status: OrderStatus, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'active') return status === 'open' || status === 'in-progress';
  return status === filter;
}

/** Case-insensitive, every word must appear in reference, requester, notes or a model name. */
export function matchesSearch(order: Order, search: string, modelNames: Map<string, string>) {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [
    order.reference,
    order.requester,
    order.notes,
    ...order.lines.map((l) => modelNames.get(l.modelId) ?? ''),
    ...order.lines.map((l) => l.material),
  ]
    .join(' ')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}

export function filterOrders(
  orders: readonly Order[],
  filter: { search: string; status: StatusFilter },
  modelNames: Map<string, string>,
): Order[] {
  return orders.filter(
    (o) => statusMatches(o.status, filter.status) && matchesSearch(o, filter.search, modelNames),
  );
}

const STATUS_ORDER: Record<OrderStatus, number> = {
  'in-progress': 0,
  open: 1,
  done: 2,
  cancelled: 3,
};

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders without a due date go last whatever the direction: they are the least pressing.
 * Ties fall back to priority (high first), then reference, so the order is deterministic.
 */
export function sortOrders(orders: readonly Order[], key: SortKey, dir: SortDir): Order[] {
  const sign = dir === 'asc' ? 1 : -1;
  const tie = (a: Order, b: Order) => b.priority - a.priority || cmpStr(a.reference, b.reference);
  return [...orders].sort((a, b) => {
    switch (key) {
      case 'due': {
        if (a.dueAt === null || b.dueAt === null) {
          if (a.dueAt === b.dueAt) return tie(a, b);
          return a.dueAt === null ? 1 : -1;
        }
        return sign * (Date.parse(a.dueAt) - Date.parse(b.dueAt)) || tie(a, b);
      }
      case 'priority':
        return sign * (a.priority - b.priority) || cmpStr(a.reference, b.reference);
      case 'reference':
        return sign * a.reference.localeCompare(b.reference, undefined, { numeric: true });
      case 'received':
        return sign * (Date.parse(a.receivedAt) - Date.parse(b.receivedAt)) || tie(a, b);
      case 'status':
        return sign * (STATUS_ORDER[a.status] - STATUS_ORDER[b.status]) || tie(a, b);
    }
  });
}

export type DueBucket = 'past' | 'overdue' | 'today' | 'tomorrow' | 'week' | 'later' | 'none';

export const DUE_BUCKET_LABELS: Record<DueBucket, string> = {
  past: 'Due date passed (finished)',
  overdue: 'Overdue',
  today: 'Due today',
  tomorrow: 'Due tomorrow',
  week: 'Due within 7 days',
  later: 'Due later',
  none: 'No due date',
};

/** Calendar-day buckets in the site's zone ("today" means the lab's today). */
export function dueBucket(
  order: Pick<Order, 'dueAt' | 'status'>,
  nowMs: number,
  timeZone: string,
): DueBucket {
  if (order.dueAt === null) return 'none';
  const due = Date.parse(order.dueAt);
  const finished = order.status === 'done' || order.status === 'cancelled';
  if (due < nowMs) return finished ? 'past' : 'overdue';
  const dueDay = isoDateInZone(due, timeZone);
  const today = isoDateInZone(nowMs, timeZone);
  if (dueDay <= today) return 'today';
  if (dueDay === isoDateInZone(nowMs + 86_400_000, timeZone)) return 'tomorrow';
  if (due - nowMs <= 7 * 86_400_000) return 'week';
  return 'later';
}

export interface DueGroup {
  bucket: DueBucket;
  label: string;
  orders: Order[];
}

/** Consecutive runs of the (already sorted) list that share a bucket. */
export function groupByDue(orders: readonly Order[], nowMs: number, timeZone: string): DueGroup[] {
  const groups: DueGroup[] = [];
  for (const o of orders) {
    const bucket = dueBucket(o, nowMs, timeZone);
    const last = groups[groups.length - 1];
    if (last && last.bucket === bucket) last.orders.push(o);
    else groups.push({ bucket, label: DUE_BUCKET_LABELS[bucket], orders: [o] });
  }
  return groups;
}
