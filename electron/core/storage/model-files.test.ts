import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleFixture } from '../test-support/bundle';
import { ModelFileStore, sha256Hex } from './model-files';

const MEGABYTES = 256;
let writer = '';
beforeAll(async () => {
  writer = await bundleFixture(join(__dirname, 'model-files.fixture.ts'));
});

/** Runs the writer, SIGKILLed `killAfterMs` after it starts writing (or never). */
function runWriter(dir: string, killAfterMs: number | null): Promise<{ killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, dir, String(MEGABYTES)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (killAfterMs !== null && out.includes('writing')) {
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        killAfterMs = null;
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true });
      else if (code === 0) resolve({ killed: false });
      else reject(new Error(`writer failed (${code}): ${err}`));
    });
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('model files', () => {
  it('are stored by content, once', () => {
    const store = new ModelFileStore(mkdtempSync(join(tmpdir(), 'ps-models-')));
    const bytes = new TextEncoder().encode('solid cube\nendsolid cube\n');
    const id = store.put(bytes);
    expect(id).toBe(sha256Hex(bytes));
    expect(store.put(bytes)).toBe(id);
    expect(store.ids()).toEqual([id]);
    expect(store.read(id).equals(Buffer.from(bytes))).toBe(true);
  });

  it.each([0, 30, 120])(
    'killed %i ms into writing a large file: the file is whole or absent, never partial',
    async (killAfterMs) => {
      const dir = mkdtempSync(join(tmpdir(), 'ps-models-crash-'));
      const { killed } = await runWriter(dir, killAfterMs);
      const store = new ModelFileStore(dir);
      for (const id of store.ids()) {
        // Listed means complete: its bytes hash to its name.
        expect(statSync(store.pathOf(id)).size).toBe(MEGABYTES * 1024 * 1024);
        expect(sha256Hex(store.read(id))).toBe(id);
      }
      if (!killed) expect(store.ids()).toHaveLength(1);
      // Opening the store again sweeps what a killed writer left behind.
      expect(filesUnder(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    },
    120_000,
  );

  it('sweeps temp files a crashed writer left, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-models-sweep-'));
    const store = new ModelFileStore(dir);
    const id = store.put(new Uint8Array([1, 2, 3]));
    const leftover = `${store.pathOf(id)}.0123456789ab.tmp`;
    writeFileSync(leftover, 'half');
    new ModelFileStore(dir);
    expect(filesUnder(dir)).toEqual([store.pathOf(id)]);
  });
});
