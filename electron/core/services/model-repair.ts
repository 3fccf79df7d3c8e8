import { ApiError } from '../../../shared/api';
import type { ModelRepairResult } from '../../../shared/api/channels/intake';
import type { Model, Verdict } from '../../../shared/domain';
import { limitsFromSettings, type PrinterEnvelope } from '../../../shared/geometry';
import { runRepairWorker } from '../../workers/repair';
import { findWorker } from '../planner';
import { REPAIRED_SUFFIX, type RepairRunner } from './model-repair-proof';
import type { EventBus } from '../event-bus';
import type { TaskRegistry } from '../tasks';
import type { Workspace } from '../workspace';
import { appendEvent } from '../storage/audit';
import { findModel, getModel, insertModel } from '../storage/repositories/models';
import { listPrinters } from '../storage/repositories/printers';
import { getSettings } from '../storage/repositories/settings';

export {
  prepareRepair,
  proveWithManifold,
  repairAndProve,
  type ManifoldProof,
} from './model-repair-proof';

/**
 * The repair (parse, repair, manifold-3d, analysis: seconds for a big mesh) runs in a worker
 * thread, so the process that answers every view's requests never waits for it.
 */
const prepareInWorker: RepairRunner = (input, options) =>
  runRepairWorker(findWorker('repair'), input, options);

export interface ModelRepairDeps {
  ws: Workspace;
  bus: EventBus;
  tasks: TaskRegistry;
}

function repairedName(name: string): string {
  return name.slice(0, 260 - REPAIRED_SUFFIX.length) + REPAIRED_SUFFIX;
}

function printers(ws: Workspace): PrinterEnvelope[] {
  return listPrinters(ws.db).map((p) => ({
    id: p.id,
    name: p.name,
    bed: p.bed,
    exclusionZones: p.exclusionZones,
    maxHeightMm: p.maxHeightMm,
  }));
}

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

/**
 * On request only: repairs the stored mesh of a model, proves the result with manifold-3d,
 * and stores it as a new model "<name> (repaired)" next to the original, which stays. Order
 * lines that still only wait in the queue move to the repaired model in the same transaction
 * that records the `model.repair` audit event (who, from which model, the full report).
 * Refuses — changing nothing — when the mesh needs no repair or cannot be made watertight.
 */
export async function repairModel(
  { ws, bus, tasks }: ModelRepairDeps,
  id: string,
  actor: string,
): Promise<ModelRepairResult> {
  const original = getModel(ws.db, id);
  if (!ws.models.has(id))
    throw new ApiError('not_found', `The file of “${original.name}” is missing.`);
  const bytes = new Uint8Array(ws.models.read(id));
  const settings = getSettings(ws.db);
  const limits = limitsFromSettings(settings);

  const prepared = await tasks.run(
    { kind: 'intake', label: `Repairing ${original.name}` },
    (task) =>
      prepareInWorker(
        {
          bytes,
          id,
          name: original.name,
          fileName: original.fileName,
          unitScale: original.unitScale,
          limits,
          printers: printers(ws),
          overhangAngleDeg: settings.overhangAngleDeg,
        },
        {
          signal: task.signal,
          onProgress: (done, total, stage) => task.progress(done, total, stage),
        },
      ),
  );

  const { file, fileName, report, proof, analysis } = prepared;
  const summary = report.fixes.map((f) => f.message).join(' ');
  const verdict: Verdict = {
    level: analysis.verdict.level,
    reasons: [
      ...analysis.verdict.reasons,
      {
        level: 'ok',
        code: 'repaired',
        message: `Repaired from “${original.name}”: ${summary}`.slice(0, 500),
      },
    ],
  };
  // Content-addressed like any dropped file; the same repair twice is the same model.
  const newId = ws.models.put(file);

  const stored = ws.db.transaction(() => {
    const { model } = insertModel(
      ws.db,
      {
        id: newId,
        name: repairedName(original.name),
        fileName,
        format: 'stl',
        sizeBytes: file.byteLength,
        createdAt: new Date().toISOString(),
        status: 'ready',
        verdict,
        facts: analysis.facts,
      },
      actor,
    );
    const { switched, kept } = switchOrderLines(ws, id, newId);
    appendEvent(ws.db, {
      actor,
      action: 'model.repair',
      entity: 'model',
      entityId: newId,
      reason: `repair of ${original.name}`,
      data: {
        from: id,
        name: original.name,
        unitScaleApplied: original.unitScale,
        report,
        proof,
        orderLinesSwitched: switched.map((l) => l.id),
        orderLinesKept: kept.map((l) => l.id),
      },
    });
    return {
      model: findModel(ws.db, newId) ?? model,
      switched,
      kept,
    };
  })();

  bus.emit('changed', { entity: 'models', ids: [newId] });
  if (stored.switched.length > 0) {
    bus.emit('changed', {
      entity: 'orders',
      ids: [...new Set(stored.switched.map((l) => l.orderId))],
    });
  }
  return {
    model: stored.model satisfies Model,
    report,
    proof,
    orderLinesSwitched: stored.switched.map((l) => l.id),
    orderLinesKept: stored.kept.map((l) => l.id),
  };
}
