import type { Model, ModelFacts, Verdict } from '../../../shared/domain';
import type { EventBus } from '../event-bus';
import { appendEvent } from '../storage/audit';
import { findModel, insertModel } from '../storage/repositories/models';
import type { Workspace } from '../workspace';

/** Parts in these states have not been put on an accepted plan or a printer yet. */
const SWITCHABLE_PART_STATES = ['queued'];
const OPEN_ORDER_STATES = ['open', 'in-progress'];

/**
 * Moves the order lines of `fromId` that only wait in the queue (no part planned, printing or
 * printed; order still open) to `toId`; the others keep the model they were planned with.
 * Call inside the transaction that records why.
 */
export function switchOrderLines(
  ws: Workspace,
  fromId: string,
  toId: string,
): { switched: { id: string; orderId: string }[]; kept: { id: string; orderId: string }[] } {
  const lines = ws.db
    .prepare(
      `SELECT l.id, l.order_id AS orderId, o.status AS orderStatus,
              (SELECT COUNT(*) FROM parts p WHERE p.order_line_id = l.id
                 AND p.status NOT IN (${SWITCHABLE_PART_STATES.map(() => '?').join(',')})) AS busy
         FROM order_lines l JOIN orders o ON o.id = l.order_id
        WHERE l.model_id = ? ORDER BY o.received_at, l.position`,
    )
    .all(...SWITCHABLE_PART_STATES, fromId) as {
    id: string;
    orderId: string;
    orderStatus: string;
    busy: number;
  }[];
  const switched = lines.filter((l) => l.busy === 0 && OPEN_ORDER_STATES.includes(l.orderStatus));
  const kept = lines.filter((l) => !switched.includes(l));
  const move = ws.db.prepare('UPDATE order_lines SET model_id = ? WHERE id = ?');
  for (const l of switched) move.run(toId, l.id);
  return { switched, kept };
}

export interface DerivedModel {
  /** The model it was made from (which stays). */
  from: Pick<Model, 'id' | 'name' | 'unitScale'>;
  /** The new STL, already judged: `verdict` and `facts` are its analysis. */
  file: Uint8Array;
  fileName: string;
  name: string;
  verdict: Verdict;
  facts: ModelFacts;
  actor: string;
  /** The audit action (`model.repair`, `model.layFlat`) and its reason. */
  action: string;
  reason: string;
  /** What the action adds to its audit event. */
  data: Record<string, unknown>;
}

/**
 * Stores a model made from another one (a repair, a lay-flat) as a model of its own, next to
 * the original: content-addressed like any dropped file, so the same result twice is the same
 * model. In one transaction it moves the order lines that only wait in the queue to it and
 * records why; then it tells the views.
 */
export function storeDerivedModel(
  ws: Workspace,
  bus: EventBus,
  d: DerivedModel,
): {
  model: Model;
  switched: { id: string; orderId: string }[];
  kept: { id: string; orderId: string }[];
} {
  const newId = ws.models.put(d.file);
  const stored = ws.db.transaction(() => {
    const { model } = insertModel(
      ws.db,
      {
        id: newId,
        name: d.name,
        fileName: d.fileName,
        format: 'stl',
        sizeBytes: d.file.byteLength,
        createdAt: new Date().toISOString(),
        status: 'ready',
        verdict: d.verdict,
        facts: d.facts,
      },
      d.actor,
    );
    const { switched, kept } = switchOrderLines(ws, d.from.id, newId);
    appendEvent(ws.db, {
      actor: d.actor,
      action: d.action,
      entity: 'model',
      entityId: newId,
      reason: d.reason,
      data: {
        from: d.from.id,
        name: d.from.name,
        unitScaleApplied: d.from.unitScale,
        ...d.data,
        orderLinesSwitched: switched.map((l) => l.id),
        orderLinesKept: kept.map((l) => l.id),
      },
    });
    return { model: findModel(ws.db, newId) ?? model, switched, kept };
  })();
  bus.emit('changed', { entity: 'models', ids: [newId] });
  if (stored.switched.length > 0) {
    bus.emit('changed', {
      entity: 'orders',
      ids: [...new Set(stored.switched.map((l) => l.orderId))],
    });
  }
  return stored;
}
