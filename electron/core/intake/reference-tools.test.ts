import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  analyseModel,
  encodeBinaryStl,
  parseModelFile,
  withoutTriangles,
} from '../../../shared/geometry';
import { parseAdmesh, parsePrusaInfo, type ToolFacts } from './reference-tools';

/**
 * Our facts against admesh and `prusa-slicer --info` on the 45 real Prusa MK3S parts:
 * watertight yes/no must agree, volume within 0.1 %, bounding box within 0.01 mm.
 * Skips (with the reason) when the tools or the data are missing.
 */
const run = promisify(execFile);
const dataDir = resolve(__dirname, '../../../..', 'shared', 'data', 'models', 'prusa-i3-mk3s');

function onPath(tool: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = join(dir, tool);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

const admesh = onPath('admesh');
const prusa = onPath('prusa-slicer');
const files = existsSync(dataDir)
  ? readdirSync(dataDir)
      .filter((f) => f.toLowerCase().endsWith('.stl'))
      .sort()
  : [];
const skipReason = !admesh
  ? 'admesh is not on PATH (apt-get install admesh)'
  : !prusa
    ? 'prusa-slicer is not on PATH (apt-get install prusa-slicer)'
    : files.length === 0
      ? `no reference parts in ${dataDir}`
      : null;
if (skipReason) console.warn(`reference-tools comparison skipped: ${skipReason}`);

async function inBatches<T, R>(
  items: readonly T[],
  width: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

describe.skipIf(skipReason !== null)(
  'agreement with admesh and prusa-slicer --info (45 Prusa parts)',
  () => {
    it('agrees on watertight, volume (0.1 %) and bounding box (0.01 mm)', async () => {
      const [admeshOut, prusaOut] = await Promise.all([
        inBatches(files, 3, async (f) =>
          parseAdmesh(
            (await run(admesh as string, [join(dataDir, f)], { maxBuffer: 1 << 22 })).stdout,
          ),
        ),
        run(prusa as string, ['--info', ...files.map((f) => join(dataDir, f))], {
          maxBuffer: 1 << 24,
          cwd: dataDir,
        }).then((r) => parsePrusaInfo(r.stdout)),
      ]);
      expect(prusaOut.size).toBe(files.length);
      const problems: string[] = [];
      const table: string[] = [];
      files.forEach((f, i) => {
        const ours = analyseModel(parseModelFile(readFileSync(join(dataDir, f)), f), {
          suggestOrientation: false,
        }).facts;
        const refs: [string, ToolFacts][] = [
          ['admesh', admeshOut[i] as ToolFacts],
          ['prusa-slicer', prusaOut.get(f) as ToolFacts],
        ];
        const min = [ours.bbox.min.x, ours.bbox.min.y, ours.bbox.min.z];
        const max = [ours.bbox.max.x, ours.bbox.max.y, ours.bbox.max.z];
        for (const [tool, ref] of refs) {
          if (!ref) {
            problems.push(`${f}: no ${tool} output`);
            continue;
          }
          if (ref.watertight !== ours.watertight)
            problems.push(`${f}: watertight ${ours.watertight} vs ${tool} ${ref.watertight}`);
          if (ref.parts !== ours.shells)
            problems.push(`${f}: ${ours.shells} shells vs ${tool} ${ref.parts} parts`);
          const rel = Math.abs(ours.volumeMm3 - ref.volume) / ref.volume;
          if (!(rel <= 0.001))
            problems.push(
              `${f}: volume ${ours.volumeMm3.toFixed(3)} vs ${tool} ${ref.volume} (${(rel * 100).toFixed(3)} %)`,
            );
          for (let k = 0; k < 3; k++) {
            const dMin = Math.abs((min[k] as number) - (ref.min[k] as number));
            const dMax = Math.abs((max[k] as number) - (ref.max[k] as number));
            if (!(dMin <= 0.01 && dMax <= 0.01))
              problems.push(
                `${f}: bbox axis ${'xyz'[k]} [${min[k]}, ${max[k]}] vs ${tool} [${ref.min[k]}, ${ref.max[k]}]`,
              );
          }
        }
        const a = admeshOut[i] as ToolFacts;
        table.push(
          `${f.padEnd(40)} watertight ${ours.watertight ? 'yes' : 'no '} vol ${ours.volumeMm3.toFixed(2).padStart(10)} admesh ${a.volume.toFixed(2).padStart(10)} shells ${ours.shells}/${a.parts}`,
        );
      });
      if (process.env.PLATESHIFT_VERBOSE) console.log(table.join('\n'));
      expect(problems).toEqual([]);
    });

    it('agrees that parts with punched holes are not watertight', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'plateshift-ref-'));
      try {
        const picked = files.filter((_, i) => i % 9 === 0);
        const paths = picked.map((f) => {
          const holed = withoutTriangles(
            parseModelFile(readFileSync(join(dataDir, f)), f),
            [5, 17],
          );
          const p = join(dir, f);
          writeFileSync(p, encodeBinaryStl(holed));
          return p;
        });
        const [admeshOut, prusaOut] = await Promise.all([
          inBatches(paths, 3, async (p) =>
            parseAdmesh((await run(admesh as string, [p], { maxBuffer: 1 << 22 })).stdout),
          ),
          run(prusa as string, ['--info', ...paths], { maxBuffer: 1 << 24, cwd: dir }).then((r) =>
            parsePrusaInfo(r.stdout),
          ),
        ]);
        picked.forEach((f, i) => {
          const ours = analyseModel(parseModelFile(readFileSync(paths[i] as string), f), {
            suggestOrientation: false,
          }).facts;
          expect([f, ours.watertight, ours.holes > 0]).toEqual([f, false, true]);
          expect([f, admeshOut[i]?.watertight]).toEqual([f, false]);
          expect([f, prusaOut.get(f)?.watertight]).toEqual([f, false]);
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
