import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  browserSkipReason,
  callApi,
  launchChromium,
  saveScreenshot,
  serveStudio,
  tempWorkspace,
  watchPageErrors,
  type ServedStudio,
} from './harness';

const skip = browserSkipReason();
if (skip) console.warn(`e2e/plates.spec.ts skipped: ${skip}`);

interface Wire<T> {
  ok: boolean;
  value: T;
  error?: { message: string };
}
interface PlacementLike {
  partId: string;
  modelId: string;
  x: number;
  y: number;
  rotationDeg: number;
  fixed: boolean;
}
interface JobLike {
  id: string;
  printerId: string;
  status: string;
  placements: PlacementLike[];
}
interface HookState {
  jobId: string | null;
  /** An edit is shown that the host has not confirmed yet. */
  pending: boolean;
  view: string;
  placements: PlacementLike[];
  selection: string[];
  problems: { kind: string; severity: string; partIds: string[]; message: string }[];
  dragging: boolean;
  drawCalls: number;
  instances: number;
  meshes: number;
  frames: number;
}
type Point = { x: number; y: number };
/** The page object the Plates view installs (renderer/src/plates/test-hook.ts). */
interface Hook {
  state(): HookState;
  partPoint(partId: string): Point | null;
  bedToClient(x: number, y: number, z?: number): Point | null;
  sample(): { painted: number; total: number; colors: number };
}
interface ModelLike {
  id: string;
  name: string;
  facts: {
    footprintAreaMm2: number;
    footprintOutline: Point[][];
    footprintHull: Point[] | null;
  } | null;
}
interface PrinterLike {
  id: string;
  name: string;
  bed: Point[];
  exclusionZones: Point[][];
}

/** Bounding box of points. */
function boundsOf(points: readonly Point[]) {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  return {
    minX: Math.min(...xs),
    minY: Math.min(...ys),
    maxX: Math.max(...xs),
    maxY: Math.max(...ys),
  };
}

async function call<T>(studio: ServedStudio, channel: string, input: unknown): Promise<T> {
  const r = (await callApi(studio.url, channel, input)) as Wire<T>;
  if (!r.ok) throw new Error(`${channel}: ${r.error?.message ?? 'failed'}`);
  return r.value;
}

// Each helper is its own evaluate: the page's CSP forbids building functions from strings.
type HookWindow = { __plateshiftPlates: Hook };
const hookState = (page: Page): Promise<HookState> =>
  page.evaluate(() => (globalThis as unknown as HookWindow).__plateshiftPlates.state());
const partPoint = (page: Page, partId: string): Promise<Point | null> =>
  page.evaluate(
    (id) => (globalThis as unknown as HookWindow).__plateshiftPlates.partPoint(id),
    partId,
  );
const bedToClient = (page: Page, x: number, y: number): Promise<Point | null> =>
  page.evaluate(
    ([bx, by]) => (globalThis as unknown as HookWindow).__plateshiftPlates.bedToClient(bx!, by!),
    [x, y],
  );
const samplePixels = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as HookWindow).__plateshiftPlates.sample());

/** Host round trips on a busy two-core machine: generous, never a wall-clock assertion. */
const POLL = { timeout: 20_000, interval: 100 };

/** "Re-nest this plate", then wait until the step is on the history (or the host refused it). */
async function renestAndWait(page: Page): Promise<void> {
  await page.getByTestId('plate-renest').click();
  await expect
    .poll(
      async () => {
        const error = page.getByTestId('toast-error');
        if ((await error.count()) > 0) return `error: ${await error.first().textContent()}`;
        const running = await page.getByTestId('plate-renest-progress').count();
        const title = await page.getByTestId('undo').getAttribute('title');
        return running ? `running; ${title}` : title;
      },
      { timeout: 60_000, interval: 200 },
    )
    .toBe('Undo “Re-nest plate” (Ctrl+Z)');
}

describe.skipIf(skip !== null)('the Plates view: 3D plate, live collisions, undo, re-nest', () => {
  const workspace = tempWorkspace();
  let studio: ServedStudio;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let job: JobLike;

  beforeAll(async () => {
    studio = await serveStudio(workspace.dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    errors = watchPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.stop();
    workspace.remove();
  });

  it('plans the demo workspace once intake has analysed its models', async () => {
    // The demo's models are analysed in the background after start.
    await expect
      .poll(
        async () => {
          const models = await call<{ facts: unknown }[]>(studio, 'models.list', {});
          return models.length > 0 && models.every((m) => m.facts !== null);
        },
        { timeout: 120_000, interval: 1000, message: 'intake analyses the demo models' },
      )
      .toBe(true);
    const proposal = await call<{ plan: { id: string; jobs: JobLike[] } }>(
      studio,
      'plans.propose',
      {
        timeLimitSeconds: 5,
      },
    );
    expect(proposal.plan.jobs.length).toBeGreaterThan(0);
    const plan = await call<{ jobs: JobLike[] }>(studio, 'plans.accept', { id: proposal.plan.id });
    // The fullest plate makes the most telling picture.
    job = [...plan.jobs].sort((a, b) => b.placements.length - a.placements.length)[0]!;
    expect(job.placements.length).toBeGreaterThan(2);
  });

  it('draws the plate in 3D: bed, parts as real meshes, one instanced mesh per model', async () => {
    await page.goto(`${studio.url}#/plates/${job.id}`);
    await page.getByTestId('plate-list').waitFor();
    const viewport = page.getByTestId('plate-viewport');
    await viewport.waitFor();
    const models = new Set(job.placements.map((p) => p.modelId)).size;
    await expect
      .poll(() => viewport.getAttribute('data-meshes-loaded'), { timeout: 60_000 })
      .toBe(String(models));
    // The first frame compiles shaders, which takes SwiftShader a few seconds.
    await expect
      .poll(() => hookState(page).then((s) => s.instances), { timeout: 30_000 })
      .toBe(job.placements.length);
    const state = await hookState(page);
    expect(state.jobId).toBe(job.id);
    expect(state.meshes).toBe(models);
    // Bed: slab (2) + line work (1) (+ exclusion zones) and one call per model.
    expect(state.drawCalls).toBeLessThanOrEqual(models + 5);
    const pixels = await samplePixels(page);
    expect(pixels.painted / pixels.total).toBeGreaterThan(0.1);
    expect(pixels.colors).toBeGreaterThan(50);
    expect(await page.getByTestId('plate-card').count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('plate-validation').textContent(), POLL)
      .toContain('valid');
    await saveScreenshot(page, 'plates');
  });

  it('switches plates from the strip and back', async () => {
    const plan = await call<{ jobs: JobLike[] }>(studio, 'plans.current', {});
    const other = plan.jobs.find((j) => j.id !== job.id)!;
    await page.locator(`[data-testid="plate-card"][data-job-id="${other.id}"]`).click();
    await expect.poll(() => hookState(page).then((s) => s.jobId), POLL).toBe(other.id);
    await expect
      .poll(() => hookState(page).then((s) => s.instances), { timeout: 30_000 })
      .toBe(other.placements.length);
    await page.locator(`[data-testid="plate-card"][data-job-id="${job.id}"]`).click();
    await expect
      .poll(() => hookState(page).then((s) => s.instances), { timeout: 30_000 })
      .toBe(job.placements.length);
  });

  it('shows the top view', async () => {
    await page.getByTestId('plate-view-top').click();
    await expect.poll(() => hookState(page).then((s) => s.view), POLL).toBe('top');
    await page.waitForTimeout(300);
    await saveScreenshot(page, 'plates-top');
  });

  it('flags a collision live while a part is dragged onto another, and stores the move', async () => {
    const [a, b] = [job.placements[0]!, job.placements[job.placements.length - 1]!];
    const from = await partPoint(page, a.partId);
    const to = await partPoint(page, b.partId);
    expect(from).not.toBeNull();
    expect(to).not.toBeNull();
    await page.mouse.move(from!.x, from!.y);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) {
      await page.mouse.move(
        from!.x + ((to!.x - from!.x) * i) / 12,
        from!.y + ((to!.y - from!.y) * i) / 12,
      );
    }
    const during = await hookState(page);
    expect(during.dragging).toBe(true);
    expect(during.problems.some((p) => p.kind === 'overlap' && p.partIds.includes(a.partId))).toBe(
      true,
    );
    await page.getByTestId('plate-problem').first().waitFor();
    await saveScreenshot(page, 'plates-collision');
    await page.mouse.up();
    await expect
      .poll(async () => {
        const current = await call<{ jobs: JobLike[] }>(studio, 'plans.current', {});
        return current.jobs
          .find((j) => j.id === job.id)
          ?.placements.find((p) => p.partId === a.partId);
      }, POLL)
      .toMatchObject({ fixed: true });
    // The dropped part lands on its target and may touch a neighbour too: one problem or more.
    expect(
      await page.locator('[data-testid="plate-problem"][data-kind="overlap"]').count(),
    ).toBeGreaterThanOrEqual(1);
    await expect
      .poll(() => page.getByTestId('plate-validation').textContent(), POLL)
      .toContain('problem');
  });

  it('undoes the move with Ctrl+Z', async () => {
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('plate-problem').count(), POLL).toBe(0);
    await expect
      .poll(async () => {
        const current = await call<{ jobs: JobLike[] }>(studio, 'plans.current', {});
        return current.jobs.find((j) => j.id === job.id)?.placements;
      }, POLL)
      .toEqual(job.placements);
  });

  it('sends a part back to the queue by dragging it off the plate, and adds it back', async () => {
    const c = job.placements[1]!;
    const p = await partPoint(page, c.partId);
    expect(p).not.toBeNull();
    await page.mouse.move(p!.x, p!.y);
    await page.mouse.down();
    await page.mouse.move(p!.x + 8, p!.y + 8);
    // While dragging, a fixed target at the foot of the side panel takes the parts back.
    const drop = page.getByTestId('plate-queue-drop');
    await drop.waitFor();
    const box = (await drop.boundingBox())!;
    const to = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    for (let i = 1; i <= 6; i++) {
      await page.mouse.move(p!.x + ((to.x - p!.x) * i) / 6, p!.y + ((to.y - p!.y) * i) / 6);
    }
    await page.mouse.up();
    const onPlate = async () => {
      const current = await call<{ jobs: JobLike[] }>(studio, 'plans.current', {});
      return current.jobs
        .find((j) => j.id === job.id)
        ?.placements.find((q) => q.partId === c.partId);
    };
    await expect.poll(onPlate, POLL).toBeUndefined();
    await expect.poll(() => page.getByTestId('plate-queue-row').count(), POLL).toBeGreaterThan(0);
    // "Add" puts it back at the first free spot the validator accepts, as a hand-placed part.
    await page.getByTestId('plate-queue-add').first().click();
    await expect.poll(onPlate, POLL).toMatchObject({ fixed: true });
    await expect
      .poll(() => page.getByTestId('plate-validation').textContent(), POLL)
      .toMatch(/valid|warning/);
  });

  it('drags a queued part from the side panel onto the plate, under the cursor', async () => {
    const models = await call<ModelLike[]>(studio, 'models.list', {});
    const printers = await call<PrinterLike[]>(studio, 'printers.list', {});
    const bed = boundsOf(printers.find((p) => p.id === job.printerId)!.bed);
    const modelOf = new Map(models.map((m) => [m.id, m]));
    // The smallest part, so the empty right-hand side of the plate has room for it.
    const d = job.placements
      .slice(2)
      .sort(
        (u, v) =>
          (modelOf.get(u.modelId)?.facts?.footprintAreaMm2 ?? 0) -
          (modelOf.get(v.modelId)?.facts?.footprintAreaMm2 ?? 0),
      )[0]!;
    const model = modelOf.get(d.modelId)!;
    const stored = async () => {
      const current = await call<{ jobs: JobLike[] }>(studio, 'plans.current', {});
      return current.jobs
        .find((j) => j.id === job.id)
        ?.placements.find((q) => q.partId === d.partId);
    };
    // Back to the queue with the keyboard first.
    const p = await partPoint(page, d.partId);
    await page.mouse.click(p!.x, p!.y);
    await expect.poll(() => hookState(page).then((s) => s.selection), POLL).toEqual([d.partId]);
    await page.keyboard.press('Delete');
    await expect.poll(stored, POLL).toBeUndefined();
    const queueRow = page.getByTestId('plate-queue-row').filter({ hasText: model.name });
    await queueRow.first().waitFor();

    // Real pointer events: press on the row, move onto the bed, release (an HTML drag and drop).
    const target = { x: bed.maxX - 35, y: (bed.minY + bed.maxY) / 2 };
    const to = (await bedToClient(page, target.x, target.y))!;
    const from = (await queueRow.first().boundingBox())!;
    await page.mouse.move(from.x + 40, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 50, from.y + from.height / 2 + 4, { steps: 2 });
    await page.mouse.move(to.x, to.y, { steps: 12 });
    await page.mouse.up();

    await expect.poll(stored, POLL).toMatchObject({ fixed: true, rotationDeg: 0 });
    // The part's footprint centre lands where it was dropped (to the millimetre).
    const rings = model.facts!.footprintOutline.length
      ? model.facts!.footprintOutline
      : [model.facts!.footprintHull!];
    const b = boundsOf(rings.flat());
    const placed = (await stored())!;
    expect(Math.abs(placed.x + (b.minX + b.maxX) / 2 - target.x)).toBeLessThanOrEqual(1);
    expect(Math.abs(placed.y + (b.minY + b.maxY) / 2 - target.y)).toBeLessThanOrEqual(1);
    await expect
      .poll(
        () => hookState(page).then((s) => s.problems.filter((q) => q.partIds.includes(d.partId))),
        POLL,
      )
      .toEqual([]);
    // Undo takes it back to the queue, and once more puts it where the planner had it.
    await page.keyboard.press('Control+z');
    await expect.poll(stored, POLL).toBeUndefined();
    await page.keyboard.press('Control+z');
    await expect.poll(stored, POLL).toEqual(d);
  });

  it('re-nests the plate, keeping hand-placed parts where they are', async () => {
    // Turn one part by hand, half a turn in two steps: it becomes fixed, and re-nesting must
    // leave it alone. Half a turn about its own centre keeps it on the bed (a pinned part off
    // the bed would make the host refuse the re-nest: see the unpin step below).
    const a = job.placements[0]!;
    const p = await partPoint(page, a.partId);
    await page.mouse.click(p!.x, p!.y);
    await expect.poll(() => hookState(page).then((s) => s.selection), POLL).toEqual([a.partId]);
    let turned: PlacementLike | undefined;
    const storedA = async () => {
      const current = await call<{ jobs: JobLike[] }>(studio, 'plans.current', {});
      turned = current.jobs
        .find((j) => j.id === job.id)
        ?.placements.find((q) => q.partId === a.partId);
      return turned;
    };
    for (const quarter of [1, 2]) {
      await page.getByTestId('plate-rotate-ccw').click();
      await expect
        .poll(
          () => storedA().then((t) => t && [t.fixed, (t.rotationDeg - a.rotationDeg + 360) % 360]),
          POLL,
        )
        .toEqual([true, quarter * 90]);
      await expect.poll(() => hookState(page).then((s) => s.pending), POLL).toBe(false);
    }
    await renestAndWait(page);
    const current = await call<{ jobs: JobLike[] }>(studio, 'plans.current', {});
    const after = current.jobs.find((j) => j.id === job.id)!;
    expect(after.placements).toHaveLength(job.placements.length);
    expect(after.placements.find((q) => q.partId === a.partId)).toMatchObject({
      x: turned!.x,
      y: turned!.y,
      rotationDeg: turned!.rotationDeg,
    });
    // The hand-placed parts show as pinned, and only they can stand in the way of a clean plate.
    const pinned = after.placements.filter((q) => q.fixed).map((q) => q.partId);
    expect(pinned).toContain(a.partId);
    await expect
      .poll(() => page.getByTestId('plate-pinned-count').textContent(), POLL)
      .toBe(`${pinned.length} pinned`);
    const markers = await page
      .getByTestId('plate-part-pinned')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-pinned'))));
    expect(markers.reduce((n, k) => n + k, 0)).toBe(pinned.length);
    // The engine arranged the rest around the pinned parts: a clean plate.
    await expect.poll(() => hookState(page).then((s) => s.problems), POLL).toEqual([]);
    await expect
      .poll(() => page.getByTestId('plate-validation').textContent(), POLL)
      .toContain('valid');
    await saveScreenshot(page, 'plates-pinned');
  });

  it('pins and unpins the selection as undoable edits', async () => {
    const a = job.placements[0]!;
    const fixedOf = async () => {
      const current = await call<{ jobs: JobLike[] }>(studio, 'plans.current', {});
      return current.jobs
        .find((j) => j.id === job.id)
        ?.placements.find((q) => q.partId === a.partId)?.fixed;
    };
    const p = await partPoint(page, a.partId);
    await page.mouse.click(p!.x, p!.y);
    await expect.poll(() => hookState(page).then((s) => s.selection), POLL).toEqual([a.partId]);
    const pin = page.getByTestId('plate-pin');
    // The button names what it will do; the view follows the host's answer before each step.
    const label = () => pin.textContent().then((t) => t?.trim());
    await expect.poll(label, POLL).toBe('Unpin');
    await pin.click();
    await expect.poll(fixedOf, POLL).toBe(false);
    await expect.poll(label, POLL).toBe('Pin');
    await page.keyboard.press('Control+z');
    await expect.poll(fixedOf, POLL).toBe(true);
    await expect.poll(label, POLL).toBe('Unpin');
    // P toggles too.
    await page.keyboard.press('p');
    await expect.poll(fixedOf, POLL).toBe(false);
    await expect.poll(label, POLL).toBe('Pin');
    await page.keyboard.press('p');
    await expect.poll(fixedOf, POLL).toBe(true);
    await expect.poll(label, POLL).toBe('Unpin');
  });

  it('unpins every part and re-nests to a clean plate', async () => {
    await page.getByTestId('plate-unpin-all').click();
    await expect
      .poll(async () => {
        const current = await call<{ jobs: JobLike[] }>(studio, 'plans.current', {});
        return current.jobs.find((j) => j.id === job.id)?.placements.filter((q) => q.fixed).length;
      }, POLL)
      .toBe(0);
    await expect.poll(() => page.getByTestId('plate-part-pinned').count(), POLL).toBe(0);
    await renestAndWait(page);
    await expect.poll(() => hookState(page).then((s) => s.problems), POLL).toEqual([]);
    await expect
      .poll(() => page.getByTestId('plate-validation').textContent(), POLL)
      .toContain('valid');
    const current = await call<{ jobs: JobLike[] }>(studio, 'plans.current', {});
    expect(current.jobs.find((j) => j.id === job.id)?.placements).toHaveLength(
      job.placements.length,
    );
    await saveScreenshot(page, 'plates-renested');
  });

  it('shows a printer’s exclusion zone and keeps parts off it', async () => {
    const printers = await call<PrinterLike[]>(studio, 'printers.list', {});
    const zoned = printers.find((p) => p.exclusionZones.length > 0)!;
    expect(zoned).toBeDefined();
    const plan = await call<{ jobs: JobLike[] }>(studio, 'plans.current', {});
    const onZoned = plan.jobs
      .filter((j) => j.printerId === zoned.id && j.placements.length > 0)
      .sort((u, v) => v.placements.length - u.placements.length)[0];
    expect(onZoned).toBeDefined();
    await page.locator(`[data-testid="plate-card"][data-job-id="${onZoned!.id}"]`).click();
    await expect.poll(() => hookState(page).then((s) => s.jobId), POLL).toBe(onZoned!.id);
    await expect
      .poll(() => hookState(page).then((s) => s.instances), { timeout: 30_000 })
      .toBe(onZoned!.placements.length);
    // The planner nested this plate around the zone: the validator finds nothing.
    await expect
      .poll(() => page.getByTestId('plate-validation').textContent(), POLL)
      .toContain('valid');
    await saveScreenshot(page, 'plates-zone');
    // A part dragged onto the zone is flagged live; Escape puts it back.
    const zone = boundsOf(zoned.exclusionZones[0]!);
    const part = onZoned!.placements[0]!;
    const from = (await partPoint(page, part.partId))!;
    const to = (await bedToClient(page, (zone.minX + zone.maxX) / 2, (zone.minY + zone.maxY) / 2))!;
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 12 });
    await expect
      .poll(
        () =>
          hookState(page).then((s) =>
            s.problems.some((q) => q.kind === 'exclusion-zone' && q.partIds.includes(part.partId)),
          ),
        POLL,
      )
      .toBe(true);
    await page.keyboard.press('Escape');
    await page.mouse.up();
    await expect.poll(() => hookState(page).then((s) => s.problems), POLL).toEqual([]);
    await page.locator(`[data-testid="plate-card"][data-job-id="${job.id}"]`).click();
    await expect.poll(() => hookState(page).then((s) => s.jobId), POLL).toBe(job.id);
  });

  it('shows an approved plate read-only and says why', async () => {
    await call(studio, 'jobs.update', { id: job.id, status: 'approved' });
    await page.getByTestId('plate-read-only').waitFor();
    expect(await page.getByTestId('plate-read-only').textContent()).toMatch(/approved/);
    expect(await page.getByTestId('plate-renest').isDisabled()).toBe(true);
    await call(studio, 'jobs.update', { id: job.id, status: 'planned' });
    await page.getByTestId('plate-read-only').waitFor({ state: 'detached' });
  });

  it('reads well in the dark theme too', async () => {
    await page.getByTestId('plate-view-3d').click();
    await page.getByTestId('theme-toggle').click();
    await page.waitForTimeout(400);
    await saveScreenshot(page, 'plates-dark');
    await page.getByTestId('theme-toggle').click();
  });

  it('keeps the undo history across a reload of the view', async () => {
    // The history is saved when the page is idle, and at the latest when it is hidden.
    const before = await page.getByTestId('undo').getAttribute('title');
    expect(before).toMatch(/^Undo/);
    await page.reload();
    await page.getByTestId('plate-viewport').waitFor();
    await expect.poll(() => page.getByTestId('undo').getAttribute('title'), POLL).toBe(before);
  });

  it('logged no errors in the page', () => {
    expect(errors.filter((e) => !/WebSocket|Failed to load resource/.test(e))).toEqual([]);
  });
});
