import { parseModelFile, analyseModel, encodeBinaryStl, torus } from '../../shared/geometry';
const bytes = encodeBinaryStl(torus(60, 20, 1000, 500));
for (let r = 0; r < 4; r++) {
  const c0 = process.cpuUsage();
  const t = performance.now();
  const p = parseModelFile(bytes, 'big.stl');
  const a = analyseModel(p, {});
  const t2 = performance.now();
  const c = process.cpuUsage(c0);
  console.log('wall', (t2 - t).toFixed(0), 'cpu', ((c.user + c.system) / 1000).toFixed(0), JSON.stringify(a.details.timings), 'maxrss', (process.resourceUsage().maxRSS / 1024).toFixed(0));
}
