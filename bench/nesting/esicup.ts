/*
 * ESICUP strip packing: density per instance for our strategy at one or more time budgets, next
 * to FFDH, FFDH+GA (seed 003 baselines) and the best published densities (sparrow records).
 *
 *   node scripts/run-ts.mjs bench/nesting/esicup.ts [--budgets 10,60] [--instances fu,jakobs1]
 *                                                   [--seed 1] [--no-save]
 *
 * Budgets are CPU seconds per instance (single thread; process CPU time, not wall time, because
 * the machine is shared). Anytime protocol: one run per instance to the largest budget, and the
 * best layout found by each smaller budget is snapshotted from that same run, so a longer budget
 * can never score below a shorter one. 13 instances × 60 s ≈ 14 min CPU.
 * Every layout (each snapshot too) is checked by the independent validator; a violation aborts.
 * FFDH / FFDH+GA run without seed 003's 2 mm border (`ffdhBorderMm: 0`): ESICUP coordinates
 * have no unit and no spacing, so a border of 2 units would measure the instance's scale (blaz1
 * is 15 high, albano 4900), not the algorithm.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  nest,
  type NestRequest,
  type NestResult,
  parseStripInstance,
  stripRequest,
  validatePlate,
} from '../../shared/nesting';
import { TUNING } from '../../shared/nesting/tuning';
import {
  engineInfo,
  type EsicupBudget,
  type EsicupRow,
  machine,
  saveSection,
  sharedDir,
} from './results';

const BEST: Record<string, number> = {
  albano: 89.8,
  blaz1: 86.2,
  dagli: 90.2,
  fu: 92.4,
  jakobs1: 89.3,
  jakobs2: 87.7,
  mao: 86.9,
  marques: 92.0,
  shapes0: 70.0,
  shapes1: 76.7,
  shirts: 90.9,
  swim: 79.8,
  trousers: 92.6,
};

const { values: opts } = parseArgs({
  options: {
    budgets: { type: 'string', default: '10,60' },
    instances: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'no-save': { type: 'boolean', default: false },
  },
});
const budgets = (opts.budgets ?? '10').split(',').map((s) => Math.round(Number(s) * 1000));
const seed = Number(opts.seed);
const dir = join(sharedDir, 'data', 'nesting', 'esicup');
if (!existsSync(dir)) {
  console.log(`skipped: ${dir} not found`);
  process.exit(0);
}
const names = opts.instances ? opts.instances.split(',') : Object.keys(BEST);
/** Seed 003's border is 2 mm on a printer bed; ESICUP instances have no unit (see above). */
const FFDH_BORDER = 0;

type Layout = Pick<NestResult, 'stripLength' | 'placements' | 'unplaced' | 'density'>;

function checked(req: NestRequest, res: Layout, height: number, label: string): number {
  const L = res.stripLength ?? 0;
  const bed = {
    outline: [
      { x: 0, y: 0 },
      { x: L, y: 0 },
      { x: L, y: height },
      { x: 0, y: height },
    ],
  };
  const v = validatePlate(bed, res.placements, req.parts, 0);
  if (v.length > 0 || res.unplaced.length > 0) {
    throw new Error(
      `${label}: ${v.length} violations, ${res.unplaced.length} unplaced (${v[0]?.message ?? res.unplaced[0]?.reason})`,
    );
  }
  return res.density * 100;
}

/** Budgets are CPU time of this process: the machine is shared, wall time would measure the neighbours. */
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

budgets.sort((a, b) => a - b);
const engine = engineInfo();
console.log(`engine ${engine.commit}${engine.dirty ? ' (dirty)' : ''} ${engine.sourceSha256}`);
const rows: EsicupRow[] = [];
for (const name of names) {
  const inst = parseStripInstance(
    JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')),
    name,
  );
  const base = stripRequest(inst, { seed });
  let c0 = cpuNow();
  const ffdh = checked(
    base,
    nest({ ...base, strategy: 'ffdh', ffdhBorderMm: FFDH_BORDER }),
    inst.stripHeight,
    `${name} ffdh`,
  );
  const ffdhCpuMs = cpuNow() - c0;
  c0 = cpuNow();
  const ffdhGa = checked(
    base,
    nest({ ...base, strategy: 'ffdh-ga', ffdhBorderMm: FFDH_BORDER, timeLimitMs: 600_000 }),
    inst.stripHeight,
    `${name} ffdh-ga`,
  );
  const ffdhGaCpuMs = cpuNow() - c0;
  const spent: Record<string, EsicupBudget> = {};
  const row: EsicupRow = {
    instance: name,
    parts: base.parts.length,
    best: BEST[name] ?? NaN,
    ffdh,
    ffdhGa,
    ffdhCpuMs,
    ffdhGaCpuMs,
    ours: {},
    lengths: {},
    spent,
  };
  // One run to the largest budget; every budget is a snapshot of its best-so-far layout. The
  // clock starts at 0 for the run, so the checkpoints are CPU time of this run alone.
  const req = {
    ...base,
    strategy: 'plateshift' as const,
    timeLimitMs: budgets[budgets.length - 1] as number,
  };
  const r0 = cpuNow();
  const res = nest(req, { now: () => cpuNow() - r0, checkpointsMs: budgets });
  row.runCpuMs = cpuNow() - r0;
  row.runWork = res.work;
  const last = res.checkpoints?.[res.checkpoints.length - 1];
  if (!res.checkpoints || res.checkpoints.length !== budgets.length || !last) {
    throw new Error(`${name}: the engine returned no checkpoints`);
  }
  if (last.stripLength !== res.stripLength) {
    throw new Error(`${name}: the last checkpoint is not the final layout`);
  }
  for (const cp of res.checkpoints) {
    const label = `${cp.atMs / 1000}s`;
    row.ours[label] = checked(req, { ...cp, unplaced: [] }, inst.stripHeight, `${name} ${label}`);
    row.lengths[label] = cp.stripLength ?? 0;
    // The run's own clock passed the checkpoint at the first poll after it (or ended earlier).
    spent[label] = {
      cpuMs: Math.min(row.runCpuMs, Math.max(cp.atMs, cp.foundAtMs)),
      work: cp.work,
      foundAtMs: cp.foundAtMs,
    };
  }
  rows.push(row);
  console.log(
    `${name.padEnd(9)} n=${String(row.parts).padStart(3)}  ffdh ${ffdh.toFixed(1)}  ffdh-ga ${ffdhGa.toFixed(1)}  ` +
      Object.entries(row.ours)
        .map(([k, v]) => `${k} ${v.toFixed(2)} (work ${row.spent?.[k]?.work})`)
        .join('  ') +
      `  best ${row.best}  run ${(row.runCpuMs / 1000).toFixed(1)} s CPU`,
  );
}
const last = `${(budgets[budgets.length - 1] as number) / 1000}s`;
const gap = rows.reduce((a, r) => a + (r.best - (r.ours[last] ?? 0)), 0) / Math.max(1, rows.length);
console.log(`mean gap to best published at ${last}: ${gap.toFixed(2)} points`);
if (!opts['no-save'] && !opts.instances) {
  saveSection('esicup', {
    date: new Date().toISOString().slice(0, 10),
    machine: machine(),
    engine,
    protocol: 'anytime',
    ffdhBorder: FFDH_BORDER,
    sepScaleMax: TUNING.sepScaleMaxStrip,
    budgetsMs: budgets,
    seed,
    rows,
  });
}
