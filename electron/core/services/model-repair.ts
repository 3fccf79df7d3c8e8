import { ApiError } from '../../../shared/api';
import type { ModelRepairResult } from '../../../shared/api/channels/intake';
import type { Model, Verdict } from '../../../shared/domain';
import {
  encodeBinaryStl,
  inspectModelFile,
  isIntakeError,
  limitsFromSettings,
  parseModelFile,
  scaleMesh,
  type PrinterEnvelope,
} from '../../../shared/geometry';
import { REPAIRED_SUFFIX, repairAndProve, repairedFileName } from './model-repair-proof';
import type { EventBus } from '../event-bus';
import type { TaskRegistry } from '../tasks';
import type { Workspace } from '../workspace';
import { appendEvent } from '../storage/audit';
import { findModel, getModel, insertModel } from '../storage/repositories/models';
import { listPrinters } from '../storage/repositories/printers';
import { getSettings } from '../storage/repositories/settings';

export { proveWithManifold, repairAndProve, type ManifoldProof } from './model-repair-proof';

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
  const limits = limitsFromSettings(getSettings(ws.db));

  const prepared = await tasks.run(
    { kind: 'intake', label: `Repairing ${original.name}` },
    async (task) => {
      task.progress(0, 4, 'reading the file');
      let parsed;
      try {
        parsed = parseModelFile(bytes, original.fileName, { limits, signal: task.signal });
      } catch (err) {
        if (isIntakeError(err)) throw new ApiError('validation', err.message);
        throw err;
      }
      // A model fixed to millimetres (×25.4) is repaired at its real size; the scale is baked
      // into the repaired file, which then needs no scale of its own.
      const mesh = original.unitScale !== 1 ? scaleMesh(parsed, original.unitScale) : parsed;
      task.progress(1, 4, 'repairing');
      const { repaired, proof } = await repairAndProve(mesh, original.name, task.signal);
      const { report } = repaired;
      task.progress(3, 4, 'analysing the repaired mesh');
      const file = encodeBinaryStl(repaired.mesh, `PlateShift repair of ${id.slice(0, 16)}`);
      const fileName = repairedFileName(original.fileName);
      // The same analysis intake runs on a dropped file, on the very bytes we store.
      const { analysis } = inspectModelFile(file, fileName, {
        limits,
        printers: printers(ws),
        signal: task.signal,
      });
      if (!analysis.facts.watertight) {
        throw new ApiError(
          'internal',
          `The repaired “${original.name}” does not read back watertight. Nothing was changed.`,
        );
      }
      return { file, fileName, report, proof, analysis };
    },
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
    const lines = ws.db
      .prepare(
        `SELECT l.id, l.order_id AS orderId, o.status AS orderStatus,
                (SELECT COUNT(*) FROM parts p WHERE p.order_line_id = l.id
                   AND p.status NOT IN (${SWITCHABLE_PART_STATES.map(() => '?').join(',')})) AS busy
           FROM order_lines l JOIN orders o ON o.id = l.order_id
          WHERE l.model_id = ? ORDER BY o.received_at, l.position`,
      )
      .all(...SWITCHABLE_PART_STATES, id) as {
      id: string;
      orderId: string;
      orderStatus: string;
      busy: number;
    }[];
    const switched = lines.filter((l) => l.busy === 0 && OPEN_ORDER_STATES.includes(l.orderStatus));
    const kept = lines.filter((l) => !switched.includes(l));
    const move = ws.db.prepare('UPDATE order_lines SET model_id = ? WHERE id = ?');
    for (const l of switched) move.run(newId, l.id);
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
