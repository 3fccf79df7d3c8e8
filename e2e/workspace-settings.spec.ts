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
if (skip) console.warn(`e2e/workspace-settings.spec.ts skipped: ${skip}`);

describe.skipIf(skip !== null)('browser mode: intake checks on the Workspace page', () => {
  const workspace = tempWorkspace();
  let studio: ServedStudio;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    studio = await serveStudio(workspace.dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    errors = watchPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.stop();
    workspace.remove();
  });

  const stored = async () =>
    ((await callApi(studio.url, 'settings.get', {})) as { value: Record<string, unknown> }).value;
  const overhang = () => page.getByTestId('intake-overhang');

  it('saves a new overhang angle that survives a reload', async () => {
    await page.goto(studio.url);
    await page.getByTestId('nav-workspace').click();
    await expect.poll(() => overhang().inputValue()).toBe('45');
    const save = page.getByTestId('intake-checks-save');
    expect(await save.isDisabled()).toBe(true);

    // Out of range: a message, and nothing to save.
    await overhang().fill('95');
    await page.getByTestId('intake-checks').getByRole('alert').filter({ hasText: '89°' }).waitFor();
    expect(await save.isDisabled()).toBe(true);

    // Enter submits, as in the other forms.
    await overhang().fill('60');
    await overhang().press('Enter');
    await page.getByTestId('toast-success').filter({ hasText: 'Intake checks saved' }).waitFor();
    expect(await stored()).toMatchObject({
      overhangAngleDeg: 60,
      maxFileSizeMb: 200,
      maxTriangles: 5_000_000,
    });
    await saveScreenshot(page, 'workspace-intake-checks');

    await page.reload();
    await expect.poll(() => overhang().inputValue()).toBe('60');
    expect(await page.getByTestId('intake-checks-save').isDisabled()).toBe(true);
  });

  it('logged no errors in the page', () => {
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
