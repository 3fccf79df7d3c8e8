import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { fillTimelineWorkspace } from './timeline-workspace';

async function main() {
  const dir = join(mkdtempSync(join(tmpdir(), 'tlprof-')), 'ws');
  fillTimelineWorkspace(dir, { printers: 20, jobs: 1000, days: 28, partsPerJob: 6, nowMs: Date.now(), seed: 7 });
  const child = spawn(process.execPath, ['/work/main/bin/plateshift.cjs', 'serve', '--port', '4192', '--workspace', dir], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 3000));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1600, height: 940 } });
  await page.goto('http://127.0.0.1:4192/#/timeline');
  await page.locator('.gbar').first().waitFor();
  await page.waitForTimeout(1500);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const get = async () => Object.fromEntries(((await cdp.send('Performance.getMetrics')) as any).metrics.map((m: any) => [m.name, m.value]));
  const variants: Record<string, string> = {
    A: '',
    B: '.gbar { background: var(--bar) !important; }',
    C: '.gbar { background: var(--bar) !important; color: transparent !important; }',
    D: '.gbar { display: none !important; } .gwait { display:none !important; }',
    A2: '',
  };
  await page.getByTestId('zoom-week').click();
  for (const [name, css] of Object.entries(variants)) {
    const zoom = name;
    await page.evaluate(`(() => { let s = document.getElementById('xx'); if (!s) { s = document.createElement('style'); s.id = 'xx'; document.head.appendChild(s); } s.textContent = ${JSON.stringify(css)}; })()`);
    for (let i = 0; i < 5; i++) {
      await page.evaluate(`location.hash = '#/printers'`);
      await page.waitForTimeout(700);
      const a = await get();
      const t0 = Date.now();
      await page.evaluate(`new Promise(async (res) => { location.hash = '#/timeline'; const raf = () => new Promise(r => requestAnimationFrame(r)); for (let i=0;i<600 && !document.querySelector('.gbar');i++) await raf(); await raf(); res(); })`);
      const wall = Date.now() - t0;
      const b = await get();
      const d = (k: string) => ((b[k] - a[k]) * 1000).toFixed(0);
      console.log(zoom, 'wall', wall, 'task', d('TaskDuration'), 'script', d('ScriptDuration'), 'layout', d('LayoutDuration'), 'style', d('RecalcStyleDuration'));
      await page.waitForTimeout(800);
    }
  }
  await browser.close();
  child.kill();
}
main();
