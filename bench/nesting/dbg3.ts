import { readFileSync } from 'node:fs';
import { loadFootprint } from './footprints';
import { nest, validatePlate, type NestPart } from '../../shared/nesting';
const ref = JSON.parse(readFileSync('/tmp/prusa-ref.json', 'utf8')) as { prusa: [string, number][] };
const bed = { outline: [{ x: 0, y: 0 }, { x: 250, y: 0 }, { x: 250, y: 210 }, { x: 0, y: 210 }] };
const time = Number(process.argv[2] ?? 3000);
const only = process.argv[3]?.split(',');
const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let sp = 0, so = 0;
for (const [name, pn] of ref.prusa) {
  if (only && !only.some((o) => name.startsWith(o))) continue;
  const fp = loadFootprint(`/work/shared/data/models/prusa-i3-mk3s/${name}`);
  const n = Math.min(600, Math.floor((256 * 216) / fp.areaMm2) + 1);
  const parts: NestPart[] = Array.from({ length: n }, (_, i) => ({ id: `${i}`, footprint: fp.outline }));
  const res = nest({ bed, parts, rotations: 90, spacingMm: 6, timeLimitMs: time, seed: 1 }, { now: cpuNow });
  const v = validatePlate(bed, res.placements, parts, 6);
  sp += pn; so += res.placements.length;
  console.log(name.padEnd(40), String(pn).padStart(4), String(res.placements.length).padStart(4), res.placements.length < pn ? 'BEHIND' : res.placements.length === pn ? 'tie' : '', v.length ? 'VIOL' : '');
}
console.log('TOTAL prusa', sp, 'ours', so, ((so / sp - 1) * 100).toFixed(1) + '%');
