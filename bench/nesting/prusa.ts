/*
 * Copies per plate, ours vs PrusaSlicer's arrange (Debian prusa-slicer 2.5 CLI).
 *
 *   node scripts/run-ts.mjs bench/nesting/prusa.ts [--time 10000] [--parts a,b] [--no-mixed] [--no-hull] [--no-save]
 *
 * For every part of ../shared/data/models/prusa-i3-mk3s: the largest number of copies that fit a
 * 250×210 bed at 6 mm spacing. PrusaSlicer: `--merge --duplicate N --duplicate-distance 6
 * --bed-shape 0x0,250x0,250x210,0x210`, binary search on N (then N+1..N+3 probed too, in case the
 * arrange is not monotonic); a result counts when the arranged copies' XY extent fits the bed.
 * (`--center 125,105` goes first: without it 2.5's CLI refuses some parts with "Objects could not
 * fit on the bed" even for N=1.) PrusaSlicer runs 2 at a time first, then ours runs alone.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { nest, Rng, validatePlate, type NestPart, type NestRequest } from '../../shared/nesting';
import { loadFootprint, type ModelFootprint } from './footprints';
import { engineInfo, machine, type PrusaRow, saveSection, sharedDir } from './results';

const { values: opts } = parseArgs({
  options: {
    time: { type: 'string', default: '10000' },
    parts: { type: 'string' },
    'no-mixed': { type: 'boolean', default: false },
    'no-hull': { type: 'boolean', default: false },
    'no-save': { type: 'boolean', default: false },
    'prusa-only': { type: 'boolean', default: false },
    jobs: { type: 'string', default: '2' },
  },
});
const TIME = Number(opts.time);
const BED_W = 250;
const BED_H = 210;
const SPACING = 6;
const PRUSA = '/usr/bin/prusa-slicer';
const modelsDir = join(sharedDir, 'data', 'models', 'prusa-i3-mk3s');
if (!existsSync(modelsDir)) {
  console.log(`skipped: ${modelsDir} not found`);
  process.exit(0);
}
if (!existsSync(PRUSA)) {
  console.log(`skipped: ${PRUSA} not installed`);
  process.exit(0);
}
const bed = {
  outline: [
    { x: 0, y: 0 },
    { x: BED_W, y: 0 },
    { x: BED_W, y: BED_H },
    { x: 0, y: BED_H },
  ],
};

// ---- PrusaSlicer ---------------------------------------------------------------------------

function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((res) => {
    execFile(cmd, args, { maxBuffer: 64 << 20, timeout: 600_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      res({ code, out: `${stdout}${stderr}` });
    });
  });
}

/** XY extent of an STL (binary or ASCII). */
function stlExtent(path: string): { w: number; h: number } {
  const b = readFileSync(path);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const add = (x: number, y: number) => {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  };
  const n = b.length >= 84 ? b.readUInt32LE(80) : 0;
  if (b.length === 84 + n * 50) {
    for (let t = 0; t < n; t++) {
      const o = 84 + t * 50 + 12;
      for (let v = 0; v < 3; v++) add(b.readFloatLE(o + v * 12), b.readFloatLE(o + v * 12 + 4));
    }
  } else {
    for (const m of b.toString('latin1').matchAll(/vertex\s+(\S+)\s+(\S+)\s+(\S+)/g))
      add(Number(m[1]), Number(m[2]));
  }
  return { w: maxX - minX, h: maxY - minY };
}

let prusaCalls = 0;
/** PrusaSlicer arranges `files` (each duplicated `copies` times); true when the result fits the bed. */
async function prusaFits(files: string[], copies: number): Promise<boolean> {
  prusaCalls++;
  const dir = mkdtempSync(join(tmpdir(), 'ps-nest-'));
  try {
    const out = join(dir, 'out.stl');
    const args = [
      '--export-stl',
      '--output',
      out,
      '--center',
      `${BED_W / 2},${BED_H / 2}`,
      '--merge',
    ];
    if (copies > 1) args.push('--duplicate', String(copies));
    args.push(
      '--duplicate-distance',
      String(SPACING),
      '--bed-shape',
      `0x0,${BED_W}x0,${BED_W}x${BED_H},0x${BED_H}`,
      ...files,
    );
    const r = await run(PRUSA, args);
    if (r.code !== 0 || !existsSync(out)) return false;
    const e = stlExtent(out);
    return e.w <= BED_W + 1e-3 && e.h <= BED_H + 1e-3;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Largest n in [0, hi) with ok(n), assuming roughly monotonic; probes a few above the answer. */
async function largest(ok: (n: number) => Promise<boolean>, hi: number): Promise<number> {
  if (!(await ok(1))) return 0;
  let lo = 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await ok(mid)) lo = mid;
    else hi = mid;
  }
  for (let k = lo + 1; k <= lo + 3; k++) if (await ok(k)) lo = k;
  return lo;
}

function ringPerimeter(r: { x: number; y: number }[]): number {
  let s = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++)
    s += Math.hypot((r[i]?.x ?? 0) - (r[j]?.x ?? 0), (r[i]?.y ?? 0) - (r[j]?.y ?? 0));
  return s;
}

function hullArea(r: { x: number; y: number }[]): number {
  let s = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++)
    s += (r[j]?.x ?? 0) * (r[i]?.y ?? 0) - (r[i]?.x ?? 0) * (r[j]?.y ?? 0);
  return Math.abs(s / 2);
}

/** Upper bound for hull-based arrangers: inflated hulls are disjoint inside the inflated bed. */
function hullBound(fp: ModelFootprint): number {
  const a =
    hullArea(fp.hull) + (SPACING / 2) * ringPerimeter(fp.hull) + Math.PI * (SPACING / 2) ** 2;
  return Math.floor(((BED_W + SPACING) * (BED_H + SPACING)) / a) + 1;
}

async function pool<T, R>(items: T[], jobs: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      while (next < items.length) {
        const k = next++;
        out[k] = await f(items[k] as T);
      }
    }),
  );
  return out;
}

// ---- ours ----------------------------------------------------------------------------------

/** Our budgets are CPU time of this process (the machine is shared; see README). */
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function copies(fp: ModelFootprint, n: number, mode: 'outline' | 'hull'): NestPart[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${fp.name}#${i + 1}`,
    footprint: mode === 'hull' ? fp.hull : fp.outline,
  }));
}

function oursMax(
  fp: ModelFootprint,
  mode: 'outline' | 'hull',
  rotations: number,
  time: number,
): { n: number; ms: number } {
  const n = Math.min(
    600,
    Math.floor(((BED_W + SPACING) * (BED_H + SPACING)) / Math.max(fp.areaMm2, 1)) + 1,
  );
  const parts = copies(fp, n, mode);
  const req: NestRequest = {
    bed,
    parts,
    spacingMm: SPACING,
    rotations,
    timeLimitMs: time,
    seed: 1,
  };
  const t0 = cpuNow();
  const res = nest(req, { now: cpuNow });
  const ms = cpuNow() - t0;
  // Validate against the true outline (the hull contains it).
  const v = validatePlate(bed, res.placements, copies(fp, n, 'outline'), SPACING);
  if (v.length > 0) throw new Error(`${fp.name}: ${v.length} violations, e.g. ${v[0]?.message}`);
  return { n: res.placements.length, ms };
}

function oursMixedPrefix(fps: ModelFootprint[], time: number): { k: number; ms: number } {
  const t0 = cpuNow();
  const fits = (k: number) => {
    const parts = fps
      .slice(0, k)
      .map((fp, i) => ({ id: `${i}:${fp.name}`, footprint: fp.outline, mustPlace: true }));
    const res = nest(
      { bed, parts, spacingMm: SPACING, rotations: 90, timeLimitMs: time, seed: 1 },
      { now: cpuNow },
    );
    const v = validatePlate(bed, res.placements, parts, SPACING);
    if (v.length > 0) throw new Error(`mixed: ${v.length} violations`);
    return res.unplaced.length === 0;
  };
  let lo = 0;
  let hi = fps.length + 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return { k: lo, ms: cpuNow() - t0 };
}

// ---- main ----------------------------------------------------------------------------------

async function main(): Promise<void> {
  const filter = opts.parts?.split(',');
  const files = readdirSync(modelsDir)
    .filter((f) => f.endsWith('.stl'))
    .filter((f) => !filter || filter.some((x) => f.startsWith(x)))
    .sort();
  console.log(`loading ${files.length} footprints…`);
  const fps = files.map((f) => loadFootprint(join(modelsDir, f)));
  // Recorded before anything runs: the engine that produced these numbers.
  const engine = engineInfo();
  console.log(`engine ${engine.commit}${engine.dirty ? ' (dirty)' : ''} ${engine.sourceSha256}`);
  const version =
    (await run(PRUSA, ['--help'])).out.match(/PrusaSlicer-[\d.]+\S*/)?.[0] ?? 'PrusaSlicer';

  console.log(`PrusaSlicer (${opts.jobs} parallel)…`);
  const prusa = await pool(fps, Number(opts.jobs), async (fp) => {
    const before = prusaCalls;
    const n = await largest((k) => prusaFits([fp.path], k), hullBound(fp) + 1);
    console.log(`  ${fp.name.padEnd(40)} PrusaSlicer ${n}`);
    return { n, calls: prusaCalls - before };
  });
  const rng = new Rng(2026);
  const order = rng.shuffle(fps.slice());
  let mixedPrusa = 0;
  if (!opts['no-mixed']) {
    mixedPrusa = await largest(
      async (k) =>
        prusaFits(
          order.slice(0, k).map((f) => f.path),
          1,
        ),
      order.length + 1,
    );
    console.log(`  mixed: PrusaSlicer fits the first ${mixedPrusa}`);
  }

  if (opts['prusa-only']) {
    console.log(JSON.stringify({ prusa: fps.map((fp, k) => [fp.name, prusa[k]?.n]), mixedPrusa }));
    return;
  }
  console.log(`ours (${TIME} ms per part)…`);
  const rows: PrusaRow[] = fps.map((fp, k) => {
    const o = oursMax(fp, 'outline', 90, TIME);
    const h = opts['no-hull'] ? null : oursMax(fp, 'hull', 0, TIME).n;
    const p = prusa[k] as { n: number; calls: number };
    console.log(
      `  ${fp.name.padEnd(40)} PrusaSlicer ${String(p.n).padStart(4)}  ours ${String(o.n).padStart(4)}  (hull, 0°: ${h ?? '–'})`,
    );
    return {
      part: fp.name.replace(/\.stl$/, ''),
      widthMm: fp.width,
      depthMm: fp.depth,
      prusa: p.n,
      prusaCalls: p.calls,
      ours: o.n,
      oursHull0: h,
      oursMs: o.ms,
    };
  });
  let mixed = null;
  if (!opts['no-mixed']) {
    const m = oursMixedPrefix(order, TIME);
    console.log(`  mixed: ours fits the first ${m.k}`);
    mixed = {
      order: order.map((f) => f.name.replace(/\.stl$/, '')),
      prusa: mixedPrusa,
      ours: m.k,
      oursMs: m.ms,
      seed: 2026,
    };
  }
  const sumP = rows.reduce((a, r) => a + r.prusa, 0);
  const sumO = rows.reduce((a, r) => a + r.ours, 0);
  console.log(
    `TOTAL ours ${sumO} vs PrusaSlicer ${sumP} (${((sumO / Math.max(1, sumP) - 1) * 100).toFixed(1)} %), behind on ${rows.filter((r) => r.ours < r.prusa).length} parts`,
  );
  if (!opts['no-save'] && !filter) {
    saveSection('prusa', {
      date: new Date().toISOString().slice(0, 10),
      machine: machine(),
      engine,
      timePerPartMs: TIME,
      spacingMm: SPACING,
      bed: `${BED_W}×${BED_H} mm`,
      prusaVersion: version,
      rows,
      mixed,
    });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
