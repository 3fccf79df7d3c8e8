import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  analyseModel,
  box,
  encodeBinaryStl,
  parseModelFile,
  sphere,
  withoutTriangles,
} from '../../../shared/geometry';
import { inspectCommand } from './inspect';

describe('plateshift inspect --repair', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plateshift-repair-in-'));
  const out = join(mkdtempSync(join(tmpdir(), 'plateshift-repair-out-')), 'fixed');
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });
  const ball = sphere(10, 32, 16);
  writeFileSync(join(dir, 'holed.stl'), encodeBinaryStl(withoutTriangles(box(20, 20, 20), [4])));
  writeFileSync(join(dir, 'sound.stl'), encodeBinaryStl(ball));
  const top = Array.from({ length: ball.triangleCount / 2 }, (_, i) => ball.triangleCount / 2 + i);
  writeFileSync(join(dir, 'bowl.stl'), encodeBinaryStl(withoutTriangles(ball, top)));

  it('writes repaired copies for small defects and says why others are left', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    let code: number;
    let printed: string[];
    try {
      code = await inspectCommand.run([dir, '--repair', out, '--json']);
    } finally {
      printed = log.mock.calls.map((c) => String(c[0]));
      log.mockRestore();
    }
    expect(code).toBe(0);
    const rows = printed.map((line) => JSON.parse(line) as Record<string, unknown>);
    const byName = Object.fromEntries(rows.map((r) => [String(r.file).split('/').pop(), r]));
    expect(byName['sound.stl']?.repair).toBeUndefined();
    expect(byName['holed.stl']?.repair).toMatchObject({
      repaired: true,
      report: { watertight: true },
    });
    expect(byName['bowl.stl']?.repair).toMatchObject({ repaired: false });
    expect(String((byName['bowl.stl']?.repair as { message: string }).message)).toMatch(
      /too large to close/,
    );
    expect(readdirSync(out)).toEqual(['holed (repaired).stl']);
    const copy = readFileSync(join(out, 'holed (repaired).stl'));
    const { facts } = analyseModel(parseModelFile(new Uint8Array(copy), 'holed (repaired).stl'));
    expect(facts.watertight).toBe(true);
    expect(facts.volumeMm3).toBeCloseTo(8000, 6);
  });
});
