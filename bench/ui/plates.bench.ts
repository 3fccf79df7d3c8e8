// Plates view benchmark: one plate with 300 parts from the 45 real Prusa MK3S models, rendered by
// the real studio (`plateshift serve`, the production renderer build) in headless Chromium with
// WebGL through SwiftShader. Reports draw calls and the main-thread cost of selecting and dragging
// a part, against a reference plate holding a single part measured in the same run.
// Run: node scripts/build.mjs && npx vite build && node scripts/run-ts.mjs bench/ui/plates.bench.ts
//      [--moves 60] [--clicks 20] [--quick]
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { validatePlate } from '../../shared/nesting/validate';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(benchDir, '..', '..');
const dataDir = resolve(repoRoot, '..', 'shared', 'data', 'models', 'prusa-i3-mk3s');
const CHROMIUM = process.env.PLATESHIFT_E2E_CHROMIUM ?? '/usr/bin/chromium';

const { values: args } = parseArgs({
  options: {
    moves: { type: 'string', default: '60' },
    clicks: { type: 'string', default: '20' },
    quick: { type: 'boolean', default: false },
    /** Also record a CPU profile of the big plate's drag and print the hottest functions. */
    profile: { type: 'boolean', default: false },
  },
});
const MOVES = args.quick ? 20 : Number(args.moves);
const CLICKS = args.quick ? 8 : Number(args.clicks);
const PARTS = 300;

// ---------------------------------------------------------------- host

interface Wire<T> {
  ok: boolean;
  value: T;
  error?: { message: string };
}

function post<T>(base: string, channel: string, input: unknown): Promise<T> {
  const body = JSON.stringify(input);
  return new Promise((ok, fail) => {
    const req = http.request(
      new URL(`api/call/${channel}`, base),
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => {
          try {
            const r = JSON.parse(text) as Wire<T>;
            if (r.ok) ok(r.value);
            else fail(new Error(`${channel}: ${r.error?.message ?? text.slice(0, 200)}`));
          } catch (err) {
            fail(err instanceof Error ? err : new Error(String(err)));
          }
        });
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

function serve(workspace: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(repoRoot, 'bin', 'plateshift.cjs'), 'serve', '--port', '0', '--workspace', workspace],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } },
  );
  let out = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((ok, fail) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /Serving PlateShift at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        ok({
          url: m[1],
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    child.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.once('exit', (code) => fail(new Error(`serve exited (${code}):\n${out}`)));
  });
}

interface Facts {
  bbox: { min: { x: number; y: number; z: number }; max: { x: number; y: number; z: number } };
  footprintOutline: { x: number; y: number }[][];
  footprintHull: { x: number; y: number }[] | null;
}
interface ModelRow {
  id: string;
  name: string;
  facts: Facts | null;
}
interface Placement {
  partId: string;
  modelId: string;
  x: number;
  y: number;
  rotationDeg: number;
  fixed: boolean;
}
interface Job {
  id: string;
  printerId: string;
  placements: Placement[];
}
interface Order {
  id: string;
  reference: string;
  lines: { modelId: string; parts: { id: string }[] }[];
}

/** Shelf packing by bounding boxes (rotation 0): a valid, dense-enough plate for rendering. */
function shelfLayout(
  items: { partId: string; modelId: string; w: number; d: number }[],
  bedWidth: number,
  gap: number,
): { placements: Placement[]; depth: number } {
  const sorted = [...items].sort((a, b) => b.d - a.d || a.partId.localeCompare(b.partId));
  const placements: Placement[] = [];
  let x = gap;
  let y = gap;
  let shelf = 0;
  for (const it of sorted) {
    if (x + it.w + gap > bedWidth) {
      x = gap;
      y += shelf + gap;
      shelf = 0;
    }
    placements.push({ partId: it.partId, modelId: it.modelId, x, y, rotationDeg: 0, fixed: true });
    x += it.w + gap;
    shelf = Math.max(shelf, it.d);
  }
  return { placements, depth: Math.ceil(y + shelf + gap) };
}

async function prepareWorkspace(base: string): Promise<{
  mainJob: string;
  refJob: string;
  models: number;
  parts: number;
  bed: { w: number; d: number };
}> {
  const files = readdirSync(dataDir)
    .filter((f) => f.toLowerCase().endsWith('.stl'))
    .sort();
  console.log(`importing ${files.length} STL files from ${dataDir}`);
  let orderId: string | null = null;
  const modelIds: string[] = [];
  for (const f of files) {
    const bytes = readFileSync(join(dataDir, f));
    const r: { orderId: string | null; items: { modelId?: string; ok: boolean }[] } = await post(
      base,
      'intake.import',
      {
        fileName: f,
        dataBase64: bytes.toString('base64'),
        orderId,
      },
    );
    orderId = r.orderId ?? orderId;
    const id = r.items[0]?.modelId;
    if (id) modelIds.push(id);
  }
  if (orderId) await post(base, 'orders.delete', { id: orderId });
  const unique = [...new Set(modelIds)];
  process.stdout.write('waiting for analysis');
  let models: ModelRow[] = [];
  for (let i = 0; i < 600; i++) {
    models = await post<ModelRow[]>(base, 'models.list', {});
    const done = unique.filter((id) => models.find((m) => m.id === id)?.facts).length;
    if (done === unique.length) break;
    process.stdout.write('.');
    await new Promise((r) => setTimeout(r, 1000));
  }
  console.log('');
  const byId = new Map(models.map((m) => [m.id, m]));
  const ready = unique.filter((id) => byId.get(id)?.facts);
  // 300 parts over the models (as even as possible) plus one more for the reference plate.
  const lines = ready.map((modelId, i) => ({
    modelId,
    quantity:
      Math.floor(PARTS / ready.length) + (i < PARTS % ready.length ? 1 : 0) + (i === 0 ? 1 : 0),
    profileId: null,
    material: 'PLA',
    color: '',
  }));
  const order = await post<Order>(base, 'orders.save', { reference: 'BENCH-300', lines });
  const parts = order.lines.flatMap((l) =>
    l.parts.map((p) => ({ partId: p.id, modelId: l.modelId })),
  );
  const refPart = parts.pop()!;
  const spacing = 6;
  const items = parts.map((p) => {
    const b = byId.get(p.modelId)!.facts!.bbox;
    return { ...p, w: b.max.x - b.min.x, d: b.max.y - b.min.y };
  });
  const bedWidth = 1400;
  const layout = shelfLayout(items, bedWidth, spacing);
  const maxZ = Math.max(
    ...ready.map((id) => byId.get(id)!.facts!.bbox.max.z - byId.get(id)!.facts!.bbox.min.z),
  );
  const bed = [
    { x: 0, y: 0 },
    { x: bedWidth, y: 0 },
    { x: bedWidth, y: layout.depth },
    { x: 0, y: layout.depth },
  ];
  const footprint = (id: string) => {
    const f = byId.get(id)!.facts!;
    return f.footprintOutline.length > 0 ? f.footprintOutline : [f.footprintHull!];
  };
  const problems = validatePlate(
    { outline: bed },
    layout.placements.map((p) => ({ id: p.partId, x: p.x, y: p.y, rotationDeg: 0 })),
    layout.placements.map((p) => ({ id: p.partId, footprint: footprint(p.modelId) })),
    spacing,
  );
  if (problems.length > 0) throw new Error(`bench layout is invalid: ${problems[0]?.message}`);
  const profiles = await post<{ id: string }[]>(base, 'profiles.list', {});
  const printer = await post<{ id: string }>(base, 'printers.save', {
    name: 'Bench farm bed',
    model: 'synthetic 1400 mm bed',
    bed,
    exclusionZones: [],
    maxHeightMm: Math.ceil(maxZ + 10),
    profileIds: profiles.map((p) => p.id),
  });
  console.log(`bed ${bedWidth}×${layout.depth} mm; planning ${parts.length + 1} parts`);
  const proposal = await post<{ plan: { id: string } }>(base, 'plans.propose', {
    timeLimitSeconds: 10,
  });
  const plan = await post<{ jobs: Job[] }>(base, 'plans.accept', { id: proposal.plan.id });
  if (plan.jobs.length < 2)
    throw new Error(`the plan has ${plan.jobs.length} job(s); the bench needs two`);
  const benchIds = new Set([...parts.map((p) => p.partId), refPart.partId]);
  const main = plan.jobs.find((j) => j.printerId === printer.id) ?? plan.jobs[0]!;
  const ref = plan.jobs.find((j) => j.id !== main.id)!;
  // The big plate must be on the big bed (the planner may have left it empty).
  if (main.printerId !== printer.id)
    await post(base, 'jobs.update', { id: main.id, printerId: printer.id });
  // Free every bench part from other plates first (a part may sit on one plate only).
  for (const j of plan.jobs) {
    if (j.id === main.id) continue;
    const keep = j.placements.filter((p) => !benchIds.has(p.partId));
    if (keep.length !== j.placements.length)
      await post(base, 'jobs.setPlacements', { id: j.id, placements: keep });
  }
  await post(base, 'jobs.setPlacements', { id: main.id, placements: layout.placements });
  await post(base, 'jobs.setPlacements', {
    id: ref.id,
    placements: [{ ...refPart, x: 20, y: 20, rotationDeg: 0, fixed: true }],
  });
  return {
    mainJob: main.id,
    refJob: ref.id,
    models: new Set(layout.placements.map((p) => p.modelId)).size,
    parts: layout.placements.length,
    bed: { w: bedWidth, d: layout.depth },
  };
}

// ---------------------------------------------------------------- browser

interface HookState {
  placements: Placement[];
  drawCalls: number;
  instances: number;
  meshes: number;
  frames: number;
  problems: unknown[];
  dragging: boolean;
}
type HookWindow = {
  __plateshiftPlates: {
    state(): HookState;
    partPoint(id: string): { x: number; y: number } | null;
    setPerf(on: boolean): void;
  };
};

const state = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as HookWindow).__plateshiftPlates.state());
const nextFrame = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((r) =>
        (
          globalThis as unknown as { requestAnimationFrame(cb: () => void): void }
        ).requestAnimationFrame(() => r()),
      ),
  );

async function scriptMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return {
    n: s.length,
    mean: round(mean, 3),
    p50: round(q(0.5), 3),
    p95: round(q(0.95), 3),
    max: round(q(1), 3),
  };
}

function round(v: number, d = 2): number {
  const k = 10 ** d;
  return Math.round(v * k) / k;
}

interface PlateRun {
  plate: string;
  parts: number;
  models: number;
  drawCalls: number;
  instances: number;
  loadMs: number;
  harnessPerStepMs: number;
  select: { perPressScriptMs: ReturnType<typeof stats>; handler: ReturnType<typeof stats> };
  move: {
    frames: number;
    perFrameScriptMs: ReturnType<typeof stats>;
    pointermove: ReturnType<typeof stats>;
    render: ReturnType<typeof stats>;
    handlerPlusRender: number;
  };
}

async function measurePlate(
  page: Page,
  cdp: CDPSession,
  base: string,
  jobId: string,
  label: string,
): Promise<PlateRun> {
  const t0 = Date.now();
  await page.goto(`${base}#/plates/${jobId}?perf=1`);
  const vp = page.getByTestId('plate-viewport');
  await vp.waitFor({ timeout: 60_000 });
  await page.waitForFunction(
    () => {
      const el = (
        globalThis as unknown as {
          document: { querySelector(s: string): { dataset: Record<string, string> } | null };
        }
      ).document.querySelector('[data-testid=plate-viewport]');
      return (
        el !== null &&
        el.dataset.models !== undefined &&
        el.dataset.meshesLoaded === el.dataset.models
      );
    },
    null,
    { timeout: 300_000 },
  );
  await page.getByTestId('plate-view-top').click();
  for (let i = 0; i < 3; i++) await nextFrame(page);
  const loadMs = Date.now() - t0;
  let s = await state(page);
  const parts = s.placements;
  const models = new Set(parts.map((p) => p.modelId)).size;
  await page.evaluate(() => {
    (globalThis as unknown as HookWindow).__plateshiftPlates.setPerf(true);
    performance.clearMeasures();
  });

  const hookPoint = (id: string) =>
    page.evaluate((i) => (globalThis as unknown as HookWindow).__plateshiftPlates.partPoint(i), id);
  // Points to press on, found before anything is measured (finding them ray-casts too).
  const stride = Math.max(1, Math.floor(parts.length / CLICKS));
  const clickPoints: { x: number; y: number }[] = [];
  for (let i = 0; clickPoints.length < CLICKS && i < parts.length * 2; i += stride) {
    const pt = await hookPoint(parts[i % parts.length]!.partId);
    if (pt) clickPoints.push(pt);
  }
  const box = await page.getByTestId('plate-canvas').boundingBox();
  if (!box || clickPoints.length === 0) throw new Error('nothing to click on');
  // Outside the bed, above the readout: a press there clears the selection.
  const empty = { x: box.x + 12, y: box.y + box.height - 60 };
  const mid = parts[Math.floor(parts.length / 2)]!;
  const from = await hookPoint(mid.partId);
  if (!from) throw new Error('no point on the dragged part');

  // Each step is timed on its own (Chromium's ScriptDuration before and after the input and the
  // frame it causes), so other processes on a shared machine show up as outliers, not as a
  // shifted mean.
  const step = async (act: () => Promise<void>) => {
    const t0 = await scriptMs(cdp);
    await act();
    await nextFrame(page);
    return (await scriptMs(cdp)) - t0;
  };
  const drag = async (n: number, measure: boolean) => {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 5, from.y + 5);
    await nextFrame(page);
    if (measure) await page.evaluate(() => performance.clearMeasures());
    const f0 = (await state(page)).frames;
    const per: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = (i / n) * Math.PI * 2;
      per.push(
        await step(() => page.mouse.move(from.x + 60 * Math.cos(a), from.y + 40 * Math.sin(a))),
      );
    }
    const f1 = (await state(page)).frames;
    await page.keyboard.press('Escape'); // cancels the drag: nothing is stored
    await page.mouse.up();
    return { per, frames: f1 - f0 };
  };
  const clicks = async (measure: boolean) => {
    if (measure) await page.evaluate(() => performance.clearMeasures());
    const per: number[] = [];
    for (let k = 0; k < CLICKS; k++) {
      const pt = clickPoints[k % clickPoints.length]!;
      per.push(await step(() => page.mouse.click(pt.x, pt.y)));
      per.push(await step(() => page.mouse.click(empty.x, empty.y)));
    }
    return per;
  };

  // Warm up (JIT, shader variants, first validations), then measure.
  await clicks(false);
  await drag(10, false);
  // What the harness itself costs per step (the per-frame evaluate), with nothing to render.
  const idle: number[] = [];
  for (let i = 0; i < 20; i++) idle.push(await step(async () => {}));
  const idlePerStep = stats(idle).p50;

  if (args.profile && parts.length > 1) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await drag(MOVES, false);
    await clicks(false);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    printHotspots(profile);
  }
  const pressed = (await clicks(true)).map((v) => v - idlePerStep);
  const downs = await page.evaluate(() =>
    performance.getEntriesByName('plates:pointerdown').map((e) => e.duration),
  );
  const moved = await drag(MOVES, true);
  const perFrame = moved.per.map((v) => v - idlePerStep);
  const moves = await page.evaluate(() =>
    performance.getEntriesByName('plates:pointermove').map((e) => e.duration),
  );
  const renders = await page.evaluate(() =>
    performance.getEntriesByName('plates:render').map((e) => e.duration),
  );
  s = await state(page);
  const frames = moved.frames;
  const pm = stats(moves);
  const rd = stats(renders);
  const run: PlateRun = {
    plate: label,
    parts: parts.length,
    models,
    drawCalls: s.drawCalls,
    instances: s.instances,
    loadMs,
    harnessPerStepMs: round(idlePerStep, 3),
    select: { perPressScriptMs: stats(pressed), handler: stats(downs) },
    move: {
      frames,
      perFrameScriptMs: stats(perFrame),
      pointermove: pm,
      render: rd,
      handlerPlusRender: round(pm.mean + rd.mean, 3),
    },
  };
  console.log(JSON.stringify(run));
  return run;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function over a CPU profile, hottest first. */
function printHotspots(profile: CpuProfile): void {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byNode.get(id)?.callFrame;
    if (!f) return;
    const key = `${f.functionName || '(anonymous)'} ${basename(f.url)}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`CPU profile: ${round(total, 1)} ms sampled; hottest (self ms):`);
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`  ${round(v, 1).toString().padStart(8)}  ${k}`);
  }
}

async function main(): Promise<void> {
  if (!existsSync(dataDir)) {
    console.log(`skipped: ${dataDir} is absent (the 45 MK3S models live in ../shared)`);
    return;
  }
  if (!existsSync(CHROMIUM)) {
    console.log(`skipped: Chromium not found at ${CHROMIUM}`);
    return;
  }
  if (!existsSync(join(repoRoot, 'dist', 'renderer', 'index.html'))) {
    console.log('skipped: build first (node scripts/build.mjs && npx vite build)');
    return;
  }
  const parent = mkdtempSync(join(tmpdir(), 'plateshift-bench-ui-'));
  const studio = await serve(join(parent, 'workspace'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const prep = await prepareWorkspace(studio.url);
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    // Reference first, then the big plate, then the reference again (warm), keeping the better one.
    const refCold = await measurePlate(page, cdp, studio.url, prep.refJob, 'reference (1 part)');
    const big = await measurePlate(
      page,
      cdp,
      studio.url,
      prep.mainJob,
      `${prep.parts} parts / ${prep.models} models`,
    );
    await page.screenshot({ path: join(benchDir, 'plates.bench.png') });
    const refWarm = await measurePlate(page, cdp, studio.url, prep.refJob, 'reference (1 part)');
    const ref =
      refWarm.move.perFrameScriptMs.p50 <= refCold.move.perFrameScriptMs.p50 ? refWarm : refCold;
    const result = {
      date: new Date().toISOString(),
      load: loadavg()
        .map((v) => v.toFixed(1))
        .join(' '),
      machine: `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}`,
      chromium: browser.version(),
      renderer: 'SwiftShader (WebGL2, software)',
      moves: MOVES,
      clicks: CLICKS,
      bed: prep.bed,
      plate: big,
      reference: ref,
      targets: { drawCalls: 50, perFrameScriptMs: 4 },
      pass: {
        drawCalls: big.drawCalls <= 50,
        // A typical frame (median); the mean and p95 are in the table.
        perFrameScriptMs: big.move.perFrameScriptMs.p50 < 4,
        perPressScriptMs: big.select.perPressScriptMs.p50 < 4,
      },
      pageErrors: errors,
    };
    writeFileSync(join(benchDir, 'plates.results.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(benchDir, 'plates.results.md'), markdown(result));
    console.log(markdown(result));
  } finally {
    await browser.close();
    await studio.stop();
    rmSync(parent, { recursive: true, force: true });
  }
}

function markdown(r: {
  date: string;
  machine: string;
  load: string;
  chromium: string;
  renderer: string;
  moves: number;
  clicks: number;
  bed: { w: number; d: number };
  plate: PlateRun;
  reference: PlateRun;
  pass: { drawCalls: boolean; perFrameScriptMs: boolean; perPressScriptMs: boolean };
}): string {
  const row = (name: string, f: (p: PlateRun) => string) =>
    `| ${name} | ${f(r.plate)} | ${f(r.reference)} |`;
  const dist = (d: ReturnType<typeof stats>) => `${d.p50} / ${d.mean} / ${d.p95}`;
  const yes = (b: boolean) => (b ? 'yes' : 'NO');
  return [
    `# Plates view benchmark (${basename(fileURLToPath(import.meta.url))})`,
    '',
    `${r.date} · ${r.machine} (load average ${r.load} at the end) · Chromium ${r.chromium} headless · ${r.renderer}`,
    '',
    `One plate (${r.bed.w}×${r.bed.d} mm synthetic bed) holding ${r.plate.parts} parts of ${r.plate.models} distinct real`,
    'models (the 45 Prusa MK3S STL files imported through `intake.import`, planned, then arranged with',
    '`jobs.setPlacements`), against a reference plate holding one part, measured in the same run.',
    `Top view, 1600×900 window. Selection: ${r.clicks} rounds of press a part, press empty space. Move: ${r.moves} pointer`,
    'moves of a dragged part, one frame each. Script times: median / mean / p95 per step (ms).',
    '',
    `| | ${r.plate.plate} | ${r.reference.plate} |`,
    '|---|---:|---:|',
    row('draw calls per frame (target ≤ ~50)', (p) => `**${p.drawCalls}**`),
    row('instances', (p) => String(p.instances)),
    row('opening the plate until every mesh is drawn (ms)', (p) => String(p.loadMs)),
    row(
      '**move: main-thread script per frame** (target < 4)',
      (p) => `**${dist(p.move.perFrameScriptMs)}**`,
    ),
    row('move: pointermove handler', (p) => dist(p.move.pointermove)),
    row('move: gl.render call', (p) => dist(p.move.render)),
    row('move: frames drawn / pointer moves', (p) => `${p.move.frames} / ${p.move.pointermove.n}`),
    row(
      '**select: main-thread script per press**',
      (p) => `**${dist(p.select.perPressScriptMs)}**`,
    ),
    row('select: pointerdown handler (pick)', (p) => dist(p.select.handler)),
    '',
    `Draw calls ≤ 50: **${yes(r.pass.drawCalls)}** · median move frame < 4 ms: **${yes(r.pass.perFrameScriptMs)}** ·`,
    `median press < 4 ms: **${yes(r.pass.perPressScriptMs)}**`,
    '',
    "Main-thread script is Chromium's own counter (CDP `Performance.getMetrics` → `ScriptDuration`) read before",
    'and after each step (the input plus the frame it causes), minus the median cost of an empty step (the',
    "harness's `evaluate`). It covers everything the page runs: the pointer handlers, live validation, the store,",
    'React, and three.js issuing the draw calls. The handler and render rows are User Timing measures placed',
    'around those calls in the Plates view (`?perf=1`). The machine is shared, so means and p95 carry other',
    "processes' preemption; the median is the typical frame.",
    '',
  ].join('\n');
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
