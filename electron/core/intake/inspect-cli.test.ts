import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { box, encodeBinaryStl, tShape } from '../../../shared/geometry';

/** `plateshift inspect` end to end through bin/plateshift.cjs (built by the vitest setup). */
const run = promisify(execFile);
const bin = resolve(__dirname, '../../../bin/plateshift.cjs');

async function inspect(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, 'inspect', ...args], {
      maxBuffer: 1 << 22,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('plateshift inspect', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plateshift-inspect-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'cube_x2.stl'), encodeBinaryStl(box(20, 20, 20)));
  writeFileSync(join(dir, 'tee.stl'), encodeBinaryStl(tShape(10, 8, 20, 30, 5)));
  writeFileSync(join(dir, 'tower.stl'), encodeBinaryStl(box(10, 10, 260)));
  const png = new Uint8Array(64);
  png.set([0x89, 0x50, 0x4e, 0x47]);
  writeFileSync(join(dir, 'photo.stl'), png);

  it('prints one JSON object per file and exits 1 when a file is an error', async () => {
    const { code, stdout } = await inspect([dir, '--printer-bed', '250x210x220', '--json']);
    expect(code).toBe(1);
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const byName = new Map(rows.map((r) => [String(r.file).split('/').pop(), r]));
    expect(byName.get('cube_x2.stl')).toMatchObject({
      verdict: 'ok',
      name: 'cube',
      quantity: 2,
      triangles: 12,
      watertight: true,
      volumeMm3: 8000,
      footprintAreaMm2: 400,
      fit: [{ printer: '250x210x220', rotations: [0, 90, 180, 270] }],
    });
    expect(byName.get('tee.stl')).toMatchObject({ verdict: 'warning', supportsLikely: true });
    expect(byName.get('tower.stl')).toMatchObject({ verdict: 'error', fit: [] });
    expect((byName.get('tower.stl')?.reasons as { message: string }[])[0]?.message).toBe(
      'Taller than any printer: 260 mm > 220 mm.',
    );
    expect(byName.get('photo.stl')).toMatchObject({
      ok: false,
      verdict: 'error',
      error: { code: 'wrong-content' },
    });
  });

  it('prints a table and exits 0 when nothing is an error', async () => {
    const { code, stdout } = await inspect([
      join(dir, 'cube_x2.stl'),
      join(dir, 'tee.stl'),
      '--overhang',
      '60',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^VERDICT\s+FILE\s+TRIANGLES/);
    expect(stdout).toMatch(/2 files: 1 ok, 1 warning, 0 errors\./);
    expect(stdout).toContain('supports likely');
  });

  it('reports a missing path as not-found (not as an empty file) and exits 1', async () => {
    const missing = join(dir, 'no-such-part.stl');
    const { code, stdout } = await inspect([missing, join(dir, 'cube_x2.stl'), '--json']);
    expect(code).toBe(1);
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; error?: { code: string; message: string } });
    const row = rows.find((r) => r.file.endsWith('no-such-part.stl'));
    expect(row?.error?.code).toBe('not-found');
    expect(row?.error?.message).toMatch(/does not exist/);
    expect(rows).toHaveLength(2);
  });

  it('exits 2 on usage errors', async () => {
    expect((await inspect([])).code).toBe(2);
    const bad = await inspect([dir, '--printer-bed', '250x210']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--printer-bed expects WIDTHxDEPTHxHEIGHT/);
    expect((await inspect([dir, '--overhang', 'steep'])).code).toBe(2);
    expect((await inspect([dir, '--bogus'])).code).toBe(2);
  });
});
