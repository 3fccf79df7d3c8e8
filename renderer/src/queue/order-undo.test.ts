import { describe, expect, it } from 'vitest';
import { OrderInput } from '../../../shared/api/channels/orders';
import { ApiError } from '../../../shared/api/errors';
import type { Order, PartStatus } from '../../../shared/domain/order';
import { reviveCommand, serializeCommand, registerCommand } from '../commands/command';
import { CommandHistory } from '../commands/history';
import type { OrderInputValue } from './order-form';
import { applyOrderPatch } from './order-patch';
import {
  bulkOrderCommand,
  deleteOrderCommand,
  restoreInput,
  saveOrderCommand,
  type OrderBulkPayload,
  type OrderHost,
  type OrderSavePayload,
} from './order-undo';

const MODEL = 'a'.repeat(64);

/**
 * An in-memory host with the contract's rules for orders.save: it replaces the lines, refuses
 * unknown ids unless restoring, and keeps part ids per copy.
 */
class FakeHost implements OrderHost {
  orders = new Map<string, Order>();
  calls: string[] = [];
  refuse = new Set<string>();
  private seq = 0;
  async get(id: string) {
    const o = this.orders.get(id);
    return o ? structuredClone(o) : null;
  }
  async save(raw: OrderInputValue): Promise<Order> {
    const input = OrderInput.parse(raw);
    this.calls.push(`save ${input.reference}`);
    if (this.refuse.has(input.reference)) throw new ApiError('conflict', 'Refused.');
    const previous = input.id ? this.orders.get(input.id) : undefined;
    if (input.id && !previous && !input.restore) throw new ApiError('not_found', 'No order.');
    const id = input.id ?? `ord_${++this.seq}`;
    const oldLines = new Map(previous?.lines.map((l) => [l.id, l]));
    const order: Order = {
      id,
      reference: input.reference,
      requester: input.requester,
      receivedAt: input.receivedAt ?? previous?.receivedAt ?? '2026-01-01T00:00:00.000Z',
      dueAt: input.dueAt,
      priority: input.priority,
      status: input.status,
      notes: input.notes,
      lines: input.lines.map((l) => {
        if (l.id && !oldLines.has(l.id) && !input.restore) throw new ApiError('not_found', 'line');
        const lineId = l.id ?? `line_${++this.seq}`;
        const had = oldLines.get(lineId)?.parts ?? [];
        const parts = Array.from({ length: l.quantity }, (_, i) => {
          const copy = i + 1;
          const kept = had.find((p) => p.copy === copy);
          if (kept) return kept;
          const back = l.parts?.find((p) => p.copy === copy);
          const status: PartStatus =
            back?.status === 'planned' ? 'queued' : (back?.status ?? 'queued');
          return { id: back?.id ?? `part_${++this.seq}`, orderLineId: lineId, copy, status };
        });
        return {
          id: lineId,
          orderId: id,
          modelId: l.modelId,
          quantity: l.quantity,
          profileId: l.profileId,
          material: l.material,
          color: l.color,
          layerHeightMm: l.layerHeightMm,
          parts,
        };
      }),
    };
    this.orders.set(id, order);
    return structuredClone(order);
  }
  async remove(id: string) {
    this.calls.push(`delete ${id}`);
    this.orders.delete(id);
  }
  async exclusive<T>(work: () => Promise<T>) {
    return work();
  }
  /** An import adding a line to an order behind the editor's back. */
  addLine(orderId: string): string {
    const o = this.orders.get(orderId) as Order;
    const id = `line_${++this.seq}`;
    o.lines.push({
      id,
      orderId,
      modelId: MODEL,
      quantity: 1,
      profileId: null,
      material: '',
      color: '',
      layerHeightMm: null,
      parts: [{ id: `part_${++this.seq}`, orderLineId: id, copy: 1, status: 'queued' }],
    });
    return id;
  }
}

const host = new FakeHost();
registerCommand('order.save', (p, label) => saveOrderCommand(host, p as OrderSavePayload, label));
registerCommand('order.bulk', (p, label) => bulkOrderCommand(host, p as OrderBulkPayload, label));

function seed(h: FakeHost, reference: string, priority = 5): Promise<Order> {
  return h.save({ reference, priority, lines: [{ modelId: MODEL, quantity: 2 }] });
}

const noSaves = () => {};

describe('queue edits as commands', () => {
  it('undoes a create by deleting the order, and redoes it under the same id', async () => {
    const h = new FakeHost();
    const history = new CommandHistory(null, 200, noSaves);
    const p: OrderSavePayload = {
      id: null,
      before: null,
      after: null,
      input: { reference: 'FL-9', lines: [{ modelId: MODEL, quantity: 3 }] },
    };
    await history.execute(saveOrderCommand(h, p, 'Create order FL-9'));
    const created = [...h.orders.values()][0] as Order;
    expect(p.id).toBe(created.id);
    expect(p.input).toBeUndefined();
    await history.undo();
    expect(h.orders.size).toBe(0);
    await history.redo();
    const again = h.orders.get(created.id);
    expect(again?.lines.map((l) => l.id)).toEqual(created.lines.map((l) => l.id));
    expect(again?.lines[0]?.parts.map((p) => p.id)).toEqual(
      created.lines[0]?.parts.map((p) => p.id),
    );
  });

  it('undoes an update, putting back a removed line with its parts', async () => {
    const h = new FakeHost();
    const history = new CommandHistory(null, 200, noSaves);
    const o = await h.save({
      reference: 'FL-1',
      priority: 4,
      lines: [
        { modelId: MODEL, quantity: 2 },
        { modelId: MODEL, quantity: 1, material: 'PETG' },
      ],
    });
    const kept = o.lines[0]!;
    const input = { ...applyOrderPatch(o, { priority: 9 }) };
    input.lines = input.lines?.slice(0, 1);
    await history.execute(
      saveOrderCommand(
        h,
        { id: o.id, before: null, after: null, input, known: o.lines.map((l) => l.id) },
        'Edit order FL-1',
      ),
    );
    expect(h.orders.get(o.id)).toMatchObject({ priority: 9, lines: [{ id: kept.id }] });
    await history.undo();
    expect(h.orders.get(o.id)).toEqual(o);
    await history.redo();
    expect(h.orders.get(o.id)?.lines).toHaveLength(1);
  });

  it('keeps a line an import added meanwhile, on the first run and on undo', async () => {
    const h = new FakeHost();
    const history = new CommandHistory(null, 200, noSaves);
    const o = await seed(h, 'FL-2');
    const known = o.lines.map((l) => l.id);
    // Dropped into the order while its editor was open.
    const early = h.addLine(o.id);
    await history.execute(
      saveOrderCommand(
        h,
        { id: o.id, before: null, after: null, input: applyOrderPatch(o, { priority: 1 }), known },
        'Edit order FL-2',
      ),
    );
    expect(h.orders.get(o.id)?.lines.map((l) => l.id)).toEqual([...known, early]);
    const late = h.addLine(o.id);
    await history.undo();
    const now = h.orders.get(o.id);
    expect(now?.priority).toBe(5);
    expect(now?.lines.map((l) => l.id)).toEqual([...known, early, late]);
  });

  it('undoes a delete by re-creating the order with its ids and finished parts', async () => {
    const h = new FakeHost();
    const history = new CommandHistory(null, 200, noSaves);
    const o = await seed(h, 'FL-3');
    const stored = h.orders.get(o.id) as Order;
    stored.lines[0]!.parts[0]!.status = 'done';
    stored.lines[0]!.parts[1]!.status = 'planned';
    await history.execute(deleteOrderCommand(h, { id: o.id, order: null }, 'Delete order FL-3'));
    expect(h.orders.has(o.id)).toBe(false);
    await history.undo();
    const back = h.orders.get(o.id);
    expect(back?.lines[0]?.id).toBe(o.lines[0]?.id);
    expect(back?.lines[0]?.parts.map((p) => [p.id, p.status])).toEqual([
      [o.lines[0]!.parts[0]!.id, 'done'],
      // Its plate lost it with the delete: it waits in the queue again.
      [o.lines[0]!.parts[1]!.id, 'queued'],
    ]);
    await history.redo();
    expect(h.orders.has(o.id)).toBe(false);
  });

  it('makes a bulk edit one undo step, and leaves refused orders out of it', async () => {
    const h = new FakeHost();
    const history = new CommandHistory(null, 200, noSaves);
    const orders = [await seed(h, 'A', 3), await seed(h, 'B', 4), await seed(h, 'C', 5)];
    h.refuse.add('B');
    const cmd = bulkOrderCommand(
      h,
      {
        saves: orders.map((o) => ({
          id: o.id,
          before: null,
          after: null,
          input: applyOrderPatch(o, { priority: 9 }),
          known: o.lines.map((l) => l.id),
        })),
      },
      'Change 3 orders: priority 9',
    );
    await history.execute(cmd);
    expect(cmd.outcome).toEqual({ saved: 2, failures: ['B: Refused.'] });
    expect((cmd.payload as OrderBulkPayload).saves).toHaveLength(2);
    const prio = () => [...h.orders.values()].map((o) => o.priority);
    expect(prio()).toEqual([9, 4, 9]);
    h.refuse.clear();
    await history.undo();
    expect(prio()).toEqual([3, 4, 5]);
    expect(history.state()).toMatchObject({
      canUndo: false,
      redoLabel: 'Change 3 orders: priority 9',
    });
    await history.redo();
    expect(prio()).toEqual([9, 4, 9]);
  });

  it('fails a bulk edit the host refused entirely, leaving the history alone', async () => {
    const h = new FakeHost();
    const history = new CommandHistory(null, 200, noSaves);
    const o = await seed(h, 'D');
    h.refuse.add('D');
    const cmd = bulkOrderCommand(
      h,
      {
        saves: [
          { id: o.id, before: null, after: null, input: applyOrderPatch(o, { priority: 1 }) },
        ],
      },
      'Change 1 order',
    );
    await expect(history.execute(cmd)).rejects.toThrow('Refused.');
    expect(history.state().canUndo).toBe(false);
  });

  it('survives a reload: a stored bulk edit revives and undoes', async () => {
    host.orders.clear();
    const o = await seed(host, 'E', 2);
    const cmd = bulkOrderCommand(
      host,
      {
        saves: [
          {
            id: o.id,
            before: null,
            after: null,
            input: applyOrderPatch(o, { status: 'done' }),
            known: o.lines.map((l) => l.id),
          },
        ],
      },
      'Change 1 order: status done',
    );
    await cmd.execute();
    const revived = reviveCommand(JSON.parse(JSON.stringify(serializeCommand(cmd))));
    expect(revived?.type).toBe('order.bulk');
    await revived?.undo();
    expect(host.orders.get(o.id)?.status).toBe('open');
  });

  it('sends restore inputs the contract accepts', () => {
    const order: Order = {
      id: 'ord_1',
      reference: 'R',
      requester: '',
      receivedAt: '2026-01-01T00:00:00.000Z',
      dueAt: null,
      priority: 5,
      status: 'open',
      notes: '',
      lines: [
        {
          id: 'line_1',
          orderId: 'ord_1',
          modelId: MODEL,
          quantity: 1,
          profileId: null,
          material: '',
          color: '',
          layerHeightMm: null,
          parts: [{ id: 'part_1', orderLineId: 'line_1', copy: 1, status: 'printed' }],
        },
      ],
    };
    const input = restoreInput(order);
    expect(OrderInput.safeParse(input).success).toBe(true);
    expect(input.lines?.[0]?.parts).toEqual([{ id: 'part_1', copy: 1, status: 'printed' }]);
  });
});
