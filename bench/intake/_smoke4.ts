import { readFileSync } from 'node:fs';
import { parseModelFile, footprintOutline, convexHull2, weldVertices, polygonArea } from '../../shared/geometry';
const f = process.argv[2] as string;
const p = parseModelFile(readFileSync(f), f);
const w = weldVertices(p.positions, p.triangleCount, 1e-4);
const hull = convexHull2(w.vertices, w.vertexCount, 3);
for (const up of [false, true]) for (let r = 0; r < 5; r++) {
  const t = performance.now();
  const o = footprintOutline(p.positions, p.triangleCount, hull, { upFacingOnly: up }).polygons;
  const t1 = performance.now();
  if (r === 4) console.log('outline ms', up, (t1 - t).toFixed(2), o.length, o.map((x) => x.length), o.reduce((s, x) => s + polygonArea(x), 0).toFixed(1));
}
