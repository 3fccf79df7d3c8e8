import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { fillTimelineWorkspace } from './timeline-workspace';

async function main() {
  const dir = join(mkdtempSync(join(tmpdir(), 'tlprof-')), 'ws');
  fillTimelineWorkspace(dir, { printers: 20, jobs: 1000, days: 28, partsPerJob: 6, nowMs: Date.now(), seed: 7 });
  const child = spawn(process.execPath, ['/work/main/bin/plateshift.cjs', 'serve', '--port', '4193', '--workspace', dir], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 3000));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1600, height: 940 } });
  await page.goto('http://127.0.0.1:4193/#/timeline');
  await page.locator('.gbar').first().waitFor();
  await page.waitForTimeout(1500);
  for (const zoom of ['week', 'month']) {
    await page.getByTestId(`zoom-${zoom}`).click();
    for (let i = 0; i < 3; i++) {
      await page.evaluate(`location.hash = '#/printers'`);
      await page.waitForTimeout(700);
      await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
      const t0 = Date.now();
      await page.evaluate(`new Promise(async (res) => { location.hash = '#/timeline'; const raf = () => new Promise(r => requestAnimationFrame(r)); for (let i=0;i<600 && !document.querySelector('.gbar');i++) await raf(); await raf(); res(); })`);
      const wall = Date.now() - t0;
      const buf = await browser.stopTracing();
      const events = JSON.parse(buf.toString()).traceEvents as any[];
      const threads = new Map<string, string>();
      for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
      const sums = new Map<string, { dur: number; tdur: number }>();
      const byName = new Map<string, number>();
      for (const e of events) {
        if (e.ph !== 'X') continue;
        const th = threads.get(`${e.pid}:${e.tid}`) ?? '?';
        if (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') {
          const s = sums.get(th) ?? { dur: 0, tdur: 0 };
          s.dur += e.dur ?? 0; s.tdur += e.tdur ?? 0; sums.set(th, s);
        }
        if (th === 'CrRendererMain' && ['FunctionCall','Layout','UpdateLayoutTree','Paint','PrePaint','Layerize','EvaluateScript','v8.run','TimerFire','FireAnimationFrame','ParseHTML','UpdateLayerTree','Commit'].includes(e.name)) {
          byName.set(e.name, (byName.get(e.name) ?? 0) + (e.tdur ?? 0));
        }
      }
      console.log(zoom, 'wall', wall, [...sums].filter(([k]) => /Renderer|Compositor|Raster|TileWorker/.test(k)).map(([k, v]) => `${k} dur ${(v.dur/1000).toFixed(0)} cpu ${(v.tdur/1000).toFixed(0)}`).join(' | '));
      console.log('   ', [...byName].map(([k, v]) => `${k} ${(v/1000).toFixed(0)}`).join(', '));
      await page.waitForTimeout(800);
    }
  }
  await browser.close();
  child.kill();
}
main();
