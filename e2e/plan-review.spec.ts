import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  browserSkipReason,
  callApi,
  waitForAnalysedModels,
  launchChromium,
  saveScreenshot,
  serveStudio,
  tempWorkspace,
  watchPageErrors,
  type ServedStudio,
} from './harness';

const skip = browserSkipReason();
if (skip) console.warn(`e2e/plan-review.spec.ts skipped: ${skip}`);

/**
 * The planning loop a newcomer runs in the demo workspace: Plan (and Cancel), review the
 * proposal, discard one, accept only some jobs, then all, drag a job where no operator is, see
 * the conflict and its reason, undo, approve.
 */
describe.skipIf(skip !== null)('plan review and overrides on the Timeline', () => {
  const workspace = tempWorkspace();
  let studio: ServedStudio;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let moved: ApiJob;

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

  it('opens the Timeline with printers, operators and their shifts', async () => {
    await page.goto(studio.url);
    await page.getByTestId('nav-timeline').click();
    await page.getByTestId('gantt').waitFor();
    await expect.poll(() => page.getByTestId('printer-lane').count()).toBe(3);
    await expect.poll(() => page.getByTestId('operator-row').count()).toBe(2);
    // Monday to Friday shifts show as bands whatever weekday it is today.
    await page.getByTestId('zoom-month').click();
    await expect.poll(() => page.getByTestId('operator-band').count()).toBeGreaterThan(0);
    await page.getByTestId('zoom-week').click();
  });

  it('shows the planner’s progress, and Cancel stops it without storing a proposal', async () => {
    await waitForAnalysedModels(studio.url);
    // The demo queue plans in about a second on a quiet machine: a big rush order makes the run
    // long enough to watch and cancel (it is removed again afterwards).
    const models = (await callApi(studio.url, 'models.list', {})) as Wire<{ id: string }[]>;
    const rush = (await callApi(studio.url, 'orders.save', {
      reference: 'E2E-RUSH',
      lines: models.value.map((m) => ({ modelId: m.id, quantity: 60 })),
    })) as Wire<{ id: string }>;
    const before = await plansByStatus(studio.url);
    await page.getByTestId('plan-run').click();
    const progress = page.getByTestId('plan-progress');
    await progress.waitFor();
    expect(await progress.getByRole('progressbar').count()).toBe(1);
    expect(await progress.textContent()).toContain('Planning');
    await saveScreenshot(page, 'plan-progress');
    await page.getByTestId('plan-cancel').click();
    await progress.waitFor({ state: 'detached', timeout: 60_000 });
    await expect
      .poll(() => page.getByTestId('toasts').textContent())
      .toContain('Planning was cancelled');
    // Nothing to review and nothing stored: no proposal next to the (still empty) plan in force.
    expect(await page.getByTestId('proposal-banner').count()).toBe(0);
    expect(await page.getByTestId('plan-review').count()).toBe(0);
    const after = await plansByStatus(studio.url);
    expect(after.proposal ?? 0).toBe(0);
    expect(after).toEqual(before);
    expect(await currentJobs(studio.url)).toEqual([]);
    await callApi(studio.url, 'orders.delete', { id: rush.value.id });
  });

  it('discards a proposal: the plan in force stays as it was', async () => {
    await page.getByTestId('plan-run').click();
    await page.getByTestId('plan-review').waitFor({ timeout: 120_000 });
    await expect.poll(() => page.locator('.gbar[data-change="added"]').count()).toBeGreaterThan(0);
    await page.getByTestId('review-discard').click();
    await page.getByTestId('proposal-banner').waitFor({ state: 'detached' });
    await page.getByTestId('plan-review').waitFor({ state: 'detached' });
    const plans = await plansByStatus(studio.url);
    expect(plans.proposal ?? 0).toBe(0);
    expect(plans.discarded).toBe(1);
    expect(await currentJobs(studio.url)).toEqual([]);
    await expect.poll(() => page.getByTestId('job-bar').count()).toBe(0);
  });

  it('accepts only the ticked jobs', async () => {
    await page.getByTestId('plan-run').click();
    await page.getByTestId('plan-review').waitFor({ timeout: 120_000 });
    const picks = page.getByTestId('review-pick');
    await expect.poll(() => picks.count()).toBeGreaterThan(1);
    await page.getByTestId('review-pick-none').click();
    await expect.poll(() => page.getByTestId('review-accept-selected').isDisabled()).toBe(true);
    // Tick one new job: only it is taken; the others stay in the queue.
    const row = page.locator('[data-testid="review-job"][data-kind="added"]').first();
    const taken = await row.getAttribute('data-job-id');
    await row.getByTestId('review-pick').check();
    await expect
      .poll(() => page.getByTestId('review-accept-selected').textContent())
      .toContain('(1)');
    await saveScreenshot(page, 'plan-review-pick');
    await page.getByTestId('review-accept-selected').click();
    await page.getByTestId('proposal-banner').waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await currentJobs(studio.url)).map((j) => j.id))
      .toEqual([taken]);
    await expect.poll(() => page.getByTestId('job-bar').count()).toBe(1);
    expect((await plansByStatus(studio.url)).proposal ?? 0).toBe(0);
  });

  it('plans again against the plan in force, shows the diff with KPIs, and accepts it', async () => {
    const inForce = await currentJobs(studio.url);
    expect(inForce).toHaveLength(1);
    await page.getByTestId('plan-run').click();
    const review = page.getByTestId('plan-review');
    await review.waitFor({ timeout: 120_000 });
    await page.getByTestId('proposal-banner').waitFor();
    await expect.poll(() => page.getByTestId('review-kpi').count()).toBe(7);
    // New jobs are outlined on the Gantt (the view scrolls to the first change).
    const addedBars = page.locator('.gbar[data-change="added"]');
    await expect.poll(() => addedBars.count()).toBeGreaterThan(0);
    const added = await addedBars.count();
    await expect.poll(() => page.getByTestId('review-job').count()).toBeGreaterThanOrEqual(added);
    // Frame the first change at day zoom: bars wide enough to read.
    await page.locator('.review-job__body').first().click();
    await page.getByTestId('zoom-day').click();
    await saveScreenshot(page, 'plan-review');

    // KPIs before → after: the plan in force has a column now.
    expect(await page.getByTestId('review-kpis').textContent()).toContain('In force');

    await page.getByTestId('review-accept-all').click();
    await page.getByTestId('proposal-banner').waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await currentJobs(studio.url)).length)
      .toBeGreaterThan(inForce.length);
    const jobs = await currentJobs(studio.url);
    await expect.poll(() => page.getByTestId('job-bar').count()).toBe(jobs.length);
    expect(await page.getByTestId('undo').isDisabled()).toBe(true); // history cleared on accept
  });

  it('flags a job dragged to 03:00 with the reason, and undo clears it', async () => {
    const jobs = await currentJobs(studio.url);
    const job = jobs.find((j) => j.status === 'planned' && !j.locked);
    expect(job, 'a planned job to drag').toBeDefined();
    moved = job!;
    await page.getByTestId('zoom-week').click();
    const target = berlinWallClock(moved.start, 3, 0);
    const ghostText = await dragJobBy(page, moved.id, target - Date.parse(moved.start));
    expect(ghostText).toContain('No operator at setup');

    // The move is applied (the technician may override) and stored…
    const startOf = async () => {
      const j = (await currentJobs(studio.url)).find((x) => x.id === moved.id);
      return j ? Date.parse(j.start) : null;
    };
    await expect.poll(startOf).toBe(target);
    // …and flagged: red outline, the count, the reason in the Conflicts panel.
    const bar = page.locator(`.gbar[data-job-id="${moved.id}"]`);
    await expect.poll(() => bar.getAttribute('data-conflict')).toBe('error');
    await expect.poll(() => page.getByTestId('conflict-count').textContent()).toMatch(/1 conflict/);
    await page.getByTestId('tab-conflicts').click();
    const item = page.getByTestId('conflict-item').first();
    await item.waitFor();
    expect(await item.textContent()).toContain('No operator at setup');
    await page.getByTestId('zoom-day').click();
    await bar.hover();
    await page.getByTestId('job-tooltip').waitFor();
    expect(await page.getByTestId('job-tooltip').textContent()).toContain('No operator at setup');
    await page.mouse.move(5, 5); // keep the tooltip from hiding the other plates
    await saveScreenshot(page, 'timeline');

    // Undo (Ctrl+Z) puts it back and the conflict goes away.
    await page.keyboard.press('Control+z');
    await expect.poll(startOf).toBe(Date.parse(moved.start));
    await expect.poll(() => bar.getAttribute('data-conflict')).toBeNull();
    await expect
      .poll(() => page.getByTestId('conflict-count').textContent())
      .toMatch(/No conflicts/);
  });

  it('approves a job for sending', async () => {
    const bar = page.locator(`.gbar[data-job-id="${moved.id}"]`);
    await bar.click();
    await page.getByTestId('tab-job').click();
    await page.getByTestId('job-approve').click();
    await expect
      .poll(async () => (await currentJobs(studio.url)).find((j) => j.id === moved.id)?.status)
      .toBe('approved');
    await expect.poll(() => bar.getAttribute('data-status')).toBe('approved');
    // An approved job is frozen: dragging it explains why instead of moving it.
    const box = await bar.boundingBox();
    await page.mouse.move(box!.x + 5, box!.y + 10);
    await page.mouse.down();
    await page.mouse.move(box!.x + 60, box!.y + 10, { steps: 5 });
    await page.getByTestId('move-refused').waitFor();
    await page.mouse.up();
    expect((await currentJobs(studio.url)).find((j) => j.id === moved.id)?.start).toBe(moved.start);
    // The approval is an undoable command like any other edit.
    await expect.poll(() => page.getByTestId('undo').getAttribute('title')).toContain('Approve');
  });

  it('logged no errors in the page', () => {
    const real = errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e));
    expect(real).toEqual([]);
  });
});

// ---------------------------------------------------------------- helpers

interface Wire<T> {
  ok: boolean;
  value: T;
}

interface ApiJob {
  id: string;
  printerId: string;
  start: string;
  end: string;
  status: string;
  locked: boolean;
  tasks: { kind: string; start: string; end: string; operatorId: string | null }[];
}

/** How many stored plans there are per status (proposal, current, discarded, superseded). */
async function plansByStatus(url: string): Promise<Record<string, number>> {
  const r = (await callApi(url, 'plans.list', {})) as Wire<{ status: string }[]>;
  const out: Record<string, number> = {};
  for (const p of r.value) out[p.status] = (out[p.status] ?? 0) + 1;
  return out;
}

async function currentJobs(url: string): Promise<ApiJob[]> {
  const r = (await callApi(url, 'plans.current', {})) as Wire<{ jobs: ApiJob[] } | null>;
  return r.value?.jobs ?? [];
}

/** The UTC instant of a wall-clock time on the same Berlin date as `iso`. */
function berlinWallClock(iso: string, hour: number, minute = 0): number {
  const date = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  for (const offset of [1, 2]) {
    const t = Date.UTC(y, m - 1, d, hour - offset, minute);
    const h = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      hour: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(t));
    if (Number(h) === hour) return t;
  }
  throw new Error(`no ${hour}:00 in Berlin on ${date}`);
}

/** Pixels per hour of the Gantt as drawn now. */
async function ganttPxPerHour(page: Page): Promise<number> {
  const v = await page.locator('.gantt__lanes').getAttribute('data-px-per-hour');
  const n = Number(v);
  expect(n).toBeGreaterThan(0);
  return n;
}

/** Drags a job bar horizontally by `deltaMs`, checking the ghost on the way; returns its text. */
async function dragJobBy(page: Page, jobId: string, deltaMs: number): Promise<string> {
  const bar = page.locator(`.gbar[data-job-id="${jobId}"]`);
  await bar.scrollIntoViewIfNeeded();
  const box = await bar.boundingBox();
  if (!box) throw new Error(`job ${jobId} has no bar on screen`);
  const pxPerHour = await ganttPxPerHour(page);
  const dx = (deltaMs / 3_600_000) * pxPerHour;
  const x = box.x + Math.min(12, box.width / 2);
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  const steps = 12;
  for (let i = 1; i <= steps; i++) await page.mouse.move(x + (dx * i) / steps, y);
  const reason = page.getByTestId('drag-reason');
  await reason.waitFor();
  const text = (await reason.textContent()) ?? '';
  await page.mouse.up();
  return text;
}
