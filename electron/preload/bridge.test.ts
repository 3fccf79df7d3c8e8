import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { IPC_CALL, IPC_EVENT } from '../../shared/api/transport-protocol';
import { createBridge } from './bridge';

function fakeIpc() {
  const emitter = new EventEmitter();
  const invoke = vi.fn(async (...args: unknown[]) => ({ ok: true, value: args }));
  return {
    emitter,
    invoke,
    ipc: {
      invoke,
      on: emitter.on.bind(emitter),
      removeListener: emitter.removeListener.bind(emitter),
    } as unknown as Parameters<typeof createBridge>[0],
  };
}

describe('preload bridge', () => {
  it('exposes exactly invoke and subscribe', () => {
    expect(Object.keys(createBridge(fakeIpc().ipc)).sort()).toEqual(['invoke', 'subscribe']);
  });

  it('forwards calls on the one IPC channel', async () => {
    const f = fakeIpc();
    await createBridge(f.ipc).invoke('printers.list', {});
    expect(f.invoke).toHaveBeenCalledWith(IPC_CALL, 'printers.list', {});
  });

  it('refuses channels that are not short strings', async () => {
    const f = fakeIpc();
    const bridge = createBridge(f.ipc);
    for (const bad of [42, null, {}, '', 'x'.repeat(200)]) {
      await expect(bridge.invoke(bad as string, {})).rejects.toThrow(TypeError);
    }
    expect(f.invoke).not.toHaveBeenCalled();
  });

  it('delivers pushed events until unsubscribed, hiding the IPC event object', () => {
    const f = fakeIpc();
    const bridge = createBridge(f.ipc);
    const listener = vi.fn();
    const off = bridge.subscribe(listener);
    f.emitter.emit(
      IPC_EVENT,
      { sender: 'ipc internals' },
      { event: 'changed', payload: { ids: [] } },
    );
    expect(listener).toHaveBeenCalledWith('changed', { ids: [] });
    f.emitter.emit(IPC_EVENT, {}, 'garbage');
    expect(listener).toHaveBeenCalledTimes(1);
    off();
    f.emitter.emit(IPC_EVENT, {}, { event: 'changed', payload: {} });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(f.emitter.listenerCount(IPC_EVENT)).toBe(0);
    expect(() => bridge.subscribe('nope' as unknown as () => void)).toThrow(TypeError);
  });
});
