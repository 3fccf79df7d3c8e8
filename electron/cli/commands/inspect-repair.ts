import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ApiError } from '../../../shared/api';
import {
  encodeBinaryStl,
  isIntakeError,
  parseModelFile,
  type IntakeLimits,
} from '../../../shared/geometry';
import { REPAIRABLE_REASON_CODES, type RepairReport } from '../../../shared/geometry/repair';
import type { ExpandedItem, IntakeOutcome } from '../../core/intake';
import { repairAndProve, repairedFileName } from '../../core/services/model-repair-proof';

export interface RepairRow {
  file: string;
  repaired: boolean;
  /** Where the repaired copy was written. */
  path?: string;
  report?: RepairReport;
  /** Why it was not repaired. */
  message?: string;
}

/**
 * `plateshift inspect --repair DIR`: for each readable file whose verdict has a repairable mesh
 * defect, writes "<name> (repaired).stl" into DIR — the same repair and manifold-3d check as
 * the studio's "Repair mesh". The inputs are never touched.
 */
export async function repairInto(
  outDir: string,
  items: readonly ExpandedItem[],
  outcomes: readonly IntakeOutcome[],
  limits: Partial<IntakeLimits>,
): Promise<RepairRow[]> {
  const rows: RepairRow[] = [];
  for (const [i, o] of outcomes.entries()) {
    const item = items[i];
    if (!o.ok || !item?.ok) continue;
    const wanted = o.verdict.reasons.some(
      (r) => r.level !== 'ok' && REPAIRABLE_REASON_CODES.includes(r.code),
    );
    if (!wanted) continue;
    try {
      const parsed = parseModelFile(item.bytes, item.fileName, { limits });
      const { repaired } = await repairAndProve(parsed, o.name);
      mkdirSync(outDir, { recursive: true });
      // Zip entries may carry folders; the copies all go flat into DIR.
      const path = join(outDir, repairedFileName(basename(item.fileName)));
      writeFileSync(path, encodeBinaryStl(repaired.mesh, 'PlateShift repaired STL'));
      rows.push({ file: o.fileName, repaired: true, path, report: repaired.report });
    } catch (err) {
      if (!(err instanceof ApiError) && !isIntakeError(err)) throw err;
      rows.push({ file: o.fileName, repaired: false, message: err.message });
    }
  }
  return rows;
}

export function repairLines(rows: readonly RepairRow[]): string[] {
  if (rows.length === 0) return ['\nNothing to repair.'];
  const out = [''];
  for (const r of rows) {
    if (r.repaired && r.report) {
      out.push(`repaired  ${r.file} → ${r.path ?? ''}`);
      for (const f of r.report.fixes) out.push(`    ${f.message}`);
    } else out.push(`not repaired  ${r.file}: ${r.message ?? ''}`);
  }
  return out;
}
