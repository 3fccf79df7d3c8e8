import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..', '..');
const cli = join(root, 'bin', 'plateshift.cjs');
const knob = resolve(root, '..', 'shared', 'data', 'models', 'prusa-i3-mk3s', 'LCD-knob.stl');
const run = (args: string[]) =>
  spawnSync(process.execPath, [cli, 'nest', ...args], { encoding: 'utf8' });

describe('plateshift nest', () => {
  it('documents what “free” rotation and the FFDH border do', () => {
    const out = execFileSync(process.execPath, [cli, 'nest', '--help'], { encoding: 'utf8' });
    expect(out).toMatch(/free is a\s+fixed 5° grid \(72 angles\), not a continuous angle search/);
    expect(out).toMatch(
      /--ffdh-border MM\s+ffdh\/ffdh-ga: border drawn around each bounding box \(default 2/,
    );
  });

  it.skipIf(!existsSync(knob))(
    'ffdh draws seed 003’s border (default 2 mm) around each part',
    () => {
      const copies = (extra: string[]) => {
        const r = run([
          '--max-copies',
          knob,
          '--strategy',
          'ffdh',
          '--spacing',
          '0',
          '--json',
          ...extra,
        ]);
        expect(r.status, r.stderr).toBe(0);
        const j = JSON.parse(r.stdout) as { maxCopies: number; violations: unknown[] };
        expect(j.violations).toEqual([]);
        return j.maxCopies;
      };
      const seed = copies([]);
      expect(copies(['--ffdh-border', '2'])).toBe(seed);
      // A wider border leaves room for fewer copies, no border for as many or more.
      expect(copies(['--ffdh-border', '8'])).toBeLessThan(seed);
      expect(copies(['--ffdh-border', '0'])).toBeGreaterThanOrEqual(seed);
    },
  );

  it('refuses a self-intersecting footprint with the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-nest-'));
    const file = join(dir, 'bowtie.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'bowtie',
        strip_height: 20,
        items: [
          {
            id: 0,
            demand: 1,
            shape: {
              type: 'simple_polygon',
              data: [
                [0, 0],
                [10, 10],
                [10, 0],
                [0, 10],
              ],
            },
          },
        ],
      }),
    );
    const r = run(['--strip', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /Part “0#1”: the footprint is self-intersecting: edge 1 crosses edge 3 at \(5, 5\) mm/,
    );
  });
});
