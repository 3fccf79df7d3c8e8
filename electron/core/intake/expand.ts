import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import {
  IntakeError,
  extensionOf,
  isIntakeError,
  listZip,
  readZipEntry,
  sniff,
  type IntakeErrorShape,
  type IntakeLimits,
} from '../../../shared/geometry';

/** One file to take in: its display path (zip entries as `parts.zip/bracket.stl`) and bytes. */
export interface IntakeInput {
  fileName: string;
  bytes: Uint8Array;
}

/** A dropped item that could not be expanded (unreadable folder, hostile zip…). */
export interface IntakeInputError {
  fileName: string;
  error: IntakeErrorShape;
}

export type ExpandedItem = ({ ok: true } & IntakeInput) | ({ ok: false } & IntakeInputError);

export const MODEL_EXTENSIONS = new Set(['stl', '3mf', 'obj']);

function isHidden(name: string): boolean {
  return name.split('/').some((seg) => seg.startsWith('.') || seg === '__MACOSX');
}

/**
 * The model files inside a zip, inflated in memory (nothing is written anywhere). The whole
 * archive is refused when it has too many entries, would unpack past the limits, or holds a
 * path that escapes its folder. A zip named .3mf is a model, not a folder: callers keep it.
 */
export function expandZip(
  bytes: Uint8Array,
  zipName: string,
  limits: IntakeLimits,
): ExpandedItem[] {
  const label = `“${basename(zipName)}”`;
  const entries = listZip(bytes, limits, label);
  const budget = { remaining: limits.maxUncompressedBytes };
  const out: ExpandedItem[] = [];
  for (const entry of entries) {
    if (entry.isDirectory || isHidden(entry.name)) continue;
    if (!MODEL_EXTENSIONS.has(extensionOf(entry.name))) continue;
    const fileName = `${zipName}/${entry.name}`;
    if (entry.declaredSize > limits.maxFileBytes) {
      out.push({
        ok: false,
        fileName,
        error: {
          code: 'file-too-large',
          message: `“${entry.name}” in ${label} is ${(entry.declaredSize / 1048576).toFixed(1)} MB, more than the ${(limits.maxFileBytes / 1048576).toFixed(0)} MB accepted.`,
        },
      });
      continue;
    }
    try {
      out.push({ ok: true, fileName, bytes: readZipEntry(bytes, entry, limits, label, budget) });
    } catch (err) {
      // A bomb or a damaged entry stops the whole archive: later entries are not trusted.
      if (isIntakeError(err) && (err.code === 'zip-bomb' || err.code === 'zip-corrupt')) throw err;
      out.push({ ok: false, fileName, error: toShape(err) });
    }
  }
  return out;
}

function toShape(err: unknown): IntakeErrorShape {
  if (isIntakeError(err)) return err.toShape();
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

/** Is this a plain zip of models (as opposed to a 3MF package, which is also a zip)? */
export function isModelArchive(fileName: string, bytes: Uint8Array): boolean {
  return extensionOf(fileName) === 'zip' && sniff(bytes) === 'zip';
}

/**
 * Expands dropped paths: folders recursively (model files and zips, hidden entries skipped),
 * zips in memory, files as they are. Errors are per item and never stop the others.
 * `maxFiles` caps a runaway folder.
 */
export async function expandPaths(
  paths: readonly string[],
  limits: IntakeLimits,
  maxFiles = 5000,
): Promise<ExpandedItem[]> {
  const out: ExpandedItem[] = [];
  const visit = async (path: string, shown: string, depth: number): Promise<void> => {
    if (out.length >= maxFiles) return;
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      out.push({
        ok: false,
        fileName: shown,
        error: missing
          ? { code: 'not-found', message: `“${shown}” does not exist.` }
          : {
              code: 'unreadable',
              message: `“${shown}” cannot be opened: ${(err as Error).message}`,
            },
      });
      return;
    }
    if (info.isDirectory()) {
      if (depth > 16) return;
      const names = (await readdir(path))
        .filter((n) => !n.startsWith('.') && n !== '__MACOSX')
        .sort();
      for (const n of names) {
        const ext = extensionOf(n);
        const child = join(path, n);
        const st = await stat(child).catch(() => null);
        if (!st) continue;
        if (st.isDirectory() || MODEL_EXTENSIONS.has(ext) || ext === 'zip')
          await visit(child, join(shown, n), depth + 1);
      }
      return;
    }
    if (info.size > limits.maxFileBytes) {
      out.push({
        ok: false,
        fileName: shown,
        error: new IntakeError(
          'file-too-large',
          `“${basename(shown)}” is ${(info.size / 1048576).toFixed(1)} MB, more than the ${(limits.maxFileBytes / 1048576).toFixed(0)} MB accepted.`,
        ).toShape(),
      });
      return;
    }
    const bytes = new Uint8Array(await readFile(path));
    if (isModelArchive(path, bytes)) {
      try {
        out.push(...expandZip(bytes, shown, limits));
      } catch (err) {
        out.push({ ok: false, fileName: shown, error: toShape(err) });
      }
      return;
    }
    out.push({ ok: true, fileName: shown, bytes });
  };
  for (const p of paths) {
    const shown = relative(process.cwd(), p).startsWith('..') ? p : relative(process.cwd(), p) || p;
    await visit(p, shown, 0);
  }
  return out;
}
