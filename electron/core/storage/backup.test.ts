import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Workspace } from '../workspace';
import { listEvents } from './audit';
import { BACKUP_FORMAT, BackupError, type BackupErrorReason, readBackupManifest } from './backup';
import { latestSchemaVersion } from './migrations';
import { sha256Hex } from './model-files';
import { listPrinters, savePrinter } from './repositories/printers';
import { testPrinter as printer } from '../test-support/printer';

const open: Workspace[] = [];
function workspace(dir = mkdtempSync(join(tmpdir(), 'ps-backup-'))): Workspace {
  const ws = new Workspace(dir, () => {});
  open.push(ws);
  return ws;
}
afterEach(() => {
  for (const ws of open.splice(0)) ws.close();
});

const names = (ws: Workspace) =>
  listPrinters(ws.db)
    .map((p) => p.name)
    .sort();

/** A workspace with one printer and one model file, and an archive of it. */
async function archived() {
  const ws = workspace();
  savePrinter(ws.db, printer('Archived'), 't');
  const modelId = ws.models.put(strToU8('solid archived\nendsolid archived\n'));
  const file = await ws.backup({ actor: 'tester' });
  const bytes = new Uint8Array(readFileSync(join(ws.backupsDir, file.fileName)));
  return { ws, modelId, file, bytes };
}

/** The archive's entries, to rebuild doctored copies. */
function entriesOf(bytes: Uint8Array): Zippable {
  return { ...unzipSync(bytes) };
}

async function expectRefused(
  target: Workspace,
  bytes: Uint8Array,
  reason: BackupErrorReason,
): Promise<void> {
  const before = {
    printers: names(target),
    models: target.models.ids(),
    backups: target.listBackups().length,
    files: readdirSync(target.dir).sort(),
  };
  const err = await target.restore(bytes, { source: 'probe.zip' }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BackupError);
  expect((err as BackupError).reason).toBe(reason);
  // Refused before anything changed: same rows, no new model files, no safety backup, no
  // staging folder left behind, and the workspace still takes writes.
  expect(names(target)).toEqual(before.printers);
  expect(target.models.ids()).toEqual(before.models);
  expect(target.listBackups()).toHaveLength(before.backups);
  expect(readdirSync(target.dir).sort()).toEqual(before.files);
  savePrinter(target.db, printer('Still writable'), 't');
}

describe('workspace backup archives', () => {
  it('restores an archive from anywhere, keeps a safety backup and logs both events', async () => {
    const { modelId, bytes, file } = await archived();
    const target = workspace();
    savePrinter(target.db, printer('Replaced'), 't');

    const result = await target.restore(bytes, { actor: 'tester', source: 'from-elsewhere.zip' });

    expect(names(target)).toEqual(['Archived']);
    expect(target.models.has(modelId)).toBe(true);
    expect(result.manifest.format).toBe(BACKUP_FORMAT);
    expect(result.manifest.counts?.printers).toBe(1);
    // The safety backup holds what was replaced, and restores like any other archive.
    const safety = result.safetyBackup;
    expect(safety).not.toBeNull();
    expect(target.listBackups().map((b) => b.fileName)).toEqual([safety?.fileName]);
    expect(safety?.fileName).toMatch(/^plateshift-backup-\d{8}-\d{6}-before-restore\.zip$/);
    const undo = workspace();
    await undo.restore(readFileSync(join(target.backupsDir, safety?.fileName ?? '')));
    expect(names(undo)).toEqual(['Replaced']);

    // The restored log holds the source's history, its own backup event excepted (the
    // snapshot precedes it), and then the restore.
    const events = listEvents(target.db, { entity: 'workspace', limit: 10 });
    expect(events[0]).toMatchObject({
      action: 'workspace.restore',
      actor: 'tester',
      entityId: 'from-elsewhere.zip',
      data: { safetyBackup: safety?.fileName, models: 1 },
    });
    expect(events.some((e) => e.entityId === file.fileName)).toBe(false);
    expect(readdirSync(target.dir).filter((f) => f.includes('restore'))).toEqual([]);
  });

  it('records a workspace.backup event for each archive written', async () => {
    const { ws, file } = await archived();
    const [event] = listEvents(ws.db, { entity: 'workspace', limit: 5 });
    expect(event).toMatchObject({
      action: 'workspace.backup',
      actor: 'tester',
      entityId: file.fileName,
      data: { sizeBytes: file.sizeBytes, models: 1, inBackupsFolder: true },
    });
  });

  it('writes to a chosen file when asked (the CLI’s --out)', async () => {
    const ws = workspace();
    const out = join(mkdtempSync(join(tmpdir(), 'ps-out-')), 'nested', 'lab.zip');
    const file = await ws.backup({ target: out });
    expect(file.fileName).toBe('lab.zip');
    expect(readFileSync(out).length).toBe(file.sizeBytes);
    expect(ws.listBackups()).toEqual([]);
    expect(readBackupManifest(readFileSync(out)).schemaVersion).toBe(latestSchemaVersion);
  });

  it('refuses what is not a zip', async () => {
    const { bytes } = await archived();
    const target = workspace();
    await expectRefused(target, strToU8('PK not really a zip'), 'not_a_zip');
    await expectRefused(target, bytes.subarray(0, Math.floor(bytes.length / 2)), 'not_a_zip');
  });

  it('refuses a zip that is not a PlateShift backup', async () => {
    const target = workspace();
    await expectRefused(target, zipSync({ 'readme.txt': strToU8('hello') }), 'not_plateshift');
    await expectRefused(
      target,
      zipSync({ 'manifest.json': strToU8('{"format": "other/1"}') }),
      'not_plateshift',
    );
    await expectRefused(
      target,
      zipSync({ 'manifest.json': strToU8('not json') }),
      'not_plateshift',
    );
  });

  it('refuses a foreign SQLite database behind a PlateShift manifest', async () => {
    const { bytes } = await archived();
    const dir = mkdtempSync(join(tmpdir(), 'ps-foreign-'));
    const foreign = new BetterSqlite3(join(dir, 'x.sqlite'));
    foreign.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
    foreign.pragma(`user_version = ${latestSchemaVersion}`);
    foreign.close();
    const entries = entriesOf(bytes);
    entries['workspace.sqlite'] = readFileSync(join(dir, 'x.sqlite'));
    await expectRefused(workspace(), zipSync(entries), 'not_plateshift');
  });

  it('refuses a damaged database, model file or manifest mismatch', async () => {
    const { bytes, modelId } = await archived();
    const target = workspace();

    const garbage = entriesOf(bytes);
    garbage['workspace.sqlite'] = strToU8('SQLite format 3\0'.padEnd(8192, 'x'));
    await expectRefused(target, zipSync(garbage), 'damaged_database');

    const corrupt = entriesOf(bytes);
    corrupt[`models/${modelId}`] = strToU8('tampered');
    await expectRefused(target, zipSync(corrupt), 'corrupt_model');

    const missing = entriesOf(bytes);
    delete missing[`models/${modelId}`];
    await expectRefused(target, zipSync(missing), 'missing_model');

    const newer = entriesOf(bytes);
    const manifest = readBackupManifest(bytes);
    newer['manifest.json'] = strToU8(
      JSON.stringify({ ...manifest, schemaVersion: latestSchemaVersion + 1 }),
    );
    await expectRefused(target, zipSync(newer), 'newer_schema');

    const future = entriesOf(bytes);
    future['manifest.json'] = strToU8(
      JSON.stringify({ ...manifest, format: 'plateshift-backup/9' }),
    );
    await expectRefused(target, zipSync(future), 'unsupported_format');
  });

  it('refuses a database whose models have no file in the archive or the workspace', async () => {
    const ws = workspace();
    const id = sha256Hex(strToU8('never stored'));
    ws.db
      .prepare(
        `INSERT INTO models (id, name, file_name, format, size_bytes, created_at, status)
         VALUES (?, 'ghost', 'ghost.stl', 'stl', 1, '2026-01-01T00:00:00Z', 'ready')`,
      )
      .run(id);
    const file = await ws.backup();
    const bytes = readFileSync(join(ws.backupsDir, file.fileName));
    await expectRefused(workspace(), bytes, 'missing_model');
  });

  it('refuses to swap a database another connection holds open', async () => {
    const { bytes } = await archived();
    const target = workspace();
    savePrinter(target.db, printer('Mine'), 't');
    const other = new BetterSqlite3(join(target.dir, 'workspace.sqlite'));
    try {
      other.prepare('SELECT COUNT(*) FROM printers').get();
      const err = await target.restore(bytes).catch((e: unknown) => e);
      expect((err as BackupError).reason).toBe('in_use');
      expect(names(target)).toEqual(['Mine']);
      expect(target.models.ids()).toEqual([]);
    } finally {
      other.close();
    }
    await target.restore(bytes);
    expect(names(target)).toEqual(['Archived']);
  });

  it('undoes a restore a crash cut off between its two renames', async () => {
    const ws = workspace();
    savePrinter(ws.db, printer('Survivor'), 't');
    const dir = ws.dir;
    ws.close();
    // The state right after `rename(workspace.sqlite → .before-restore)`.
    renameSync(join(dir, 'workspace.sqlite'), join(dir, 'workspace.sqlite.before-restore'));
    writeFileSync(join(dir, '.restore-abc'), '');
    const reopened = workspace(dir);
    expect(reopened.isNew).toBe(false);
    expect(names(reopened)).toEqual(['Survivor']);
    expect(existsSync(join(dir, 'workspace.sqlite.before-restore'))).toBe(false);
    expect(existsSync(join(dir, '.restore-abc'))).toBe(false);
  });

  it('keeps the new database when a crash came after both renames', async () => {
    const { bytes } = await archived();
    const ws = workspace();
    savePrinter(ws.db, printer('Old'), 't');
    const dir = ws.dir;
    ws.close();
    // The old database set aside and the restored one (migrated, logged) already in place.
    renameSync(join(dir, 'workspace.sqlite'), join(dir, 'workspace.sqlite.before-restore'));
    const staging = workspace();
    await staging.restore(bytes, { safetyBackup: false });
    staging.close();
    renameSync(join(staging.dir, 'workspace.sqlite'), join(dir, 'workspace.sqlite'));
    const reopened = workspace(dir);
    expect(names(reopened)).toEqual(['Archived']);
    expect(existsSync(join(dir, 'workspace.sqlite.before-restore'))).toBe(false);
  });
});
