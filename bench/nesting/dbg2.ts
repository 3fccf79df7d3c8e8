import { loadFootprint } from './footprints';
for (const f of process.argv[2]!.split(',')) {
  const fp = loadFootprint(`/work/shared/data/models/prusa-i3-mk3s/${f}.stl`);
  const xs = fp.outline.flat().map((p) => p.x), ys = fp.outline.flat().map((p) => p.y);
  console.log(f, 'mesh bbox', fp.width.toFixed(3), fp.depth.toFixed(3), 'outline bbox', (Math.max(...xs) - Math.min(...xs)).toFixed(3), (Math.max(...ys) - Math.min(...ys)).toFixed(3), Math.min(...xs).toFixed(3), Math.min(...ys).toFixed(3));
}
