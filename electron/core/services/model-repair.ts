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
import { getModel } from '../storage/repositories/models';
import { storeDerivedModel } from './derived-model';
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
  const stored = storeDerivedModel(ws, bus, {
    from: original,
    file,
    fileName,
    name: repairedName(original.name),
    verdict,
    facts: analysis.facts,
    actor,
    action: 'model.repair',
    reason: `repair of ${original.name}`,
    data: { report, proof },
  });
  return {
    model: stored.model satisfies Model,
    report,
    proof,
    orderLinesSwitched: stored.switched.map((l) => l.id),
    orderLinesKept: stored.kept.map((l) => l.id),
  };
}
