import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { nest, parseStripInstance, stripRequest, validatePlate, renderSvg, type NestStrategyName } from '../../shared/nesting';

import { TUNING } from '../../shared/nesting/tuning';
if (process.env.TUNE) Object.assign(TUNING, JSON.parse(process.env.TUNE));
const root = resolve(__dirname, '..', '..');
const dir = join(root, '..', 'shared', 'data', 'nesting', 'esicup');
const best: Record<string, number> = { albano: 89.8, blaz1: 86.2, dagli: 90.2, fu: 92.4, jakobs1: 89.3, jakobs2: 87.7, mao: 86.9, marques: 92.0, shapes0: 70.0, shapes1: 76.7, shirts: 90.9, swim: 79.8, trousers: 92.6 };
const names = (process.argv[2] ?? 'fu,jakobs1').split(',');
const time = Number(process.argv[3] ?? 5000);
const strategy = (process.argv[4] ?? 'plateshift') as NestStrategyName;
const work = Number(process.argv[5] ?? Infinity);
const seeds = (process.argv[6] ?? '1').split(',').map(Number);
let gapSum = 0;
let n = 0;
for (const name of names) {
  const inst = parseStripInstance(JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')), name);
  const ds: number[] = [];
  for (const seed of seeds) {
    const req = stripRequest(inst, { timeLimitMs: time, seed, strategy, workLimit: work });
    const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
    const res = nest(req, { now: cpuNow, onProgress: (p) => { if (process.env.V) console.log(JSON.stringify(p)); } });
    const L = res.stripLength ?? 0;
    const bed = { outline: [{ x: 0, y: 0 }, { x: L, y: 0 }, { x: L, y: inst.stripHeight }, { x: 0, y: inst.stripHeight }] };
    const viol = validatePlate(bed, res.placements, req.parts, 0);
    if (viol.length || res.unplaced.length) console.log(`  !! ${name} seed ${seed}: ${viol.length} violations, ${res.unplaced.length} unplaced`, viol.slice(0, 3).map((v) => v.message));
    ds.push(res.density * 100);
    if (process.env.SVG) writeFileSync(`/tmp/${name}.svg`, renderSvg(bed, res, new Map(req.parts.map((p) => [p.id, p.footprint]))));
    if (process.env.VV) console.log(`   ${name} seed=${seed} d=${(res.density * 100).toFixed(2)} t=${res.timeMs.toFixed(0)} work=${res.work}`);
  }
  const mean = ds.reduce((a, b) => a + b, 0) / ds.length;
  gapSum += (best[name] ?? 0) - mean;
  n++;
  console.log(`${name.padEnd(9)} mean=${mean.toFixed(2)} [${ds.map((d) => d.toFixed(1)).join(' ')}] best=${best[name]} gap=${((best[name] ?? 0) - mean).toFixed(2)}`);
}
console.log(`MEAN GAP ${(gapSum / n).toFixed(2)}`);
