import { readFileSync } from 'node:fs';
import { parseStripInstance, stripRequest } from '../../shared/nesting';
import { buildProblem } from '../../shared/nesting/problem';
import { World } from '../../shared/nesting/world';
import { Separator } from '../../shared/nesting/separator';
import { Rng } from '../../shared/nesting/prng';
const inst = parseStripInstance(JSON.parse(readFileSync(`/work/shared/data/nesting/esicup/jakobs2.json`, 'utf8')));
const p = buildProblem(stripRequest(inst));
const w = new World(p, []);
const rng = new Rng(3);
w.setLength(25);
for (const it of p.items) {
  const o = rng.int(it.group.orientations.length);
  const s = it.group.orientations[o]!;
  w.place(it.index, o, rng.range(w.cx0 - s.minX, w.cx1 - s.maxX), rng.range(w.cy0 - s.minY, w.cy1 - s.maxY));
}
const meter = { evals: 0 };
const sep = new Separator(w, rng, () => false, meter);
sep.rebuild();
let bad = 0;
for (let iter = 0; iter < 50; iter++) {
  for (const i of w.list) {
    const a = sep.itemWeightedLoss(i);
    const b = sep.evalPose(i, w.shp[i]!, w.x[i]!, w.y[i]!, Infinity);
    if (Math.abs(a - b) > 1e-9 * Math.max(1, a)) { bad++; if (bad < 5) console.log('mismatch', i, a, b); }
  }
  const before = sep.totalLoss();
  // weighted before per item
  sep.moveItems();
  sep.updateWeights();
  if (iter % 10 === 0) console.log(iter, 'loss', before.toFixed(3), '->', sep.totalLoss().toFixed(3), 'colliding', sep.colliding().length);
}
console.log('mismatches', bad, 'evals', meter.evals);
