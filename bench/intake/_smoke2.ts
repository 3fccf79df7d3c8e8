import { readFileSync } from 'node:fs';
import { parseModelFile, analyseModel } from '../../shared/geometry';
const f = process.argv[2] as string;
const p = parseModelFile(readFileSync(f), f);
const a = analyseModel(p, {});
console.log(a.facts.bbox, a.facts.nonManifoldEdges, a.details);
const pos = p.positions;
const hist = new Map<string, number>();
for (let t = 0; t < p.triangleCount; t++) {
  const o = t * 9;
  const ux = pos[o+3]!-pos[o]!, uy = pos[o+4]!-pos[o+1]!, uz = pos[o+5]!-pos[o+2]!;
  const vx = pos[o+6]!-pos[o]!, vy = pos[o+7]!-pos[o+1]!, vz = pos[o+8]!-pos[o+2]!;
  const nx = uy*vz-uz*vy, ny = uz*vx-ux*vz, nz = ux*vy-uy*vx; const l = Math.hypot(nx,ny,nz);
  if (nz / l < -0.7071) { const z = Math.max(pos[o+2]!, pos[o+5]!, pos[o+8]!); const k = `${z.toFixed(1)} nz=${(nz/l).toFixed(2)}`; hist.set(k, (hist.get(k) ?? 0) + l/2); }
}
console.log([...hist.entries()].sort((a,b)=>b[1]-a[1]).slice(0,15));
