import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from './workspace';
import { listPrinters, savePrinter } from './storage/repositories/printers';
import { sha256Hex } from './storage/model-files';
import { testPrinter as printer } from './test-support/printer';

const tmp = () => mkdtempSync(join(tmpdir(), 'ps-ws-'));

describe('workspace files', () => {
  it('stores a model file once, by content', () => {
    const ws = new Workspace(tmp(), () => {});
    const bytes = new TextEncoder().encode('solid x\nendsolid x\n');
    const a = ws.models.put(bytes);
    const b = ws.models.put(bytes);
    expect(a).toBe(b);
    expect(a).toBe(sha256Hex(bytes));
    expect(ws.models.ids()).toEqual([a]);
    expect(new Uint8Array(ws.models.read(a))).toEqual(bytes);
    ws.close();
  });

  it('backs up and restores the database and model files as one archive', async () => {
    const ws = new Workspace(tmp(), () => {});
    savePrinter(ws.db, printer('Before'), 't');
    const modelId = ws.models.put(new TextEncoder().encode('model bytes'));
    const backup = await ws.backup();
    savePrinter(ws.db, printer('After'), 't');
    expect(
      listPrinters(ws.db)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['After', 'Before']);

    // Restoring into a fresh folder proves the archive is self-contained.
    const other = new Workspace(tmp(), () => {});
    await other.restore(readFileSync(join(ws.backupsDir, backup.fileName)));
    expect(listPrinters(other.db).map((p) => p.name)).toEqual(['Before']);
    expect(other.models.has(modelId)).toBe(true);
    // The state replaced by the restore was archived first.
    expect(other.listBackups()).toHaveLength(1);
    ws.close();
    other.close();
  });

  it('refuses a damaged archive and leaves the workspace as it was', async () => {
    const ws = new Workspace(tmp(), () => {});
    savePrinter(ws.db, printer('Keep me'), 't');
    const backup = await ws.backup();
    const path = join(ws.backupsDir, backup.fileName);
    const bytes = readFileSync(path);
    const damaged = bytes.subarray(0, Math.floor(bytes.length / 2));
    writeFileSync(path + '.bad', damaged);
    await expect(ws.restore(damaged)).rejects.toThrow(/damaged|not a PlateShift backup/);
    await expect(ws.restore(new TextEncoder().encode('PK not really'))).rejects.toThrow();
    expect(listPrinters(ws.db).map((p) => p.name)).toEqual(['Keep me']);
    ws.close();
  });
});
