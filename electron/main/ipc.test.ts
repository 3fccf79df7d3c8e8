import { describe, expect, it, vi } from 'vitest';
import {
  channelNames,
  createDispatcher,
  IPC_CALL,
  IPC_EVENT,
  type CallContext,
  type Handlers,
  type WireResult,
} from '../../shared/api';
import { EventBus } from '../core/event-bus';
import { forwardEvents, registerIpc } from './ipc';

type Listener = (event: { senderFrame: unknown }, ...args: unknown[]) => Promise<WireResult>;

function setup() {
  const seen: CallContext[] = [];
  const handlers = Object.fromEntries(
    channelNames.map((n) => [
      n,
      (_input: unknown, ctx: CallContext) => {
        seen.push(ctx);
        return [];
      },
    ]),
  ) as unknown as Handlers;
  const registered = new Map<string, Listener>();
  const ipcMain = {
    handle: (channel: string, listener: Listener) => registered.set(channel, listener),
    removeHandler: (channel: string) => registered.delete(channel),
  };
  const off = registerIpc(
    ipcMain as unknown as Parameters<typeof registerIpc>[0],
    createDispatcher(handlers),
  );
  const call = (frame: unknown, channel: unknown, input: unknown) =>
    registered.get(IPC_CALL)!({ senderFrame: frame }, channel, input);
  return { call, seen, off, registered };
}

const studio = { url: 'app://plateshift/index.html', parent: null };

describe('IPC adapter', () => {
  it('dispatches calls from the studio’s own frame', async () => {
    const { call, seen } = setup();
    expect(await call(studio, 'printers.list', {})).toEqual({ ok: true, value: [] });
    expect(seen[0]).toEqual({ actor: 'desktop' });
  });

  it('refuses every other sender before dispatching anything', async () => {
    const { call, seen } = setup();
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://plateshift/index.html', parent: studio },
      { url: 'file:///tmp/x.html', parent: null },
      null,
    ]) {
      const res = await call(frame, 'printers.list', {});
      expect(res).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(seen).toHaveLength(0);
  });

  it('answers malformed calls with typed errors', async () => {
    const { call } = setup();
    expect(await call(studio, 42, {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    expect(await call(studio, 'nope', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    expect(await call(studio, 'printers.list', [1])).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    });
  });

  it('can be unregistered', () => {
    const { off, registered } = setup();
    off();
    expect(registered.has(IPC_CALL)).toBe(false);
  });
});

describe('event forwarding', () => {
  it('sends each core event to every live studio window and nowhere else', () => {
    const bus = new EventBus();
    const window = (url: string, destroyed = false) => ({
      webContents: { isDestroyed: () => destroyed, getURL: () => url, send: vi.fn() },
    });
    const ours = window('app://plateshift/index.html');
    const foreign = window('https://evil.example/');
    const dead = window('app://plateshift/index.html', true);
    const off = forwardEvents(bus, () => [ours, foreign, dead]);
    bus.emit('changed', { entity: 'printers', ids: ['p1'] });
    expect(ours.webContents.send).toHaveBeenCalledWith(IPC_EVENT, {
      event: 'changed',
      payload: { entity: 'printers', ids: ['p1'] },
    });
    expect(foreign.webContents.send).not.toHaveBeenCalled();
    expect(dead.webContents.send).not.toHaveBeenCalled();
    off();
    bus.emit('changed', { entity: 'printers', ids: ['p2'] });
    expect(ours.webContents.send).toHaveBeenCalledTimes(1);
  });
});
