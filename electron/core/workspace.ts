import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { type Db, openDatabase } from './storage/database';
import { createBackupArchive, unpackBackupArchive } from './storage/backup';
import { ModelFileStore, writeFileAtomic } from './storage/model-files';

const DB_FILE = 'workspace.sqlite';

export interface BackupFile {
  fileName: string;
  sizeBytes: number;
  createdAt: string;
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

  async backup(now = new Date()): Promise<BackupFile> {
    const bytes = await createBackupArchive(this.db, this.models);
    mkdirSync(this.backupsDir, { recursive: true });
    const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
    let fileName = `plateshift-backup-${stamp}.zip`;
    for (let i = 2; existsSync(join(this.backupsDir, fileName)); i++) {
      fileName = `plateshift-backup-${stamp}-${i}.zip`;
    }
    writeFileAtomic(join(this.backupsDir, fileName), bytes);
    return { fileName, sizeBytes: bytes.length, createdAt: now.toISOString() };
  }

  listBackups(): BackupFile[] {
    if (!existsSync(this.backupsDir)) return [];
    return readdirSync(this.backupsDir)
      .filter((f) => /^plateshift-backup-[\w-]+\.zip$/.test(f))
      .map((fileName) => {
        const st = statSync(join(this.backupsDir, fileName));
        return { fileName, sizeBytes: st.size, createdAt: st.mtime.toISOString() };
      })
      .sort((a, b) => b.fileName.localeCompare(a.fileName));
  }

  /**
   * Replaces the workspace with an archive. The archive is fully verified first and the
   * current state is archived, so a bad restore can always be undone.
   */
  async restore(archive: Uint8Array): Promise<void> {
    const unpacked = unpackBackupArchive(archive);
    try {
      await this.backup();
      for (const [id, bytes] of unpacked.modelFiles) {
        if (!this.models.has(id)) this.models.put(bytes);
      }
      const file = join(this.dir, DB_FILE);
      this.db.close();
      for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
      const aside = `${file}.before-restore`;
      renameSync(file, aside);
      try {
        renameSync(unpacked.databaseFile, file);
      } catch {
        // Across devices rename fails; copy the bytes instead.
        writeFileAtomic(file, readFileSync(unpacked.databaseFile));
      }
      try {
        this.db = openDatabase(file, { log: this.log });
      } catch (err) {
        renameSync(aside, file);
        this.db = openDatabase(file, { log: this.log });
        throw err;
      }
      rmSync(aside, { force: true });
    } finally {
      rmSync(unpacked.dir, { recursive: true, force: true });
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
