/**
 * Turning what the browser hands over (dropped items, folder entries, picked files) into the
 * flat list of files the intake uploads. The browser types are described structurally so the
 * folder walk is tested in Node with fake entries.
 */

export const MODEL_EXTENSIONS = ['stl', '3mf', 'obj'] as const;
export const ACCEPT_ATTRIBUTE = '.stl,.3mf,.obj,.zip';

export type NameKind = 'model' | 'zip' | 'hidden' | 'other';

export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** Hidden files and macOS resource forks never count, wherever they sit. */
export function classifyName(path: string): NameKind {
  const segments = path.split('/').filter(Boolean);
  if (segments.some((s) => s.startsWith('.') || s === '__MACOSX' || s === 'Thumbs.db')) {
    return 'hidden';
  }
  const ext = extensionOf(path);
  if ((MODEL_EXTENSIONS as readonly string[]).includes(ext)) return 'model';
  if (ext === 'zip') return 'zip';
  return 'other';
}

export interface FileLike {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
  /** Set by <input webkitdirectory>: "folder/sub/file.stl". */
  webkitRelativePath?: string;
}

/** The subset of FileSystemEntry the walk needs. */
export interface EntryLike {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
  file?(success: (file: FileLike) => void, error?: (err: unknown) => void): void;
  createReader?(): {
    readEntries(success: (entries: EntryLike[]) => void, error?: (err: unknown) => void): void;
  };
}

export interface DroppedFile {
  /** Relative path as the technician sees it ("parts/bracket_x2.stl"). */
  path: string;
  size: number;
  read(): Promise<Uint8Array>;
}

export interface Collected {
  files: DroppedFile[];
  /** Files inside dropped folders that are not models or zips (left out, counted). */
  skipped: string[];
  /** Folders that could not be read, with the reason. */
  unreadable: { path: string; message: string }[];
}

function fromFile(file: FileLike, path: string): DroppedFile {
  return {
    path,
    size: file.size,
    read: async () => new Uint8Array(await file.arrayBuffer()),
  };
}

function entryFile(entry: EntryLike): Promise<FileLike> {
  return new Promise((resolve, reject) => {
    if (!entry.file) {
      reject(new Error('not a file'));
      return;
    }
    entry.file(resolve, reject);
  });
}

/** readEntries hands out batches (100 in Chromium) until it returns an empty one. */
async function readAll(entry: EntryLike): Promise<EntryLike[]> {
  const reader = entry.createReader?.();
  if (!reader) return [];
  const all: EntryLike[] = [];
  for (;;) {
    const batch = await new Promise<EntryLike[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name, undefined, { numeric: true });

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface CollectOptions {
  /** Stop walking after this many files (a dropped home folder must not hang the page). */
  maxFiles?: number;
  maxDepth?: number;
}

/**
 * Walks dropped roots: a top-level file is kept whatever its type (so a wrong file gets its own
 * clear error), files inside folders only when they are models or zips. Folder contents come
 * in name order; roots keep the order they were dropped in.
 */
export async function collectDropped(
  roots: readonly (EntryLike | FileLike)[],
  options: CollectOptions = {},
): Promise<Collected> {
  const maxFiles = options.maxFiles ?? 2000;
  const maxDepth = options.maxDepth ?? 16;
  const out: Collected = { files: [], skipped: [], unreadable: [] };

  const visit = async (entry: EntryLike, depth: number, topLevel: boolean): Promise<void> => {
    if (out.files.length >= maxFiles) return;
    const path = entry.fullPath.replace(/^\/+/, '') || entry.name;
    const kind = classifyName(path);
    if (entry.isDirectory) {
      if (kind === 'hidden' || depth >= maxDepth) return;
      let children: EntryLike[];
      try {
        children = await readAll(entry);
      } catch (err) {
        out.unreadable.push({ path, message: message(err) });
        return;
      }
      for (const child of children.sort(byName)) await visit(child, depth + 1, false);
      return;
    }
    if (!entry.isFile) return;
    if (!topLevel && kind !== 'model' && kind !== 'zip') {
      if (kind === 'other') out.skipped.push(path);
      return;
    }
    try {
      out.files.push(fromFile(await entryFile(entry), path));
    } catch (err) {
      out.unreadable.push({ path, message: message(err) });
    }
  };

  for (const root of roots) {
    if (out.files.length >= maxFiles) break;
    if ('isDirectory' in root) await visit(root, 0, true);
    else out.files.push(fromFile(root, root.name));
  }
  return out;
}

/**
 * Files from an <input type=file>: with `webkitdirectory` each carries its relative path and
 * is filtered like a folder's contents; plain multi-selection keeps everything picked.
 */
export function collectPicked(files: readonly FileLike[]): Collected {
  const out: Collected = { files: [], skipped: [], unreadable: [] };
  const sorted = [...files].sort((a, b) =>
    (a.webkitRelativePath || a.name).localeCompare(b.webkitRelativePath || b.name, undefined, {
      numeric: true,
    }),
  );
  for (const f of sorted) {
    const rel = f.webkitRelativePath || '';
    if (!rel) {
      out.files.push(fromFile(f, f.name));
      continue;
    }
    const kind = classifyName(rel);
    if (kind === 'model' || kind === 'zip') out.files.push(fromFile(f, rel));
    else if (kind === 'other') out.skipped.push(rel);
  }
  return out;
}

/** What can go wrong before a byte is sent: told on the row, and the file is not uploaded. */
export function precheck(
  file: Pick<DroppedFile, 'path' | 'size'>,
  maxFileBytes: number,
): { code: string; message: string } | null {
  const kind = classifyName(file.path);
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  if (kind !== 'model' && kind !== 'zip') {
    return {
      code: 'unsupported-type',
      message: `“${name}” is not a model file: drop STL, 3MF or OBJ files, folders or a zip of them.`,
    };
  }
  if (file.size > maxFileBytes) {
    const mb = (n: number) => (n / 1048576).toFixed(n >= 10 * 1048576 ? 0 : 1);
    return {
      code: 'file-too-large',
      message: `“${name}” is ${mb(file.size)} MB, more than the ${mb(maxFileBytes)} MB accepted (site settings).`,
    };
  }
  return null;
}
