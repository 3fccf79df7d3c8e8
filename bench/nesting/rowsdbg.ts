import { loadFootprint } from './footprints';
import { buildProblem, staticsForPlate } from '../../shared/nesting/problem';
import { World } from '../../shared/nesting/world';
import { rowLayouts } from '../../shared/nesting/rows';
const dir = '/work/shared/data/models/prusa-i3-mk3s';
const bed = { outline: [{ x: 0, y: 0 }, { x: 250, y: 0 }, { x: 250, y: 210 }, { x: 0, y: 210 }] };
for (const f of process.argv[2]!.split(',')) {
  const fp = loadFootprint(`${dir}/${f}.stl`);
  const parts = Array.from({ length: 10 }, (_, i) => ({ id: `${i}`, footprint: fp.outline }));
  const p = buildProblem({ bed, parts, rotations: 90, spacingMm: 6 });
  const w = new World(p, staticsForPlate(p, 0));
  const t = performance.now();
  const poses = rowLayouts(w, p.items[0]!, () => false);
  console.log(f, poses.length, (performance.now() - t).toFixed(0), 'ms', 'bbox', fp.width.toFixed(1), fp.depth.toFixed(1));
}
