import type { IntakeItem, ModelLayFlatResult } from '../../../shared/api/channels/intake';
import type { Model, VerdictLevel } from '../../../shared/domain/model';
import type { IntakeFile, IntakeSession, IntakeSnapshot } from './intake-controller';

/**
 * What the intake list shows: one row per dropped file, or per model file inside a dropped
 * zip once the host has expanded it.
 */
export interface IntakeRowView {
  key: string;
  file: IntakeFile;
  /** The host's answer for this row; null until the file is judged. */
  item: IntakeItem | null;
  /** Shown path: the dropped path, or the zip entry path. */
  path: string;
  /** ok / warning / error once known; 'error' for a file that could not be read. */
  verdict: VerdictLevel | null;
  /** True when the row ended without a model (unreadable, refused, cancelled). */
  failed: boolean;
}

/** Rows per file object: a file's rows keep their identity until that file changes. */
const rowCache = new WeakMap<IntakeFile, IntakeRowView[]>();

export function rowsOf(session: IntakeSession, snap: IntakeSnapshot): IntakeRowView[] {
  const rows: IntakeRowView[] = [];
  for (const id of session.fileIds) {
    const file = snap.files[id];
    if (!file) continue;
    let cached = rowCache.get(file);
    if (!cached) {
      cached = rowsOfFile(file);
      rowCache.set(file, cached);
    }
    rows.push(...cached);
  }
  return rows;
}

function rowsOfFile(file: IntakeFile): IntakeRowView[] {
  const items = file.items ?? [];
  if (items.length === 0) {
    // A zip with no model inside answers with no items at all.
    const empty = file.state === 'done';
    return [
      {
        key: file.id,
        file,
        item: null,
        path: file.path,
        verdict: file.state === 'failed' || empty ? 'error' : null,
        failed: file.state === 'failed' || file.state === 'cancelled' || empty,
      },
    ];
  }
  return items.map((item, i) => ({
    key: `${file.id}#${i}`,
    file,
    item,
    path: item.fileName,
    verdict: item.verdict?.level ?? (item.ok ? null : 'error'),
    failed: !item.ok,
  }));
}

/**
 * The rows with the stored model's verdict where it differs from the import's answer: a model
 * rescaled (the inch fix) or judged again since shows its current level, in the counts too.
 * Rows that did not change keep their identity.
 */
export function withModelVerdicts(
  rows: readonly IntakeRowView[],
  models: Readonly<Record<string, Model>>,
): IntakeRowView[] {
  return rows.map((row) => {
    const id = row.item?.ok ? row.item.modelId : undefined;
    const level = id ? models[id]?.verdict?.level : undefined;
    return level && level !== row.verdict ? { ...row, verdict: level } : row;
  });
}

/** Offer the ×25.4 fix: the verdict says the model looks like inches read as millimetres. */
export function offersInchFix(
  verdict: { reasons: readonly { code: string }[] } | null | undefined,
): boolean {
  return !!verdict?.reasons.some((r) => r.code === 'inch-units');
}

/** 25.4 mm per inch: the scale of the one-click fix. */
export const INCH_SCALE = 25.4;

/** Offer "Lay flat": the analysis found a resting face with clearly more bed contact. */
export function offersLayFlat(
  verdict: { reasons: readonly { code: string }[] } | null | undefined,
): boolean {
  return !!verdict?.reasons.some((r) => r.code === 'orientation');
}

export function layFlatConfirmMessage(name: string): string {
  return `“${name}” will be turned onto its largest flat face and saved as a new model “${name} (laid flat)”. Order lines not yet planned will use it; planned or printed parts keep the original, which stays in the workspace.`;
}

/** What the row says after "Lay flat". */
export function layFlatSummary(r: ModelLayFlatResult): string {
  const cm2 = (mm2: number) => `${(mm2 / 100).toFixed(1)} cm²`;
  const moved = r.orderLinesSwitched.length;
  const kept = r.orderLinesKept.length;
  return (
    `Saved as “${r.model.name}”: ${cm2(r.contactAfterMm2)} on the bed instead of ${cm2(r.contactBeforeMm2)}. ` +
    (moved
      ? `${moved} order ${moved === 1 ? 'line uses' : 'lines use'} it now`
      : 'No order line moved') +
    (kept ? `; ${kept} already planned ${kept === 1 ? 'keeps' : 'keep'} the original.` : '.')
  );
}

export interface SessionCounts {
  total: number;
  finished: number;
  running: number;
  ok: number;
  warning: number;
  error: number;
  cancelled: number;
  bytes: number;
}

export function countRows(rows: readonly IntakeRowView[]): SessionCounts {
  const c: SessionCounts = {
    total: rows.length,
    finished: 0,
    running: 0,
    ok: 0,
    warning: 0,
    error: 0,
    cancelled: 0,
    bytes: 0,
  };
  const seen = new Set<string>();
  for (const r of rows) {
    if (!seen.has(r.file.id)) {
      seen.add(r.file.id);
      c.bytes += r.file.size;
    }
    const s = r.file.state;
    if (s === 'cancelled') {
      c.cancelled++;
      c.finished++;
      continue;
    }
    if (s === 'done' || s === 'failed') c.finished++;
    else c.running++;
    if (s === 'failed') c.error++;
    else if (r.verdict === 'ok') c.ok++;
    else if (r.verdict === 'warning') c.warning++;
    else if (r.verdict === 'error') c.error++;
  }
  return c;
}

/** Rows that need the technician's eye: errors, warnings, refused or cancelled files. */
export function isProblem(row: IntakeRowView): boolean {
  return (
    row.failed ||
    row.verdict === 'error' ||
    row.verdict === 'warning' ||
    row.file.state === 'cancelled'
  );
}

/** The message for a row that produced no model. */
export function rowError(row: IntakeRowView): string | null {
  if (row.item?.error) return row.item.error.message;
  if (row.file.error) return row.file.error.message;
  if (row.file.state === 'done' && !row.item) return 'The host found no model file in it.';
  return null;
}
