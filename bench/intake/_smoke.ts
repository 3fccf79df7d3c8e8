import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyseModel, box, encodeBinaryStl, parseModelFile } from '../../shared/geometry';

const cube = encodeBinaryStl(box(20, 20, 20));
const p = parseModelFile(cube, 'cube.stl');
const a = analyseModel(p, { printers: [{ id: 'mk3', bed: [{x:0,y:0},{x:250,y:0},{x:250,y:210},{x:0,y:210}], maxHeightMm: 210 }] });
console.log(JSON.stringify(a.facts), JSON.stringify(a.verdict), a.details.timings);
const dir = '/work/shared/data/models/prusa-i3-mk3s';
for (const f of readdirSync(dir).filter((f) => f.endsWith('.stl'))) {
  const bytes = readFileSync(join(dir, f));
  const t = performance.now();
  const parsed = parseModelFile(bytes, f);
  const t1 = performance.now();
  const r = analyseModel(parsed, {});
  const t2 = performance.now();
  console.log(f.padEnd(40), parsed.encoding, parsed.triangleCount, r.facts.watertight, r.facts.volumeMm3.toFixed(3), r.facts.shells, r.facts.holes, r.details.misorientedEdges, 'outline', r.facts.footprintOutline.length, r.facts.footprintOutline.map(o=>o.length).join('/'), r.facts.footprintAreaMm2.toFixed(1), 'ovh', r.facts.overhangAreaMm2.toFixed(1), r.facts.supportsLikely, (t1 - t).toFixed(1), (t2 - t1).toFixed(1), JSON.stringify(r.details.timings), r.verdict.level);
}
