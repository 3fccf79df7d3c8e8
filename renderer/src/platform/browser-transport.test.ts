import { describe, expect, it } from 'vitest';
import { createClient } from '../../../shared/api/client';
import { ApiError } from '../../../shared/api/errors';
import {
  backoffDelay,
  callUrl,
  createBrowserTransport,
  eventsUrl,
  toWireResult,
  type FetchLike,
  type SocketLike,
} from './browser-transport';

type Call = { url: string; init: Parameters<FetchLike>[1] };

function fakeFetch(status: number, body: string, calls: Call[] = []): FetchLike {
  return async (url, init) => {
    calls.push({ url, init });
    return { status, text: async () => body };
  };
}

class FakeSocket implements SocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.({});
  }
  drop() {
    this.onclose?.({});
  }
  send(frame: unknown) {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }
}

/** Timers run by hand so reconnect delays are checked without waiting. */
function manualTimers() {
  const pending: { fn: () => void; ms: number }[] = [];
  return {
    pending,
    setTimer: (fn: () => void, ms: number) => {
      const t = { fn, ms };
      pending.push(t);
      return t;
    },
    clearTimer: (h: unknown) => {
      const i = pending.indexOf(h as { fn: () => void; ms: number });
      if (i >= 0) pending.splice(i, 1);
    },
    runNext() {
      const t = pending.shift();
      t?.fn();
      return t?.ms;
    },
  };
}

const PAGE = 'http://127.0.0.1:4173/#/printers';

function setup(fetch: FetchLike, token: string | null = null) {
  const sockets: FakeSocket[] = [];
  const timers = manualTimers();
  const transport = createBrowserTransport({
    pageUrl: PAGE,
    token,
    fetch,
    openSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
    backoff: { initialMs: 500, maxMs: 4000, factor: 2 },
  });
  return { transport, sockets, timers };
}

describe('browser transport: calls', () => {
  it('POSTs JSON to api/call/<channel> relative to the page and returns the WireResult', async () => {
    const calls: Call[] = [];
    const { transport } = setup(fakeFetch(200, '{"ok":true,"value":[]}', calls));
    const result = await transport.invoke('printers.list', {});
    expect(result).toEqual({ ok: true, value: [] });
    expect(calls[0]?.url).toBe('http://127.0.0.1:4173/api/call/printers.list');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.body).toBe('{}');
    expect(calls[0]?.init.headers['Content-Type']).toBe('application/json');
    expect(calls[0]?.init.headers.Authorization).toBeUndefined();
  });

  it('sends the LAN token as a bearer header', async () => {
    const calls: Call[] = [];
    const { transport } = setup(fakeFetch(200, '{"ok":true,"value":null}', calls), 's3cret');
    await transport.invoke('plans.current', {});
    expect(calls[0]?.init.headers.Authorization).toBe('Bearer s3cret');
  });

  it('reads the typed error out of a 4xx body, so the client throws the host’s message', async () => {
    const body = JSON.stringify({
      ok: false,
      error: { code: 'validation', message: 'Invalid request at “name”: Too small.' },
    });
    const { transport } = setup(fakeFetch(400, body));
    const api = createClient(transport);
    const err = await api.call('printers.list', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('validation');
    expect((err as ApiError).message).toBe('Invalid request at “name”: Too small.');
  });

  it('turns a non-JSON answer into a readable error instead of a parse failure', async () => {
    const { transport } = setup(fakeFetch(502, '<html>Bad gateway</html>'));
    const err = await createClient(transport)
      .call('printers.list', {})
      .catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('unavailable');
    expect((err as ApiError).message).toMatch(/HTTP 502/);
  });

  it('explains a 401 without a body as a missing token', () => {
    expect(toWireResult(401, '')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(toWireResult(413, '')).toMatchObject({ ok: false, error: { code: 'limit' } });
  });

  it('reports an unreachable host as unavailable through the client', async () => {
    const failing: FetchLike = async () => {
      throw new TypeError('Failed to fetch');
    };
    const { transport } = setup(failing);
    const err = await createClient(transport)
      .call('workspace.info', {})
      .catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('unavailable');
  });

  it('validates the value against the contract on receipt', async () => {
    const { transport } = setup(fakeFetch(200, '{"ok":true,"value":[{"id":"x"}]}'));
    const err = await createClient(transport)
      .call('printers.list', {})
      .catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('internal');
  });
});

describe('browser transport: URLs', () => {
  it('resolves against the page, ignoring the hash route, also under a sub-path', () => {
    expect(callUrl('http://h:1/#/queue', 'orders.save')).toBe('http://h:1/api/call/orders.save');
    expect(callUrl('https://lab.example/studio/index.html?token=a#/x', 'a.b')).toBe(
      'https://lab.example/studio/api/call/a.b',
    );
  });

  it('builds the event socket URL with ws/wss and the token as a query parameter', () => {
    expect(eventsUrl('http://127.0.0.1:4173/#/plates', null)).toBe(
      'ws://127.0.0.1:4173/api/events',
    );
    expect(eventsUrl('https://lab.example/studio/?token=zz#/q', 'a b')).toBe(
      'wss://lab.example/studio/api/events?token=a%20b',
    );
  });
});

describe('browser transport: pushed events', () => {
  it('connects on first subscribe and delivers {event, payload} frames', () => {
    const { transport, sockets } = setup(fakeFetch(200, '{}'), 'tok');
    expect(sockets).toHaveLength(0);
    const got: [string, unknown][] = [];
    transport.subscribe((e, p) => got.push([e, p]));
    expect(sockets).toHaveLength(1);
    expect(sockets[0]?.url).toBe('ws://127.0.0.1:4173/api/events?token=tok');
    sockets[0]?.open();
    expect(transport.connectionState()).toBe('open');
    sockets[0]?.send({ event: 'changed', payload: { entity: 'printers', ids: ['p1'] } });
    sockets[0]?.send('not json');
    sockets[0]?.send({ nope: 1 });
    expect(got).toEqual([['changed', { entity: 'printers', ids: ['p1'] }]]);
  });

  it('reconnects with exponential backoff and resets it after a successful open', () => {
    const { transport, sockets, timers } = setup(fakeFetch(200, '{}'));
    const states: string[] = [];
    transport.onConnectionState((s) => states.push(s));
    transport.subscribe(() => {});
    sockets[0]?.open();
    sockets[0]?.drop();
    expect(transport.connectionState()).toBe('reconnecting');
    expect(timers.runNext()).toBe(500);
    sockets[1]?.drop();
    expect(timers.runNext()).toBe(1000);
    sockets[2]?.drop();
    expect(timers.runNext()).toBe(2000);
    sockets[3]?.drop();
    expect(timers.runNext()).toBe(4000);
    sockets[4]?.drop();
    expect(timers.runNext()).toBe(4000);
    sockets[5]?.open();
    sockets[5]?.drop();
    expect(timers.runNext()).toBe(500);
    expect(sockets).toHaveLength(7);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open', 'reconnecting']);
  });

  it('stops reconnecting once closed', () => {
    const { transport, sockets, timers } = setup(fakeFetch(200, '{}'));
    transport.subscribe(() => {});
    sockets[0]?.drop();
    transport.close();
    expect(timers.pending).toHaveLength(0);
    expect(transport.connectionState()).toBe('idle');
  });

  it('feeds typed events to the client, dropping payloads that break the contract', () => {
    const { transport, sockets } = setup(fakeFetch(200, '{}'));
    const api = createClient(transport);
    const seen: string[] = [];
    api.on('changed', (p) => seen.push(p.entity));
    sockets[0]?.send({ event: 'changed', payload: { entity: 'orders', ids: [] } });
    sockets[0]?.send({ event: 'changed', payload: { entity: 'nonsense', ids: [] } });
    sockets[0]?.send({ event: 'progress', payload: {} });
    expect(seen).toEqual(['orders']);
  });
});

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap', () => {
    const o = { initialMs: 500, maxMs: 15_000, factor: 2 };
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, o))).toEqual([
      500, 1000, 2000, 4000, 8000, 15000, 15000,
    ]);
  });
});
