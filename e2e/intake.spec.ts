import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  browserSkipReason,
  callApi,
  launchChromium,
  repoRoot,
  saveScreenshot,
  serveStudio,
  tempWorkspace,
  watchPageErrors,
  type ServedStudio,
} from './harness';

/**
 * Model intake in browser mode, driven the way a technician does it: files dragged onto the
 * Queue. The drop is a real `drop` event carrying a DataTransfer of File objects built in the
 * page from the files' bytes, so the page's own drop handling, reading, base64 encoding,
 * uploads and progress run as they do for a user.
 */

const skip = browserSkipReason();
if (skip) console.warn(`e2e/intake.spec.ts skipped: ${skip}`);

const PRUSA_DIR = resolve(repoRoot, '..', 'shared', 'data', 'models', 'prusa-i3-mk3s');
const hasPrusa = existsSync(PRUSA_DIR);
if (!skip && !hasPrusa) {
  console.warn(
    `e2e/intake.spec.ts: the 45-part drop is skipped: ${PRUSA_DIR} is absent (it lives in ../shared next to the repository).`,
  );
}

interface DropFile {
  name: string;
  bytes: Buffer;
}

/** A closed 20 mm cube as a binary STL (80-byte header, count, 50 bytes per triangle). */
function cubeStl(size = 20): Buffer {
  const v = (x: number, y: number, z: number) => [x * size, y * size, z * size];
  const quads = [
    [v(0, 0, 0), v(0, 1, 0), v(1, 1, 0), v(1, 0, 0)],
    [v(0, 0, 1), v(1, 0, 1), v(1, 1, 1), v(0, 1, 1)],
    [v(0, 0, 0), v(1, 0, 0), v(1, 0, 1), v(0, 0, 1)],
    [v(1, 0, 0), v(1, 1, 0), v(1, 1, 1), v(1, 0, 1)],
    [v(1, 1, 0), v(0, 1, 0), v(0, 1, 1), v(1, 1, 1)],
    [v(0, 1, 0), v(0, 0, 0), v(0, 0, 1), v(0, 1, 1)],
  ];
  const tris = quads.flatMap(([a, b, c, d]) => [
    [a, b, c],
    [a, c, d],
  ]);
  const buf = Buffer.alloc(84 + tris.length * 50);
  buf.write('e2e cube', 0, 'ascii');
  buf.writeUInt32LE(tris.length, 80);
  tris.forEach((tri, i) => {
    const o = 84 + i * 50 + 12;
    tri.forEach((p, k) => p!.forEach((c, j) => buf.writeFloatLE(c, o + k * 12 + j * 4)));
  });
  return buf;
}

/** A UV sphere as a binary STL: enough triangles that its analysis takes a moment. */
function sphereStl(radius: number, rings: number, segments: number): Buffer {
  const point = (r: number, s: number) => {
    const theta = (Math.PI * r) / rings;
    const phi = (2 * Math.PI * s) / segments;
    return [
      radius * Math.sin(theta) * Math.cos(phi),
      radius * Math.sin(theta) * Math.sin(phi),
      radius * Math.cos(theta),
    ];
  };
  const tris: number[][][] = [];
  for (let r = 0; r < rings; r++) {
    for (let s = 0; s < segments; s++) {
      const a = point(r, s);
      const b = point(r + 1, s);
      const c = point(r + 1, s + 1);
      const d = point(r, s + 1);
      if (r > 0) tris.push([a, b, d]);
      if (r < rings - 1) tris.push([b, c, d]);
    }
  }
  const buf = Buffer.alloc(84 + tris.length * 50);
  buf.writeUInt32LE(tris.length, 80);
  tris.forEach((tri, i) => {
    const o = 84 + i * 50 + 12;
    tri.forEach((p, k) => p.forEach((c, j) => buf.writeFloatLE(c, o + k * 12 + j * 4)));
  });
  return buf;
}

/** The three bad files the issue names: a PNG renamed .stl, an empty file, a cut-off STL. */
function badFiles(sample: Buffer): DropFile[] {
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.alloc(256, 7),
  ]);
  return [
    { name: 'holiday-photo.stl', bytes: png },
    { name: 'empty.stl', bytes: Buffer.alloc(0) },
    {
      name: 'truncated.stl',
      bytes: sample.subarray(0, Math.min(sample.length - 1, 84 + 50 * 30 + 17)),
    },
  ];
}

/**
 * Builds the File objects in the page and a DataTransfer holding them (not timed: this is the
 * test handing the files over, what the OS does for a user).
 */
async function prepareDrop(page: Page, files: DropFile[]) {
  const payload = files.map((f) => ({ name: f.name, b64: f.bytes.toString('base64') }));
  return page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name, { type: 'application/octet-stream' }));
    }
    return dt;
  }, payload);
}

/**
 * A real drag and drop: dragenter → dragover (the overlay shows) → drop on the target, with
 * a DataTransfer of File objects. Returns when the drop event has run.
 */
async function dropFiles(
  page: Page,
  target: Locator,
  files: DropFile[],
  beforeDrop: () => void | Promise<void> = () => undefined,
): Promise<void> {
  const dataTransfer = await prepareDrop(page, files);
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('dragover', { dataTransfer });
  await page.getByTestId('drop-overlay').waitFor();
  await beforeDrop();
  await target.dispatchEvent('drop', { dataTransfer });
  await dataTransfer.dispose();
}

interface RowState {
  file: string;
  state: string;
  verdict: string;
  facts: string;
  footprint: string;
  fit: string;
  /** all / some / none (summarizeFit's level). */
  fitLevel: string;
  /** Names of the printers the part fits, '|'-separated, in the workspace's order. */
  fitPrinters: string;
  error: string;
}

function readRows(page: Page): Promise<RowState[]> {
  return page.$$eval('[data-testid="intake-row"]', (rows) =>
    rows.map((r) => {
      const el = r as HTMLElement;
      const text = (id: string) => el.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
      return {
        file: el.dataset.file ?? '',
        state: el.dataset.state ?? '',
        verdict: el.dataset.verdict ?? '',
        facts: el.dataset.facts ?? '',
        footprint: text('intake-footprint'),
        fit: text('intake-fit'),
        fitLevel: el.querySelector<HTMLElement>('[data-testid="intake-fit"]')?.dataset.fit ?? '',
        fitPrinters:
          el.querySelector<HTMLElement>('[data-testid="intake-fit"]')?.dataset.fitPrinters ?? '',
        error: text('intake-error'),
      };
    }),
  );
}

/** A row is settled when it shows its verdict and, for a stored model, footprint and fit. */
function settled(r: RowState): boolean {
  if (r.state !== 'done' && r.state !== 'failed' && r.state !== 'cancelled') return false;
  if (r.verdict === 'error' && r.error) return true;
  return r.verdict !== 'none' && r.facts === 'ready' && r.footprint !== '' && r.fit !== '';
}

async function waitForSettledRows(page: Page, count: number, timeoutMs = 150_000) {
  await page.waitForFunction(
    (n) => {
      const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="intake-row"]')];
      if (rows.length < n) return false;
      return rows.every((el) => {
        const state = el.dataset.state;
        if (state !== 'done' && state !== 'failed' && state !== 'cancelled') return false;
        const error = el.querySelector('[data-testid="intake-error"]')?.textContent ?? '';
        if (el.dataset.verdict === 'error' && error) return true;
        return (
          el.dataset.verdict !== 'none' &&
          el.dataset.facts === 'ready' &&
          !!el.querySelector('[data-testid="intake-footprint"]')?.textContent &&
          !!el.querySelector('[data-testid="intake-fit"]')?.textContent
        );
      });
    },
    count,
    { timeout: timeoutMs, polling: 100 },
  );
}

/**
 * "Within a few seconds": every verdict, footprint and fit of the 45-part drop is on screen
 * this long after the drop at most, by the page's own timer (drop → the last row's facts).
 * Measured 3.4-5.2 s for the 48 files on this quiet 2-core machine (the studio's own processes
 * use about 6-10 s of CPU for it: server, renderer, and the GPU process, which rasterises the
 * thumbnails in software here); 8 s leaves room for a slower CI machine and is still "a few
 * seconds". The bound is not widened for a busy machine: when other processes took more than
 * MAX_OTHERS_BUSY_SHARE of the cores during the drop (from /proc/stat minus what the
 * studio's own processes used), the run cannot judge the bound, says so in its output and the
 * artifact (`judged: false`), and checks everything else.
 */
const SETTLE_BOUND_MS = 8000;
const MAX_OTHERS_BUSY_SHARE = 0.25;

/** Busy and total CPU time of the whole machine (ms, Linux), or null elsewhere. */
function machineCpuMs(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    return { busy: ((total - idle) * 1000) / 100, total: (total * 1000) / 100 };
  } catch {
    return null;
  }
}

/** CPU time (user + system, ms) of a Linux process and its threads, or null elsewhere. */
function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** The pid of the `plateshift serve` process holding `workspaceDir` (Linux), or null. */
function servePid(workspaceDir: string): number | null {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (cmd.includes('\0serve\0') && cmd.includes(workspaceDir)) return Number(entry);
    }
  } catch {
    // not Linux: no per-process figures
  }
  return null;
}

/** CPU time (ms) of the browser's processes by type (browser, renderer, GPU…). */
async function chromiumCpuMs(browser: Browser): Promise<Record<string, number>> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const info = (await cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; cpuTime: number }[];
    };
    const out: Record<string, number> = {};
    for (const p of info.processInfo) out[p.type] = (out[p.type] ?? 0) + p.cpuTime * 1000;
    return out;
  } finally {
    await cdp.detach();
  }
}

interface ApiOk<T> {
  ok: boolean;
  value: T;
}
interface StoredOrder {
  id: string;
  reference: string;
  priority: number;
  dueAt: string | null;
  lines: { id: string; modelId: string; quantity: number; profileId: string | null }[];
}

describe.skipIf(skip !== null)('intake: files dropped on the Queue', () => {
  const workspace = tempWorkspace();
  let studio: ServedStudio;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    studio = await serveStudio(workspace.dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    errors = watchPageErrors(page);
    await page.goto(`${studio.url}#/queue`);
    // The demo workspace's orders are on screen: the page is ready for a drop.
    await page.getByTestId('order-row').first().waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.stop();
    workspace.remove();
  });

  it.skipIf(!hasPrusa)(
    'shows verdict, footprint and fit for all 45 Prusa parts, and a clear error for each bad file',
    async () => {
      const names = readdirSync(PRUSA_DIR)
        .filter((n) => n.toLowerCase().endsWith('.stl'))
        .sort();
      expect(names).toHaveLength(45);
      const parts = names.map((name) => ({ name, bytes: readFileSync(join(PRUSA_DIR, name)) }));
      // A binary part to cut short (one that is binary: 84 + 50·n bytes).
      const binary =
        parts.find((p) => p.bytes.length === 84 + 50 * p.bytes.readUInt32LE(80))?.bytes ??
        cubeStl();
      const bad = badFiles(binary);
      const files = [...parts, ...bad];

      // Long main-thread tasks during the drop say whether the page stayed responsive.
      await page.evaluate(() => {
        const w = globalThis as unknown as { __longTasks: number[] };
        w.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.__longTasks.push(e.duration);
        }).observe({ type: 'longtask', buffered: false });
      });
      // Measured from the moment of the drop (the files are already built in the page).
      const pid = servePid(workspace.dir);
      const cores = availableParallelism();
      // Set by the callback right before the drop event.
      const before = {
        load1: 0,
        cpu: {} as Record<string, number | null>,
        machine: null as ReturnType<typeof machineCpuMs>,
        runner: process.cpuUsage(),
      };
      let started = 0;
      await dropFiles(page, page.getByTestId('drop-zone'), files, async () => {
        before.load1 = loadavg()[0] ?? 0;
        before.cpu = { server: pid ? processCpuMs(pid) : null, ...(await chromiumCpuMs(browser)) };
        before.machine = machineCpuMs();
        before.runner = process.cpuUsage();
        started = Date.now();
      });
      // Every file appears at once, before any is judged.
      await page.waitForFunction(
        (n) => document.querySelectorAll<HTMLElement>('[data-testid="intake-row"]').length === n,
        files.length,
        { timeout: 20_000 },
      );
      const listedMs = Date.now() - started;

      await waitForSettledRows(page, files.length);
      const settledMs = Date.now() - started;
      const session = page.getByTestId('intake-session').first();
      const sessionMs = Number(await session.getAttribute('data-elapsed-ms'));
      // The page's own timer: from the drop to the last row's facts (footprint and fit).
      const pageSettledMs = Number(await session.getAttribute('data-settled-ms'));
      const machineAfter = machineCpuMs();
      const runner = process.cpuUsage(before.runner);
      const windowMs = Date.now() - started;
      const cpuAfter = {
        server: pid ? processCpuMs(pid) : null,
        ...(await chromiumCpuMs(browser)),
      };
      const cpuMs: Record<string, number> = {};
      for (const [k, v] of Object.entries(cpuAfter)) {
        const b = before.cpu[k] ?? 0;
        if (v !== null && b !== null) cpuMs[k] = Math.round(v - b);
      }
      cpuMs.testRunner = Math.round((runner.user + runner.system) / 1000);
      const oursMs = Object.values(cpuMs).reduce((a, b) => a + b, 0);
      // What the rest of the machine kept busy during the drop, in cores (0 in CI).
      const othersBusyCores =
        before.machine && machineAfter && pid
          ? Math.max(0, (machineAfter.busy - before.machine.busy - oursMs) / windowMs)
          : 0;
      const boundMs = SETTLE_BOUND_MS;
      const tooBusy = !pid || !before.machine || othersBusyCores > MAX_OTHERS_BUSY_SHARE * cores;
      const judged = !tooBusy;
      const longTasks = await page.evaluate(
        () => (globalThis as unknown as { __longTasks: number[] }).__longTasks,
      );
      const timing = {
        files: files.length,
        listedMs,
        allVerdictsFootprintsFitsMs: settledMs,
        pageSettledMs,
        boundMs,
        /** False when the machine was too busy (or unmeasurable) to judge the bound. */
        judged,
        sessionTimerMs: sessionMs,
        load: {
          atDrop: Math.round(before.load1 * 100) / 100,
          after: loadavg().map((l) => Math.round(l * 100) / 100),
        },
        cores,
        /** Cores kept busy by processes other than the studio's during the drop. */
        othersBusyCores: Math.round(othersBusyCores * 100) / 100,
        /** CPU time spent during the drop by the host (with its workers) and Chromium's processes. */
        cpuMs,
        longTasksOver50Ms: longTasks.length,
        longestTaskMs: Math.round(Math.max(0, ...longTasks)),
        at: new Date().toISOString(),
      };
      console.log(
        `[intake e2e] ${files.length} files dropped: all listed after ${listedMs} ms; every verdict, footprint and fit shown after ${settledMs} ms (the page's own timer: ${pageSettledMs} ms, bound ${boundMs} ms ${judged ? 'checked' : 'NOT JUDGED'}: other processes kept ${othersBusyCores.toFixed(2)} of ${cores} cores busy, load ${before.load1.toFixed(2)}). Main thread: ${timing.longTasksOver50Ms} tasks over 50 ms, the longest ${timing.longestTaskMs} ms. CPU ms: ${JSON.stringify(cpuMs)}.`,
      );
      mkdirSync(artifactsDir, { recursive: true });
      writeFileSync(
        join(artifactsDir, 'intake-timing.json'),
        `${JSON.stringify(timing, null, 2)}\n`,
      );

      const rows = await readRows(page);
      expect(rows).toHaveLength(48);
      expect(rows.every(settled)).toBe(true);
      expect(
        pageSettledMs,
        'every verdict, footprint and fit within a few seconds',
      ).toBeGreaterThan(0);
      if (judged) {
        expect(
          pageSettledMs,
          'every verdict, footprint and fit within a few seconds',
        ).toBeLessThanOrEqual(boundMs);
      } else {
        console.warn(
          `[intake e2e] TIME BOUND NOT JUDGED: ${pid && before.machine ? `other processes kept ${othersBusyCores.toFixed(2)} of ${cores} cores busy during the drop (more than ${MAX_OTHERS_BUSY_SHARE * cores})` : 'the machine’s CPU use cannot be measured here'}; ${pageSettledMs} ms measured against a ${boundMs} ms bound. Re-run on a quiet machine to judge it.`,
        );
      }
      const byFile = new Map(rows.map((r) => [r.file, r]));
      // Every Prusa MK3S part (printed on a 250 × 210 × 210 mm MK3S) fits every printer of the
      // demo workspace (beds of 250 × 210 mm and more, 220 mm tall or more): the row must say
      // so by name; "Fits no printer" or a missing printer fails.
      const printers = (
        (await callApi(studio.url, 'printers.list', {})) as ApiOk<{ name: string }[]>
      ).value.map((p) => p.name);
      expect(printers).toHaveLength(3);
      for (const name of names) {
        const r = byFile.get(name);
        expect(r, name).toBeDefined();
        expect(['ok', 'warning'], `${name}: ${r?.verdict}`).toContain(r?.verdict);
        expect(r?.footprint).toMatch(/\d+(\.\d)? (mm|cm)²/);
        expect({ name, level: r?.fitLevel, printers: r?.fitPrinters.split('|') }).toEqual({
          name,
          level: 'all',
          printers,
        });
        expect(r?.fit).toContain('Fits all 3 printers');
      }
      expect(byFile.get('holiday-photo.stl')).toMatchObject({ verdict: 'error' });
      expect(byFile.get('holiday-photo.stl')?.error).toMatch(/PNG image/);
      expect(byFile.get('empty.stl')?.error).toMatch(/empty \(0 bytes\)/);
      expect(byFile.get('truncated.stl')?.error).toMatch(/cut short/);
      // Three different messages: each bad file has its own.
      expect(new Set(bad.map((b) => byFile.get(b.name)?.error)).size).toBe(3);

      // All readable files went into ONE new order; the bad ones added nothing.
      const orders = (await callApi(studio.url, 'orders.list', {})) as ApiOk<StoredOrder[]>;
      const drops = orders.value.filter((o) => o.reference.startsWith('Drop '));
      expect(drops).toHaveLength(1);
      expect(drops[0]?.lines).toHaveLength(45);

      // Thumbnails follow once the verdicts are in.
      await page.waitForFunction(
        () =>
          [
            ...document.querySelectorAll<HTMLElement>(
              '[data-testid="intake-row"] [data-testid="model-thumb"]',
            ),
          ]
            .slice(0, 8)
            .every((t) => t.dataset.state === 'ready'),
        null,
        { timeout: 60_000 },
      );

      // The whole list for the record: a viewport tall enough for every row.
      const height = await page.evaluate(() => {
        const list = document.querySelector('[data-testid="intake-panel"]');
        return Math.ceil((list?.getBoundingClientRect().height ?? 0) + 260);
      });
      await page.setViewportSize({ width: 1600, height: Math.min(Math.max(height, 1000), 7000) });
      await page.waitForFunction(
        () =>
          [
            ...document.querySelectorAll<HTMLElement>(
              '[data-testid="intake-row"] [data-testid="model-thumb"]',
            ),
          ].every((t) => t.dataset.state === 'ready' || t.dataset.state === 'error'),
        null,
        { timeout: 90_000 },
      );
      const shot = await saveScreenshot(page, 'intake');
      await page.setViewportSize({ width: 1600, height: 1000 });
      console.log(`[intake e2e] screenshot: ${shot}`);
      await page.getByTestId('intake-dismiss').first().click();
      await expect.poll(() => page.getByTestId('intake-session').count()).toBe(0);
    },
  );

  it('adds picked files and folders through the Add buttons, skipping non-model files', async () => {
    const dir = join(workspace.dir, '..', 'picked');
    mkdirSync(join(dir, 'order', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'order', 'cube_x3.stl'), cubeStl(20));
    writeFileSync(join(dir, 'order', 'sub', 'small-cube.stl'), cubeStl(8));
    writeFileSync(join(dir, 'order', 'notes.txt'), 'not a model');
    await page.getByTestId('intake-folder-input').setInputFiles(join(dir, 'order'));
    await page.getByTestId('intake-session').first().waitFor();
    await waitForSettledRows(page, 2, 60_000);
    const rows = await readRows(page);
    expect(rows.map((r) => r.file).sort()).toEqual([
      'order/cube_x3.stl',
      'order/sub/small-cube.stl',
    ]);
    // The name says ×3; the quantity field shows it.
    const cube = page.getByTestId('intake-row').filter({ hasText: 'cube_x3.stl' });
    await expect.poll(() => cube.getByTestId('intake-quantity').inputValue()).toBe('3');
    await expect
      .poll(() => page.getByTestId('intake-session').first().textContent())
      .toMatch(/1 other file in the dropped folders skipped/);
    await page.getByTestId('intake-dismiss').first().click();
  });

  it('drops a real folder: the page walks its directory entry and skips non-model files', async (ctx) => {
    // Playwright cannot put a directory into a DataTransfer built in the page, but the
    // browser's own drag-and-drop input (CDP Input.dispatchDragEvent, what an OS drop turns
    // into) takes paths, folders included: the page then gets a real directory entry
    // (webkitGetAsEntry().isDirectory) and walks it, as for a technician's folder drop.
    const dir = join(workspace.dir, '..', 'dropped-folder');
    mkdirSync(join(dir, 'batch', 'nested'), { recursive: true });
    writeFileSync(join(dir, 'batch', 'plate_x2.stl'), cubeStl(18));
    writeFileSync(join(dir, 'batch', 'nested', 'pin.stl'), cubeStl(12));
    writeFileSync(join(dir, 'batch', 'readme.txt'), 'not a model');
    const box = await page.getByTestId('drop-zone').boundingBox();
    expect(box).not.toBeNull();
    const x = box!.x + box!.width / 2;
    const y = box!.y + box!.height / 2;
    const data = { items: [], files: [join(dir, 'batch')], dragOperationsMask: 1 };
    const cdp = await page.context().newCDPSession(page);
    const sessionsBefore = await page.getByTestId('intake-session').count();
    try {
      await cdp.send('Input.dispatchDragEvent', { type: 'dragEnter', x, y, data });
      await cdp.send('Input.dispatchDragEvent', { type: 'dragOver', x, y, data });
      await cdp.send('Input.dispatchDragEvent', { type: 'drop', x, y, data });
    } finally {
      await cdp.detach();
    }
    const arrived = await page
      .waitForFunction(
        (n) => document.querySelectorAll('[data-testid="intake-session"]').length > n,
        sessionsBefore,
        { timeout: 15_000 },
      )
      .then(
        () => true,
        () => false,
      );
    if (!arrived) {
      console.warn(
        '[intake e2e] FOLDER DROP NOT TESTED: this Chromium did not deliver a directory through Input.dispatchDragEvent; the folder walk is covered by drop-files.test.ts (fakes) and the picker test below.',
      );
      ctx.skip();
    }
    await waitForSettledRows(page, 2, 60_000);
    const rows = await readRows(page);
    expect(rows.map((r) => [r.file, r.verdict]).sort()).toEqual([
      ['batch/nested/pin.stl', 'ok'],
      ['batch/plate_x2.stl', 'ok'],
    ]);
    const plate = page.getByTestId('intake-row').filter({ hasText: 'plate_x2.stl' });
    await expect.poll(() => plate.getByTestId('intake-quantity').inputValue()).toBe('2');
    await expect
      .poll(() => page.getByTestId('intake-session').first().textContent())
      .toMatch(/1 other file in the dropped folders skipped/);
    await page.getByTestId('intake-dismiss').first().click();
  });

  it('scales a model exported in inches ×25.4 with one click', async () => {
    // A 2 mm cube: an inch part read as millimetres (50.8 mm once scaled).
    await dropFiles(page, page.getByTestId('drop-zone'), [
      { name: 'inch-cube.stl', bytes: cubeStl(2) },
    ]);
    await waitForSettledRows(page, 1, 60_000);
    const row = page.getByTestId('intake-row').filter({ hasText: 'inch-cube.stl' });
    expect(await row.getAttribute('data-verdict')).toBe('warning');
    await expect
      .poll(() => row.getByTestId('intake-facts').textContent())
      .toContain('2 × 2 × 2 mm');
    await expect
      .poll(() => row.getByTestId('intake-reasons').textContent())
      .toMatch(/If the file is in inches it is 50\.8 mm long/);
    await row.getByTestId('intake-scale-inch').click();
    await expect
      .poll(() => row.getByTestId('intake-facts').textContent(), { timeout: 30_000 })
      .toContain('50.8 × 50.8 × 50.8 mm');
    await expect.poll(() => row.getAttribute('data-verdict')).toBe('ok');
    expect(await row.getByTestId('intake-reasons').textContent()).not.toMatch(/inch/i);
    expect(await row.getByTestId('intake-scale-inch').count()).toBe(0);
    // Stored with the model: the same answer after a reload of the list.
    const models = (await callApi(studio.url, 'models.list', {})) as ApiOk<
      {
        fileName: string;
        unitScale: number;
        verdict: { reasons: { code: string }[] };
        facts: { heightMm: number };
      }[]
    >;
    const stored = models.value.find((m) => m.fileName === 'inch-cube.stl');
    expect(stored?.unitScale).toBe(25.4);
    expect(stored?.facts.heightMm).toBeCloseTo(50.8, 3);
    expect(stored?.verdict.reasons.map((r) => r.code)).not.toContain('inch-units');
    await page.getByTestId('intake-dismiss').first().click();
  });

  it('expands a dropped zip into its model files, each judged on its own', async () => {
    const zip = Buffer.from(
      zipSync({
        'kit/base.stl': new Uint8Array(cubeStl(25)),
        'kit/clips/clip_x4.stl': new Uint8Array(cubeStl(12)),
        'kit/readme.txt': new TextEncoder().encode('assembly notes'),
      }),
    );
    await dropFiles(page, page.getByTestId('drop-zone'), [{ name: 'kit.zip', bytes: zip }]);
    await waitForSettledRows(page, 2, 60_000);
    const rows = await readRows(page);
    expect(rows.map((r) => [r.file, r.verdict])).toEqual([
      ['kit.zip/kit/base.stl', 'ok'],
      ['kit.zip/kit/clips/clip_x4.stl', 'ok'],
    ]);
    const clip = page.getByTestId('intake-row').filter({ hasText: 'clip_x4.stl' });
    await expect.poll(() => clip.getByTestId('intake-quantity').inputValue()).toBe('4');
    await page.getByTestId('intake-dismiss').first().click();
  });

  it('lets the technician set quantity, profile, due date and priority, and reject a model', async () => {
    const cube = cubeStl(15);
    await dropFiles(page, page.getByTestId('queue-drop-target'), [
      { name: 'bracket_x2.stl', bytes: cube },
      { name: 'spacer.stl', bytes: cubeStl(6) },
    ]);
    await waitForSettledRows(page, 2, 60_000);
    const bracket = page.getByTestId('intake-row').filter({ hasText: 'bracket_x2.stl' });
    const spacer = page.getByTestId('intake-row').filter({ hasText: 'spacer.stl' });
    await expect.poll(() => bracket.getByTestId('intake-quantity').inputValue()).toBe('2');

    const quantity = bracket.getByTestId('intake-quantity');
    await quantity.fill('5');
    await quantity.press('Enter');
    const profiles = (await callApi(studio.url, 'profiles.list', {})) as ApiOk<
      { id: string; name: string }[]
    >;
    const petg = profiles.value.find((p) => p.name.startsWith('PETG'));
    expect(petg).toBeDefined();
    await bracket.getByTestId('intake-profile').selectOption(petg!.id);
    await page.getByTestId('intake-priority').first().selectOption('9');
    const due = page.getByTestId('intake-due').first();
    await due.fill('2030-05-17T14:30');
    await due.press('Enter');
    await spacer.getByTestId('intake-reject').click();
    await expect.poll(() => spacer.getAttribute('class')).toMatch(/is-rejected/);

    const orderId = await page.evaluate(() => {
      const a = document.querySelector('[data-testid="intake-session"] .intake-session__ref a');
      return decodeURIComponent(a?.getAttribute('href')?.split('/').pop() ?? '');
    });
    expect(orderId).not.toBe('');
    await expect
      .poll(async () => {
        const o = ((await callApi(studio.url, 'orders.get', { id: orderId })) as ApiOk<StoredOrder>)
          .value;
        const line = o.lines.find((l) => l.quantity !== 1);
        return {
          priority: o.priority,
          due: o.dueAt,
          quantity: line?.quantity,
          profile: line?.profileId,
          lines: o.lines.length,
        };
      })
      .toEqual({
        priority: 9,
        due: '2030-05-17T12:30:00.000Z', // 14:30 in Berlin (CEST), the demo site's zone
        quantity: 5,
        profile: petg!.id,
        lines: 2,
      });
    const models = (await callApi(studio.url, 'models.list', {})) as ApiOk<
      { fileName: string; status: string }[]
    >;
    expect(models.value.find((m) => m.fileName === 'spacer.stl')?.status).toBe('rejected');
    await page.getByTestId('intake-dismiss').first().click();
  });

  it('cancels a file that is still waiting; the others are stored', async () => {
    // Dense spheres keep the three upload slots busy for a while.
    const files = Array.from({ length: 7 }, (_, i) => ({
      name: `batch-${i + 1}.stl`,
      bytes: sphereStl(20 + i, 120, 160),
    }));
    await dropFiles(page, page.getByTestId('drop-zone'), files);
    const last = page.getByTestId('intake-row').filter({ hasText: 'batch-7.stl' });
    // Three go at once; the seventh waits its turn and can be cancelled before it starts. (A
    // plain click would first wait for the row to stop moving while rows above it grow.)
    expect(await last.getAttribute('data-state')).toBe('queued');
    await last.getByTestId('intake-cancel').dispatchEvent('click');
    await expect.poll(() => last.getAttribute('data-state')).toBe('cancelled');
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLElement>('[data-testid="intake-row"]')].every((r) =>
          ['done', 'failed', 'cancelled'].includes(r.dataset.state ?? ''),
        ),
      null,
      { timeout: 60_000 },
    );
    const rows = await readRows(page);
    expect(rows.filter((r) => r.state === 'done')).toHaveLength(6);
    const orders = (await callApi(studio.url, 'orders.list', {})) as ApiOk<StoredOrder[]>;
    const newest = orders.value
      .filter((o) => o.reference.startsWith('Drop '))
      .find((o) => o.lines.length === 6);
    expect(newest).toBeDefined();
  });

  it('repairs a mesh with a hole on request, as a new model the order line now uses', async () => {
    while ((await page.getByTestId('intake-dismiss').count()) > 0) {
      await page.getByTestId('intake-dismiss').first().click();
    }
    // A cube with one triangle missing: a hole the slicer would have to guess about.
    const cube = cubeStl(20);
    const holed = Buffer.concat([cube.subarray(0, 84 + 11 * 50)]);
    holed.writeUInt32LE(11, 80);
    await dropFiles(page, page.getByTestId('drop-zone'), [
      { name: 'holed-cube.stl', bytes: holed },
    ]);
    await waitForSettledRows(page, 1, 60_000);
    const row = page.getByTestId('intake-row').filter({ hasText: 'holed-cube.stl' });
    await row.getByTestId('repair-mesh').click();
    await page.getByTestId('confirm-ok').click();
    await expect
      .poll(() => row.getByTestId('repair-report').textContent(), { timeout: 30_000 })
      .toMatch(/hole/i);
    const models = (await callApi(studio.url, 'models.list', {})) as ApiOk<
      { name: string; facts: { watertight: boolean; volumeMm3: number } | null }[]
    >;
    const repaired = models.value.find(
      (m) => m.name.startsWith('holed-cube') && m.name.includes('repaired'),
    );
    expect(repaired?.facts?.watertight).toBe(true);
    expect(repaired?.facts?.volumeMm3).toBeCloseTo(8000, 0);
    await page.getByTestId('intake-dismiss').first().click();
  });

  it('logged no errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
