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
if (skip) console.warn(`e2e/timeline.spec.ts skipped: ${skip}`);

interface Wire<T> {
  ok: boolean;
  value: T;
}
interface ApiJob {
  id: string;
  printerId: string;
  start: string;
  status: string;
  locked: boolean;
}

async function jobs(url: string): Promise<ApiJob[]> {
  const r = (await callApi(url, 'plans.current', {})) as Wire<{ jobs: ApiJob[] } | null>;
  return r.value?.jobs ?? [];
}

async function jobById(url: string, id: string): Promise<ApiJob | undefined> {
  return (await jobs(url)).find((j) => j.id === id);
}

/** The instant under a viewport x, from the lanes' geometry attributes. */
async function timeAt(page: Page, clientX: number): Promise<number> {
  const lanes = page.locator('.gantt__lanes');
  const box = await lanes.boundingBox();
  const origin = Number(await lanes.getAttribute('data-origin-ms'));
  const pxPerHour = Number(await lanes.getAttribute('data-px-per-hour'));
  return origin + ((clientX - box!.x) / pxPerHour) * 3_600_000;
}

const pxPerHour = async (page: Page) =>
  Number(await page.locator('.gantt__lanes').getAttribute('data-px-per-hour'));

/**
 * The Timeline itself: what a newcomer sees before planning, zooming (buttons, presets,
 * Ctrl+wheel around the pointer), and driving jobs with the keyboard alone.
 */
describe.skipIf(skip !== null)('the Timeline view', () => {
  const workspace = tempWorkspace();
  let studio: ServedStudio;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let first: ApiJob;

  beforeAll(async () => {
    studio = await serveStudio(workspace.dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 940 } });
    errors = watchPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.stop();
    workspace.remove();
  });

  it('explains what to do before anything is planned', async () => {
    await page.goto(`${studio.url}#/timeline`);
    const empty = page.getByTestId('timeline-empty');
    await empty.waitFor();
    expect(await empty.textContent()).toContain('Plan');
    await expect.poll(() => page.getByTestId('printer-lane').count()).toBe(3);
    await expect.poll(() => page.getByTestId('operator-row').count()).toBe(2);
    expect(await page.getByTestId('conflict-count').textContent()).toContain('No conflicts');
  });

  it('zooms with the buttons, the presets and Ctrl+wheel around the pointer', async () => {
    const week = await pxPerHour(page);
    await page.getByTestId('zoom-in').click();
    await expect.poll(() => pxPerHour(page)).toBeCloseTo(week * 1.5, 3);
    await page.getByTestId('zoom-day').click();
    await expect.poll(() => pxPerHour(page)).toBeGreaterThan(week * 6);
    await page.getByTestId('zoom-month').click();
    await expect.poll(() => pxPerHour(page)).toBeLessThan(week / 3);
    await page.getByTestId('zoom-week').click();
    await expect.poll(() => pxPerHour(page)).toBeCloseTo(week, 3);

    const box = (await page.locator('.gantt__scroller').boundingBox())!;
    const x = box.x + box.width * 0.6;
    const y = box.y + box.height * 0.5;
    await page.mouse.move(x, y);
    const before = await timeAt(page, x);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -240);
    await page.keyboard.up('Control');
    await expect.poll(() => pxPerHour(page)).toBeGreaterThan(week * 1.2);
    const after = await timeAt(page, x);
    // The instant under the pointer stays put (within a pixel's worth of time).
    expect(Math.abs(after - before)).toBeLessThan((3_600_000 / (await pxPerHour(page))) * 1.5);
    await page.getByTestId('zoom-week').click();
  });

  it('drives jobs with the keyboard: move, undo, lock, context menu', async () => {
    // Plan through the contract (the Plan button has its own spec) once intake is done.
    await expect
      .poll(
        async () => {
          const r = (await callApi(studio.url, 'models.list', {})) as Wire<{ status: string }[]>;
          return r.value.every((m) => m.status === 'ready');
        },
        { timeout: 150_000, interval: 500 },
      )
      .toBe(true);
    const proposal = (await callApi(studio.url, 'plans.propose', {})) as Wire<{
      plan: { id: string };
    }>;
    await callApi(studio.url, 'plans.accept', { id: proposal.value.plan.id });
    await page.getByTestId('zoom-today').click();
    await page.getByTestId('job-bar').first().waitFor();
    first = (await jobs(studio.url)).find((j) => j.status === 'planned')!;
    expect(first).toBeDefined();
    const bar = page.locator(`.gbar[data-job-id="${first.id}"]`);
    await bar.click();
    await expect.poll(() => page.evaluate('document.activeElement?.dataset?.jobId')).toBe(first.id);

    // Alt+→ moves the job by the snap step (15 min at week zoom, onto the 5-minute grid),
    // through a command.
    const grid = 5 * 60_000;
    const moved = Math.round((Date.parse(first.start) + 15 * 60_000) / grid) * grid;
    await page.keyboard.press('Alt+ArrowRight');
    await expect
      .poll(async () => Date.parse((await jobById(studio.url, first.id))!.start))
      .toBe(moved);
    await expect.poll(() => page.getByTestId('undo').getAttribute('title')).toContain('Move job');
    await page.keyboard.press('Control+z');
    await expect
      .poll(async () => Date.parse((await jobById(studio.url, first.id))!.start))
      .toBe(Date.parse(first.start));
    await page.keyboard.press('Control+Shift+z');
    await expect
      .poll(async () => Date.parse((await jobById(studio.url, first.id))!.start))
      .toBe(moved);
    await page.keyboard.press('Control+z');
    await expect
      .poll(async () => Date.parse((await jobById(studio.url, first.id))!.start))
      .toBe(Date.parse(first.start));

    // L locks (and a locked job refuses to be dragged), L again unlocks.
    await bar.focus();
    await page.keyboard.press('l');
    await expect.poll(async () => (await jobById(studio.url, first.id))!.locked).toBe(true);
    await expect.poll(() => bar.getAttribute('class')).toContain('is-locked');
    await page.keyboard.press('l');
    await expect.poll(async () => (await jobById(studio.url, first.id))!.locked).toBe(false);

    // Shift+F10 opens the context menu on the focused job; Escape closes it.
    await bar.focus();
    await page.keyboard.press('Shift+F10');
    await page.getByTestId('job-menu').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('job-menu').waitFor({ state: 'detached' });

    // Arrow keys walk from job to job.
    await bar.focus();
    const others = (await jobs(studio.url)).filter((j) => j.id !== first.id);
    if (others.length > 0) {
      await page.keyboard.press('ArrowDown');
      await expect
        .poll(() => page.evaluate('document.activeElement?.dataset?.jobId'))
        .not.toBe(first.id);
    }
  });

  it('drags a job to another printer: checked live, stored, and undo puts it back', async () => {
    const job = (await jobById(studio.url, first.id))!;
    const lanes = page.getByTestId('printer-lane');
    const ids = await lanes.evaluateAll((els) =>
      els.map((e) => (e as HTMLElement).dataset.printerId ?? ''),
    );
    const targetId = ids.find((id) => id && id !== job.printerId);
    expect(targetId, 'another printer row').toBeDefined();
    const targetLane = page.locator(`[data-testid="printer-lane"][data-printer-id="${targetId}"]`);
    const targetName = (await targetLane.locator('.glabel__name').textContent()) ?? '';
    const laneBox = (await targetLane.boundingBox())!;

    const bar = page.locator(`.gbar[data-job-id="${job.id}"]`);
    await bar.scrollIntoViewIfNeeded();
    const box = (await bar.boundingBox())!;
    const x = box.x + Math.min(12, box.width / 2);
    const y = box.y + box.height / 2;
    const ty = laneBox.y + laneBox.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(x, y + ((ty - y) * i) / 10);
    // While dragging, the ghost sits on the target row and says what the drop would mean there.
    const reason = page.getByTestId('drag-reason');
    await reason.waitFor();
    await expect.poll(() => reason.textContent()).toContain(`→ ${targetName}`);
    expect(((await reason.textContent()) ?? '').length).toBeGreaterThan(targetName.length + 4);
    const ghost = (await page.getByTestId('drag-ghost').boundingBox())!;
    expect(ghost.y).toBeGreaterThanOrEqual(laneBox.y - 1);
    expect(ghost.y + ghost.height).toBeLessThanOrEqual(laneBox.y + laneBox.height + 1);
    await saveScreenshot(page, 'timeline-drag-printer');
    await page.mouse.up();

    // Stored on the other printer at the same time, as one undoable command.
    await expect.poll(async () => (await jobById(studio.url, job.id))!.printerId).toBe(targetId);
    expect(Date.parse((await jobById(studio.url, job.id))!.start)).toBe(Date.parse(job.start));
    await expect.poll(() => page.getByTestId('undo').getAttribute('title')).toContain('Move job');
    const movedBar = (await bar.boundingBox())!;
    expect(movedBar.y).toBeGreaterThanOrEqual(laneBox.y - 1);
    expect(movedBar.y).toBeLessThan(laneBox.y + laneBox.height);

    await page.keyboard.press('Control+z');
    await expect
      .poll(async () => (await jobById(studio.url, job.id))!.printerId)
      .toBe(job.printerId);
    expect(Date.parse((await jobById(studio.url, job.id))!.start)).toBe(Date.parse(job.start));
    await expect.poll(async () => (await bar.boundingBox())!.y).toBeCloseTo(box.y, 0);
  });

  it('shows where now is: the now-line next to the plan that starts ahead', async () => {
    await page.getByTestId('zoom-week').click();
    await page.getByTestId('zoom-today').click();
    const now = page.getByTestId('now-line');
    await now.waitFor();
    const scroller = (await page.locator('.gantt__scroller').boundingBox())!;
    await expect
      .poll(async () => {
        const b = await now.boundingBox();
        // Inside the lanes, right of the sticky printer labels.
        return b !== null && b.x > scroller.x + 200 && b.x < scroller.x + scroller.width;
      })
      .toBe(true);
    await expect.poll(() => page.getByTestId('job-bar').count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'timeline-now');
  });

  it('reads well in the dark theme', async () => {
    await page.getByTestId('theme-toggle').click();
    await page.locator(`.gbar[data-job-id="${first.id}"]`).click();
    await page.getByTestId('zoom-day').click();
    await saveScreenshot(page, 'timeline-dark');
    await page.getByTestId('theme-toggle').click();
  });

  it('opens the job’s plate with Enter', async () => {
    const bar = page.locator(`.gbar[data-job-id="${first.id}"]`);
    await bar.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('location.hash')).toBe(`#/plates/${first.id}`);
  });

  // Last, so it covers every step above.
  it('logged no errors in the page', () => {
    const real = errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e));
    expect(real).toEqual([]);
  });
});
