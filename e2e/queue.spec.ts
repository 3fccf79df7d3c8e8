import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/**
 * The Queue in browser mode on the demo workspace: search, filters, multi-select with
 * shift-click and the keyboard, bulk edit through orders.save, and the edit still there after
 * a reload.
 */

const skip = browserSkipReason();
if (skip) console.warn(`e2e/queue.spec.ts skipped: ${skip}`);

interface ApiOk<T> {
  ok: boolean;
  value: T;
}
interface StoredOrder {
  id: string;
  reference: string;
  priority: number;
  status: string;
  lines: { id: string; modelId: string; quantity: number; profileId: string | null }[];
}

/** A 10 × 10 × 260 mm column: taller than every demo printer, so its verdict is an error. */
function towerStl(): Buffer {
  const [w, d, h] = [10, 10, 260];
  const v = (x: number, y: number, z: number) => [x * w, y * d, z * h];
  const quads = [
    [v(0, 0, 0), v(0, 1, 0), v(1, 1, 0), v(1, 0, 0)],
    [v(0, 0, 1), v(1, 0, 1), v(1, 1, 1), v(0, 1, 1)],
    [v(0, 0, 0), v(1, 0, 0), v(1, 0, 1), v(0, 0, 1)],
    [v(1, 0, 0), v(1, 1, 0), v(1, 1, 1), v(1, 0, 1)],
    [v(1, 1, 0), v(0, 1, 0), v(0, 1, 1), v(1, 1, 1)],
    [v(0, 1, 0), v(0, 0, 0), v(0, 0, 1), v(0, 1, 1)],
  ];
  const tris = quads.flatMap(([a, b, c, e]) => [
    [a, b, c],
    [a, c, e],
  ]);
  const buf = Buffer.alloc(84 + tris.length * 50);
  buf.writeUInt32LE(tris.length, 80);
  tris.forEach((tri, i) => {
    const o = 84 + i * 50 + 12;
    tri.forEach((p, k) => p!.forEach((c, j) => buf.writeFloatLE(c, o + k * 12 + j * 4)));
  });
  return buf;
}

describe.skipIf(skip !== null)('the Queue: find, select, bulk edit', () => {
  const workspace = tempWorkspace();
  let studio: ServedStudio;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const rows = () => page.getByTestId('order-row');
  const row = (reference: string) => rows().filter({ hasText: reference });
  const references = () =>
    rows().evaluateAll((els) =>
      els.map((e) => e.querySelector('.col-ref a')?.textContent?.trim() ?? ''),
    );

  beforeAll(async () => {
    studio = await serveStudio(workspace.dir);
    // A finished order (hidden by the default filter) and a model that is too tall.
    const models = (await callApi(studio.url, 'models.list', {})) as ApiOk<{ id: string }[]>;
    const done = await callApi(studio.url, 'orders.save', {
      reference: 'QA-DONE',
      requester: 'Archive',
      status: 'done',
      lines: [{ modelId: models.value[0]!.id, quantity: 1 }],
    });
    expect((done as ApiOk<unknown>).ok).toBe(true);
    const tower = (await callApi(studio.url, 'intake.import', {
      fileName: 'lamp-tower.stl',
      dataBase64: towerStl().toString('base64'),
    })) as ApiOk<{ orderId: string; items: { verdict?: { level: string } }[] }>;
    expect(tower.value.items[0]?.verdict?.level).toBe('error');
    // Rename the order intake created for it (orders.save takes the order without parts).
    const created = (
      (await callApi(studio.url, 'orders.get', { id: tower.value.orderId })) as ApiOk<StoredOrder>
    ).value;
    const renamed = (await callApi(studio.url, 'orders.save', {
      id: created.id,
      reference: 'QA-TOWER',
      lines: created.lines.map((l) => ({ id: l.id, modelId: l.modelId, quantity: l.quantity })),
    })) as ApiOk<StoredOrder>;
    expect(renamed.ok).toBe(true);

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    errors = watchPageErrors(page);
    await page.goto(`${studio.url}#/queue`);
    await rows().first().waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.stop();
    workspace.remove();
  });

  it('finds orders by reference, requester and model name', async () => {
    await expect.poll(() => rows().count()).toBe(5); // 4 demo orders + the tower; done is hidden
    const search = page.getByTestId('order-search');
    await search.fill('fs-lever');
    await expect.poll(references).toEqual(['FL-1002']);
    await search.fill('robotics');
    await expect.poll(references).toEqual(['FL-1001']);
    await search.fill('no such thing');
    await page.getByTestId('queue-no-match').waitFor();
    await search.fill('');
    await expect.poll(() => rows().count()).toBe(5);
  });

  it('filters by order status, verdict and profile', async () => {
    const status = page.getByTestId('order-status-filter');
    await status.selectOption('all');
    await expect.poll(() => rows().count()).toBe(6);
    await status.selectOption('done');
    await expect.poll(references).toEqual(['QA-DONE']);
    await status.selectOption('active');

    const verdict = page.getByTestId('verdict-filter');
    await verdict.selectOption('error');
    await expect.poll(references).toEqual(['QA-TOWER']);
    // Only the failing line shows, with its verdict.
    await expect
      .poll(() => row('QA-TOWER').getByTestId('queue-line').first().getAttribute('data-verdict'))
      .toBe('error');
    await verdict.selectOption('any');

    const profiles = (await callApi(studio.url, 'profiles.list', {})) as ApiOk<
      { id: string; name: string }[]
    >;
    const petg = profiles.value.find((p) => p.name.startsWith('PETG'))!;
    await page.getByTestId('profile-filter').selectOption(petg.id);
    await expect.poll(references).toEqual(['FL-1002']);
    await page.getByTestId('profile-filter').selectOption('none');
    await expect.poll(references).toEqual(['QA-TOWER']);
    await page.getByTestId('filters-reset').click();
    await page.getByTestId('order-status-filter').selectOption('active');
    await expect.poll(() => rows().count()).toBe(5);
  });

  it('selects a range with shift-click and sets the priority of all of them at once', async () => {
    await page.getByTestId('order-search').fill('FL-100');
    await expect.poll(references).toEqual(['FL-1001', 'FL-1002', 'FL-1003', 'FL-1004']);
    await row('FL-1001').getByTestId('order-select').click();
    await row('FL-1003')
      .getByTestId('order-select')
      .click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByTestId('bulk-count').textContent()).toBe('3 selected');
    await page.getByTestId('bulk-priority').selectOption('9');
    await page.getByTestId('bulk-apply').click();
    await page.getByTestId('toast-success').filter({ hasText: '3 orders updated' }).waitFor();
    for (const ref of ['FL-1001', 'FL-1002', 'FL-1003']) {
      await expect.poll(() => row(ref).locator('td.num').textContent()).toBe('9');
    }
    await expect.poll(() => row('FL-1004').locator('td.num').textContent()).toBe('3');
    await page.getByTestId('bulk-clear').click();
    await expect.poll(() => page.getByTestId('bulk-bar').count()).toBe(0);
  });

  it('undoes the bulk edit with Ctrl+Z as one step, and redoes it', async () => {
    const priorities = async () => {
      const orders = (await callApi(studio.url, 'orders.list', {})) as ApiOk<StoredOrder[]>;
      return Object.fromEntries(orders.value.map((o) => [o.reference, o.priority]));
    };
    await expect
      .poll(() => page.getByTestId('undo').getAttribute('title'))
      .toBe('Undo “Change 3 orders: priority 9” (Ctrl+Z)');
    const linesOf = async (reference: string) => {
      const orders = (await callApi(studio.url, 'orders.list', {})) as ApiOk<
        { reference: string; lines: { id: string; parts: { id: string }[] }[] }[]
      >;
      return orders.value
        .find((o) => o.reference === reference)
        ?.lines.map((l) => [l.id, l.parts.map((p) => p.id)]);
    };
    const linesBefore = await linesOf('FL-1002');
    await page.keyboard.press('Control+z');
    for (const [ref, prio] of [
      ['FL-1001', '7'],
      ['FL-1002', '5'],
      ['FL-1003', '4'],
    ] as const) {
      await expect.poll(() => row(ref).locator('td.num').textContent()).toBe(prio);
    }
    expect(await priorities()).toMatchObject({
      'FL-1001': 7,
      'FL-1002': 5,
      'FL-1003': 4,
      'FL-1004': 3,
    });
    // Undo put the orders back with their lines and parts, ids included.
    expect(await linesOf('FL-1002')).toEqual(linesBefore);
    expect(linesBefore).toHaveLength(2);
    await page.keyboard.press('Control+Shift+z');
    for (const ref of ['FL-1001', 'FL-1002', 'FL-1003']) {
      await expect.poll(() => row(ref).locator('td.num').textContent()).toBe('9');
    }
    expect(await priorities()).toMatchObject({ 'FL-1001': 9, 'FL-1002': 9, 'FL-1003': 9 });
  });

  it('moves, selects and opens with the keyboard', async () => {
    await rows().first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'order-row',
    );
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-id'));
    const third = await rows().nth(2).getAttribute('data-id');
    expect(focused).toBe(third);
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('bulk-count').textContent()).toBe('1 selected');
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(() => page.getByTestId('bulk-count').textContent()).toBe('2 selected');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('bulk-bar').count()).toBe(0);
    // Shift+↓ moved the focus to the fourth row: Enter opens that one.
    const fourth = await rows().nth(3).getAttribute('data-id');
    await page.keyboard.press('Enter');
    await page.getByTestId('order-editor').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe(`#/queue/order/${fourth}`);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('order-editor').count()).toBe(0);
  });

  it('keeps the bulk edit after a reload and in storage', async () => {
    await page.reload();
    await page.getByTestId('order-search').fill('FL-100');
    await expect.poll(() => rows().count()).toBe(4);
    for (const ref of ['FL-1001', 'FL-1002', 'FL-1003']) {
      await expect.poll(() => row(ref).locator('td.num').textContent()).toBe('9');
    }
    const orders = (await callApi(studio.url, 'orders.list', {})) as ApiOk<StoredOrder[]>;
    const prio = Object.fromEntries(orders.value.map((o) => [o.reference, o.priority]));
    expect(prio).toMatchObject({ 'FL-1001': 9, 'FL-1002': 9, 'FL-1003': 9, 'FL-1004': 3 });
    // Lines survived the bulk edit untouched.
    expect(orders.value.find((o) => o.reference === 'FL-1002')?.lines).toHaveLength(2);
    await page.getByTestId('order-search').fill('');
    await expect.poll(() => rows().count()).toBe(5);
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="model-thumb"]')].every(
        (t) => t.dataset.state === 'ready',
      ),
    );
    await saveScreenshot(page, 'queue');
  });

  it('logged no errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
