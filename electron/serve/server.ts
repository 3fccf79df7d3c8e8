import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import {
  HTTP_CALL_PREFIX,
  MAX_REQUEST_BYTES,
  WS_EVENTS_PATH,
  type ApiErrorCode,
  type PushedFrame,
  type WireResult,
} from '../../shared/api';
import type { Core } from '../core/core';
import {
  decideAccess,
  generateToken,
  isLoopbackAddress,
  presentedToken,
  TOKEN_COOKIE,
  type AccessPolicy,
} from './access';
import { securityHeaders } from './security-headers';
import { send, sendText, serveStatic } from './static-files';

export interface ServerOptions {
  core: Pick<Core, 'dispatcher' | 'bus'>;
  /** 0 picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1, or 0.0.0.0 in LAN mode. */
  host?: string;
  /** Listen on other interfaces; callers from other machines must then present the token. */
  lan?: boolean;
  /** LAN token; a random one is generated when absent. */
  token?: string;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  log?: (message: string) => void;
  /** Request body limit (tests lower it). */
  maxRequestBytes?: number;
}

export interface RunningServer {
  /** Loopback address of the studio (no token needed from this computer). */
  url: string;
  /** Addresses other machines use, token included (LAN mode only). */
  lanUrls: string[];
  port: number;
  host: string;
  token: string | null;
  close(): Promise<void>;
}

/** A socket that stops reading events this long is dropped rather than buffered forever. */
const MAX_WS_BUFFERED_BYTES = 16 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Serves the contract over HTTP + WebSocket and the built renderer as static files. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const lan = options.lan ?? false;
  const host = options.host ?? (lan ? '0.0.0.0' : '127.0.0.1');
  if (!lan && !isLoopbackAddress(host) && host !== 'localhost') {
    throw new Error(
      `Serving on ${host} would expose the studio to other machines: use LAN mode (--lan), which requires a token.`,
    );
  }
  const token = options.token ?? (lan ? generateToken() : null);
  if (token !== null && !/^[A-Za-z0-9._~-]{16,256}$/.test(token)) {
    throw new Error(
      'The token must be 16–256 characters of letters, digits, ".", "_", "~" or "-".',
    );
  }
  const policy: AccessPolicy = { lan, token, boundHost: host };
  const log = options.log ?? (() => undefined);
  const maxBytes = options.maxRequestBytes ?? MAX_REQUEST_BYTES;
  const pageHeaders = securityHeaders({ websocket: true });
  const { dispatcher, bus } = options.core;

  const server = http.createServer((req, res) => {
    handleRequest(req, res).catch((err: unknown) => {
      log(`serve: request failed: ${err instanceof Error ? err.message : String(err)}`);
      failJson(res, 500, 'internal', 'Something went wrong on our side.');
    });
  });
  server.on('clientError', (_err, socket) => {
    // Malformed HTTP from a client: answer if we still can, never crash.
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096, perMessageDeflate: false });
  wss.on('error', (err) => log(`serve: event socket: ${err.message}`));
  const alive = new WeakMap<WebSocket, boolean>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      handleUpgrade(req, socket, head);
    } catch (err) {
      log(`serve: upgrade failed: ${err instanceof Error ? err.message : String(err)}`);
      socket.destroy();
    }
  });

  const unsubscribe = bus.subscribe((event, payload) => {
    let frame: string;
    try {
      frame = JSON.stringify({ event, payload } satisfies PushedFrame);
    } catch {
      return;
    }
    for (const ws of wss.clients) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (ws.bufferedAmount > MAX_WS_BUFFERED_BYTES) {
        ws.terminate();
        continue;
      }
      ws.send(frame, (err) => {
        if (err) ws.terminate();
      });
    }
  });
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.on('error', () => res.destroy());
    const target = splitTarget(req.url);
    if (target === null) {
      sendText(res, 400, 'Bad request target', pageHeaders);
      return;
    }
    const isApi = target.pathname.startsWith('/api/') || target.pathname === '/api';
    const queryToken = target.query.get('token');
    const access = decideAccess(policy, {
      remoteAddress: req.socket.remoteAddress,
      hostHeader: req.headers.host,
      originHeader: req.headers.origin,
      presentedToken: presentedToken(req.headers.authorization, queryToken, req.headers.cookie),
    });
    if (!access.allowed) {
      log(
        `serve: refused ${req.method ?? '?'} ${target.pathname} from ${remote(req)}: ${access.reason}`,
      );
      req.resume();
      const message =
        access.status === 401
          ? 'This studio is shared on the network with a token: open the address that includes ?token=…'
          : `Refused: ${access.reason}.`;
      if (isApi) failJson(res, access.status, 'unauthorized', message, { Connection: 'close' });
      else sendText(res, access.status, message, { ...pageHeaders, Connection: 'close' });
      return;
    }
    if (target.pathname.startsWith(HTTP_CALL_PREFIX)) {
      await handleCall(req, res, target.pathname.slice(HTTP_CALL_PREFIX.length));
      return;
    }
    if (isApi) {
      req.resume();
      failJson(res, 404, 'not_found', `There is nothing at ${target.pathname}.`);
      return;
    }
    const headers = { ...pageHeaders };
    if (access.via === 'token' && queryToken !== null && token !== null) {
      // Lets the page's own asset requests through; Strict keeps it off cross-site requests.
      headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`;
    }
    await serveStatic(req, res, target.pathname, { rootDir: options.staticDir, headers });
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, rawChannel: string) {
    if (req.method !== 'POST') {
      req.resume();
      failJson(res, 405, 'validation', 'Calls are made with POST.', { Allow: 'POST' });
      return;
    }
    let channel: string;
    try {
      channel = decodeURIComponent(rawChannel);
    } catch {
      channel = rawChannel;
    }
    let input: unknown;
    try {
      input = parseBody(await readBody(req, maxBytes));
    } catch (err) {
      if (err instanceof HttpFailure) {
        const extra: Record<string, string> = err.status === 413 ? { Connection: 'close' } : {};
        failJson(res, err.status, err.code, err.message, extra);
        if (err.status === 413) res.on('finish', () => req.socket.destroySoon());
        return;
      }
      throw err;
    }
    const result = await dispatcher.dispatch(channel, input, { actor: `browser@${remote(req)}` });
    let body: Buffer;
    try {
      body = Buffer.from(JSON.stringify(result));
    } catch {
      failJson(res, 500, 'internal', 'The reply could not be encoded.');
      return;
    }
    send(res, 200, body, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const target = splitTarget(req.url);
    if (target === null || target.pathname !== WS_EVENTS_PATH) {
      rejectUpgrade(socket, 404, 'Not Found');
      return;
    }
    const access = decideAccess(policy, {
      remoteAddress: req.socket.remoteAddress,
      hostHeader: req.headers.host,
      originHeader: req.headers.origin,
      presentedToken: presentedToken(
        req.headers.authorization,
        target.query.get('token'),
        req.headers.cookie,
      ),
    });
    if (!access.allowed) {
      log(`serve: refused event socket from ${remote(req)}: ${access.reason}`);
      rejectUpgrade(socket, access.status, access.status === 401 ? 'Unauthorized' : 'Forbidden');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      ws.on('error', () => ws.terminate());
      // Clients have nothing to say on this socket; anything they send is ignored.
      ws.on('message', () => undefined);
    });
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      rejectListen(
        err.code === 'EADDRINUSE'
          ? new Error(
              `Port ${options.port ?? 0} on ${host} is already in use; pick another with --port.`,
            )
          : err,
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolveListen();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port ?? 0, host);
  });
  server.on('error', (err) => log(`serve: ${err.message}`));

  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  const wildcard = host === '0.0.0.0' || host === '::';
  const localHost = wildcard ? '127.0.0.1' : host;
  // Bound to one LAN address only: even this computer arrives from a non-loopback address.
  const needsToken = !wildcard && !isLoopbackAddress(localHost) && localHost !== 'localhost';
  const url =
    `http://${localHost.includes(':') ? `[${localHost}]` : localHost}:${port}/` +
    (needsToken && token !== null ? `?token=${token}` : '');
  const lanUrls =
    lan && token !== null
      ? lanAddresses(host).map((a) => `http://${a}:${port}/?token=${token}`)
      : [];

  let closing: Promise<void> | null = null;
  return {
    url,
    lanUrls,
    port,
    host,
    token,
    close() {
      closing ??= new Promise<void>((resolveClose) => {
        unsubscribe();
        clearInterval(heartbeat);
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function splitTarget(
  rawUrl: string | undefined,
): { pathname: string; query: URLSearchParams } | null {
  // Only origin-form targets ("/path?query"); "//host" and absolute URLs are not ours to serve.
  if (!rawUrl || !rawUrl.startsWith('/') || rawUrl.startsWith('//')) return null;
  const q = rawUrl.indexOf('?');
  const pathname = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const query = new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1));
  return { pathname, query };
}

function remote(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.reject(tooLarge(maxBytes));
  }
  return new Promise<Buffer>((resolveBody, rejectBody) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      total += chunk.length;
      if (total > maxBytes) {
        done = true;
        chunks.length = 0;
        req.resume();
        rejectBody(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolveBody(Buffer.concat(chunks, total));
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      rejectBody(err);
    });
    req.on('aborted', () => {
      if (done) return;
      done = true;
      rejectBody(new HttpFailure(400, 'validation', 'The request was aborted.'));
    });
  });
}

function tooLarge(maxBytes: number): HttpFailure {
  return new HttpFailure(
    413,
    'limit',
    `The request is larger than ${Math.round(maxBytes / (1024 * 1024))} MiB.`,
  );
}

function parseBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpFailure(400, 'validation', 'The request body is not valid JSON.');
  }
}

function failJson(
  res: ServerResponse,
  status: number,
  code: ApiErrorCode,
  message: string,
  extraHeaders: Record<string, string> = {},
): void {
  const result: WireResult = { ok: false, error: { code, message } };
  send(res, status, Buffer.from(JSON.stringify(result)), {
    ...extraHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  if (socket.writable) {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  } else {
    socket.destroy();
  }
}

/** Non-internal IPv4 addresses other machines can reach (or the one bound explicitly). */
export function lanAddresses(boundHost: string): string[] {
  if (boundHost !== '0.0.0.0' && boundHost !== '::') {
    return [boundHost.includes(':') ? `[${boundHost}]` : boundHost];
  }
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (!a.internal && a.family === 'IPv4') out.push(a.address);
    }
  }
  return out;
}
