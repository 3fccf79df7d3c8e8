// Profiles one entry into the Timeline (plan in the query cache, 4-week zoom by default) under
// Chromium tracing and prints where the time goes: per thread, per top-level main-thread event,
// and the hottest JavaScript functions (mapped through the renderer's source map).
// Run: node scripts/run-ts.mjs bench/ui/timeline.profile.ts [--zoom month|week] [--runs 3]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { SourceMapConsumer } from 'source-map';
import { fillTimelineWorkspace } from './timeline-workspace';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(benchDir, '..', '..');
const { values: args } = parseArgs({
  options: {
    zoom: { type: 'string', default: 'month' },
    runs: { type: 'string', default: '3' },
    jobs: { type: 'string', default: '1000' },
    out: { type: 'string', default: '' },
    /** Extra CSS injected before measuring (to try out paint costs). */
    css: { type: 'string', default: '' },
    quiet: { type: 'boolean', default: false },
    /** Save a screenshot of the Timeline after the runs. */
    shot: { type: 'string', default: '' },
    /** Profile the benchmark's scroll sweep (through time, a jump down the printers every 10th step) instead of entering the view. */
    sweep: { type: 'boolean', default: false },
  },
});

interface Ev {
  ph: string;
  name: string;
  cat?: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: Record<string, unknown>;
}

function serve(workspace: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'bin', 'plateshift.cjs'), 'serve', '--port', '0', '--workspace', workspace],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } },
  );
  let out = '';
  return new Promise((ok, fail) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /Serving PlateShift at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) ok({ url: m[1], stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => fail(new Error(`serve exited ${code}: ${out}`)));
  });
}

const ENTER = `async () => {
  const raf = () => new Promise((r) => requestAnimationFrame(() => r()));
  const ready = () => document.querySelectorAll('[data-testid="printer-lane"]').length >= 8 && document.querySelector('.gbar') !== null;
  performance.mark('tl-nav');
  location.hash = '#/timeline';
  for (let i = 0; i < 1200 && !ready(); i++) await raf();
  performance.mark('tl-committed');
  await raf();
  performance.mark('tl-frame');
  const frame = performance.measure('tl-first-frame', 'tl-nav', 'tl-frame').duration;
  // What the first frame showed against what is there once everything settled: the bars, bands
  // and now-line inside the visible part of the lanes must all be in the first frame already.
  const visible = () => {
    const lanes = document.querySelector('.gantt__scroller').getBoundingClientRect();
    const left = lanes.left + 220, top = lanes.top + 50;
    const inView = (sel) => [...document.querySelectorAll(sel)].filter((e) => {
      const r = e.getBoundingClientRect();
      return r.right > left && r.left < lanes.right && r.bottom > top && r.top < lanes.bottom;
    }).map((e) => e.dataset.jobId ?? e.style.left).sort().join(',');
    return { bars: inView('.gbar'), bands: inView('[data-testid="operator-band"]'), now: inView('.gnow') };
  };
  const first = visible();
  await new Promise((r) => setTimeout(r, 1500));
  const later = visible();
  const same = first.bars === later.bars && first.bands === later.bands && first.now === later.now;
  return { frame, same, bars: first.bars.split(',').length, drawn: document.querySelectorAll('.gbar').length };
}`;

/** The bench's sweep, between the same marks as ENTER so `report` reads it the same way. */
const SWEEP = `async () => {
  const el = document.querySelector('.gantt__scroller');
  const raf = () => new Promise((r) => requestAnimationFrame((t) => r(t)));
  const longTasks = [];
  const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) longTasks.push(Math.round(e.duration)); });
  try { obs.observe({ type: 'longtask' }); } catch {}
  await raf();
  performance.mark('tl-nav');
  const t0 = performance.now();
  let dir = 1;
  for (let i = 0; i < 60; i++) {
    const max = el.scrollWidth - el.clientWidth;
    if (el.scrollLeft + 53 * dir > max || el.scrollLeft + 53 * dir < 0) dir = -dir;
    el.scrollLeft += 53 * dir;
    if (i % 10 === 5) el.scrollTop = el.scrollTop > 0 ? 0 : 400;
    await raf();
  }
  performance.mark('tl-frame');
  const frame = performance.now() - t0;
  const waiting = document.querySelectorAll('.gcell-wait').length;
  await new Promise((r) => setTimeout(r, 1500));
  obs.disconnect();
  const drawn = document.querySelectorAll('.gbar').length;
  const left = document.querySelectorAll('.gcell-wait').length;
  console.log('placeholders at the end of the sweep ' + waiting + ', 1.5 s later ' + left);
  return { frame, same: left === 0, bars: longTasks.length, drawn, longTasks };
}`;

async function main(): Promise<void> {
  const parent = mkdtempSync(join(tmpdir(), 'plateshift-tl-prof-'));
  const dir = join(parent, 'w');
  fillTimelineWorkspace(dir, {
    printers: 20,
    jobs: Number(args.jobs),
    days: 28,
    partsPerJob: 6,
    nowMs: Date.now(),
    seed: 7,
  });
  const host = await serve(dir);
  const browser = await chromium.launch({
    executablePath: process.env.PLATESHIFT_E2E_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--no-first-run'],
  });
  const assets = join(repoRoot, 'dist', 'renderer', 'assets');
  const mapFile = readdirSync(assets).find((f) => /^index-.*\.js\.map$/.test(f));
  const consumer = mapFile
    ? await new SourceMapConsumer(JSON.parse(readFileSync(join(assets, mapFile), 'utf8')))
    : null;
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 940 } });
    page.on('console', (m) => {
      if (m.type() === 'error') console.log('console error:', m.text());
      else if (args.sweep && m.text().startsWith('placeholders')) console.log(`  ${m.text()}`);
    });
    await page.goto(`${host.url}#/timeline`);
    await page.locator('.gbar').first().waitFor({ timeout: 60_000 });
    if (args.css) await page.addStyleTag({ content: args.css });
    await page.getByTestId(`zoom-${args.zoom}`).click();
    await page.waitForTimeout(800);
    for (let run = 0; run < Number(args.runs); run++) {
      await page.evaluate(`location.hash = '#/printers'`);
      await page.getByTestId('printer-table').waitFor();
      await page.waitForTimeout(600);
      await browser.startTracing(page, {
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'disabled-by-default-devtools.timeline.frame',
          'toplevel',
          'blink.user_timing',
          'v8.execute',
          'disabled-by-default-v8.cpu_profiler',
          'loading',
        ],
      });
      if (args.sweep) {
        // Enter first (untraced), then trace the sweep only.
        const t = browser;
        await t.stopTracing();
        await page.evaluate(`(${ENTER})()`);
        await page.waitForTimeout(800);
        await t.startTracing(page, {
          categories: [
            'devtools.timeline',
            'disabled-by-default-devtools.timeline',
            'toplevel',
            'blink.user_timing',
            'v8.execute',
            'disabled-by-default-v8.cpu_profiler',
          ],
        });
      }
      const entered = (await page.evaluate(`(${args.sweep ? SWEEP : ENTER})()`)) as {
        frame: number;
        same: boolean;
        bars: number;
        drawn: number;
        longTasks?: number[];
      };
      const frame = entered.frame;
      if (entered.longTasks)
        console.log(`  long tasks during the sweep: ${entered.longTasks.join(', ') || 'none'}`);
      console.log(
        `  first frame showed ${entered.bars} bars in view; same as after settling: ${entered.same}; drawn after settling ${entered.drawn}`,
      );
      const buf = await browser.stopTracing();
      if (args.out) writeFileSync(`${args.out}-${run}.json`, buf);
      const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: Ev[] }).traceEvents;
      report(events, frame, consumer);
    }
    printSummary();
    if (args.shot) {
      await page.waitForTimeout(1000);
      await page.screenshot({ path: args.shot });
    }
  } finally {
    await browser.close();
    host.stop();
    setTimeout(() => rmSync(parent, { recursive: true, force: true }), 1000);
  }
}

const summary: Record<string, number>[] = [];

function printSummary(): void {
  if (summary.length === 0) return;
  const keys = Object.keys(summary[0] ?? {});
  const med = (k: string) => {
    const xs = summary.map((r) => r[k] ?? 0).sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)] ?? 0;
  };
  console.log(
    `\nmedian of ${summary.length} runs: ${keys.map((k) => `${k} ${med(k).toFixed(1)}`).join(', ')}`,
  );
}

function report(events: Ev[], frame: number, consumer: SourceMapConsumer | null): void {
  const names = new Map<string, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') {
      names.set(`${e.pid}:${e.tid}`, String((e.args as { name?: string }).name));
    }
  }
  const main = [...names].find(([, n]) => n === 'CrRendererMain')?.[0];
  const marks = events.filter(
    (e) => e.cat?.includes('blink.user_timing') && e.name.startsWith('tl-'),
  );
  const nav = marks.find((e) => e.name === 'tl-nav')?.ts ?? 0;
  const end = marks.find((e) => e.name === 'tl-frame')?.ts ?? Infinity;
  console.log(
    `\n=== first frame ${frame.toFixed(1)} ms (load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
  // Per thread CPU within [nav, end] and after.
  const perThread = new Map<string, { inFrame: number; after: number }>();
  for (const e of events) {
    if (e.ph !== 'X' || (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask'))
      continue;
    const k = `${e.pid}:${e.tid}`;
    const t = perThread.get(k) ?? { inFrame: 0, after: 0 };
    const cpu = (e.tdur ?? e.dur ?? 0) / 1000;
    if (e.ts >= nav && e.ts < end) t.inFrame += cpu;
    else if (e.ts >= end) t.after += cpu;
    perThread.set(k, t);
  }
  for (const [k, t] of perThread) {
    if (t.inFrame + t.after < 2) continue;
    console.log(
      `  thread ${names.get(k) ?? k}: in frame ${t.inFrame.toFixed(1)} ms CPU, after ${t.after.toFixed(1)} ms`,
    );
  }
  // Main-thread events, self time by name, in the frame window.
  const mainEv = events
    .filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.ts >= nav && e.ts < end)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: Ev[] = [];
  for (const e of mainEv) {
    while (stack.length && stack.at(-1)!.ts + (stack.at(-1)!.dur ?? 0) <= e.ts) stack.pop();
    const parent = stack.at(-1);
    const d = (e.dur ?? 0) / 1000;
    self.set(e.name, (self.get(e.name) ?? 0) + d);
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - d);
    stack.push(e);
  }
  const cpuOf = new Map<string, number>();
  for (const e of mainEv) {
    cpuOf.set(e.name, (cpuOf.get(e.name) ?? 0) + (e.tdur ?? 0) / 1000);
  }
  const pick = [
    'FunctionCall',
    'UpdateLayoutTree',
    'Layout',
    'PrePaint',
    'Paint',
    'Layerize',
    'Commit',
    'HitTest',
  ];
  console.log(
    `  CPU (tdur, may nest): ${pick.map((n) => `${n} ${(cpuOf.get(n) ?? 0).toFixed(1)}`).join(', ')}`,
  );
  const row: Record<string, number> = { frame };
  for (const n of pick) row[n] = cpuOf.get(n) ?? 0;
  row.mainCpu = [...perThread].find(([k]) => names.get(k) === 'CrRendererMain')?.[1].inFrame ?? 0;
  summary.push(row);
  if (args.quiet) return;
  console.log('  main thread self time (wall) by event in the frame window:');
  for (const [n, d] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 16)) {
    console.log(`    ${d.toFixed(1).padStart(7)} ms  ${n}`);
  }
  // Timeline of main-thread top-level tasks.
  console.log('  main thread tasks in the frame window (ts from nav, dur, tdur):');
  for (const e of mainEv) {
    if (e.name !== 'RunTask' || (e.dur ?? 0) < 3000) continue;
    const kids = mainEv
      .filter(
        (k) =>
          k.ts >= e.ts &&
          k.ts < e.ts + (e.dur ?? 0) &&
          k !== e &&
          (k.dur ?? 0) > 2000 &&
          k.name !== 'RunTask',
      )
      .slice(0, 8)
      .map((k) => `${k.name} ${((k.dur ?? 0) / 1000).toFixed(1)}`);
    console.log(
      `    +${((e.ts - nav) / 1000).toFixed(1)} dur ${((e.dur ?? 0) / 1000).toFixed(1)} cpu ${((e.tdur ?? 0) / 1000).toFixed(1)}: ${kids.join(', ')}`,
    );
  }
  // JS CPU profile self time.
  const nodes = new Map<number, { fn: string; url: string; line: number; col: number }>();
  const selfUs = new Map<number, number>();
  const selfAfter = new Map<number, number>();
  let clock = 0;
  for (const e of events) {
    if (e.name === 'Profile') {
      clock = Number((e.args as { data?: { startTime?: number } }).data?.startTime ?? 0);
      continue;
    }
    if (e.name !== 'ProfileChunk') continue;
    const data = (
      e.args as {
        data?: {
          cpuProfile?: {
            nodes?: {
              id: number;
              callFrame: {
                functionName: string;
                url: string;
                lineNumber: number;
                columnNumber: number;
              };
            }[];
            samples?: number[];
          };
          timeDeltas?: number[];
        };
      }
    ).data;
    for (const n of data?.cpuProfile?.nodes ?? []) {
      nodes.set(n.id, {
        fn: n.callFrame.functionName,
        url: n.callFrame.url,
        line: n.callFrame.lineNumber,
        col: n.callFrame.columnNumber,
      });
    }
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    samples.forEach((s, i) => {
      clock += deltas[i] ?? 0;
      const into = clock >= nav && clock < end ? selfUs : clock >= end ? selfAfter : null;
      into?.set(s, (into.get(s) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0));
    });
  }
  for (const [title, table] of [
    ['in the frame window', selfUs],
    ['after the frame', selfAfter],
  ] as const) {
    const byFn = new Map<string, number>();
    for (const [id, us] of table) {
      const n = nodes.get(id);
      if (!n) continue;
      let label = `${n.fn || '(anon)'} ${n.url ?? ''}`;
      if (consumer && n.url?.includes('/assets/index-') && n.line >= 0) {
        const p = consumer.originalPositionFor({ line: n.line + 1, column: n.col });
        label = `${p.name ?? n.fn ?? '?'} ${p.source?.replace(/^.*?(renderer|shared|node_modules)\//, '$1/')}:${p.line}`;
      }
      byFn.set(label, (byFn.get(label) ?? 0) + us / 1000);
    }
    console.log(`  hottest JS (self) ${title}:`);
    for (const [n, ms] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 22)) {
      console.log(`    ${ms.toFixed(1).padStart(7)} ms  ${n}`);
    }
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
