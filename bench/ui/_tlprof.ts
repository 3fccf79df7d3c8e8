import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { fillTimelineWorkspace } from './timeline-workspace';
import { readFileSync, readdirSync } from 'node:fs';
import { SourceMapConsumer } from 'source-map-js';

const assets = '/work/main/dist/renderer/assets';
const mapFile = readdirSync(assets).find((f) => f.startsWith('index-') && f.endsWith('.js.map'))!;
const smc = new SourceMapConsumer(JSON.parse(readFileSync(join(assets, mapFile), 'utf8')));
async function main() {
  const dir = join(mkdtempSync(join(tmpdir(), 'tlprof-')), 'ws');
  fillTimelineWorkspace(dir, {
    printers: 20,
    jobs: 1000,
    days: 28,
    partsPerJob: 6,
    nowMs: Date.now(),
    seed: 7,
  });
  const child = spawn(
    process.execPath,
    ['/work/main/bin/plateshift.cjs', 'serve', '--port', '4191', '--workspace', dir],
    { stdio: 'ignore' },
  );
  await new Promise((r) => setTimeout(r, 3000));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 940 } });
  await page.goto('http://127.0.0.1:4191/#/timeline');
  await page.locator('.gbar').first().waitFor();
  await page.waitForTimeout(1000);
  await page.evaluate(`location.hash = '#/printers'`);
  await page.waitForTimeout(800);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.evaluate(`location.hash = '#/timeline'`);
  await page.locator('.gbar').first().waitFor();
  await page.waitForTimeout(300);
  const { profile } = (await cdp.send('Profiler.stop')) as any;
  const self = new Map<string, number>();
  const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
  const dt = profile.timeDeltas as number[];
  const counts = new Map<number, number>();
  profile.samples.forEach((id: number, i: number) =>
    counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)),
  );
  for (const [id, us] of counts) {
    const n = byId.get(id);
    let k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    if (n.callFrame.url.includes('index-')) {
      const o = smc.originalPositionFor({
        line: n.callFrame.lineNumber + 1,
        column: n.callFrame.columnNumber,
      });
      k = `${o.name ?? n.callFrame.functionName} ${String(o.source).split('/').slice(-2).join('/')}:${o.line}`;
    }
    self.set(k, (self.get(k) ?? 0) + us);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 30);
  for (const [k, us] of top) console.log((us / 1000).toFixed(1).padStart(8), k);
  // inclusive for some names
  await browser.close();
  child.kill();
}
main();
