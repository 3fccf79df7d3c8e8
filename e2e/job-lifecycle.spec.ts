import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  browserSkipReason,
  callApi,
  launchChromium,
  saveScreenshot,
  serveStudio,
  tempWorkspace,
  waitForAnalysedModels,
  watchPageErrors,
  type ServedStudio,
} from './harness';

const skip = browserSkipReason();
if (skip) console.warn(`e2e/job-lifecycle.spec.ts skipped: ${skip}`);

interface Wire<T> {
  ok: boolean;
  value?: T;
  error?: { message: string };
}
interface ApiJob {
  id: string;
  status: string;
  placements: { partId: string }[];
}

async function api<T>(url: string, channel: string, input: unknown): Promise<T> {
  const r = (await callApi(url, channel, input)) as Wire<T>;
  if (!r.ok) throw new Error(`${channel}: ${r.error?.message ?? 'failed'}`);
  return r.value as T;
}

/**
 * A job's way from approval to done on the Timeline, by hand: mark it sent and printed, report
 * its QC with one failed part, and the status bar offers a re-plan because that part is back in
 * the queue. A step out of order is refused by the core.
 */
describe.skipIf(skip !== null)('job lifecycle on the Timeline', () => {
  const workspace = tempWorkspace();
  let studio: ServedStudio;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let job: ApiJob;

  const jobNow = async () =>
    (await api<{ jobs: ApiJob[] }>(studio.url, 'plans.current', {})).jobs.find(
      (j) => j.id === job.id,
    )!;

  beforeAll(async () => {
    studio = await serveStudio(workspace.dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 940 } });
    errors = watchPageErrors(page);
    await waitForAnalysedModels(studio.url);
    const proposal = await api<{ plan: { id: string; jobs: ApiJob[] } }>(
      studio.url,
      'plans.propose',
      { strategy: 'ffdh' },
    );
    await api(studio.url, 'plans.accept', { id: proposal.plan.id });
    job = proposal.plan.jobs.find((j) => j.placements.length >= 2)!;
    expect(job).toBeDefined();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await studio?.stop();
    workspace.remove();
  });

  it('offers the next steps of an approved job and marks it sent, then printed', async () => {
    await page.goto(`${studio.url}#/timeline`);
    await page.getByTestId('zoom-today').click();
    await page.locator(`.gbar[data-job-id="${job.id}"]`).click();
    const panel = page.getByTestId('job-panel');
    await expect.poll(() => panel.getByTestId('job-lifecycle').textContent()).toContain('Approve');
    await panel.getByTestId('job-approve').click();
    await panel.getByTestId('job-mark-sent').click();
    await expect.poll(async () => (await jobNow()).status).toBe('sent');
    await panel.getByTestId('job-mark-printed').click();
    await expect.poll(async () => (await jobNow()).status).toBe('printed');
  });

  it('offers only the steps that follow; the core refuses the others', async () => {
    const r = (await callApi(studio.url, 'jobs.update', {
      id: job.id,
      status: 'sent',
    })) as Wire<unknown>;
    expect(r.ok).toBe(false);
    expect(r.error?.message).toMatch(/printed job cannot be marked sent/);
    expect(await page.getByTestId('job-mark-sent').count()).toBe(0);
  });

  it('reports QC with one failed part; the chip offers a re-plan', async () => {
    const panel = page.getByTestId('job-panel');
    await panel.getByTestId('job-report-qc').click();
    const form = panel.getByTestId('job-qc-form');
    await expect.poll(() => form.getByTestId('job-qc-part').count()).toBe(job.placements.length);
    await form.getByTestId('job-qc-part').first().check();
    await saveScreenshot(page, 'job-qc');
    await form.getByTestId('job-qc-submit').click();
    await expect
      .poll(() => page.getByTestId('toasts').textContent())
      .toContain('1 part back in the queue');
    await expect.poll(async () => (await jobNow()).status).toBe('done');
    const chip = page.getByTestId('plan-changes');
    await expect.poll(() => chip.textContent(), { timeout: 15_000 }).toContain('1 change');
    await chip.click();
    await expect
      .poll(() => page.getByTestId('plan-change').allTextContents())
      .toEqual([expect.stringMatching(/QC on .+: 1 part failed, back in the queue/)]);
  });

  it('logged no errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
