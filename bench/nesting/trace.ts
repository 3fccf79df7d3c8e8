import { readFileSync } from 'node:fs';
import { nest, parseStripInstance, stripRequest } from '../../shared/nesting';
import { STRIP_LOG } from '../../shared/nesting/plateshift';
import { TUNING } from '../../shared/nesting/tuning';
if (process.env.TUNE) Object.assign(TUNING, JSON.parse(process.env.TUNE));
const name = process.argv[2] ?? 'jakobs2';
const inst = parseStripInstance(JSON.parse(readFileSync(`/work/shared/data/nesting/esicup/${name}.json`, 'utf8')));
const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let tot = { ok: 0, bad: 0, okE: 0, badE: 0 };
STRIP_LOG.fn = (e) => {
  if (e.ok) { tot.ok++; tot.okE += e.evals; } else { tot.bad++; tot.badE += e.evals; }
  if (process.env.ALL || !e.ok) console.log(e.ok ? 'OK ' : 'BAD', e.length.toFixed(3), 'evals', e.evals, 'step', e.step.toFixed(4), 'coll', e.colliding);
};
const res = nest(stripRequest(inst, { timeLimitMs: Number(process.argv[3] ?? 10000) }), { now: cpuNow });
console.log(name, 'density', (res.density * 100).toFixed(2), 'work', res.work, JSON.stringify(tot));
