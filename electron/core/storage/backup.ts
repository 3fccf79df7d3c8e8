import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Db } from './database';
import { integrityCheck } from './database';
import { type ModelFileStore, sha256Hex } from './model-files';

export const BACKUP_FORMAT = 'plateshift-backup/1';

interface Manifest {
  format: string;
  createdAt: string;
  schemaVersion: number;
  models: string[];
}

/**
 * One archive of the whole workspace: a consistent database snapshot taken with SQLite's
 * online backup API (writers keep going meanwhile) plus every model file.
 */
export async function createBackupArchive(db: Db, models: ModelFileStore): Promise<Uint8Array> {
  const tmp = mkdtempSync(join(tmpdir(), 'plateshift-backup-'));
  try {
    const snapshot = join(tmp, 'workspace.sqlite');
    await db.backup(snapshot);
    const ids = models.ids();
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      models: ids,
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

export interface UnpackedBackup {
  dir: string;
  databaseFile: string;
  modelFiles: Map<string, Uint8Array>;
  manifest: Manifest;
}

/** Opens an archive into a temp folder and proves it whole before anything is replaced. */
export function unpackBackupArchive(bytes: Uint8Array): UnpackedBackup {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (f) =>
        f.name === 'manifest.json' ||
        f.name === 'workspace.sqlite' ||
        /^models\/[0-9a-f]{64}$/.test(f.name),
    });
  } catch {
    throw new Error('The backup archive is damaged (not a readable zip).');
  }
  const manifestBytes = entries['manifest.json'];
  const dbBytes = entries['workspace.sqlite'];
  if (!manifestBytes || !dbBytes)
    throw new Error('This is not a PlateShift backup (manifest or database missing).');
  const manifest = JSON.parse(strFromU8(manifestBytes)) as Manifest;
  if (manifest.format !== BACKUP_FORMAT)
    throw new Error(`Unsupported backup format “${manifest.format}”.`);
  const modelFiles = new Map<string, Uint8Array>();
  for (const id of manifest.models) {
    const data = entries[`models/${id}`];
    if (!data) throw new Error(`The backup is missing model file ${id.slice(0, 12)}….`);
    if (sha256Hex(data) !== id)
      throw new Error(`Model file ${id.slice(0, 12)}… in the backup is corrupt.`);
    modelFiles.set(id, data);
  }
  const dir = mkdtempSync(join(tmpdir(), 'plateshift-restore-'));
  const databaseFile = join(dir, 'workspace.sqlite');
  writeFileSync(databaseFile, dbBytes);
  const check = new BetterSqlite3(databaseFile, { readonly: true });
  try {
    const verdict = integrityCheck(check);
    if (verdict !== 'ok') throw new Error(`The database in the backup is damaged: ${verdict}`);
  } finally {
    check.close();
  }
  return { dir, databaseFile, modelFiles, manifest };
}
