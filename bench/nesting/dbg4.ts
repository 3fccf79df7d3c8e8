import { readdirSync } from 'node:fs';
import { loadFootprint } from './footprints';
import { nest, Rng, validatePlate } from '../../shared/nesting';
const dir = '/work/shared/data/models/prusa-i3-mk3s';
const bed = { outline: [{ x: 0, y: 0 }, { x: 250, y: 0 }, { x: 250, y: 210 }, { x: 0, y: 210 }] };
const fps = readdirSync(dir).filter((f) => f.endsWith('.stl')).sort().map((f) => loadFootprint(`${dir}/${f}`));
const order = new Rng(2026).shuffle(fps.slice());
console.log(order.slice(0, 14).map((f) => `${f.name}(${f.width.toFixed(0)}x${f.depth.toFixed(0)})`).join(' '));
const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (const k of (process.argv[2] ?? '9,10,11,12').split(',').map(Number)) {
  const parts = order.slice(0, k).map((fp, i) => ({ id: `${i}:${fp.name}`, footprint: fp.outline, mustPlace: true }));
  const res = nest({ bed, parts, spacingMm: 6, rotations: 90, timeLimitMs: Number(process.argv[3] ?? 5000), seed: 1 }, { now: cpuNow });
  const v = validatePlate(bed, res.placements, parts, 6);
  console.log(k, 'placed', res.placements.length, 'unplaced', res.unplaced.map((u) => u.id).join(','), 'viol', v.length, 'density', (res.density * 100).toFixed(1));
}
