import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  browserSkipReason,
  callApi,
  launchChromium,
  serveStudio,
  tempWorkspace,
  type ServedStudio,
} from './harness';

function lanIPv4(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') return a.address;
  }
  return null;
}

const address = lanIPv4();
const skip =
  browserSkipReason() ?? (address === null ? 'no non-loopback IPv4 address on this machine' : null);
if (skip) console.warn(`e2e/lan-token.spec.ts skipped: ${skip}`);

/** `serve --lan` seen from "another machine" (this host's LAN address, so not loopback). */
describe.skipIf(skip !== null)('browser mode on the LAN requires the token', () => {
  const workspace = tempWorkspace();
  const token = 'e2e-lan-token-0123456789abcdef';
  let studio: ServedStudio;
  let browser: Browser;

  beforeAll(async () => {
    studio = await serveStudio(workspace.dir, ['--lan', '--token', token]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.stop();
    workspace.remove();
  });

  it('prints the network address with the token', () => {
    expect(studio.output()).toContain(`http://${address}:${studio.port}/?token=${token}`);
  });

  it('refuses the page and the API without the token', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`http://${address}:${studio.port}/`);
    expect(res?.status()).toBe(401);
    const api = await page.request.post(`http://${address}:${studio.port}/api/call/printers.list`, {
      data: {},
    });
    expect(api.status()).toBe(401);
    expect(await api.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    await page.close();
  });

  it('serves the whole studio, calls and events included, with the token', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`http://${address}:${studio.port}/?token=${token}`);
    expect(res?.status()).toBe(200);
    await page.getByTestId('nav-printers').click();
    await expect.poll(() => page.getByTestId('printer-row').count()).toBeGreaterThanOrEqual(2);
    await page.locator('[data-testid="connection-state"][class*="--open"]').waitFor();
    // A change made elsewhere reaches the page over the tokened event socket, no reload.
    const saved = await callApi(
      `http://${address}:${studio.port}/`,
      'printers.save',
      {
        name: 'Pushed over the LAN',
        bed: [
          { x: 0, y: 0 },
          { x: 220, y: 0 },
          { x: 220, y: 220 },
          { x: 0, y: 220 },
        ],
        maxHeightMm: 250,
      },
      { Authorization: `Bearer ${token}` },
    );
    expect(saved).toMatchObject({ ok: true });
    await page.getByTestId('printer-row').filter({ hasText: 'Pushed over the LAN' }).waitFor();
    await page.close();
  });
});
