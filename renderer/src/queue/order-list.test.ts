import { describe, expect, it } from 'vitest';
import { Order } from '../../../shared/domain/order';
import {
  dueBucket,
  filterOrders,
  groupByDue,
  lineStatusCounts,
  lineVerdict,
  partStatusCounts,
  sortOrders,
  totalParts,
  verdictCounts,
  visibleLines,
  worstVerdict,
} from './order-list';

const NOW = Date.parse('2025-11-21T10:00:00Z'); // Friday 11:00 in Berlin
const H = 3600_000;
const M1 = '1'.repeat(64);
const M2 = '2'.repeat(64);

function order(
  reference: string,
  dueAt: string | null,
  extra: Record<string, unknown> = {},
): Order {
  return Order.parse({
    id: reference,
    reference,
    receivedAt: '2025-11-01T00:00:00Z',
    dueAt,
    ...extra,
  });
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('part status counts', () => {
  it('count materialised parts and treat missing ones as queued', () => {
    const o = order('A', null, {
      lines: [
        {
          id: 'l1',
          orderId: 'A',
          modelId: M1,
          quantity: 3,
          profileId: null,
          material: '',
          color: '',
          parts: [
            { id: 'p1', orderLineId: 'l1', copy: 1, status: 'printed' },
            { id: 'p2', orderLineId: 'l1', copy: 2, status: 'failed' },
            { id: 'p3', orderLineId: 'l1', copy: 3, status: 'failed' },
          ],
        },
        {
          id: 'l2',
          orderId: 'A',
          modelId: M2,
          quantity: 4,
          profileId: null,
          material: '',
          color: '',
          parts: [],
        },
      ],
    });
    expect(partStatusCounts(o)).toEqual({
      queued: 4,
      planned: 0,
      printing: 0,
      printed: 1,
      failed: 2,
      done: 0,
    });
    expect(lineStatusCounts(o.lines[0]!)).toEqual({ printed: 1, failed: 2 });
    expect(lineStatusCounts(o.lines[1]!)).toEqual({ queued: 4 });
    expect(totalParts(o)).toBe(7);
  });
});

describe('filtering', () => {
  const names = new Map([
    [M1, 'Extruder-cable-clip'],
    [M2, 'fs-lever'],
  ]);
  const line = (modelId: string) => ({
    id: `l-${modelId.slice(0, 1)}`,
    orderId: 'x',
    modelId,
    quantity: 1,
    profileId: null,
    material: 'PETG',
    color: '',
  });
  const orders = [
    order('FL-1', null, { requester: 'Robotics club', lines: [line(M1)] }),
    order('FL-2', null, { status: 'done', lines: [line(M2)] }),
    order('FL-3', null, { status: 'in-progress', notes: 'urgent for the fair' }),
    order('FL-4', null, { status: 'cancelled' }),
  ];
  const refs = (list: Order[]) => list.map((o) => o.reference);

  it('by status, with "active" meaning open or in progress', () => {
    expect(refs(filterOrders(orders, { search: '', status: 'active' }, names))).toEqual([
      'FL-1',
      'FL-3',
    ]);
    expect(refs(filterOrders(orders, { search: '', status: 'all' }, names))).toHaveLength(4);
    expect(refs(filterOrders(orders, { search: '', status: 'done' }, names))).toEqual(['FL-2']);
  });

  it('by every search word over reference, requester, notes and model names', () => {
    const f = (search: string) => refs(filterOrders(orders, { search, status: 'all' }, names));
    expect(f('robotics')).toEqual(['FL-1']);
    expect(f('cable CLIP')).toEqual(['FL-1']);
    expect(f('lever')).toEqual(['FL-2']);
    expect(f('fair')).toEqual(['FL-3']);
    expect(f('petg')).toEqual(['FL-1', 'FL-2']);
    expect(f('robotics lever')).toEqual([]);
    expect(f('   ')).toHaveLength(4);
  });
});

describe('sorting', () => {
  const a = order('FL-10', iso(NOW + 5 * H), { priority: 3 });
  const b = order('FL-9', iso(NOW + 1 * H), { priority: 5 });
  const c = order('FL-2', null, { priority: 9 });
  const d = order('FL-1', iso(NOW + 1 * H), { priority: 8 });
  const refs = (list: Order[]) => list.map((o) => o.reference);

  it('by due date with ties broken by priority, undated last in both directions', () => {
    expect(refs(sortOrders([a, b, c, d], 'due', 'asc'))).toEqual(['FL-1', 'FL-9', 'FL-10', 'FL-2']);
    expect(refs(sortOrders([a, b, c, d], 'due', 'desc'))).toEqual([
      'FL-10',
      'FL-1',
      'FL-9',
      'FL-2',
    ]);
  });

  it('by priority and by reference in natural order', () => {
    expect(refs(sortOrders([a, b, c, d], 'priority', 'desc'))).toEqual([
      'FL-2',
      'FL-1',
      'FL-9',
      'FL-10',
    ]);
    expect(refs(sortOrders([a, b, c, d], 'reference', 'asc'))).toEqual([
      'FL-1',
      'FL-2',
      'FL-9',
      'FL-10',
    ]);
  });
});

describe('due buckets in the site zone', () => {
  const tz = 'Europe/Berlin';
  it('split by the lab’s calendar days', () => {
    expect(dueBucket({ dueAt: null, status: 'open' }, NOW, tz)).toBe('none');
    expect(dueBucket({ dueAt: iso(NOW - H), status: 'open' }, NOW, tz)).toBe('overdue');
    expect(dueBucket({ dueAt: iso(NOW - H), status: 'done' }, NOW, tz)).toBe('past');
    // 22:59 UTC is still Friday in Berlin (23:59); 23:30 UTC is Saturday.
    expect(dueBucket({ dueAt: '2025-11-21T22:59:00Z', status: 'open' }, NOW, tz)).toBe('today');
    expect(dueBucket({ dueAt: '2025-11-21T23:30:00Z', status: 'open' }, NOW, tz)).toBe('tomorrow');
    expect(dueBucket({ dueAt: iso(NOW + 3 * 24 * H), status: 'open' }, NOW, tz)).toBe('week');
    expect(dueBucket({ dueAt: iso(NOW + 10 * 24 * H), status: 'open' }, NOW, tz)).toBe('later');
  });

  it('group a sorted list into consecutive runs', () => {
    const list = sortOrders(
      [
        order('A', iso(NOW - H)),
        order('B', iso(NOW + H)),
        order('C', iso(NOW + 2 * H)),
        order('D', iso(NOW + 20 * 24 * H)),
        order('E', null),
      ],
      'due',
      'asc',
    );
    expect(groupByDue(list, NOW, tz).map((g) => [g.bucket, g.orders.length])).toEqual([
      ['overdue', 1],
      ['today', 2],
      ['later', 1],
      ['none', 1],
    ]);
  });
});

describe('line filters: part status, verdict, profile', () => {
  const M3 = '3'.repeat(64);
  const models = new Map([
    [M1, { verdict: 'ok' as const, status: 'ready' as const }],
    [M2, { verdict: 'warning' as const, status: 'ready' as const }],
    [M3, { verdict: 'error' as const, status: 'rejected' as const }],
  ]);
  const line = (id: string, modelId: string, profileId: string | null, parts: string[] = []) => ({
    id,
    orderId: 'x',
    modelId,
    quantity: Math.max(1, parts.length),
    profileId,
    material: '',
    color: '',
    parts: parts.map((status, i) => ({ id: `${id}-${i}`, orderLineId: id, copy: i + 1, status })),
  });
  const a = order('A', null, {
    lines: [line('a1', M1, 'pla', ['queued', 'failed']), line('a2', M2, null)],
  });
  const b = order('B', null, { lines: [line('b1', M3, 'petg', ['printed'])] });
  const c = order('C', null, { lines: [line('c1', '4'.repeat(64), 'pla')] });
  const all = [a, b, c];
  const refs = (list: Order[]) => list.map((o) => o.reference);
  const f = (extra: Record<string, string>) =>
    refs(filterOrders(all, { search: '', status: 'all', ...extra }, new Map(), models));

  it('keep orders with at least one matching line', () => {
    expect(f({ parts: 'failed' })).toEqual(['A']);
    expect(f({ parts: 'queued' })).toEqual(['A', 'C']);
    expect(f({ verdict: 'warning' })).toEqual(['A']);
    expect(f({ verdict: 'rejected' })).toEqual(['B']);
    expect(f({ verdict: 'pending' })).toEqual(['C']);
    expect(f({ profile: 'pla' })).toEqual(['A', 'C']);
    expect(f({ profile: 'none' })).toEqual(['A']);
    expect(f({ profile: 'pla', verdict: 'warning' })).toEqual([]);
    expect(f({})).toEqual(['A', 'B', 'C']);
  });

  it('show only the matching lines of an order', () => {
    const filter = { search: '', status: 'all' as const, verdict: 'warning' as const };
    expect(visibleLines(a, filter, models).map((l) => l.id)).toEqual(['a2']);
    expect(visibleLines(a, { search: '', status: 'all' }, models)).toBe(a.lines);
  });

  it('rank orders by their most worrying line', () => {
    expect(worstVerdict(a, models)).toBe('warning');
    expect(worstVerdict(b, models)).toBe('rejected');
    expect(lineVerdict({ modelId: M3 }, models)).toBe('rejected');
    expect(verdictCounts(a, models)).toEqual({
      ok: 1,
      warning: 1,
      error: 0,
      pending: 0,
      rejected: 0,
    });
    expect(refs(sortOrders(all, 'verdict', 'asc', models))).toEqual(['A', 'C', 'B']);
    expect(refs(sortOrders(all, 'parts', 'desc', models))).toEqual(['A', 'B', 'C']);
  });
});
