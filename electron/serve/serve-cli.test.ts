import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { post } from './test-support/http';

// `plateshift serve` as a user runs it: the bundled CLI (vitest's global setup builds it).
const root = resolve(__dirname, '..', '..');
const bin = join(root, 'bin', 'plateshift.cjs');
const dir = mkdtempSync(join(tmpdir(), 'plateshift-serve-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('plateshift serve', () => {
  it('prints its address, serves the workspace and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [bin, 'serve', '--port', '0', '--workspace', join(dir, 'ws')],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const url = await new Promise<string>((resolveUrl, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        const m = /Serving PlateShift at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m?.[1]) resolveUrl(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const info = JSON.parse((await post(url, 'workspace.info', {})).body) as {
      ok: boolean;
      value: { host: string; demo: boolean; location: string };
    };
    expect(info).toMatchObject({ ok: true, value: { host: 'browser', demo: true } });
    expect(info.value.location).toBe(join(dir, 'ws'));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('Stopping (SIGTERM)');
  });

  it('rejects bad usage with exit code 2 before touching any workspace', () => {
    for (const args of [['--port', 'x'], ['--token', 'abcdefabcdefabcdef'], ['--bogus']]) {
      const res = spawnSync(process.execPath, [bin, 'serve', ...args], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(res.status, args.join(' ')).toBe(2);
      expect(res.stderr).toContain('Usage: plateshift serve');
    }
  });
});
