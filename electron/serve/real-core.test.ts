import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { channelNames, type PushedFrame, type WireResult } from '../../shared/api';
import { openCore, type Core } from '../core/index';
import { startServer, type RunningServer } from './server';
import { post, postRaw } from './test-support/http';

/** The same checks as server.test.ts, against the real core (storage, handlers, demo seed). */
describe('browser-mode server over the real core', () => {
  let dir: string;
  let core: Core;
  let server: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plateshift-serve-core-'));
    core = openCore({
      workspaceDir: join(dir, 'workspace'),
      host: 'browser',
      log: () => undefined,
    });
    server = await startServer({ core, port: 0, staticDir: join(dir, 'no-renderer') });
  });
  afterAll(async () => {
    await server.close();
    core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a malformed request on every channel with a typed validation error and keeps serving', async () => {
    for (const channel of channelNames) {
      for (const input of [[1], 'text', 7, { __bogus__: true }]) {
        const res = await post(server.url, channel, input);
        const body = JSON.parse(res.body) as WireResult;
        expect(res.status).toBe(200);
        expect(body.ok ? 'ok' : body.error.code, `${channel} ${JSON.stringify(input)}`).toBe(
          'validation',
        );
      }
      const broken = await postRaw(server.url, channel, '[[[');
      expect(broken.status).toBe(400);
    }
    const info = JSON.parse((await post(server.url, 'workspace.info', {})).body) as WireResult;
    expect(info).toMatchObject({ ok: true, value: { host: 'browser', demo: true } });
  });

  it('stores a printer sent over HTTP and pushes the change over the socket', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const frames: PushedFrame[] = [];
    ws.on('message', (data: Buffer) =>
      frames.push(JSON.parse(data.toString('utf8')) as PushedFrame),
    );
    const changed = new Promise<void>((resolve) => {
      ws.on('message', () => {
        if (frames.some((f) => f.event === 'changed')) resolve();
      });
    });
    const saved = JSON.parse(
      (
        await post(server.url, 'printers.save', {
          name: 'Served printer',
          bed: [
            { x: 0, y: 0 },
            { x: 180, y: 0 },
            { x: 180, y: 180 },
            { x: 0, y: 180 },
          ],
          maxHeightMm: 180,
        })
      ).body,
    ) as WireResult;
    expect(saved.ok).toBe(true);
    await changed;
    expect(frames.find((f) => f.event === 'changed')?.payload).toMatchObject({
      entity: 'printers',
    });
    ws.close();
    const list = JSON.parse((await post(server.url, 'printers.list', {})).body) as {
      ok: true;
      value: { name: string }[];
    };
    expect(list.value.map((p) => p.name)).toContain('Served printer');
  });
});
