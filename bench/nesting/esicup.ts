/*
 * ESICUP strip packing: density per instance for our strategy at one or more time budgets, next
 * to FFDH, FFDH+GA (seed 003 baselines) and the best published densities (sparrow records).
 *
 *   node scripts/run-ts.mjs bench/nesting/esicup.ts [--budgets 10,60] [--instances fu,jakobs1]
 *                                                   [--seed 1] [--no-save]
 *
 * Budgets are CPU seconds per instance (single thread; process CPU time, not wall time, because
 * the machine is shared). 13 instances × (10 + 60) s ≈ 16 min.
 * Every layout is checked by the independent validator; a violation aborts the run.
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
import { type EsicupRow, machine, saveSection, sharedDir } from './results';

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

function checked(req: NestRequest, res: NestResult, height: number, label: string): number {
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

const rows: EsicupRow[] = [];
for (const name of names) {
  const inst = parseStripInstance(
    JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')),
    name,
  );
  const base = stripRequest(inst, { seed });
  const ffdh = checked(base, nest({ ...base, strategy: 'ffdh' }), inst.stripHeight, `${name} ffdh`);
  const ffdhGa = checked(
    base,
    nest({ ...base, strategy: 'ffdh-ga', timeLimitMs: 600_000 }),
    inst.stripHeight,
    `${name} ffdh-ga`,
  );
  const row: EsicupRow = {
    instance: name,
    parts: base.parts.length,
    best: BEST[name] ?? NaN,
    ffdh,
    ffdhGa,
    ours: {},
    lengths: {},
  };
  for (const ms of budgets) {
    const req = { ...base, strategy: 'plateshift' as const, timeLimitMs: ms };
    const res = nest(req, { now: cpuNow });
    const label = `${ms / 1000}s`;
    row.ours[label] = checked(req, res, inst.stripHeight, `${name} ${label}`);
    row.lengths[label] = res.stripLength ?? 0;
  }
  rows.push(row);
  console.log(
    `${name.padEnd(9)} n=${String(row.parts).padStart(3)}  ffdh ${ffdh.toFixed(1)}  ffdh-ga ${ffdhGa.toFixed(1)}  ` +
      Object.entries(row.ours)
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join('  ') +
      `  best ${row.best}`,
  );
}
const last = `${(budgets[budgets.length - 1] as number) / 1000}s`;
const gap = rows.reduce((a, r) => a + (r.best - (r.ours[last] ?? 0)), 0) / Math.max(1, rows.length);
console.log(`mean gap to best published at ${last}: ${gap.toFixed(2)} points`);
if (!opts['no-save'] && !opts.instances) {
  saveSection('esicup', {
    date: new Date().toISOString().slice(0, 10),
    machine: machine(),
    budgetsMs: budgets,
    seed,
    rows,
  });
}
