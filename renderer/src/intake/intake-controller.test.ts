import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { Model } from '../../../shared/domain/model';
import { Order } from '../../../shared/domain/order';
import type { Collected, DroppedFile } from './drop-files';
import {
  IntakeController,
  wireFileName,
  type Call,
  type ProgressPayload,
} from './intake-controller';

const tick = () => new Promise<void>((r) => setTimeout(r, 0));
async function until(cond: () => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await tick();
  }
  throw new Error(`timed out waiting for ${what}`);
}

function hex(n: number) {
  return n.toString(16).padStart(64, '0');
}

function dropped(path: string, text = 'solid x', size?: number): DroppedFile {
  const bytes = new TextEncoder().encode(text);
  return { path, size: size ?? bytes.length, read: () => Promise.resolve(bytes) };
}
const collected = (files: DroppedFile[]): Collected => ({ files, skipped: [], unreadable: [] });

interface PendingImport {
  input: { fileName: string; dataBase64: string; orderId?: string | null; taskId?: string };
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** An in-memory host: orders and models, imports the test completes by hand. */
function fakeHost() {
  const orders = new Map<string, Order>();
  const models = new Map<string, Model>();
  const pending: PendingImport[] = [];
  const calls: string[] = [];
  const cancelled: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let orderSeq = 0;
  let lineSeq = 0;
  let progressListener: ((p: ProgressPayload) => void) | null = null;

  const saveOrder = (input: Record<string, unknown>) => {
    const id = (input.id as string | undefined) ?? `ord_${++orderSeq}`;
    const lines = ((input.lines as Record<string, unknown>[] | undefined) ?? []).map((l) => ({
      id: (l.id as string | undefined) ?? `line_${++lineSeq}`,
      orderId: id,
      modelId: l.modelId,
      quantity: l.quantity,
      profileId: l.profileId ?? null,
      material: l.material ?? '',
      color: l.color ?? '',
    }));
    const order = Order.parse({
      receivedAt: '2025-11-22T10:00:00Z',
      dueAt: null,
      ...input,
      id,
      lines,
    });
    orders.set(id, order);
    return order;
  };

  const handlers: Record<string, (input: never) => unknown> = {
    'orders.save': (input: Record<string, unknown>) => saveOrder(input),
    'orders.get': ({ id }: { id: string }) => {
      const o = orders.get(id);
      if (!o) throw new ApiError('not_found', 'no such order');
      return o;
    },
    'orders.delete': ({ id }: { id: string }) => {
      orders.delete(id);
      return { id, deleted: true };
    },
    'models.get': ({ id }: { id: string }) => models.get(id),
    'models.rescale': ({ id, scale }: { id: string; scale: number }) => {
      const m = models.get(id);
      if (!m) throw new ApiError('not_found', 'no such model');
      const rescaled = { ...m, unitScale: scale, verdict: { level: 'ok' as const, reasons: [] } };
      models.set(id, rescaled);
      return rescaled;
    },
    'models.setStatus': ({ id, status }: { id: string; status: 'ready' | 'rejected' }) => {
      const m = models.get(id);
      if (m) models.set(id, { ...m, status });
      return { id, status };
    },
    'tasks.cancel': ({ taskId }: { taskId: string }) => {
      cancelled.push(taskId);
      const p = pending.find((x) => x.input.taskId === taskId);
      if (p) p.reject(new ApiError('cancelled', 'Reading was cancelled.'));
      return { cancelled: !!p };
    },
    'intake.import': (input: PendingImport['input']) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise((resolve, reject) => {
        const entry: PendingImport = {
          input,
          resolve: () => {
            inFlight--;
            pending.splice(pending.indexOf(entry), 1);
            const text = new TextDecoder().decode(Buffer.from(input.dataBase64, 'base64'));
            if (text.startsWith('PNG')) {
              resolve({
                orderId: input.orderId,
                items: [
                  {
                    fileName: input.fileName,
                    ok: false,
                    verdict: {
                      level: 'error',
                      reasons: [{ level: 'error', code: 'wrong-content', message: 'A PNG image.' }],
                    },
                    error: { code: 'wrong-content', message: 'This is a PNG image, not a model.' },
                  },
                ],
              });
              return;
            }
            const id = hex(models.size + 1);
            models.set(
              id,
              Model.parse({
                id,
                name: input.fileName,
                fileName: input.fileName,
                format: 'stl',
                sizeBytes: 1,
                createdAt: '2025-11-22T10:00:00Z',
                status: 'ready',
                verdict: { level: 'ok', reasons: [] },
                facts: null,
              }),
            );
            const order = orders.get(input.orderId as string) as Order;
            const saved = saveOrder({
              ...order,
              lines: [...order.lines, { modelId: id, quantity: 1, profileId: null }],
            });
            resolve({
              orderId: saved.id,
              items: [
                {
                  fileName: input.fileName,
                  ok: true,
                  modelId: id,
                  created: true,
                  quantity: 1,
                  orderLineId: saved.lines[saved.lines.length - 1]?.id,
                  verdict: { level: 'ok', reasons: [] },
                },
              ],
            });
          },
          reject: (err) => {
            inFlight--;
            pending.splice(pending.indexOf(entry), 1);
            reject(err);
          },
        };
        pending.push(entry);
      });
    },
  };

  const call = ((channel: string, input: unknown) => {
    calls.push(channel);
    const h = handlers[channel];
    if (!h) return Promise.reject(new Error(`unexpected call ${channel}`));
    try {
      return Promise.resolve(h(input as never));
    } catch (err) {
      return Promise.reject(err);
    }
  }) as Call;

  return {
    call,
    orders,
    models,
    pending,
    calls,
    cancelled,
    get maxInFlight() {
      return maxInFlight;
    },
    onProgress: (l: (p: ProgressPayload) => void) => {
      progressListener = l;
      return () => {
        progressListener = null;
      };
    },
    progress: (p: Partial<ProgressPayload> & { taskId: string }) =>
      progressListener?.({
        kind: 'intake',
        label: 'Reading',
        done: 0,
        total: 1,
        state: 'running',
        ...p,
      }),
    finishAll: async () => {
      while (pending.length) {
        pending[0]!.resolve();
        await tick();
      }
    },
  };
}

function controller(host: ReturnType<typeof fakeHost>, errors: string[] = []) {
  let id = 0;
  return new IntakeController({
    call: host.call,
    onProgress: host.onProgress,
    newId: () => `id${++id}`,
    encode: (bytes) => Promise.resolve(Buffer.from(bytes).toString('base64')),
    onError: (m) => errors.push(m),
  });
}

const OPTS = { reference: 'Drop 2025-11-22 11:00', maxFileBytes: 1000 };

describe('a drop', () => {
  it('shows every file at once, creates one order, and uploads three at a time', async () => {
    const host = fakeHost();
    const c = controller(host);
    const files = Array.from({ length: 8 }, (_, i) => dropped(`parts/p${i}.stl`));
    const sessionId = c.drop(collected(files), OPTS);
    const snap = c.getSnapshot();
    expect(snap.sessions[0]?.fileIds).toHaveLength(8);
    // Three start reading at once; the rest wait their turn.
    expect(Object.values(snap.files).map((f) => f.state)).toEqual([
      ...Array(3).fill('reading'),
      ...Array(5).fill('queued'),
    ]);

    await until(() => host.pending.length === 3, 'three uploads');
    expect(host.calls.filter((c) => c === 'orders.save')).toHaveLength(1);
    const orderId = c.getSnapshot().sessions[0]?.orderId;
    expect(orderId).toBeTruthy();
    expect(host.pending.every((p) => p.input.orderId === orderId)).toBe(true);
    expect(host.pending[0]?.input.fileName).toBe('parts/p0.stl');

    await host.finishAll();
    await c.idle();
    await until(() => Object.keys(c.getSnapshot().models).length === 8, 'facts');
    expect(host.maxInFlight).toBe(3);
    const after = c.getSnapshot();
    expect(after.sessions.find((s) => s.id === sessionId)?.finishedAt).not.toBeNull();
    expect(Object.values(after.files).every((f) => f.state === 'done')).toBe(true);
    expect(host.orders.get(orderId!)?.lines).toHaveLength(8);
    expect(host.orders.get(orderId!)?.reference).toBe('Drop 2025-11-22 11:00');
  });

  it('settles a drop only once the facts of every stored model are in; busy until then', async () => {
    const host = fakeHost();
    let now = 1000;
    let id = 0;
    // models.get answers only when the test says so.
    const facts: (() => void)[] = [];
    const slowFacts = ((channel: string, input: unknown) =>
      channel === 'models.get'
        ? new Promise<unknown>((resolve, reject) =>
            facts.push(() => {
              host.call(channel as never, input as never).then(resolve, reject);
            }),
          )
        : host.call(channel as never, input as never)) as Call;
    const c = new IntakeController({
      call: slowFacts,
      onProgress: host.onProgress,
      newId: () => `id${++id}`,
      now: () => now,
      encode: (bytes) => Promise.resolve(Buffer.from(bytes).toString('base64')),
    });
    expect(c.busy()).toBe(false);
    c.drop(collected([dropped('a.stl'), dropped('b.stl')]), OPTS);
    expect(c.busy()).toBe(true);
    await until(() => host.pending.length === 2, 'two uploads');
    now = 3000;
    await host.finishAll();
    await c.idle();
    await until(() => facts.length === 2, 'two fact requests');
    const finished = c.getSnapshot().sessions[0];
    expect(finished?.finishedAt).toBe(3000);
    expect(finished?.settledAt).toBeNull();
    expect(c.busy()).toBe(true);
    now = 3400;
    facts.shift()?.();
    await tick();
    expect(c.getSnapshot().sessions[0]?.settledAt).toBeNull();
    now = 3500;
    facts.shift()?.();
    await until(() => c.getSnapshot().sessions[0]?.settledAt !== null, 'settled');
    expect(c.getSnapshot().sessions[0]?.settledAt).toBe(3500);
    expect(Object.keys(c.getSnapshot().models)).toHaveLength(2);
    expect(c.busy()).toBe(false);
  });

  it('gives each bad file its own error while the others succeed', async () => {
    const host = fakeHost();
    const c = controller(host);
    c.drop(
      collected([
        dropped('good.stl'),
        dropped('photo.stl', 'PNG fake'),
        dropped('notes.txt'),
        dropped('huge.stl', 'x', 5000),
        {
          path: 'vanished.stl',
          size: 3,
          read: () => Promise.reject(new Error('NotFoundError')),
        },
        dropped('also-good.stl'),
      ]),
      OPTS,
    );
    await until(() => host.pending.length > 0, 'uploads');
    await host.finishAll();
    await c.idle();
    await host.finishAll();
    await c.idle();
    const rows = Object.values(c.getSnapshot().files).map((f) => ({
      path: f.path,
      state: f.state,
      code: f.error?.code ?? f.items?.[0]?.error?.code ?? 'ok',
    }));
    expect(rows).toEqual([
      { path: 'good.stl', state: 'done', code: 'ok' },
      { path: 'photo.stl', state: 'done', code: 'wrong-content' },
      { path: 'notes.txt', state: 'failed', code: 'unsupported-type' },
      { path: 'huge.stl', state: 'failed', code: 'file-too-large' },
      { path: 'vanished.stl', state: 'failed', code: 'unreadable' },
      { path: 'also-good.stl', state: 'done', code: 'ok' },
    ]);
  });

  it('reports the host’s stages on the row from pushed progress events', async () => {
    const host = fakeHost();
    const c = controller(host);
    c.drop(collected([dropped('a.stl')]), OPTS);
    await until(() => host.pending.length === 1, 'upload');
    const file = Object.values(c.getSnapshot().files)[0]!;
    expect(file.state).toBe('uploading');
    host.progress({ taskId: file.taskId, done: 0.4, total: 1, message: 'a.stl: welding vertices' });
    host.progress({ taskId: 'someone-else', message: 'x.stl: parsing' });
    expect(c.getSnapshot().files[file.id]).toMatchObject({
      state: 'analysing',
      stage: 'Welding vertices',
      fraction: 0.4,
    });
    await host.finishAll();
    await c.idle();
    expect(c.getSnapshot().files[file.id]?.state).toBe('done');
  });

  it('cancels a waiting file locally and a running one on the host', async () => {
    const host = fakeHost();
    const c = controller(host);
    c.drop(collected(Array.from({ length: 5 }, (_, i) => dropped(`p${i}.stl`))), OPTS);
    await until(() => host.pending.length === 3, 'uploads');
    const ids = c.getSnapshot().sessions[0]!.fileIds;
    c.cancel(ids[4]!); // still queued
    expect(c.getSnapshot().files[ids[4]!]?.state).toBe('cancelled');
    c.cancel(ids[0]!); // uploading
    await until(() => c.getSnapshot().files[ids[0]!]?.state === 'cancelled', 'host cancel');
    expect(host.cancelled).toEqual([c.getSnapshot().files[ids[0]!]!.taskId]);
    await host.finishAll();
    await c.idle();
    await host.finishAll();
    await c.idle();
    const states = ids.map((id) => c.getSnapshot().files[id]?.state);
    expect(states).toEqual(['cancelled', 'done', 'done', 'done', 'cancelled']);
  });

  it('asks the host again when a cancelled upload’s task shows up late', async () => {
    const host = fakeHost();
    const c = controller(host);
    c.drop(collected([dropped('a.stl')]), OPTS);
    await until(() => host.pending.length === 1, 'upload');
    const file = Object.values(c.getSnapshot().files)[0]!;
    // The host has not registered the task yet: the first cancel finds nothing.
    const entry = host.pending.pop()!;
    c.cancel(file.id);
    await tick();
    host.pending.push(entry);
    host.progress({ taskId: file.taskId, message: 'a.stl: parsing' });
    await until(() => c.getSnapshot().files[file.id]?.state === 'cancelled', 'late cancel');
    expect(host.cancelled).toHaveLength(2);
  });

  it('leaves no empty order behind when nothing could be read', async () => {
    const host = fakeHost();
    const c = controller(host);
    c.drop(collected([dropped('photo.stl', 'PNG'), dropped('x.png')]), OPTS);
    await until(() => host.pending.length === 1, 'upload');
    await host.finishAll();
    await c.idle();
    await until(() => c.getSnapshot().sessions[0]?.orderRemoved === true, 'clean-up');
    expect(host.orders.size).toBe(0);
  });

  it('creates no order for a drop where no file passes the checks', async () => {
    const host = fakeHost();
    const c = controller(host);
    c.drop(collected([dropped('readme.txt')]), OPTS);
    await c.idle();
    expect(host.calls).not.toContain('orders.save');
    expect(c.getSnapshot().sessions[0]?.finishedAt).not.toBeNull();
  });

  it('tells every file when the drop’s order cannot be created', async () => {
    const host = fakeHost();
    const failing: Call = ((channel: string, input: unknown) =>
      channel === 'orders.save'
        ? Promise.reject(new ApiError('unavailable', 'The host did not answer.'))
        : host.call(channel as never, input as never)) as Call;
    const c = new IntakeController({ call: failing, onProgress: host.onProgress });
    c.drop(collected([dropped('a.stl'), dropped('b.stl')]), OPTS);
    await c.idle();
    const files = Object.values(c.getSnapshot().files);
    expect(files.map((f) => f.state)).toEqual(['failed', 'failed']);
    expect(files[0]?.error?.message).toMatch(/order for this drop could not be created/);
  });
});

describe('edits during a drop', () => {
  it('save a line from the stored order only when no import is in flight', async () => {
    const host = fakeHost();
    const c = controller(host);
    c.drop(
      collected([dropped('a.stl'), dropped('b.stl'), dropped('c.stl'), dropped('d.stl')]),
      OPTS,
    );
    await until(() => host.pending.length === 3, 'uploads');
    host.pending[0]!.resolve();
    await until(() => Object.values(c.getSnapshot().files).some((f) => f.items), 'first file');
    const first = Object.values(c.getSnapshot().files).find((f) => f.items)!;
    const orderId = c.getSnapshot().sessions[0]!.orderId!;
    const lineId = first.items![0]!.orderLineId!;

    const edit = c.editLine(orderId, lineId, { quantity: 4 });
    expect(c.getSnapshot().lineEdits[lineId]).toEqual({ patch: { quantity: 4 }, saving: true });
    await tick();
    // Two imports still run; the fourth file must wait for the edit.
    expect(host.calls.filter((x) => x === 'orders.get')).toHaveLength(0);
    await host.finishAll();
    expect(await edit).toBe(true);
    await host.finishAll();
    await c.idle();
    const order = host.orders.get(orderId)!;
    expect(order.lines).toHaveLength(4);
    expect(order.lines.find((l) => l.id === lineId)?.quantity).toBe(4);
    expect(c.getSnapshot().lineEdits[lineId]).toBeUndefined();
  });

  it('report a failed edit and drop the optimistic value', async () => {
    const host = fakeHost();
    const errors: string[] = [];
    const c = controller(host, errors);
    expect(await c.editLine('ord_missing', 'line_x', { quantity: 2 })).toBe(false);
    expect(errors).toEqual(['no such order']);
    expect(c.getSnapshot().lineEdits).toEqual({});
  });

  it('set the order’s due date and priority, and accept or reject a model', async () => {
    const host = fakeHost();
    const c = controller(host);
    c.drop(collected([dropped('a.stl')]), OPTS);
    await until(() => host.pending.length === 1, 'upload');
    await host.finishAll();
    await c.idle();
    const orderId = c.getSnapshot().sessions[0]!.orderId!;
    const saved = await c.editOrder(orderId, { priority: 9, dueAt: '2025-11-30T15:00:00.000Z' });
    expect(saved).toMatchObject({ priority: 9, dueAt: '2025-11-30T15:00:00.000Z' });
    expect(host.orders.get(orderId)?.lines).toHaveLength(1);
    const modelId = Object.values(c.getSnapshot().files)[0]!.items![0]!.modelId!;
    await until(() => !!c.getSnapshot().models[modelId], 'model');
    expect(await c.setModelStatus(modelId, 'rejected')).toBe(true);
    expect(c.getSnapshot().models[modelId]?.status).toBe('rejected');
    expect(c.getSnapshot().statusSaving).toEqual([]);
  });
});

describe('the inch fix', () => {
  it('rescales the model ×25.4 and keeps the host’s answer for the row', async () => {
    const host = fakeHost();
    const errors: string[] = [];
    const c = controller(host, errors);
    c.drop(collected([dropped('tiny.stl')]), OPTS);
    await until(() => host.pending.length === 1, 'upload');
    await host.finishAll();
    await c.idle();
    const modelId = Object.values(c.getSnapshot().files)[0]!.items![0]!.modelId!;
    await until(() => !!c.getSnapshot().models[modelId], 'model');
    const done = c.rescaleModel(modelId, 25.4);
    expect(c.getSnapshot().rescaling).toEqual([modelId]);
    // A second click while the first is running does nothing.
    expect(await c.rescaleModel(modelId, 25.4)).toBe(false);
    expect(await done).toBe(true);
    expect(host.calls.filter((x) => x === 'models.rescale')).toHaveLength(1);
    expect(c.getSnapshot().models[modelId]?.unitScale).toBe(25.4);
    expect(c.getSnapshot().rescaling).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('reports a failed rescale and leaves the model as it was', async () => {
    const host = fakeHost();
    const errors: string[] = [];
    const c = controller(host, errors);
    expect(await c.rescaleModel(hex(99), 25.4)).toBe(false);
    expect(errors).toEqual(['no such model']);
    expect(c.getSnapshot().models[hex(99)]).toBeUndefined();
    expect(c.getSnapshot().rescaling).toEqual([]);
  });
});

describe('file names on the wire', () => {
  it('keep the end of paths longer than the contract allows', () => {
    expect(wireFileName('a/b.stl')).toBe('a/b.stl');
    const long = `${'deep/'.repeat(80)}bracket_x2.stl`;
    const wire = wireFileName(long);
    expect(wire).toHaveLength(260);
    expect(wire.endsWith('/bracket_x2.stl')).toBe(true);
  });
});
