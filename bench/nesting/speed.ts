/*
 *   node scripts/run-ts.mjs bench/nesting/speed.ts [--no-save]
 *
 * Speed: fill one 250×210 plate from 200 candidate parts (90° rotations, 6 mm spacing) and
 * measure the time to the first valid answer (construction only, no improvement budget).
 */
import { parseArgs } from 'node:util';
import {
  nest,
  Rng,
  validatePlate,
  type NestPart,
  type Point2,
  type Polygon,
} from '../../shared/nesting';
import { machine, saveSection, type SpeedSection } from './results';

const { values: opts } = parseArgs({ options: { 'no-save': { type: 'boolean', default: false } } });

const rect = (w: number, h: number): Polygon => [
  { x: 0, y: 0 },
  { x: w, y: 0 },
  { x: w, y: h },
  { x: 0, y: h },
];

function candidateParts(seed: number, n: number): NestPart[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const size = rng.range(6, 30);
    const concave = rng.next() < 0.5;
    const k = 4 + rng.int(concave ? 14 : 10);
    const angles = Array.from({ length: k }, () => rng.range(0, Math.PI * 2)).sort((a, b) => a - b);
    const pts: Point2[] = angles.map((a) => {
      const r = size * (concave ? rng.range(0.3, 1) : rng.range(0.85, 1));
      return { x: r * Math.cos(a), y: r * Math.sin(a) * 0.7 };
    });
    return { id: `c${i}`, footprint: pts.length >= 3 ? pts : rect(size, size) };
  });
}

const runs: SpeedSection['runs'] = [];
for (let seed = 1; seed <= 5; seed++) {
  const parts = candidateParts(seed, 200);
  const bed = { outline: rect(250, 210) };
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const res = nest({ bed, parts, rotations: 90, spacingMm: 6, timeLimitMs: 0, seed });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const v = validatePlate(bed, res.placements, parts, 6);
  runs.push({
    seed,
    firstAnswerMs: res.firstAnswerMs,
    cpuMs,
    placed: res.placements.length,
    density: res.density,
    violations: v.length,
  });
  console.log(
    `seed ${seed}: first answer ${res.firstAnswerMs.toFixed(0)} ms (total ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU), placed ${res.placements.length}/200, density ${(res.density * 100).toFixed(1)} %, violations ${v.length}`,
  );
}
const worst = Math.max(...runs.map((r) => r.firstAnswerMs));
console.log(`worst first answer: ${worst.toFixed(0)} ms (target < 1000 ms)`);
if (!opts['no-save'])
  saveSection('speed', { date: new Date().toISOString().slice(0, 10), machine: machine(), runs });
