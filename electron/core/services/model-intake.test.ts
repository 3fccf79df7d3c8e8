import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WireResult } from '../../../shared/api';
import { EventBus } from '../event-bus';
import { openCore, type Core } from '../index';
import { ChangeBatcher } from './model-intake';

const resources = join(__dirname, '..', '..', '..', 'resources', 'models');
const clip = readFileSync(join(resources, 'fs-lever.stl'));
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

let core: Core;
const ctx = { actor: 'test' };
async function call<T>(channel: string, input: unknown): Promise<T> {
  const r: WireResult = await core.dispatcher.dispatch(channel, input, ctx);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}
const counts = async () => {
  const info = await call<{ counts: { models: number; orders: number } }>('workspace.info', {});
  return info.counts;
};

beforeEach(() => {
  core = openCore({
    workspaceDir: mkdtempSync(join(tmpdir(), 'ps-intake-')),
    host: 'browser',
    demo: false,
    log: () => {},
  });
});
afterEach(() => core.close());

interface ImportResult {
  orderId: string | null;
  items: {
    fileName: string;
    ok: boolean;
    modelId?: string;
    created?: boolean;
    quantity?: number;
    error?: { code: string };
  }[];
}

describe('intake through the contract', () => {
  it('turns a dropped STL into a model with facts and an order line, quantity from the name', async () => {
    const r = await call<ImportResult>('intake.import', {
      fileName: 'lever_x3.stl',
      dataBase64: b64(clip),
    });
    expect(r.items).toMatchObject([{ ok: true, created: true, quantity: 3 }]);
    const model = await call<{
      facts: { watertight: boolean; triangles: number } | null;
      name: string;
    }>('models.get', { id: r.items[0]?.modelId });
    expect(model.name).toBe('lever');
    expect(model.facts?.triangles).toBeGreaterThan(0);
    const order = await call<{ lines: { quantity: number; parts: unknown[] }[] }>('orders.get', {
      id: r.orderId,
    });
    expect(order.lines).toMatchObject([{ quantity: 3 }]);
    expect(order.lines[0]?.parts).toHaveLength(3);
  });

  it('stores the same file twice as one model with two lines', async () => {
    const first = await call<ImportResult>('intake.import', {
      fileName: 'a.stl',
      dataBase64: b64(clip),
    });
    const second = await call<ImportResult>('intake.import', {
      fileName: 'renamed.stl',
      dataBase64: b64(clip),
      orderId: first.orderId,
    });
    expect(second.items[0]).toMatchObject({
      ok: true,
      created: false,
      modelId: first.items[0]?.modelId,
    });
    expect(await counts()).toMatchObject({ models: 1, orders: 1 });
    const order = await call<{ lines: unknown[] }>('orders.get', { id: first.orderId });
    expect(order.lines).toHaveLength(2);
  });

  it('rejects a PNG renamed .stl alone, changing nothing', async () => {
    const png = new Uint8Array([
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      ...new Array(200).fill(0),
    ]);
    const r = await call<ImportResult>('intake.import', {
      fileName: 'photo.stl',
      dataBase64: b64(png),
    });
    expect(r.items).toHaveLength(1);
    expect(r.items[0]?.ok).toBe(false);
    expect(r.items[0]?.error?.code).toBeTruthy();
    expect(r.orderId).toBeNull();
    expect(await counts()).toMatchObject({ models: 0, orders: 0 });
  });

  it('expands a zip and keeps the good files when one is broken', async () => {
    const zip = zipSync({
      'parts/lever_x2.stl': new Uint8Array(clip),
      'parts/broken.stl': new TextEncoder().encode('solid x\n facet garbage\nendsolid'),
      'readme.txt': new TextEncoder().encode('not a model'),
    });
    const r = await call<ImportResult>('intake.import', {
      fileName: 'batch.zip',
      dataBase64: b64(zip),
    });
    const byName = Object.fromEntries(r.items.map((i) => [i.fileName.split('/').pop(), i]));
    expect(byName['lever_x2.stl']).toMatchObject({ ok: true, quantity: 2 });
    expect(byName['broken.stl']).toMatchObject({ ok: false });
    expect(byName['readme.txt']).toBeUndefined();
    expect(await counts()).toMatchObject({ models: 1, orders: 1 });
  });
});

describe('the inch fix', () => {
  it('scales a model ×25.4 and analyses it again', async () => {
    const r = await call<ImportResult>('intake.import', {
      fileName: 'lever.stl',
      dataBase64: b64(clip),
    });
    const id = r.items[0]?.modelId;
    const before = await call<{ facts: { heightMm: number } }>('models.get', { id });
    const after = await call<{ unitScale: number; facts: { heightMm: number } }>('models.rescale', {
      id,
      scale: 25.4,
    });
    expect(after.unitScale).toBe(25.4);
    expect(after.facts.heightMm).toBeCloseTo(before.facts.heightMm * 25.4, 1);
  });
});

describe('change events of a burst of imports', () => {
  afterEach(() => vi.useRealTimers());

  function watch() {
    const bus = new EventBus();
    const seen: { entity: string; ids: string[] }[] = [];
    bus.subscribe((event, payload) => {
      if (event === 'changed') seen.push(payload as { entity: string; ids: string[] });
    });
    return { bus, seen };
  }

  it('sends the first change at once and the rest of a burst together, ids merged', async () => {
    vi.useFakeTimers();
    let now = 0;
    const { bus, seen } = watch();
    const batcher = new ChangeBatcher(bus, 1000, () => now);
    batcher.add('models', ['a']);
    batcher.add('orders', ['o1']);
    // At the end of this turn: the models and the order of one import, together.
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual([
      { entity: 'models', ids: ['a'] },
      { entity: 'orders', ids: ['o1'] },
    ]);
    now = 300;
    batcher.add('models', ['b']);
    now = 600;
    batcher.add('models', ['c', 'b', '']);
    batcher.add('orders', ['o1']);
    await Promise.resolve();
    expect(seen).toHaveLength(2);
    now = 1000;
    vi.advanceTimersByTime(1000);
    expect(seen.slice(2)).toEqual([
      { entity: 'models', ids: ['b', 'c'] },
      { entity: 'orders', ids: ['o1'] },
    ]);
    // Quiet for a while: the next change goes out at once again.
    now = 5000;
    batcher.add('orders', ['o2']);
    await Promise.resolve();
    expect(seen.at(-1)).toEqual({ entity: 'orders', ids: ['o2'] });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never drops a pending change: close() sends it', async () => {
    vi.useFakeTimers();
    let now = 0;
    const { bus, seen } = watch();
    const batcher = new ChangeBatcher(bus, 1000, () => now);
    batcher.add('models', ['a']);
    await Promise.resolve();
    now = 10;
    batcher.add('models', ['b']);
    batcher.close();
    expect(seen).toEqual([
      { entity: 'models', ids: ['a'] },
      { entity: 'models', ids: ['b'] },
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('tells the views after an import through the contract', async () => {
    const seen: string[] = [];
    core.bus.subscribe((event, payload) => {
      if (event === 'changed') seen.push((payload as { entity: string }).entity);
    });
    await call<ImportResult>('intake.import', { fileName: 'a.stl', dataBase64: b64(clip) });
    core.close();
    expect(seen).toContain('models');
    expect(seen).toContain('orders');
  });
});
