import { ApiError, notFound } from '../../../../shared/api';
import { type Order, type OrderLine, type Part, type PartStatus } from '../../../../shared/domain';
import type { OrderInput } from '../../../../shared/api/channels/orders';
import type { z } from 'zod';
import { appendEvent } from '../audit';
import type { Db } from '../database';
import { newId } from '../ids';

type ParsedOrderInput = z.output<typeof OrderInput>;

interface OrderRow {
  id: string;
  reference: string;
  requester: string;
  received_at: string;
  due_at: string | null;
  priority: number;
  status: Order['status'];
  notes: string;
}
interface LineRow {
  id: string;
  order_id: string;
  model_id: string;
  quantity: number;
  profile_id: string | null;
  material: string;
  color: string;
  layer_height_mm: number | null;
}
interface PartRow {
  id: string;
  order_line_id: string;
  copy: number;
  status: PartStatus;
}

/** Parts that are on a printer or past it cannot silently disappear with an edit. */
const COMMITTED: ReadonlySet<PartStatus> = new Set(['printing', 'printed', 'done']);

function assemble(db: Db, orders: OrderRow[]): Order[] {
  if (orders.length === 0) return [];
  const ids = orders.map((o) => o.id);
  const marks = ids.map(() => '?').join(',');
  const lines = db
    .prepare(`SELECT * FROM order_lines WHERE order_id IN (${marks}) ORDER BY position`)
    .all(...ids) as LineRow[];
  const lineIds = lines.map((l) => l.id);
  const parts: PartRow[] = [];
  // Chunked to stay under SQLite's bound-parameter limit on large queues.
  for (let i = 0; i < lineIds.length; i += 500) {
    const chunk = lineIds.slice(i, i + 500);
    parts.push(
      ...(db
        .prepare(
          `SELECT * FROM parts WHERE order_line_id IN (${chunk.map(() => '?').join(',')}) ORDER BY copy`,
        )
        .all(...chunk) as PartRow[]),
    );
  }
  const partsByLine = new Map<string, Part[]>();
  for (const p of parts) {
    const list = partsByLine.get(p.order_line_id) ?? [];
    list.push({ id: p.id, orderLineId: p.order_line_id, copy: p.copy, status: p.status });
    partsByLine.set(p.order_line_id, list);
  }
  const linesByOrder = new Map<string, OrderLine[]>();
  for (const l of lines) {
    const list = linesByOrder.get(l.order_id) ?? [];
    list.push({
      id: l.id,
      orderId: l.order_id,
      modelId: l.model_id,
      quantity: l.quantity,
      profileId: l.profile_id,
      material: l.material,
      color: l.color,
      layerHeightMm: l.layer_height_mm,
      parts: partsByLine.get(l.id) ?? [],
    });
    linesByOrder.set(l.order_id, list);
  }
  return orders.map((o) => ({
    id: o.id,
    reference: o.reference,
    requester: o.requester,
    receivedAt: o.received_at,
    dueAt: o.due_at,
    priority: o.priority,
    status: o.status,
    notes: o.notes,
    lines: linesByOrder.get(o.id) ?? [],
  }));
}

export function listOrders(db: Db, filter: { status?: Order['status'] | undefined } = {}): Order[] {
  const rows = db
    .prepare(
      `SELECT * FROM orders WHERE (@status IS NULL OR status = @status)
       ORDER BY due_at IS NULL, due_at, priority DESC, received_at`,
    )
    .all({ status: filter.status ?? null }) as OrderRow[];
  return assemble(db, rows);
}

export function getOrder(db: Db, id: string): Order {
  const row = db.prepare('SELECT * FROM orders WHERE id = ?').get(id) as OrderRow | undefined;
  if (!row) throw notFound('order', id);
  return assemble(db, [row])[0] as Order;
}

export function saveOrder(db: Db, input: ParsedOrderInput, actor: string, now = new Date()): Order {
  return db.transaction(() => {
    const restore = input.restore === true;
    if (!restore && input.lines.some((l) => l.parts !== undefined)) {
      throw new ApiError('validation', 'Parts can be given only when restoring an order.');
    }
    // Restoring (undo) may name an order that a delete removed: it comes back with that id.
    const stored =
      input.id !== undefined && restore
        ? db.prepare('SELECT 1 FROM orders WHERE id = ?').get(input.id) !== undefined
        : input.id !== undefined;
    const previous = input.id !== undefined && stored ? getOrder(db, input.id) : null;
    const id = input.id ?? newId('ord');
    const receivedAt = input.receivedAt ?? previous?.receivedAt ?? now.toISOString();
    db.prepare(
      `INSERT INTO orders (id, reference, requester, received_at, due_at, priority, status, notes)
       VALUES (@id, @reference, @requester, @receivedAt, @dueAt, @priority, @status, @notes)
       ON CONFLICT(id) DO UPDATE SET reference = excluded.reference, requester = excluded.requester,
         received_at = excluded.received_at, due_at = excluded.due_at, priority = excluded.priority,
         status = excluded.status, notes = excluded.notes`,
    ).run({
      id,
      reference: input.reference,
      requester: input.requester,
      receivedAt,
      dueAt: input.dueAt,
      priority: input.priority,
      status: input.status,
      notes: input.notes,
    });

    const keptLineIds = new Set(input.lines.map((l) => l.id).filter((x): x is string => !!x));
    for (const old of previous?.lines ?? []) {
      if (keptLineIds.has(old.id)) continue;
      const busy = old.parts.filter((p) => COMMITTED.has(p.status)).length;
      if (busy > 0) {
        throw new ApiError(
          'conflict',
          `Cannot remove a line whose ${busy} part(s) are already printing or printed.`,
          { lineId: old.id },
        );
      }
      db.prepare('DELETE FROM order_lines WHERE id = ?').run(old.id);
    }

    const previousLines = new Map((previous?.lines ?? []).map((l) => [l.id, l]));
    input.lines.forEach((line, position) => {
      if (line.id !== undefined && !previousLines.has(line.id)) {
        if (!restore) throw notFound('order line', line.id);
        const owner = db.prepare('SELECT order_id FROM order_lines WHERE id = ?').get(line.id) as
          { order_id: string } | undefined;
        if (owner) {
          throw new ApiError('conflict', 'That order line belongs to another order.', {
            lineId: line.id,
          });
        }
      }
      if (!db.prepare('SELECT 1 FROM models WHERE id = ?').get(line.modelId)) {
        throw notFound('model', line.modelId);
      }
      if (
        line.profileId !== null &&
        !db.prepare('SELECT 1 FROM profiles WHERE id = ?').get(line.profileId)
      ) {
        throw notFound('profile', line.profileId);
      }
      const lineId = line.id ?? newId('line');
      db.prepare(
        `INSERT INTO order_lines (id, order_id, model_id, quantity, profile_id, material, color, layer_height_mm, position)
         VALUES (@id, @orderId, @modelId, @quantity, @profileId, @material, @color, @layerHeightMm, @position)
         ON CONFLICT(id) DO UPDATE SET model_id = excluded.model_id, quantity = excluded.quantity,
           profile_id = excluded.profile_id, material = excluded.material, color = excluded.color,
           layer_height_mm = excluded.layer_height_mm, position = excluded.position`,
      ).run({
        id: lineId,
        orderId: id,
        modelId: line.modelId,
        quantity: line.quantity,
        profileId: line.profileId,
        material: line.material,
        color: line.color,
        layerHeightMm: line.layerHeightMm ?? null,
        position,
      });
      syncParts(db, lineId, line.quantity, previousLines.get(lineId)?.parts ?? [], line.parts);
    });

    appendEvent(db, {
      actor,
      action: previous ? 'order.update' : restore ? 'order.restore' : 'order.create',
      entity: 'order',
      entityId: id,
      data: { reference: input.reference, lines: input.lines.length },
    });
    return getOrder(db, id);
  })();
}

/**
 * Makes copies 1..quantity exist; surplus copies go only while nothing happened to them. A
 * missing copy named in `restored` comes back with its id and status; a part that was planned
 * (or printing) comes back queued: the delete took its placement off its plate.
 */
function syncParts(
  db: Db,
  lineId: string,
  quantity: number,
  existing: Part[],
  restored: readonly { id: string; copy: number; status: PartStatus }[] = [],
): void {
  const surplus = existing.filter((p) => p.copy > quantity);
  const busy = surplus.filter((p) => COMMITTED.has(p.status));
  if (busy.length > 0) {
    throw new ApiError(
      'conflict',
      `Cannot lower the quantity below ${Math.max(...busy.map((p) => p.copy))}: those parts are already printing or printed.`,
      { lineId },
    );
  }
  const del = db.prepare('DELETE FROM parts WHERE id = ?');
  for (const p of surplus) del.run(p.id);
  const have = new Set(existing.map((p) => p.copy));
  const insert = db.prepare(
    `INSERT INTO parts (id, order_line_id, copy, status) VALUES (?, ?, ?, ?)`,
  );
  const taken = db.prepare('SELECT 1 FROM parts WHERE id = ?');
  const byCopy = new Map(restored.map((p) => [p.copy, p]));
  for (let copy = 1; copy <= quantity; copy++) {
    if (have.has(copy)) continue;
    const back = byCopy.get(copy);
    if (back && taken.get(back.id) === undefined) {
      insert.run(
        back.id,
        lineId,
        copy,
        back.status === 'planned' || back.status === 'printing' ? 'queued' : back.status,
      );
    } else {
      insert.run(newId('part'), lineId, copy, 'queued');
    }
  }
}

export function deleteOrder(db: Db, id: string, actor: string): void {
  db.transaction(() => {
    const o = getOrder(db, id);
    const busy = o.lines.flatMap((l) => l.parts).filter((p) => p.status === 'printing').length;
    if (busy > 0) {
      throw new ApiError(
        'conflict',
        `${busy} part(s) of this order are printing; cancel those jobs first.`,
      );
    }
    db.prepare('DELETE FROM orders WHERE id = ?').run(id);
    appendEvent(db, {
      actor,
      action: 'order.delete',
      entity: 'order',
      entityId: id,
      data: { reference: o.reference },
    });
  })();
}
