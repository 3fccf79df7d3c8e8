import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyseModel, parseModelFile } from '../../shared/geometry';
const dir = '/work/shared/data/models/prusa-i3-mk3s';
const files = readdirSync(dir).filter((f) => f.endsWith('.stl'));
const bytes = files.map((f) => readFileSync(join(dir, f)));
for (let round = 0; round < 3; round++) {
  const tot: Record<string, number> = {};
  let parse = 0;
  const per: number[] = [];
  for (let i = 0; i < files.length; i++) {
    const t = performance.now();
    const p = parseModelFile(bytes[i]!, files[i]!);
    parse += performance.now() - t;
    const a = analyseModel(p, {});
    per.push(performance.now() - t);
    for (const [k, v] of Object.entries(a.details.timings)) tot[k] = (tot[k] ?? 0) + v;
    if (round === 2 && process.argv[2]) console.log(files[i], a.facts.watertight, a.facts.nonManifoldEdges, a.facts.overhangAreaMm2.toFixed(0), a.details.overhang.unsupportedAreaMm2.toFixed(0), a.details.overhang.regions, a.details.overhang.bridges, a.facts.supportsLikely, a.facts.footprintAreaMm2.toFixed(0));
  }
  per.sort((a, b) => a - b);
  console.log('round', round, 'parse', parse.toFixed(1), JSON.stringify(Object.fromEntries(Object.entries(tot).map(([k, v]) => [k, +v.toFixed(1)]))), 'median', per[22]!.toFixed(2));
}
