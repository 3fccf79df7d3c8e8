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
if (skip) console.warn(`e2e/plan-changes.spec.ts skipped: ${skip}`);

interface Wire<T> {
  ok: boolean;
  value?: T;
  error?: { message: string };
}

async function api<T>(url: string, channel: string, input: unknown): Promise<T> {
  const r = (await callApi(url, channel, input)) as Wire<T>;
  if (!r.ok) throw new Error(`${channel}: ${r.error?.message ?? 'failed'}`);
  return r.value as T;
}

/**
 * Seed 002's re-planning triggers as the technician meets them: a printer goes into maintenance
 * after the plan was accepted, and the status bar says the plan is out of date, and why.
 */
describe.skipIf(skip !== null)('the plan says when the workshop changed under it', () => {
  const workspace = tempWorkspace();
  let studio: ServedStudio;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    studio = await serveStudio(workspace.dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 940 } });
    errors = watchPageErrors(page);
    await waitForAnalysedModels(studio.url);
    const proposal = await api<{ plan: { id: string } }>(studio.url, 'plans.propose', {
      strategy: 'ffdh',
    });
    await api(studio.url, 'plans.accept', { id: proposal.plan.id });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await studio?.stop();
    workspace.remove();
  });

  it('shows nothing while the plan matches the workshop', async () => {
    await page.goto(studio.url);
    await page.getByTestId('connection-state').waitFor();
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Live');
    expect(await page.getByTestId('plan-changes').count()).toBe(0);
  });

  it('names the printer that went into maintenance, live, and leads to re-planning', async () => {
    const printers = await api<{ id: string; name: string; status: string }[]>(
      studio.url,
      'printers.list',
      {},
    );
    const printer = printers[1]!;
    await api(studio.url, 'printers.save', { ...printer, status: 'maintenance' });
    const chip = page.getByTestId('plan-changes');
    await expect.poll(() => chip.textContent(), { timeout: 15_000 }).toContain('1 change');
    await chip.click();
    await expect
      .poll(() => page.getByTestId('plan-change').allTextContents())
      .toEqual([expect.stringContaining(`${printer.name} is in maintenance`)]);
    await saveScreenshot(page, 'plan-changes');
    await page.getByTestId('plan-changes-replan').click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('timeline');
  });

  it('clears once a new plan is accepted', async () => {
    const proposal = await api<{ plan: { id: string } }>(studio.url, 'plans.propose', {
      strategy: 'ffdh',
    });
    await api(studio.url, 'plans.accept', { id: proposal.plan.id });
    await expect.poll(() => page.getByTestId('plan-changes').count(), { timeout: 15_000 }).toBe(0);
  });

  it('logged no errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
