import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  channelNames,
  createDispatcher,
  type CallContext,
  type Handlers,
  type PushedFrame,
} from '../../shared/api';
import type { Printer } from '../../shared/domain';
import { EventBus } from '../core/event-bus';
import { startServer, type RunningServer } from './server';
import { post, postRaw, rawExchange, request } from './test-support/http';

/** A contract host with every channel wired: printers in memory, the rest never reached. */
function memoryCore() {
  const bus = new EventBus();
  const printers: Printer[] = [];
  const contexts: CallContext[] = [];
  const unreachable = () => {
    throw new Error('this handler is not part of the test');
  };
  const handlers = Object.fromEntries(
    channelNames.map((n) => [n, unreachable]),
  ) as unknown as Handlers;
  handlers['printers.list'] = (_input, ctx) => {
    contexts.push(ctx);
    return printers;
  };
  handlers['printers.save'] = (input) => {
    const printer: Printer = { ...input, id: input.id ?? `prn_${printers.length + 1}` };
    printers.push(printer);
    bus.emit('changed', { entity: 'printers', ids: [printer.id] });
    return printer;
  };
  return { core: { dispatcher: createDispatcher(handlers), bus }, printers, contexts, bus };
}

function makeStaticDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plateshift-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>PlateShift test</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(dir, 'assets', 'solver.wasm'), Buffer.from([0, 97, 115, 109]));
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, '.env'), 'SECRET=1');
  const outside = mkdtempSync(join(tmpdir(), 'plateshift-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'top secret');
  symlinkSync(join(outside, 'secret.txt'), join(dir, 'assets', 'escape.txt'));
  return dir;
}

const validPrinter = {
  name: 'Test MK4',
  bed: [
    { x: 0, y: 0 },
    { x: 250, y: 0 },
    { x: 250, y: 210 },
    { x: 0, y: 210 },
  ],
  maxHeightMm: 220,
};

function nextFrame(ws: WebSocket): Promise<PushedFrame> {
  return new Promise((resolve) => {
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')) as PushedFrame));
  });
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** The HTTP status a refused upgrade answered with. */
function refusedUpgrade(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      reject(new Error('the socket was accepted'));
    });
    ws.once('unexpected-response', (_req, res: http.IncomingMessage) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', () => undefined);
  });
}

describe('browser-mode server (loopback)', () => {
  let server: RunningServer;
  let staticDir: string;
  let mem: ReturnType<typeof memoryCore>;

  beforeAll(async () => {
    staticDir = makeStaticDir();
    mem = memoryCore();
    server = await startServer({ core: mem.core, port: 0, staticDir, maxRequestBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await server.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('binds 127.0.0.1 and needs no token from this computer', async () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.token).toBeNull();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const res = await post(server.url, 'printers.list', {});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: [] });
  });

  it('dispatches calls with the caller as actor and pushes events over the socket', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${server.port}/api/events`);
    const frame = nextFrame(ws);
    const saved = await post(server.url, 'printers.save', validPrinter);
    expect(saved.status).toBe(200);
    const body = JSON.parse(saved.body) as { ok: true; value: Printer };
    expect(body.ok).toBe(true);
    expect(body.value.name).toBe('Test MK4');
    expect(await frame).toEqual({
      event: 'changed',
      payload: { entity: 'printers', ids: [body.value.id] },
    });
    ws.close();
    await post(server.url, 'printers.list', {});
    expect(mem.contexts.at(-1)?.actor).toBe('browser@127.0.0.1');
  });

  it('gives a typed validation error for a malformed request on every channel, and keeps serving', async () => {
    const malformed: unknown[] = [[1, 2], 'text', 42, true, { __bogus__: true }];
    for (const channel of channelNames) {
      for (const input of malformed) {
        const res = await post(server.url, channel, input);
        expect(res.status, `${channel} ${JSON.stringify(input)}`).toBe(200);
        const body = JSON.parse(res.body) as {
          ok: boolean;
          error: { code: string; message: string };
        };
        expect(body.ok).toBe(false);
        expect(body.error.code, `${channel} ${JSON.stringify(input)}`).toBe('validation');
        expect(body.error.message).not.toMatch(/\n\s+at /);
      }
      const broken = await postRaw(server.url, channel, '{"name": ');
      expect(broken.status).toBe(400);
      expect(JSON.parse(broken.body)).toEqual({
        ok: false,
        error: { code: 'validation', message: 'The request body is not valid JSON.' },
      });
    }
    const after = await post(server.url, 'printers.list', {});
    expect(JSON.parse(after.body)).toMatchObject({ ok: true });
  });

  it('answers unknown channels and paths with typed errors', async () => {
    const unknown = await post(server.url, 'printers.explode', {});
    expect(unknown.status).toBe(200);
    expect(JSON.parse(unknown.body)).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    const proto = await post(server.url, '__proto__', {});
    expect(JSON.parse(proto.body)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    const badEncoding = await post(server.url, '%E0%A4%A', {});
    expect(JSON.parse(badEncoding.body)).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    const noPath = await request(server.url, '/api/nothing-here');
    expect(noPath.status).toBe(404);
    expect(JSON.parse(noPath.body)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const get = await request(server.url, '/api/call/printers.list');
    expect(get.status).toBe(405);
    expect(JSON.parse(get.body)).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('refuses bodies over the limit with 413 and keeps serving', async () => {
    // Declared too large up front.
    const declared = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: '/api/call/printers.save',
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': String(10 * 1024 * 1024),
          },
          agent: false,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write('{"name":"');
    });
    expect(declared).toBe(413);
    // Streamed without a length, growing past the limit.
    const streamed = await postRaw(
      server.url,
      'printers.save',
      `{"name":"${'x'.repeat(100 * 1024)}"}`,
      {
        'Transfer-Encoding': 'chunked',
      },
    );
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toMatchObject({ ok: false, error: { code: 'limit' } });
    const after = await post(server.url, 'printers.list', {});
    expect(after.status).toBe(200);
  });

  it('survives garbage on the wire and aborted uploads', async () => {
    const reply = await rawExchange('127.0.0.1', server.port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/api/call/printers.save',
        headers: { 'Content-Length': '1000' },
        agent: false,
      });
      req.on('error', () => resolve());
      req.write('{"na', () => {
        req.destroy();
        resolve();
      });
    });
    const after = await post(server.url, 'printers.list', {});
    expect(after.status).toBe(200);
  });

  it('serves the renderer with MIME types, security headers and an SPA fallback', async () => {
    const index = await request(server.url, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(index.headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      "connect-src 'self' ws:",
      "img-src 'self' data: blob:",
      "style-src 'self' 'unsafe-inline'",
      "worker-src 'self' blob:",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect((await request(server.url, '/assets/app.js')).headers['content-type']).toBe(
      'text/javascript; charset=utf-8',
    );
    expect((await request(server.url, '/assets/app.css')).headers['content-type']).toBe(
      'text/css; charset=utf-8',
    );
    expect((await request(server.url, '/assets/solver.wasm')).headers['content-type']).toBe(
      'application/wasm',
    );
    expect((await request(server.url, '/favicon.svg')).headers['content-type']).toBe(
      'image/svg+xml',
    );
    const route = await request(server.url, '/printers/prn_1');
    expect(route.status).toBe(200);
    expect(route.body).toContain('PlateShift test');
    expect((await request(server.url, '/assets/missing.js')).status).toBe(404);
    expect((await request(server.url, '/.env')).status).toBe(404);
    const head = await request(server.url, '/assets/app.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await request(server.url, '/', { method: 'DELETE' })).status).toBe(405);
  });

  it('refuses path traversal, encoded or not, and symlinks out of the folder', async () => {
    for (const path of [
      '/../../../../etc/passwd',
      '/assets/../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2f..%2fetc%2fpasswd',
      '/..%5c..%5c..%5cetc%5cpasswd',
      '/assets/%00.js',
      '/%E0%A4%A',
    ]) {
      const res = await request(server.url, path);
      expect(res.status, path).toBe(400);
      expect(res.body).not.toContain('root:');
    }
    const escape = await request(server.url, '/assets/escape.txt');
    expect(escape.status).toBe(404);
    expect(escape.body).not.toContain('top secret');
    expect(
      await rawExchange(
        '127.0.0.1',
        server.port,
        'GET //etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
      ),
    ).toMatch(/^HTTP\/1\.1 400/);
  });

  it('refuses foreign Host headers (DNS rebinding) and cross-origin calls', async () => {
    const rebound = await post(
      server.url,
      'printers.list',
      {},
      { Host: `evil.example:${server.port}` },
    );
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const page = await request(server.url, '/', { headers: { Host: 'evil.example' } });
    expect(page.status).toBe(403);
    const csrf = await post(server.url, 'printers.list', {}, { Origin: 'http://evil.example' });
    expect(csrf.status).toBe(403);
    const nullOrigin = await post(server.url, 'printers.list', {}, { Origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    const sameOrigin = await post(
      server.url,
      'printers.list',
      {},
      { Origin: `http://127.0.0.1:${server.port}` },
    );
    expect(sameOrigin.status).toBe(200);
    const localhost = await post(
      server.url,
      'printers.list',
      {},
      { Host: `localhost:${server.port}` },
    );
    expect(localhost.status).toBe(200);
    expect(
      await refusedUpgrade(`ws://127.0.0.1:${server.port}/api/events`, {
        Origin: 'http://evil.example',
      }),
    ).toBe(403);
    expect(await refusedUpgrade(`ws://127.0.0.1:${server.port}/api/elsewhere`)).toBe(404);
  });

  it('refuses to bind a non-loopback address without LAN mode', async () => {
    await expect(
      startServer({ core: mem.core, port: 0, host: '0.0.0.0', staticDir }),
    ).rejects.toThrow(/--lan/);
  });
});

function nonLoopbackIPv4(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') return a.address;
  }
  return null;
}

const lanAddress = nonLoopbackIPv4();

describe('browser-mode server (LAN)', () => {
  let server: RunningServer;
  let staticDir: string;
  const token = 'test-token-0123456789abcdef';

  beforeAll(async () => {
    staticDir = makeStaticDir();
    server = await startServer({ core: memoryCore().core, port: 0, lan: true, token, staticDir });
  });
  afterAll(async () => {
    await server.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('binds every interface and advertises addresses with the token', () => {
    expect(server.host).toBe('0.0.0.0');
    expect(server.token).toBe(token);
    for (const u of server.lanUrls) expect(u).toMatch(new RegExp(`\\?token=${token}$`));
  });

  it('still lets this computer in without a token', async () => {
    expect((await post(server.url, 'printers.list', {})).status).toBe(200);
  });

  it.skipIf(lanAddress === null)(
    'refuses a request from another address without the token (401), accepts it with the token',
    async () => {
      const base = `http://${lanAddress}:${server.port}/`;
      const bare = await post(base, 'printers.list', {});
      expect(bare.status).toBe(401);
      expect(JSON.parse(bare.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      const wrong = await post(
        base,
        'printers.list',
        {},
        { Authorization: 'Bearer not-the-token-at-all' },
      );
      expect(wrong.status).toBe(401);
      const page = await request(base, '/');
      expect(page.status).toBe(401);
      expect(page.body).not.toContain('PlateShift test');

      const bearer = await post(base, 'printers.list', {}, { Authorization: `Bearer ${token}` });
      expect(bearer.status).toBe(200);
      const withQuery = await request(base, `/?token=${token}`);
      expect(withQuery.status).toBe(200);
      const cookie = String(withQuery.headers['set-cookie']?.[0] ?? '');
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      // The page's own assets ride on the cookie the tokened page set.
      const asset = await request(base, '/assets/app.js', {
        headers: { Cookie: cookie.split(';')[0] ?? '' },
      });
      expect(asset.status).toBe(200);

      const wsBase = `ws://${lanAddress}:${server.port}/api/events`;
      expect(await refusedUpgrade(wsBase)).toBe(401);
      expect(await refusedUpgrade(`${wsBase}?token=wrong-token-0123456789`)).toBe(401);
      const ws = await openSocket(`${wsBase}?token=${token}`);
      ws.close();
    },
  );
});

describe('browser-mode server (LAN token generation)', () => {
  it('generates a random token when none is given', async () => {
    const staticDir = makeStaticDir();
    const a = await startServer({ core: memoryCore().core, port: 0, lan: true, staticDir });
    const b = await startServer({ core: memoryCore().core, port: 0, lan: true, staticDir });
    try {
      expect(a.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(a.token).not.toBe(b.token);
    } finally {
      await a.close();
      await b.close();
      rmSync(staticDir, { recursive: true, force: true });
    }
  });

  it('rejects weak tokens', async () => {
    await expect(
      startServer({
        core: memoryCore().core,
        port: 0,
        lan: true,
        token: 'short',
        staticDir: tmpdir(),
      }),
    ).rejects.toThrow(/token/);
  });
});
