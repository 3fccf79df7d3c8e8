import type { ModelStatus, VerdictLevel } from '../../../shared/domain/model';
import type { Order, OrderLine, OrderStatus, PartStatus } from '../../../shared/domain/order';
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
/** Orders with at least one part in this status. */
export type PartFilter = 'any' | PartStatus;
/** A line's model verdict; 'pending' = not analysed yet, 'rejected' = turned down. */
export type LineVerdict = VerdictLevel | 'pending' | 'rejected';
export type VerdictFilter = 'any' | LineVerdict;
/** 'none' = lines without a particular profile; otherwise a profile id. */
export type ProfileFilter = 'any' | 'none' | (string & {});
export type SortKey =
  'due' | 'priority' | 'reference' | 'received' | 'status' | 'parts' | 'verdict';

/** What the queue needs to know about a line's model. */
export interface ModelInfo {
  verdict: VerdictLevel | null;
  status: ModelStatus;
}

export interface QueueFilter {
  search: string;
  status: StatusFilter;
  parts?: PartFilter;
  verdict?: VerdictFilter;
  profile?: ProfileFilter;
}
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

export function lineVerdict(
  line: Pick<OrderLine, 'modelId'>,
  models: Map<string, ModelInfo>,
): LineVerdict {
  const m = models.get(line.modelId);
  if (!m) return 'pending';
  if (m.status === 'rejected') return 'rejected';
  if (m.verdict === null || m.status === 'pending' || m.status === 'analysing') return 'pending';
  return m.verdict;
}

function hasLineFilter(filter: QueueFilter): boolean {
  return (
    (filter.parts ?? 'any') !== 'any' ||
    (filter.verdict ?? 'any') !== 'any' ||
    (filter.profile ?? 'any') !== 'any'
  );
}

/** Does this line pass the part-status, verdict and profile filters? */
export function lineMatches(
  line: OrderLine,
  filter: QueueFilter,
  models: Map<string, ModelInfo>,
): boolean {
  const parts = filter.parts ?? 'any';
  if (parts !== 'any' && !(lineStatusCounts(line)[parts] ?? 0)) return false;
  const verdict = filter.verdict ?? 'any';
  if (verdict !== 'any' && lineVerdict(line, models) !== verdict) return false;
  const profile = filter.profile ?? 'any';
  if (profile === 'none' && line.profileId !== null) return false;
  if (profile !== 'any' && profile !== 'none' && line.profileId !== profile) return false;
  return true;
}

/** The lines of an order the line filters let through (all of them when none is set). */
export function visibleLines(
  order: Order,
  filter: QueueFilter,
  models: Map<string, ModelInfo>,
): OrderLine[] {
  if (!hasLineFilter(filter)) return order.lines;
  return order.lines.filter((l) => lineMatches(l, filter, models));
}

/**
 * Order status and search pick orders; the line filters (parts, verdict, profile) keep the
 * orders with at least one matching line.
 */
export function filterOrders(
  orders: readonly Order[],
  filter: QueueFilter,
  modelNames: Map<string, string>,
  models: Map<string, ModelInfo> = new Map(),
): Order[] {
  const lineFilter = hasLineFilter(filter);
  return orders.filter(
    (o) =>
      statusMatches(o.status, filter.status) &&
      matchesSearch(o, filter.search, modelNames) &&
      (!lineFilter || o.lines.some((l) => lineMatches(l, filter, models))),
  );
}

const VERDICT_RANK: Record<LineVerdict, number> = {
  error: 0,
  warning: 1,
  pending: 2,
  rejected: 3,
  ok: 4,
};

/** The most worrying verdict among the order's lines ('ok' for an order without lines). */
export function worstVerdict(order: Order, models: Map<string, ModelInfo>): LineVerdict {
  let worst: LineVerdict = 'ok';
  for (const l of order.lines) {
    const v = lineVerdict(l, models);
    if (VERDICT_RANK[v] < VERDICT_RANK[worst]) worst = v;
  }
  return worst;
}

export function verdictCounts(
  order: Order,
  models: Map<string, ModelInfo>,
): Record<LineVerdict, number> {
  const counts: Record<LineVerdict, number> = {
    ok: 0,
    warning: 0,
    error: 0,
    pending: 0,
    rejected: 0,
  };
  for (const l of order.lines) counts[lineVerdict(l, models)] += 1;
  return counts;
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
export function sortOrders(
  orders: readonly Order[],
  key: SortKey,
  dir: SortDir,
  models: Map<string, ModelInfo> = new Map(),
): Order[] {
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
      case 'parts':
        return sign * (totalParts(a) - totalParts(b)) || tie(a, b);
      case 'verdict':
        // Ascending puts the most worrying first.
        return (
          sign * (VERDICT_RANK[worstVerdict(a, models)] - VERDICT_RANK[worstVerdict(b, models)]) ||
          tie(a, b)
        );
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
