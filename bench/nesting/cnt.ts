import { readFileSync } from 'node:fs';
import { nest, parseStripInstance, stripRequest } from '../../shared/nesting';
const inst = parseStripInstance(JSON.parse(readFileSync('/work/shared/data/nesting/esicup/dagli.json', 'utf8')));
let calls = 0;
const cpuNow = () => { calls++; const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const res = nest(stripRequest(inst, { timeLimitMs: 3000 }), { now: cpuNow });
console.log('calls', calls, 'work', res.work, 'density', res.density);
