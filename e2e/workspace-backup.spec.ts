import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
if (skip) console.warn(`e2e/workspace-backup.spec.ts skipped: ${skip}`);

const LATER = `Printer after the backup ${Date.now().toString(36)}`;

describe.skipIf(skip !== null)('browser mode: backing up and restoring the workspace', () => {
  const workspace = tempWorkspace();
  const downloadsDir = mkdtempSync(join(tmpdir(), 'plateshift-e2e-downloads-'));
  let studio: ServedStudio;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let archivePath = '';

  beforeAll(async () => {
    studio = await serveStudio(workspace.dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    errors = watchPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.stop();
    workspace.remove();
    rmSync(downloadsDir, { recursive: true, force: true });
  });

  const printerNames = async () =>
    ((await callApi(studio.url, 'printers.list', {})) as { value: { name: string }[] }).value.map(
      (p) => p.name,
    );
  const rows = () => page.getByTestId('backup-row');

  it('backs up from the Workspace page and lists the archive with its size', async () => {
    await page.goto(studio.url);
    await page.getByTestId('nav-workspace').click();
    await page.getByTestId('backups-empty').waitFor();
    await page.getByTestId('backup-now').click();
    await rows().first().waitFor();
    expect(await rows().count()).toBe(1);
    await expect
      .poll(() => rows().first().textContent())
      .toMatch(/plateshift-backup-.*\d+(\.\d)? (KB|MB)/);
  });

  it('downloads the archive in browser mode', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      rows().first().getByTestId('backup-copy').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^plateshift-backup-.*\.zip$/);
    archivePath = join(downloadsDir, download.suggestedFilename());
    await download.saveAs(archivePath);
    const bytes = readFileSync(archivePath);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const listed = (await callApi(studio.url, 'workspace.backups', {})) as {
      value: { sizeBytes: number }[];
    };
    expect(bytes.length).toBe(listed.value[0]?.sizeBytes);
  });

  it('restores a listed backup after confirmation and keeps the replaced state', async () => {
    const saved = await callApi(studio.url, 'printers.save', {
      name: LATER,
      bed: [
        { x: 0, y: 0 },
        { x: 200, y: 0 },
        { x: 200, y: 200 },
        { x: 0, y: 200 },
      ],
      maxHeightMm: 200,
    });
    expect((saved as { ok: boolean }).ok).toBe(true);
    expect(await printerNames()).toContain(LATER);

    // Cancelling changes nothing.
    await rows().first().getByTestId('backup-restore').click();
    await page.getByTestId('confirm-cancel').click();
    expect(await printerNames()).toContain(LATER);

    await rows().first().getByTestId('backup-restore').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('toast-success').filter({ hasText: 'Restored from' }).waitFor();
    expect(await printerNames()).not.toContain(LATER);
    // The safety backup joined the list.
    await expect.poll(() => rows().count()).toBe(2);
    await saveScreenshot(page, 'workspace-backups');
  });

  it('restores an uploaded archive and refuses a file that is not one', async () => {
    const bogus = join(tmpdir(), `not-a-backup-${Date.now()}.zip`);
    writeFileSync(bogus, 'definitely not a zip');
    await page.getByTestId('restore-file-input').setInputFiles(bogus);
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('toast-error').filter({ hasText: 'not a PlateShift backup' }).waitFor();
    expect(await rows().count()).toBe(2);

    await page.getByTestId('restore-file-input').setInputFiles(archivePath);
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('toast-success').filter({ hasText: 'Restored from' }).last().waitFor();
    await expect.poll(() => rows().count()).toBe(3);
    const events = (await callApi(studio.url, 'events.list', {
      entity: 'workspace',
      limit: 1,
    })) as {
      value: { action: string; entityId: string }[];
    };
    expect(events.value[0]).toMatchObject({
      action: 'workspace.restore',
      entityId: archivePath.split('/').pop(),
    });
  });

  it('logged no errors in the page', () => {
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
