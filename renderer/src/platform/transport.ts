import type { Transport } from '../../../shared/api/client';
import {
  createBrowserTransport,
  type ConnectionState,
  type FetchLike,
  type SocketLike,
} from './browser-transport';
import { resolveToken } from './token';

export type HostKind = 'electron' | 'browser';

/** A transport plus what the shell shows about the link to the host. */
export interface Platform {
  kind: HostKind;
  transport: Transport;
  connectionState(): ConnectionState;
  onConnectionState(listener: (state: ConnectionState) => void): () => void;
}

declare global {
  interface Window {
    /** Set by Electron's preload script (contextBridge); absent in a plain browser. */
    plateshift?: Transport;
  }
}

export function isTransport(value: unknown): value is Transport {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Transport).invoke === 'function' &&
    typeof (value as Transport).subscribe === 'function'
  );
}

function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** The preload bridge when Electron provides one, otherwise HTTP + WebSocket to `serve`. */
export function detectPlatform(): Platform {
  const bridge: unknown = window.plateshift;
  if (isTransport(bridge)) {
    return {
      kind: 'electron',
      transport: bridge,
      // IPC has no connection to lose.
      connectionState: () => 'open',
      onConnectionState: () => () => {},
    };
  }
  const fetchImpl: FetchLike = (url, init) => window.fetch(url, init);
  const browser = createBrowserTransport({
    pageUrl: window.location.href,
    token: resolveToken(window.location.search, sessionStore()),
    fetch: fetchImpl,
    openSocket: (url) => new WebSocket(url) as unknown as SocketLike,
  });
  return {
    kind: 'browser',
    transport: browser,
    connectionState: browser.connectionState,
    onConnectionState: browser.onConnectionState,
  };
}
