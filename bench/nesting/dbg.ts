import { writeFileSync } from 'node:fs';
import { loadFootprint } from './footprints';
import { nest, validatePlate, renderSvg, type NestPart } from '../../shared/nesting';
const dir = '/work/shared/data/models/prusa-i3-mk3s';
const bed = { outline: [{ x: 0, y: 0 }, { x: 250, y: 0 }, { x: 250, y: 210 }, { x: 0, y: 210 }] };
const time = Number(process.argv[3] ?? 5000);
const work = Number(process.argv[4] ?? Infinity);
let tot = 0;
for (const f of (process.argv[2] ?? 'fs-lever').split(',')) {
  const fp = loadFootprint(`${dir}/${f}.stl`);
  const n = Math.min(600, Math.floor((256 * 216) / fp.areaMm2) + 1);
  const parts: NestPart[] = Array.from({ length: n }, (_, i) => ({ id: `${f}#${i + 1}`, footprint: fp.outline }));
  const marks: string[] = [];
  let last = -1;
  const res = nest({ bed, parts, rotations: 90, spacingMm: 6, timeLimitMs: time, workLimit: work, seed: 1 }, { now: () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }, onProgress: (p) => { if (p.placed !== last) { marks.push(`${p.placed}@${(p.elapsedMs / 1000).toFixed(1)}`); last = p.placed; } } });
  const v = validatePlate(bed, res.placements, parts, 6);
  tot += res.placements.length;
  console.log(f.padEnd(26), 'placed', res.placements.length, 'viol', v.length, 'work', res.work, marks.slice(0, 4).join(' '), '...', marks.slice(-3).join(' '));
  writeFileSync(`/tmp/${f}.svg`, renderSvg(bed, res, new Map(parts.map((p) => [p.id, p.footprint]))));
}
console.log('TOTAL', tot);
