import { readFileSync } from 'node:fs';
import { parseStripInstance, stripRequest } from '../../shared/nesting';
import { buildProblem } from '../../shared/nesting/problem';
for (const name of (process.argv[2] ?? 'dagli').split(',')) {
  const inst = parseStripInstance(JSON.parse(readFileSync(`/work/shared/data/nesting/esicup/${name}.json`, 'utf8')));
  const t = Date.now();
  const p = buildProblem(stripRequest(inst));
  console.log(name, Date.now() - t, 'ms', p.groups.map((g) => { const o = g.orientations[0]!; let a = 0; for (let k = 0; k < o.nPoles; k++) a += Math.PI * o.poles[3 * k + 2]! ** 2; return `${o.nPoles}p/${o.n}v/${(a / o.area).toFixed(2)}`; }).join(' '));
}
