import type { Transport } from '../../../shared/api/client';
import type { WireResult } from '../../../shared/api/errors';
import { HTTP_CALL_PREFIX, WS_EVENTS_PATH } from '../../../shared/api/transport-protocol';

/** The parts of `fetch` the transport uses; tests hand in a fake. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{ status: number; text(): Promise<string> }>;

/** The parts of a WebSocket the transport uses. */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  close(): void;
}
export type SocketFactory = (url: string) => SocketLike;

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export interface BrowserTransportOptions {
  /** The page's own address (location.href); every URL is resolved against it. */
  pageUrl: string;
  token: string | null;
  fetch: FetchLike;
  openSocket: SocketFactory;
  backoff?: BackoffOptions;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface BrowserTransport extends Transport {
  connectionState(): ConnectionState;
  onConnectionState(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 15_000, factor: 2 };

/** Delay before reconnect attempt `attempt` (0-based): exponential, capped. */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const raw = options.initialMs * options.factor ** Math.max(0, attempt);
  return Math.min(options.maxMs, Math.round(raw));
}

/**
 * Relative to the page so the studio also works behind a reverse proxy under a sub-path;
 * the hash (the studio's route) never takes part in URL resolution.
 */
export function callUrl(pageUrl: string, channel: string): string {
  return new URL(`.${HTTP_CALL_PREFIX}${encodeURIComponent(channel)}`, pageUrl).toString();
}

export function eventsUrl(pageUrl: string, token: string | null): string {
  const url = new URL(`.${WS_EVENTS_PATH}`, pageUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  url.search = token ? `?token=${encodeURIComponent(token)}` : '';
  return url.toString();
}

/**
 * The host answers every call with a JSON WireResult, whatever the HTTP status. Anything
 * else (a proxy's HTML error page, an empty 502) becomes a typed error the user can read.
 */
export function toWireResult(status: number, body: string): unknown {
  if (body.trim() !== '') {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      // fall through to a synthesized error
    }
  }
  return syntheticError(status);
}

function syntheticError(status: number): WireResult {
  if (status === 401 || status === 403) {
    return {
      ok: false,
      error: {
        code: 'unauthorized',
        message:
          'This PlateShift host needs an access token. Open the link with ?token=… that the host printed.',
      },
    };
  }
  if (status === 413) {
    return {
      ok: false,
      error: { code: 'limit', message: 'The request is too large for the host.' },
    };
  }
  return {
    ok: false,
    error: {
      code: 'unavailable',
      message: `The PlateShift host answered with HTTP ${status} and no readable result.`,
    },
  };
}

function parseFrame(data: unknown): { event: string; payload: unknown } | null {
  if (typeof data !== 'string') return null;
  try {
    const frame = JSON.parse(data) as unknown;
    if (
      typeof frame === 'object' &&
      frame !== null &&
      'event' in frame &&
      typeof frame.event === 'string'
    ) {
      return { event: frame.event, payload: 'payload' in frame ? frame.payload : undefined };
    }
  } catch {
    // ignore garbage frames; the client validates payloads anyway
  }
  return null;
}

/** Calls over HTTP POST, pushed events over one shared, self-healing WebSocket. */
export function createBrowserTransport(options: BrowserTransportOptions): BrowserTransport {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer =
    options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'idle';
  let socket: SocketLike | null = null;
  let attempt = 0;
  let timer: unknown = null;
  let closed = false;

  const setState = (next: ConnectionState): void => {
    if (next === state) return;
    state = next;
    for (const l of stateListeners) l(next);
  };

  const connect = (): void => {
    if (closed || socket) return;
    setState(attempt === 0 && state === 'idle' ? 'connecting' : 'reconnecting');
    let ws: SocketLike;
    try {
      ws = options.openSocket(eventsUrl(options.pageUrl, options.token));
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setState('open');
    };
    ws.onmessage = (ev) => {
      const frame = parseFrame(ev.data);
      if (!frame) return;
      for (const l of listeners) l(frame.event, frame.payload);
    };
    ws.onerror = () => {
      // onclose follows and handles reconnecting
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      scheduleReconnect();
    };
  };

  const scheduleReconnect = (): void => {
    if (closed || timer !== null) return;
    setState('reconnecting');
    const delay = backoffDelay(attempt, backoff);
    attempt += 1;
    timer = setTimer(() => {
      timer = null;
      connect();
    }, delay);
  };

  return {
    async invoke(channel, input) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (options.token) headers.Authorization = `Bearer ${options.token}`;
      const res = await options.fetch(callUrl(options.pageUrl, channel), {
        method: 'POST',
        headers,
        body: JSON.stringify(input ?? {}),
      });
      return toWireResult(res.status, await res.text());
    },
    subscribe(listener) {
      listeners.add(listener);
      connect();
      return () => {
        listeners.delete(listener);
      };
    },
    connectionState: () => state,
    onConnectionState(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    close() {
      closed = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
      const ws = socket;
      socket = null;
      ws?.close();
      setState('idle');
    },
  };
}
