import { describe, expect, it } from 'vitest';
import { OrderInput } from '../../../../shared/api/channels/orders';
import type { Order } from '../../../../shared/domain';
import { openDatabase, type Db } from '../database';
import { insertModel } from './models';
import { deleteOrder, getOrder, listOrders, saveOrder } from './orders';

const MODEL = 'c'.repeat(64);

function world(): Db {
  const db = openDatabase(':memory:');
  insertModel(
    db,
    {
      id: MODEL,
      name: 'm',
      fileName: 'm.stl',
      format: 'stl',
      sizeBytes: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      status: 'ready',
      verdict: null,
      facts: null,
    },
    't',
  );
  return db;
}

const save = (db: Db, input: OrderInput) => saveOrder(db, OrderInput.parse(input), 't');

/** What an undo sends: the order as it was, with its line and part ids. */
function restoreInput(o: Order): OrderInput {
  return {
    id: o.id,
    reference: o.reference,
    requester: o.requester,
    receivedAt: o.receivedAt,
    dueAt: o.dueAt,
    priority: o.priority,
    status: o.status,
    notes: o.notes,
    restore: true,
    lines: o.lines.map((l) => ({
      id: l.id,
      modelId: l.modelId,
      quantity: l.quantity,
      profileId: l.profileId,
      material: l.material,
      color: l.color,
      parts: l.parts.map((p) => ({ id: p.id, copy: p.copy, status: p.status })),
    })),
  };
}

function setPartStatus(db: Db, partId: string, status: string): void {
  db.prepare('UPDATE parts SET status = ? WHERE id = ?').run(status, partId);
}

describe('orders: restoring what an edit or a delete removed (undo)', () => {
  it('re-creates a deleted order with its id, lines and parts', () => {
    const db = world();
    const created = save(db, {
      reference: 'FL-1',
      priority: 8,
      lines: [
        { modelId: MODEL, quantity: 2, material: 'PLA' },
        { modelId: MODEL, quantity: 1 },
      ],
    });
    const [a, b] = created.lines[0]!.parts;
    setPartStatus(db, a!.id, 'done');
    setPartStatus(db, b!.id, 'planned');
    const before = getOrder(db, created.id);
    deleteOrder(db, created.id, 't');
    expect(listOrders(db)).toHaveLength(0);

    const back = save(db, restoreInput(before));
    expect(back.id).toBe(created.id);
    expect(back.lines.map((l) => l.id)).toEqual(created.lines.map((l) => l.id));
    expect(back.lines[0]).toMatchObject({ material: 'PLA', quantity: 2 });
    expect(back.priority).toBe(8);
    // Same part ids; a printed part keeps its status, a planned one lost its plate: queued.
    expect(back.lines[0]!.parts).toEqual([
      { ...a, status: 'done' },
      { ...b, status: 'queued' },
    ]);
    expect(back.lines[1]!.parts.map((p) => p.id)).toEqual(created.lines[1]!.parts.map((p) => p.id));
  });

  it('puts back a removed line and the copies a lower quantity dropped', () => {
    const db = world();
    const created = save(db, {
      reference: 'FL-2',
      lines: [
        { modelId: MODEL, quantity: 3 },
        { modelId: MODEL, quantity: 1 },
      ],
    });
    const [first, second] = created.lines;
    save(db, {
      id: created.id,
      reference: 'FL-2',
      lines: [{ id: first!.id, modelId: MODEL, quantity: 1 }],
    });
    const back = save(db, restoreInput(created));
    expect(back.lines.map((l) => l.id)).toEqual([first!.id, second!.id]);
    expect(back.lines[0]!.parts.map((p) => p.id)).toEqual(first!.parts.map((p) => p.id));
    expect(back.lines[1]!.parts.map((p) => p.id)).toEqual(second!.parts.map((p) => p.id));
  });

  it('refuses unknown ids and given parts unless restoring', () => {
    const db = world();
    expect(() => save(db, { id: 'ord_gone', reference: 'X', lines: [] })).toThrow(/^No order/);
    const o = save(db, { reference: 'FL-3', lines: [{ modelId: MODEL, quantity: 1 }] });
    expect(() =>
      save(db, {
        id: o.id,
        reference: 'FL-3',
        lines: [{ id: 'line_gone', modelId: MODEL, quantity: 1 }],
      }),
    ).toThrow(/^No order line/);
    expect(() =>
      save(db, {
        id: o.id,
        reference: 'FL-3',
        lines: [
          {
            id: o.lines[0]!.id,
            modelId: MODEL,
            quantity: 1,
            parts: [{ id: 'part_x', copy: 1, status: 'done' }],
          },
        ],
      }),
    ).toThrow(/only when restoring/);
  });

  it('never moves a line of another order into the restored one', () => {
    const db = world();
    const other = save(db, { reference: 'FL-4', lines: [{ modelId: MODEL, quantity: 1 }] });
    expect(() =>
      save(db, {
        id: 'ord_back',
        reference: 'FL-5',
        restore: true,
        lines: [{ id: other.lines[0]!.id, modelId: MODEL, quantity: 1 }],
      }),
    ).toThrow(/another order/);
    expect(getOrder(db, other.id).lines).toHaveLength(1);
    expect(listOrders(db).map((o) => o.reference)).toEqual(['FL-4']);
  });
});
