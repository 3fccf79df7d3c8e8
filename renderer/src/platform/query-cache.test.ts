import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import {
  entitiesReadBy,
  entitiesWrittenBy,
  QueryCache,
  queryKey,
  replaceEqualDeep,
  stableStringify,
  type Fetcher,
} from './query-cache';

/** A fetcher whose answers the test releases by hand, in any order. */
function controlledFetcher() {
  const calls: {
    channel: string;
    input: unknown;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
  }[] = [];
  const fetcher: Fetcher = (channel, input) =>
    new Promise((resolve, reject) => calls.push({ channel, input, resolve, reject }));
  return { calls, fetcher };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('query keys', () => {
  it('ignore key order and undefined members', () => {
    expect(stableStringify({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
    expect(queryKey('orders.list', { status: 'open' })).toBe(
      queryKey('orders.list', { status: 'open' }),
    );
    expect(queryKey('orders.list', {})).not.toBe(queryKey('orders.list', { status: 'open' }));
    expect(queryKey('printers.list', undefined)).toBe('printers.list {}');
  });
});

describe('dependencies', () => {
  it('map read channels to the entities they show', () => {
    expect(entitiesReadBy('printers.list')).toContain('printers');
    expect(entitiesReadBy('printers.list')).not.toContain('orders');
    expect(entitiesReadBy('calendar.get')).toEqual(
      expect.arrayContaining(['calendar', 'settings']),
    );
    expect(entitiesReadBy('orders.list')).toEqual(expect.arrayContaining(['orders', 'plans']));
    // A job edit that moves parts on or off a plate reports `orders` itself.
    expect(entitiesReadBy('orders.list')).not.toContain('jobs');
    // Unknown areas refresh on anything rather than go stale.
    expect(entitiesReadBy('reports.summary')).toContain('jobs');
  });

  it('map write channels to the entity they change', () => {
    expect(entitiesWrittenBy('slots.save')).toEqual(['calendar']);
    expect(entitiesWrittenBy('operators.delete')).toEqual(['calendar']);
    expect(entitiesWrittenBy('settings.update')).toEqual(['settings']);
    expect(entitiesWrittenBy('printers.list')).toEqual([]);
    expect(entitiesWrittenBy('workspace.backup')).toEqual([]);
    expect(entitiesWrittenBy('workspace.restore')).toEqual(['workspace']);
  });
});

describe('QueryCache', () => {
  it('fetches on first subscribe and notifies with the data', async () => {
    const { calls, fetcher } = controlledFetcher();
    const cache = new QueryCache({ fetcher });
    let notified = 0;
    cache.subscribe('printers.list', {}, () => notified++);
    expect(calls).toHaveLength(1);
    const key = queryKey('printers.list', {});
    expect(cache.getState(key)).toMatchObject({ status: 'loading', fetching: true });
    calls[0]?.resolve([{ id: 'p1' }]);
    await flush();
    expect(cache.getState(key)).toMatchObject({
      status: 'success',
      data: [{ id: 'p1' }],
      fetching: false,
    });
    expect(notified).toBeGreaterThanOrEqual(2);
  });

  it('shares one entry between watchers and does not refetch while one is in flight', () => {
    const { calls, fetcher } = controlledFetcher();
    const cache = new QueryCache({ fetcher });
    cache.subscribe('printers.list', {}, () => {});
    cache.subscribe('printers.list', {}, () => {});
    expect(calls).toHaveLength(1);
    expect(cache.size).toBe(1);
  });

  it('refetches only watched queries that read the changed entity', async () => {
    const { calls, fetcher } = controlledFetcher();
    const cache = new QueryCache({ fetcher });
    cache.subscribe('printers.list', {}, () => {});
    cache.subscribe('orders.list', {}, () => {});
    const stop = cache.subscribe('calendar.get', {}, () => {});
    calls.forEach((c) => c.resolve([]));
    await flush();
    stop();
    calls.length = 0;

    expect(cache.invalidate(['printers'])).toEqual([queryKey('printers.list', {})]);
    expect(calls.map((c) => c.channel)).toEqual(['printers.list']);

    // calendar.get is not watched any more: marked stale, refetched when watched again.
    expect(cache.invalidate(['settings'])).toEqual([]);
    calls.length = 0;
    cache.subscribe('calendar.get', {}, () => {});
    expect(calls.map((c) => c.channel)).toEqual(['calendar.get']);

    calls.length = 0;
    expect(cache.invalidate('all').sort()).toEqual(
      [
        queryKey('calendar.get', {}),
        queryKey('orders.list', {}),
        queryKey('printers.list', {}),
      ].sort(),
    );
  });

  it('ends on an answer newer than a change that arrived mid-request', async () => {
    const { calls, fetcher } = controlledFetcher();
    const cache = new QueryCache({ fetcher });
    cache.subscribe('printers.list', {}, () => {});
    cache.invalidate(['printers']);
    // The change is queued behind the request in flight rather than racing it.
    expect(calls).toHaveLength(1);
    calls[0]?.resolve(['old']);
    await flush();
    expect(calls).toHaveLength(2);
    calls[1]?.resolve(['new']);
    await flush();
    expect(cache.getState(queryKey('printers.list', {})).data).toEqual(['new']);
  });

  it('reports errors once and keeps showing the last good data', async () => {
    const { calls, fetcher } = controlledFetcher();
    const errors: string[] = [];
    const cache = new QueryCache({
      fetcher,
      onError: (e, ch) => errors.push(`${ch}: ${e.message}`),
    });
    const key = queryKey('printers.list', {});
    cache.subscribe('printers.list', {}, () => {});
    calls[0]?.reject(new ApiError('unavailable', 'Host gone.'));
    await flush();
    expect(cache.getState(key)).toMatchObject({ status: 'error', data: undefined });
    expect(cache.getState(key).error?.code).toBe('unavailable');

    void cache.fetch(key);
    calls[1]?.resolve(['p']);
    await flush();
    cache.invalidate(['printers']);
    calls[2]?.reject(new Error('boom'));
    await flush();
    expect(cache.getState(key)).toMatchObject({ status: 'success', data: ['p'] });
    expect(cache.getState(key).error?.code).toBe('internal');
    expect(errors).toEqual(['printers.list: Host gone.', 'printers.list: boom']);
  });

  it('keeps the state object identical until something changes (useSyncExternalStore)', async () => {
    const { calls, fetcher } = controlledFetcher();
    const cache = new QueryCache({ fetcher });
    cache.subscribe('profiles.list', {}, () => {});
    calls[0]?.resolve([]);
    await flush();
    const key = queryKey('profiles.list', {});
    expect(cache.getState(key)).toBe(cache.getState(key));
  });
});

describe('bursts of changes', () => {
  it('coalesce into one request in flight and one behind it', async () => {
    const pending: ((v: unknown) => void)[] = [];
    let calls = 0;
    const cache = new QueryCache({
      fetcher: () => {
        calls++;
        return new Promise((resolve) => pending.push(resolve));
      },
    });
    cache.subscribe('orders.list', {}, () => {});
    expect(calls).toBe(1);
    for (let i = 0; i < 45; i++) cache.invalidate(['orders']);
    expect(calls).toBe(1);
    pending.shift()?.('first');
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(2);
    pending.shift()?.('second');
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(2);
    expect(cache.getState(queryKey('orders.list', {})).data).toBe('second');
  });
});

describe('structural sharing', () => {
  it('keeps the previous object when nothing changed, and unchanged parts when something did', () => {
    const prev = {
      jobs: [
        { id: 'a', tasks: [{ k: 1 }] },
        { id: 'b', tasks: [] },
      ],
      n: 2,
    };
    const same = JSON.parse(JSON.stringify(prev)) as typeof prev;
    expect(replaceEqualDeep(prev, same)).toBe(prev);
    const moved = JSON.parse(JSON.stringify(prev)) as typeof prev;
    (moved.jobs[1] as { id: string }).id = 'c';
    const out = replaceEqualDeep(prev, moved);
    expect(out).not.toBe(prev);
    expect(out).toEqual(moved);
    expect(out.jobs[0]).toBe(prev.jobs[0]);
    expect(out.jobs[1]).not.toBe(prev.jobs[1]);
  });

  it('notices added, removed and renamed keys and changed lengths', () => {
    expect(replaceEqualDeep({ a: 1 }, { a: 1, b: 2 })).toEqual({ a: 1, b: 2 });
    expect(replaceEqualDeep({ a: 1, b: 2 }, { a: 1 })).toEqual({ a: 1 });
    const renamed = replaceEqualDeep({ a: undefined }, { b: undefined });
    expect(Object.keys(renamed)).toEqual(['b']);
    expect(replaceEqualDeep([1, 2], [1, 2, 3])).toEqual([1, 2, 3]);
    expect(replaceEqualDeep([1, 2, 3], [1, 2])).toEqual([1, 2]);
    expect(replaceEqualDeep({ a: [1] }, { a: { 0: 1 } })).toEqual({ a: { 0: 1 } });
  });

  it('hands watchers the same data after a refetch that changed nothing', async () => {
    const { calls, fetcher } = controlledFetcher();
    const cache = new QueryCache({ fetcher });
    const key = queryKey('plans.current', {});
    cache.subscribe('plans.current', {}, () => {});
    calls[0]?.resolve({ jobs: [{ id: 'j1' }] });
    await flush();
    const first = cache.getState(key).data;
    void cache.fetch(key);
    calls[1]?.resolve({ jobs: [{ id: 'j1' }] });
    await flush();
    expect(cache.getState(key).data).toBe(first);
  });
});

describe('deferred revalidation', () => {
  it('revalidates cached data through `defer`, and the first load at once', async () => {
    const { calls, fetcher } = controlledFetcher();
    const waiting: (() => void)[] = [];
    const cache = new QueryCache({ fetcher, defer: (run) => waiting.push(run) });
    const stop = cache.subscribe('plans.current', {}, () => {});
    expect(calls).toHaveLength(1);
    expect(waiting).toHaveLength(0);
    calls[0]?.resolve({ id: 'p' });
    await flush();
    stop();
    // Entered again: the data is shown from the cache, the request waits for `defer`.
    cache.subscribe('plans.current', {}, () => {});
    cache.subscribe('plans.current', {}, () => {});
    expect(calls).toHaveLength(1);
    expect(waiting).toHaveLength(1);
    waiting[0]?.();
    expect(calls).toHaveLength(2);
  });

  it('skips a deferred revalidation nobody watches any more', () => {
    const { calls, fetcher } = controlledFetcher();
    const waiting: (() => void)[] = [];
    const cache = new QueryCache({ fetcher, defer: (run) => waiting.push(run) });
    const stop = cache.subscribe('plans.current', {}, () => {});
    calls[0]?.resolve({ id: 'p' });
    return flush().then(() => {
      stop();
      const again = cache.subscribe('plans.current', {}, () => {});
      again();
      waiting[0]?.();
      expect(calls).toHaveLength(1);
    });
  });
});

describe('patching with the answer to our own write', () => {
  it('replaces cached data without a request, and refetches where the answer does not apply', async () => {
    const { calls, fetcher } = controlledFetcher();
    const cache = new QueryCache({ fetcher });
    const seen: unknown[] = [];
    cache.subscribe('plans.current', {}, () =>
      seen.push(cache.getState(queryKey('plans.current', {})).data),
    );
    calls.shift()?.resolve({ jobs: [{ id: 'j1', x: 1 }] });
    await flush();
    cache.patch('plans.current', (d) => {
      const plan = d as { jobs: { id: string; x: number }[] };
      return { jobs: plan.jobs.map((j) => (j.id === 'j1' ? { ...j, x: 2 } : j)) };
    });
    expect(calls).toHaveLength(0);
    expect(cache.getState(queryKey('plans.current', {})).data).toEqual({
      jobs: [{ id: 'j1', x: 2 }],
    });
    cache.patch('plans.current', () => undefined);
    expect(calls).toHaveLength(1);
  });

  it('runs one more fetch when a fetch was already in flight (it may predate the write)', async () => {
    const { calls, fetcher } = controlledFetcher();
    const cache = new QueryCache({ fetcher });
    cache.subscribe('plans.current', {}, () => {});
    calls.shift()?.resolve({ v: 1 });
    await flush();
    cache.invalidate(['plans']);
    expect(calls).toHaveLength(1);
    cache.patch('plans.current', () => ({ v: 3 }));
    calls.shift()?.resolve({ v: 2 });
    await flush();
    expect(calls).toHaveLength(1);
    calls.shift()?.resolve({ v: 3 });
    await flush();
    expect(cache.getState(queryKey('plans.current', {})).data).toEqual({ v: 3 });
  });
});
