import { readFileSync, writeFileSync } from 'node:fs';
import { parseModelFile, encodeBinaryStl, withoutTriangles, analyseModel } from '../../shared/geometry';
for (const f of ['plug-aligner', 'fs-lever', 'z-axis-top']) {
  const p = parseModelFile(readFileSync(`/work/shared/data/models/prusa-i3-mk3s/${f}.stl`), f + '.stl');
  const holed = withoutTriangles(p, [5, 17]);
  writeFileSync(`/tmp/${f}-holed.stl`, encodeBinaryStl(holed));
  const a = analyseModel(holed);
  console.log(f, a.facts.watertight, a.facts.holes, a.facts.volumeMm3);
}
