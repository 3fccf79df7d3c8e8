import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireResult } from '../../shared/api';
import { rectangleBed } from '../../shared/domain';
import { openCore, type Core } from './index';

const open: Core[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

function core(options: { chooseSavePath?: (name: string) => Promise<string | null> } = {}) {
  const c = openCore({
    workspaceDir: mkdtempSync(join(tmpdir(), 'ps-backup-ch-')),
    host: options.chooseSavePath ? 'electron' : 'browser',
    demo: false,
    log: () => {},
    ...options,
  });
  open.push(c);
  const call = (channel: string, input: unknown): Promise<WireResult> =>
    c.dispatcher.dispatch(channel, input, { actor: 'tester' });
  const ok = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await call(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  return { c, call, ok };
}

const printer = (name: string) => ({ name, bed: rectangleBed(250, 210), maxHeightMm: 220 });
type Backup = { fileName: string; sizeBytes: number; createdAt: string };

describe('workspace backup channels', () => {
  it('restores an uploaded archive from another workspace and logs it', async () => {
    const a = core();
    await a.ok('printers.save', printer('From A'));
    const backup = await a.ok<Backup>('workspace.backup', {});
    expect(await a.ok<Backup[]>('workspace.backups', {})).toEqual([
      expect.objectContaining({ fileName: backup.fileName, sizeBytes: backup.sizeBytes }),
    ]);
    const download = await a.ok<Backup & { dataBase64: string }>('workspace.downloadBackup', {
      fileName: backup.fileName,
    });
    expect(Buffer.from(download.dataBase64, 'base64').length).toBe(backup.sizeBytes);

    const b = core();
    await b.ok('printers.save', printer('In B'));
    const changes: string[] = [];
    b.c.bus.subscribe((event, payload) => {
      if (event === 'changed') changes.push((payload as { entity: string }).entity);
    });
    const restored = await b.ok<{ restored: true; safetyBackup: Backup | null }>(
      'workspace.restore',
      { archiveName: 'lab-a.zip', dataBase64: download.dataBase64 },
    );
    expect(changes).toEqual(['workspace']);
    const names = (await b.ok<{ name: string }[]>('printers.list', {})).map((p) => p.name);
    expect(names).toEqual(['From A']);
    expect(restored.safetyBackup?.fileName).toMatch(/^plateshift-backup-/);
    const events = await b.ok<{ action: string; actor: string; entityId: string }[]>(
      'events.list',
      { entity: 'workspace', limit: 1 },
    );
    expect(events[0]).toMatchObject({
      action: 'workspace.restore',
      actor: 'tester',
      entityId: 'lab-a.zip',
    });

    // …and the safety backup brings B back.
    await b.ok('workspace.restore', { fileName: restored.safetyBackup?.fileName });
    expect((await b.ok<{ name: string }[]>('printers.list', {})).map((p) => p.name)).toEqual([
      'In B',
    ]);
  });

  it('answers a non-PlateShift upload with a typed error and keeps the workspace', async () => {
    const { ok, call } = core();
    await ok('printers.save', printer('Kept'));
    const r = await call('workspace.restore', {
      archiveName: 'holiday.zip',
      dataBase64: Buffer.from('not a zip').toString('base64'),
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'validation', details: { reason: 'not_a_zip' } },
    });
    expect((await ok<{ name: string }[]>('printers.list', {})).map((p) => p.name)).toEqual([
      'Kept',
    ]);
    expect(await ok('workspace.backups', {})).toEqual([]);
  });

  it('reaches only files listed in the backups folder', async () => {
    const { call } = core();
    for (const fileName of ['../workspace.sqlite', 'plateshift-backup-x.zip', '/etc/passwd']) {
      for (const channel of ['workspace.downloadBackup', 'workspace.restore']) {
        expect(await call(channel, { fileName })).toMatchObject({
          ok: false,
          error: { code: 'not_found' },
        });
      }
    }
  });

  it('saves a copy where the desktop’s dialog says, and only there', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'ps-save-')), 'copy.zip');
    let answer: string | null = target;
    const asked: string[] = [];
    const desktop = core({
      chooseSavePath: (name) => {
        asked.push(name);
        return Promise.resolve(answer);
      },
    });
    const backup = await desktop.ok<Backup>('workspace.backup', {});
    expect(await desktop.ok('workspace.exportBackup', { fileName: backup.fileName })).toEqual({
      saved: true,
      path: target,
    });
    expect(asked).toEqual([backup.fileName]);
    expect(readFileSync(target).length).toBe(backup.sizeBytes);
    answer = null;
    expect(await desktop.ok('workspace.exportBackup', { fileName: backup.fileName })).toEqual({
      saved: false,
    });

    const browser = core();
    const other = await browser.ok<Backup>('workspace.backup', {});
    expect(
      await browser.call('workspace.exportBackup', { fileName: other.fileName }),
    ).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
