import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleFixture } from '../test-support/bundle';
import { integrityCheck, openDatabase } from './database';

const LINES = 400;
const QTY = 250; // 100,000 parts in one transaction: long enough to be killed in the middle

let writer = '';
beforeAll(async () => {
  writer = await bundleFixture(join(__dirname, 'crash-writer.fixture.ts'));
});

/** Runs the writer and SIGKILLs it `delayMs` after it reports the write began (or never). */
function runWriter(
  file: string,
  killAfterMs: number | null,
): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, file, String(LINES), String(QTY)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (killAfterMs !== null && output.includes('writing')) {
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        killAfterMs = null;
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, output });
      else if (code === 0) resolve({ killed: false, output });
      else reject(new Error(`writer failed (${code}): ${err}`));
    });
  });
}

function inspect(file: string): {
  integrity: string;
  orders: number;
  parts: number;
  events: number;
} {
  // Opening through openDatabase replays/rolls back the WAL exactly as the app would.
  const db = openDatabase(file);
  try {
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      integrity: integrityCheck(db),
      orders: n('SELECT COUNT(*) AS n FROM orders'),
      parts: n('SELECT COUNT(*) AS n FROM parts'),
      events: n(`SELECT COUNT(*) AS n FROM events WHERE action = 'order.create'`),
    };
  } finally {
    db.close();
  }
}

describe('a crash in the middle of a large write', () => {
  it.each([0, 40, 150])(
    'SIGKILL %i ms into the transaction leaves all or nothing',
    async (delay) => {
      const file = join(mkdtempSync(join(tmpdir(), 'ps-crash-')), 'workspace.sqlite');
      const run = await runWriter(file, delay);
      const state = inspect(file);
      expect(state.integrity).toBe('ok');
      if (run.output.includes('committed')) {
        expect(state).toMatchObject({ orders: 1, parts: LINES * QTY, events: 1 });
      } else {
        expect(run.killed).toBe(true);
        expect(state).toMatchObject({ orders: 0, parts: 0, events: 0 });
      }
    },
  );

  it('the same write left alone commits everything with its audit event', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ps-crash-')), 'workspace.sqlite');
    const run = await runWriter(file, null);
    expect(run.output).toContain('committed');
    expect(inspect(file)).toMatchObject({
      integrity: 'ok',
      orders: 1,
      parts: LINES * QTY,
      events: 1,
    });
    // Also readable by a plain SQLite connection that knows nothing of our migrations.
    const raw = new BetterSqlite3(file, { readonly: true });
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    raw.close();
  });
});
