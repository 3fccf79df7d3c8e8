import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelNames, type WireResult } from '../../shared/api';
import { rectangleBed } from '../../shared/domain';
import { openCore, type Core } from './index';

let core: Core;
const ctx = { actor: 'test' };
const call = (channel: string, input: unknown): Promise<WireResult> =>
  core.dispatcher.dispatch(channel, input, ctx);
async function ok<T>(channel: string, input: unknown): Promise<T> {
  const r = await call(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

beforeEach(() => {
  core = openCore({
    workspaceDir: mkdtempSync(join(tmpdir(), 'ps-core-')),
    host: 'browser',
    log: () => {},
  });
});
afterEach(() => core.close());

describe('the demo workspace', () => {
  it('opens with printers of real dimensions, a shift calendar and sample orders', async () => {
    const info = await ok<{ demo: boolean; counts: Record<string, number> }>('workspace.info', {});
    expect(info.demo).toBe(true);
    expect(info.counts.printers).toBeGreaterThanOrEqual(2);
    const printers = await ok<
      { name: string; bed: { x: number; y: number }[]; maxHeightMm: number }[]
    >('printers.list', {});
    expect(printers.map((p) => p.maxHeightMm)).toContain(220);
    const cal = await ok<{ slots: { weekday: number; start: string; end: string }[] }>(
      'calendar.get',
      {},
    );
    expect(new Set(cal.slots.map((s) => s.weekday))).toEqual(new Set([1, 2, 3, 4, 5]));
    // A lunch break: no slot of one operator covers 12:00–12:30 and 12:30–13:00 both.
    expect(cal.slots.some((s) => s.end === '12:00')).toBe(true);
    const orders = await ok<{ lines: { parts: unknown[]; quantity: number }[] }[]>(
      'orders.list',
      {},
    );
    expect(orders.length).toBeGreaterThan(0);
    for (const o of orders) for (const l of o.lines) expect(l.parts).toHaveLength(l.quantity);
  });
});

describe('editing through the contract', () => {
  it('creates, updates and deletes a printer', async () => {
    const created = await ok<{ id: string; name: string }>('printers.save', {
      name: 'Voron 2.4',
      bed: rectangleBed(350, 350),
      maxHeightMm: 340,
    });
    const updated = await ok<{ id: string; name: string }>('printers.save', {
      id: created.id,
      name: 'Voron 2.4 R2',
      bed: rectangleBed(350, 350),
      maxHeightMm: 340,
    });
    expect(updated).toMatchObject({ id: created.id, name: 'Voron 2.4 R2' });
    await ok('printers.delete', { id: created.id });
    const gone = await call('printers.get' as string, { id: created.id });
    expect(gone.ok).toBe(false);
    const again = await call('printers.delete', { id: created.id });
    expect(again).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('keeps an order’s parts in step with its quantities', async () => {
    const [model] = await ok<{ id: string }[]>('models.list', {});
    const order = await ok<{ id: string; lines: { id: string; parts: { copy: number }[] }[] }>(
      'orders.save',
      { reference: 'T-1', lines: [{ modelId: model?.id, quantity: 3 }] },
    );
    expect(order.lines[0]?.parts.map((p) => p.copy)).toEqual([1, 2, 3]);
    const line = order.lines[0];
    const fewer = await ok<{ lines: { parts: { copy: number }[] }[] }>('orders.save', {
      id: order.id,
      reference: 'T-1',
      lines: [{ id: line?.id, modelId: model?.id, quantity: 1 }],
    });
    expect(fewer.lines[0]?.parts.map((p) => p.copy)).toEqual([1]);
  });

  it('rejects a slot that ends before it starts, with a message a person can act on', async () => {
    const cal = await ok<{ operators: { id: string }[] }>('calendar.get', {});
    const r = await call('slots.save', {
      operatorId: cal.operators[0]?.id,
      weekday: 2,
      start: '14:00',
      end: '09:00',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'validation' } });
    if (!r.ok) expect(r.error.message).toMatch(/end after it starts/);
  });

  it('pushes a change event after every write', async () => {
    const seen: string[] = [];
    core.bus.subscribe((event, payload) => {
      if (event === 'changed') seen.push((payload as { entity: string }).entity);
    });
    await ok('operators.save', { name: 'Chris' });
    expect(seen).toEqual(['calendar']);
  });
});

describe('malformed requests', () => {
  it.each(channelNames)('“%s” answers a malformed request with a typed error', async (channel) => {
    for (const bad of [42, 'text', [1, 2], { definitelyNotAField: true }]) {
      const r = await call(channel, bad);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('validation');
        expect(r.error.message).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
      }
    }
    // …and the host keeps serving.
    expect((await call('workspace.info', {})).ok).toBe(true);
  });

  it('answers an unknown channel with a typed error', async () => {
    expect(await call('printers.explode', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    expect(await call('__proto__', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
  });
});
