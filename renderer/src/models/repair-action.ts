import type { MeshRepairReport, ModelRepairResult } from '../../../shared/api/channels/intake';
import type { Model } from '../../../shared/domain/model';
import { REPAIRABLE_REASON_CODES } from '../../../shared/geometry/repair';

/** Mesh defects in the verdict that "Repair mesh" can address (holes, flipped faces…). */
export function repairableReasons(model: Pick<Model, 'verdict' | 'status'>): string[] {
  if (!model.verdict || model.status === 'pending' || model.status === 'analysing') return [];
  return model.verdict.reasons
    .filter((r) => r.level !== 'ok' && REPAIRABLE_REASON_CODES.includes(r.code))
    .map((r) => r.message);
}

/** What the confirmation says will happen, in one paragraph. */
export function repairConfirmMessage(
  model: Pick<Model, 'name'>,
  reasons: readonly string[],
): string {
  const what = reasons.length > 0 ? `${reasons.join(' ')} ` : '';
  return (
    `${what}PlateShift will weld cracks, drop degenerate and duplicate triangles, turn flipped ` +
    `faces and close small holes, check the result with manifold-3d, and save it as a new ` +
    `model “${model.name} (repaired)”. Order lines not yet planned or printed move to it; ` +
    `the original file stays. Large holes are not filled: then nothing changes.`
  );
}

/** The report as sentences, fixes first, then what was left. */
export function repairReportLines(report: MeshRepairReport): string[] {
  return [
    ...report.fixes.map((f) => f.message),
    ...report.unrepaired.map((p) => `Not repaired: ${p.message}`),
    `${report.trianglesBefore.toLocaleString('en-US')} → ${report.trianglesAfter.toLocaleString('en-US')} triangles, volume ${report.volumeAfterMm3.toFixed(0)} mm³${report.watertight ? ', watertight' : ''}.`,
  ];
}

export function repairSummary(result: ModelRepairResult): string {
  const moved = result.orderLinesSwitched.length;
  const kept = result.orderLinesKept.length;
  return (
    `Saved as “${result.model.name}” (checked by ${result.proof.library}). ` +
    (moved > 0
      ? `${moved} order line${moved === 1 ? '' : 's'} now use${moved === 1 ? 's' : ''} it.`
      : 'No order line was moved.') +
    (kept > 0
      ? ` ${kept} line${kept === 1 ? '' : 's'} already planned or closed keep the original.`
      : '')
  );
}
