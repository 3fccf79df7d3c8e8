import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sqliteOptions } from './native-binding';
import { z } from 'zod';
import type { Db } from './database';
import { integrityCheck } from './database';
import { latestSchemaVersion } from './migrations';
import { type ModelFileStore, sha256Hex } from './model-files';

export const BACKUP_FORMAT = 'plateshift-backup/1';

/**
 * Unpacked size refused before anything is inflated: a few bytes of zip can claim gigabytes,
 * and the whole archive is held in memory.
 */
export const MAX_UNPACKED_BYTES = 4 * 1024 * 1024 * 1024;

/** Tables every PlateShift database has had since schema 1; a zip holding any other SQLite file is refused. */
const REQUIRED_TABLES = ['settings', 'printers', 'profiles', 'orders', 'models', 'events'];

const ModelId = z.string().regex(/^[0-9a-f]{64}$/);

export const BackupManifest = z.object({
  format: z.string(),
  createdAt: z.string(),
  schemaVersion: z.number().int().min(0),
  models: z.array(ModelId),
  /** Added after format 1 was released; older archives lack them. */
  workspaceName: z.string().optional(),
  counts: z.record(z.string(), z.number().int()).optional(),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

/** Why an archive was refused; the CLI and the contract pass the reason on as a typed detail. */
export type BackupErrorReason =
  | 'not_a_zip'
  | 'not_plateshift'
  | 'unsupported_format'
  | 'newer_schema'
  | 'too_large'
  | 'missing_model'
  | 'corrupt_model'
  | 'damaged_database'
  | 'in_use';

export class BackupError extends Error {
  constructor(
    readonly reason: BackupErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

/**
 * One archive of the whole workspace: a consistent database snapshot taken with SQLite's
 * online backup API (writers keep going meanwhile) plus every model file.
 */
export async function createBackupArchive(
  db: Db,
  models: ModelFileStore,
  extra: { workspaceName?: string } = {},
): Promise<Uint8Array> {
  const tmp = mkdtempSync(join(tmpdir(), 'plateshift-backup-'));
  try {
    const snapshot = join(tmp, 'workspace.sqlite');
    await db.backup(snapshot);
    const ids = models.ids();
    const counts = countRows(snapshot);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      models: ids,
      ...(extra.workspaceName !== undefined ? { workspaceName: extra.workspaceName } : {}),
      counts,
    };
    const files: Zippable = {
      'manifest.json': strToU8(JSON.stringify(manifest, null, 2)),
      'workspace.sqlite': [readFileSync(snapshot), { level: 6 }],
    };
    // Mesh files compress well but are already hashed; level 1 keeps big workspaces quick.
    for (const id of ids) files[`models/${id}`] = [models.read(id), { level: 1 }];
    return zipSync(files);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Counted on the snapshot, so the manifest describes exactly what the archive holds. */
function countRows(file: string): Record<string, number> {
  const snap = new BetterSqlite3(file, sqliteOptions({ readonly: true }));
  try {
    const out: Record<string, number> = {};
    for (const table of ['printers', 'orders', 'models', 'operators']) {
      out[table] = (snap.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    }
    return out;
  } finally {
    snap.close();
  }
}

function unzip(bytes: Uint8Array, wanted: (name: string) => boolean): Record<string, Uint8Array> {
  let claimed = 0;
  let tooLarge = false;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        if (!wanted(f.name)) return false;
        claimed += f.originalSize;
        if (claimed > MAX_UNPACKED_BYTES) tooLarge = true;
        return !tooLarge;
      },
    });
  } catch {
    throw new BackupError(
      'not_a_zip',
      'The file is not a PlateShift backup: it is not a readable zip archive (damaged or another kind of file).',
    );
  }
  if (tooLarge) {
    throw new BackupError(
      'too_large',
      `The archive unpacks to more than ${MAX_UNPACKED_BYTES / 1024 ** 3} GiB; it is not a PlateShift backup this version can restore.`,
    );
  }
  return entries;
}

function parseManifest(bytes: Uint8Array | undefined): BackupManifest {
  if (!bytes) {
    throw new BackupError(
      'not_plateshift',
      'This is not a PlateShift backup: the archive has no manifest.json.',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(bytes));
  } catch {
    throw new BackupError(
      'not_plateshift',
      'This is not a PlateShift backup: its manifest.json is not JSON.',
    );
  }
  const parsed = BackupManifest.safeParse(json);
  if (!parsed.success) {
    throw new BackupError(
      'not_plateshift',
      'This is not a PlateShift backup: its manifest.json does not describe one.',
    );
  }
  const manifest = parsed.data;
  if (!manifest.format.startsWith('plateshift-backup/')) {
    throw new BackupError(
      'not_plateshift',
      `This is not a PlateShift backup (format “${manifest.format}”).`,
    );
  }
  if (manifest.format !== BACKUP_FORMAT) {
    throw new BackupError(
      'unsupported_format',
      `The backup uses format “${manifest.format}”, which this PlateShift cannot read (it reads ${BACKUP_FORMAT}). Update PlateShift.`,
    );
  }
  if (manifest.schemaVersion > latestSchemaVersion) {
    throw new BackupError(
      'newer_schema',
      `The backup was written by a newer PlateShift (schema ${manifest.schemaVersion} > ${latestSchemaVersion}). Update PlateShift to restore it.`,
    );
  }
  return manifest;
}

/** Reads only the manifest: enough to tell the user what a restore would bring back. */
export function readBackupManifest(bytes: Uint8Array): BackupManifest {
  return parseManifest(unzip(bytes, (name) => name === 'manifest.json')['manifest.json']);
}

export interface UnpackedBackup {
  dir: string;
  databaseFile: string;
  modelFiles: Map<string, Uint8Array>;
  manifest: BackupManifest;
}

export interface UnpackOptions {
  /** Parent of the staging folder; the workspace folder, so the final move is a rename. */
  stagingParent?: string;
  /** Model files the target already holds; the archive need not carry those. */
  hasModel?: (id: string) => boolean;
}

/**
 * Opens an archive into a staging folder and proves it whole before anything is replaced:
 * a PlateShift manifest, every model file present with the hash it is named by, and a
 * database that passes `PRAGMA integrity_check`, has PlateShift's tables and a schema this
 * version can migrate, and whose models all have their files.
 */
export function unpackBackupArchive(
  bytes: Uint8Array,
  options: UnpackOptions = {},
): UnpackedBackup {
  const entries = unzip(
    bytes,
    (name) =>
      name === 'manifest.json' ||
      name === 'workspace.sqlite' ||
      /^models\/[0-9a-f]{64}$/.test(name),
  );
  const manifest = parseManifest(entries['manifest.json']);
  const dbBytes = entries['workspace.sqlite'];
  if (!dbBytes) {
    throw new BackupError(
      'not_plateshift',
      'This is not a PlateShift backup: the archive holds no workspace database.',
    );
  }
  const modelFiles = new Map<string, Uint8Array>();
  for (const id of manifest.models) {
    const data = entries[`models/${id}`];
    if (!data) {
      throw new BackupError(
        'missing_model',
        `The backup is incomplete: model file ${id.slice(0, 12)}… is missing.`,
      );
    }
    if (sha256Hex(data) !== id) {
      throw new BackupError(
        'corrupt_model',
        `The backup is damaged: model file ${id.slice(0, 12)}… does not match its checksum.`,
      );
    }
    modelFiles.set(id, data);
  }
  const dir = mkdtempSync(join(options.stagingParent ?? tmpdir(), '.restore-'));
  try {
    const databaseFile = join(dir, 'workspace.sqlite');
    writeFileSync(databaseFile, dbBytes);
    checkDatabase(
      databaseFile,
      manifest,
      (id) => modelFiles.has(id) || (options.hasModel?.(id) ?? false),
    );
    return { dir, databaseFile, modelFiles, manifest };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

function checkDatabase(
  file: string,
  manifest: BackupManifest,
  hasModel: (id: string) => boolean,
): void {
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(file, sqliteOptions({ readonly: true, fileMustExist: true }));
  } catch (err) {
    throw new BackupError(
      'damaged_database',
      `The database in the backup cannot be opened: ${message(err)}`,
    );
  }
  try {
    let verdict: string;
    try {
      verdict = integrityCheck(db);
    } catch (err) {
      throw new BackupError(
        'damaged_database',
        `The database in the backup is damaged: ${message(err)}`,
      );
    }
    if (verdict !== 'ok') {
      throw new BackupError(
        'damaged_database',
        `The database in the backup is damaged: ${verdict}`,
      );
    }
    const tables = new Set(
      (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
          name: string;
        }[]
      ).map((r) => r.name),
    );
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) {
      throw new BackupError(
        'not_plateshift',
        `This is not a PlateShift backup: its database lacks the tables ${missing.join(', ')}.`,
      );
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > latestSchemaVersion) {
      throw new BackupError(
        'newer_schema',
        `The backup was written by a newer PlateShift (schema ${version} > ${latestSchemaVersion}). Update PlateShift to restore it.`,
      );
    }
    if (version !== manifest.schemaVersion) {
      throw new BackupError(
        'damaged_database',
        `The backup is inconsistent: its manifest says schema ${manifest.schemaVersion}, its database is at ${version}.`,
      );
    }
    const ids = (db.prepare('SELECT id FROM models').all() as { id: string }[]).map((r) => r.id);
    const orphans = ids.filter((id) => /^[0-9a-f]{64}$/.test(id) && !hasModel(id));
    if (orphans.length > 0) {
      throw new BackupError(
        'missing_model',
        `The backup is incomplete: ${orphans.length} model${orphans.length === 1 ? '' : 's'} in its database ha${orphans.length === 1 ? 's' : 've'} no file (first ${orphans[0]?.slice(0, 12)}…).`,
      );
    }
  } finally {
    db.close();
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
