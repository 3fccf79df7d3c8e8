import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { appendEvent } from './storage/audit';
import { type Db, openDatabase } from './storage/database';
import {
  BackupError,
  type BackupManifest,
  createBackupArchive,
  unpackBackupArchive,
} from './storage/backup';
import { ModelFileStore, writeFileAtomic } from './storage/model-files';

const DB_FILE = 'workspace.sqlite';

export interface BackupFile {
  fileName: string;
  sizeBytes: number;
  createdAt: string;
}

export interface BackupOptions {
  now?: Date;
  /** Who asked (the contract's actor, `cli`); recorded in the event log. */
  actor?: string | undefined;
  reason?: string | undefined;
  /** Write here instead of into backups/ (the CLI's --out). */
  target?: string | undefined;
  /** Appended to the file name in backups/, e.g. `before-restore` for safety backups. */
  label?: string | undefined;
}

export interface RestoreOptions {
  actor?: string | undefined;
  reason?: string | undefined;
  /** Where the archive came from (a file name), for the event log. */
  source?: string | undefined;
  /** Archive the current state first (default true; pointless for a brand-new folder). */
  safetyBackup?: boolean;
}

export interface RestoreResult {
  safetyBackup: BackupFile | null;
  manifest: BackupManifest;
}

const BACKUP_NAME = /^plateshift-backup-[\w-]+\.zip$/;
const ASIDE_SUFFIX = '.before-restore';
/** Marks safety backups in their file name, so lists can tell them from the user's own. */
export const SAFETY_LABEL = 'before-restore';

/** Migrates a staged database; a failure there is a backup problem, not a workspace one. */
function openStaged(file: string, log: (m: string) => void): Db {
  try {
    return openDatabase(file, { log });
  } catch (err) {
    throw new BackupError(
      'damaged_database',
      `The database in the backup cannot be brought up to date: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/**
 * Finishes or undoes a restore a crash interrupted (see Workspace.restore): only the old
 * database set aside means the crash came between the two renames, so it goes back; both
 * present means the new one, already migrated and logged, made it in.
 */
function recoverInterruptedRestore(dir: string): void {
  const file = join(dir, DB_FILE);
  const aside = file + ASIDE_SUFFIX;
  if (existsSync(aside)) {
    if (existsSync(file)) rmSync(aside, { force: true });
    else renameSync(aside, file);
  }
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('.restore-')) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

/**
 * The folder a lab works in: workspace.sqlite, models/ (content-addressed), backups/.
 * Services reach the database through `db` on every call because a restore swaps it.
 */
export class Workspace {
  db: Db;
  readonly models: ModelFileStore;
  readonly isNew: boolean;

  constructor(
    readonly dir: string,
    private readonly log: (m: string) => void = console.warn,
  ) {
    mkdirSync(dir, { recursive: true });
    recoverInterruptedRestore(dir);
    this.isNew = !existsSync(join(dir, DB_FILE));
    this.db = openDatabase(join(dir, DB_FILE), { log });
    this.models = new ModelFileStore(join(dir, 'models'));
  }

  get backupsDir(): string {
    return join(this.dir, 'backups');
  }

  meta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM workspace_meta WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO workspace_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  /**
   * Writes an archive of the workspace into backups/ (or to `target`) and records who made it.
   * The event is appended after the file is in place, so the log never names a missing archive.
   */
  async backup(options: BackupOptions = {}): Promise<BackupFile> {
    const now = options.now ?? new Date();
    const bytes = await createBackupArchive(this.db, this.models, {
      workspaceName: this.meta('name') ?? undefined,
    });
    let target = options.target;
    if (target === undefined) {
      mkdirSync(this.backupsDir, { recursive: true });
      const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
      const base = `plateshift-backup-${stamp}${options.label ? `-${options.label}` : ''}`;
      let fileName = `${base}.zip`;
      for (let i = 2; existsSync(join(this.backupsDir, fileName)); i++) {
        fileName = `${base}-${i}.zip`;
      }
      target = join(this.backupsDir, fileName);
    } else {
      mkdirSync(dirname(target), { recursive: true });
    }
    writeFileAtomic(target, bytes);
    const result = {
      fileName: basename(target),
      sizeBytes: bytes.length,
      createdAt: now.toISOString(),
    };
    appendEvent(
      this.db,
      {
        actor: options.actor ?? 'system',
        action: 'workspace.backup',
        entity: 'workspace',
        entityId: result.fileName,
        reason: options.reason ?? '',
        data: {
          sizeBytes: result.sizeBytes,
          models: this.models.ids().length,
          inBackupsFolder: options.target === undefined,
        },
      },
      now,
    );
    return result;
  }

  listBackups(): BackupFile[] {
    if (!existsSync(this.backupsDir)) return [];
    return readdirSync(this.backupsDir)
      .filter((f) => BACKUP_NAME.test(f))
      .map((fileName) => {
        const st = statSync(join(this.backupsDir, fileName));
        return { fileName, sizeBytes: st.size, createdAt: st.mtime.toISOString() };
      })
      .sort((a, b) => b.fileName.localeCompare(a.fileName));
  }

  /** The path of a backup in backups/ by its listed name; null for any other name. */
  backupPath(fileName: string): string | null {
    if (!BACKUP_NAME.test(fileName)) return null;
    const path = join(this.backupsDir, fileName);
    return existsSync(path) ? path : null;
  }

  /**
   * Replaces the workspace with an archive from anywhere. Nothing is touched until the archive
   * is proven whole (see unpackBackupArchive); then the current state is archived into
   * backups/ (the safety backup), the staged database is migrated and given the
   * `workspace.restore` event, and only then swapped in by two renames in the same folder.
   * A crash between those renames is undone when the workspace is next opened.
   */
  async restore(archive: Uint8Array, options: RestoreOptions = {}): Promise<RestoreResult> {
    const unpacked = unpackBackupArchive(archive, {
      stagingParent: this.dir,
      hasModel: (id) => this.models.has(id),
    });
    const added: string[] = [];
    try {
      const safetyBackup =
        options.safetyBackup === false
          ? null
          : await this.backup({
              actor: options.actor,
              label: SAFETY_LABEL,
              reason: `safety copy before restoring ${options.source ?? 'a backup'}`,
            });

      const staged = openStaged(unpacked.databaseFile, this.log);
      try {
        appendEvent(staged, {
          actor: options.actor ?? 'system',
          action: 'workspace.restore',
          entity: 'workspace',
          entityId: options.source ?? 'archive',
          reason: options.reason ?? '',
          data: {
            archiveCreatedAt: unpacked.manifest.createdAt,
            archiveSchemaVersion: unpacked.manifest.schemaVersion,
            models: unpacked.manifest.models.length,
            safetyBackup: safetyBackup?.fileName ?? null,
          },
        });
      } finally {
        staged.close();
      }

      for (const [id, bytes] of unpacked.modelFiles) {
        if (this.models.has(id)) continue;
        this.models.put(bytes);
        added.push(id);
      }

      const file = join(this.dir, DB_FILE);
      this.db.close();
      // The last connection to close removes the WAL; one left behind means another process
      // (a running studio, `plateshift serve`) still has the workspace open.
      if (existsSync(`${file}-wal`)) {
        this.db = openDatabase(file, { log: this.log });
        throw new BackupError(
          'in_use',
          'The workspace is open in another PlateShift (the desktop app or `plateshift serve`). Close it and try again.',
        );
      }
      rmSync(`${file}-shm`, { force: true });
      const aside = file + ASIDE_SUFFIX;
      renameSync(file, aside);
      let swapped = false;
      try {
        renameSync(unpacked.databaseFile, file);
        swapped = true;
        this.db = openDatabase(file, { log: this.log });
      } catch (err) {
        if (swapped) rmSync(file, { force: true });
        renameSync(aside, file);
        this.db = openDatabase(file, { log: this.log });
        throw err;
      }
      rmSync(aside, { force: true });
      added.length = 0;
      return { safetyBackup, manifest: unpacked.manifest };
    } finally {
      // Files added for a restore that did not happen would be orphans.
      for (const id of added) rmSync(this.models.pathOf(id), { force: true });
      rmSync(unpacked.dir, { recursive: true, force: true });
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
