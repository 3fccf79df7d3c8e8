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
if (skip) console.warn(`e2e/browser-mode.spec.ts skipped: ${skip}`);

// A name and a slot no demo workspace contains, so finding them proves they were stored.
const PRINTER = `E2E Voron ${Date.now().toString(36)}`;
const SLOT = { weekday: '6', start: '09:05', end: '12:35' };

describe.skipIf(skip !== null)('browser mode: the served studio stores what it edits', () => {
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

  const printerRow = () => page.getByTestId('printer-row').filter({ hasText: PRINTER });
  const slotRow = () =>
    page.getByTestId('slot-row').filter({ hasText: SLOT.start }).filter({ hasText: SLOT.end });

  it('opens on the demo workspace', async () => {
    await page.goto(studio.url);
    await page.getByTestId('nav-printers').waitFor();
    for (const area of ['queue', 'plates', 'timeline', 'printers', 'calendar', 'reports']) {
      await page.getByTestId(`nav-${area}`).waitFor();
    }
    await page.getByTestId('nav-printers').click();
    await expect.poll(() => page.getByTestId('printer-row').count()).toBeGreaterThanOrEqual(2);
  });

  it('has WebGL2 (SwiftShader) for the 3D views', async () => {
    const webgl2 = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { createElement(t: string): unknown } })
        .document;
      const canvas = doc.createElement('canvas') as { getContext(kind: string): unknown };
      return canvas.getContext('webgl2') !== null;
    });
    expect(webgl2).toBe(true);
  });

  it('creates a printer on the Printers page', async () => {
    await page.getByTestId('printer-add').click();
    const form = page.locator('form:has([data-testid="printer-save"])');
    await form.locator('input[name="name"]').fill(PRINTER);
    await form.locator('input[name="bedWidth"]').fill('350');
    await form.locator('input[name="bedDepth"]').fill('350');
    await form.locator('input[name="maxHeight"]').fill('340');
    await form.getByTestId('printer-save').click();
    await printerRow().waitFor();
  });

  it('creates an operator slot on the Calendar page', async () => {
    await page.getByTestId('nav-calendar').click();
    // The demo calendar's own slots show once the calendar has loaded.
    await page.getByTestId('slot-row').first().waitFor();
    await page.getByTestId('slot-add').click();
    const form = page.locator('form:has([data-testid="slot-save"])');
    const operator = form.locator('select[name="operatorId"]');
    const operatorIds = () =>
      operator
        .locator('option')
        .evaluateAll((opts) =>
          opts.map((o) => (o as unknown as { value: string }).value).filter((v) => v !== ''),
        );
    await expect.poll(operatorIds, { message: 'the demo workspace has operators' }).not.toEqual([]);
    const firstOperator = (await operatorIds())[0];
    await operator.selectOption(firstOperator!);
    await form.locator('select[name="weekday"]').selectOption(SLOT.weekday);
    await form.locator('input[name="start"]').fill(SLOT.start);
    await form.locator('input[name="end"]').fill(SLOT.end);
    await form.getByTestId('slot-save').click();
    await slotRow().waitFor();
  });

  it('still shows both after a reload', async () => {
    await page.reload();
    await page.getByTestId('nav-printers').click();
    await printerRow().waitFor();
    await page.getByTestId('nav-calendar').click();
    await slotRow().waitFor();
  });

  it('holds both in storage across a restart of the host', async () => {
    await studio.stop();
    studio = await serveStudio(workspace.dir);
    const printers = (await callApi(studio.url, 'printers.list', {})) as {
      ok: boolean;
      value: { name: string; maxHeightMm: number }[];
    };
    expect(printers.ok).toBe(true);
    expect(printers.value.find((p) => p.name === PRINTER)?.maxHeightMm).toBe(340);
    const calendar = (await callApi(studio.url, 'calendar.get', {})) as {
      ok: boolean;
      value: { slots: { weekday: number; start: string; end: string }[] };
    };
    expect(calendar.value.slots).toContainEqual(
      expect.objectContaining({ weekday: 6, start: SLOT.start, end: SLOT.end }),
    );

    await page.goto(studio.url);
    await page.getByTestId('nav-printers').click();
    await printerRow().waitFor();
    const shot = await saveScreenshot(page, 'browser-mode-printers');
    await page.getByTestId('nav-calendar').click();
    await slotRow().waitFor();
    await saveScreenshot(page, 'browser-mode-calendar');
    console.log(`screenshots saved, e.g. ${shot}`);
  });

  it('creates and deletes an order on the Queue page', async () => {
    const reference = `E2E-${Date.now().toString(36)}`;
    type Orders = { ok: boolean; value: { id: string; reference: string; lines: unknown[] }[] };
    const stored = async () =>
      ((await callApi(studio.url, 'orders.list', {})) as Orders).value.find(
        (o) => o.reference === reference,
      );
    await page.getByTestId('nav-queue').click();
    await page.getByTestId('order-row').first().waitFor();
    await page.getByTestId('order-add').click();
    const editor = page.getByTestId('order-editor');
    await editor.locator('input[name="reference"]').fill(reference);
    await editor.getByTestId('order-line-add').click();
    const model = editor.getByTestId('order-line').first().locator('select[name="modelId"]');
    const modelIds = () =>
      model
        .locator('option')
        .evaluateAll((opts) =>
          opts.map((o) => (o as unknown as { value: string }).value).filter((v) => v !== ''),
        );
    await expect.poll(modelIds, { message: 'the demo workspace has models' }).not.toEqual([]);
    await model.selectOption((await modelIds())[0]!);
    await editor.getByTestId('order-save').click();
    const row = page.getByTestId('order-row').filter({ hasText: reference });
    await row.waitFor();
    await expect.poll(async () => (await stored())?.lines.length).toBe(1);

    await row.click();
    await page.getByTestId('order-delete').click();
    await page.getByTestId('confirm-ok').click();
    await row.waitFor({ state: 'detached' });
    expect(await stored()).toBeUndefined();
  });

  it('deletes the printer and the slot it created', async () => {
    await page.getByTestId('nav-printers').click();
    await printerRow().click();
    await page.getByTestId('printer-delete').click();
    await page.getByTestId('confirm-ok').click();
    await printerRow().waitFor({ state: 'detached' });
    const printers = (await callApi(studio.url, 'printers.list', {})) as {
      value: { name: string }[];
    };
    expect(printers.value.map((p) => p.name)).not.toContain(PRINTER);

    await page.getByTestId('nav-calendar').click();
    await slotRow().click();
    await page.getByTestId('slot-delete').click();
    await page.getByTestId('confirm-ok').click();
    await slotRow().waitFor({ state: 'detached' });
    const calendar = (await callApi(studio.url, 'calendar.get', {})) as {
      value: { slots: { weekday: number; start: string; end: string }[] };
    };
    expect(calendar.value.slots).not.toContainEqual(
      expect.objectContaining({ weekday: 6, start: SLOT.start, end: SLOT.end }),
    );
  });

  it('logged no errors in the page', () => {
    // A refused socket while the host restarted is expected; anything else is a bug.
    const real = errors.filter(
      (e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e),
    );
    expect(real).toEqual([]);
  });
});
