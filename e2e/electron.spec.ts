import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { _electron, type ElectronApplication } from 'playwright-core';
import { isBuilt, repoRoot, saveScreenshot, tempWorkspace } from './harness';

function electronBinary(): string | null {
  try {
    // Under Node the electron package exports its binary's path, not the Electron API.
    // eslint-disable-next-line no-restricted-syntax
    const p: unknown = createRequire(join(repoRoot, 'package.json'))('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const skip =
  binary === null
    ? 'the Electron binary is not installed here (optional dependency; its download is unreachable)'
    : !isBuilt
      ? 'the app is not built: run `npm run build`'
      : null;
if (skip) console.warn(`e2e/electron.spec.ts skipped: ${skip}`);

describe.skipIf(skip !== null)('desktop app (Electron)', () => {
  const workspace = tempWorkspace();
  let app: ElectronApplication | null = null;

  afterAll(async () => {
    await app?.close();
    workspace.remove();
  });

  it(
    'opens a hardened window on the studio with the preload bridge',
    { timeout: 600_000 },
    async () => {
      const args = ['.'];
      if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox');
      // The app's SQLite addon for Electron's ABI, built on the side as `npm start` does.
      const { ensureElectronSqlite } = (await import(
        pathToFileURL(join(repoRoot, 'scripts', 'electron-sqlite.mjs')).href
      )) as { ensureElectronSqlite: () => string };
      app = await _electron.launch({
        executablePath: binary!,
        args,
        cwd: repoRoot,
        env: {
          ...process.env,
          PLATESHIFT_WORKSPACE: workspace.dir,
          PLATESHIFT_SQLITE_BINDING: ensureElectronSqlite(),
        },
      });
      const page = await app.firstWindow();
      expect(page.url()).toBe('app://plateshift/index.html');
      const globals = await page.evaluate(() => {
        const g = globalThis as unknown as Record<string, unknown>;
        return {
          require: typeof g.require,
          process: typeof g.process,
          bridge: Object.keys((g.plateshift as object | undefined) ?? {}).sort(),
        };
      });
      expect(globals).toEqual({
        require: 'undefined',
        process: 'undefined',
        bridge: ['invoke', 'subscribe'],
      });
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const contents = BrowserWindow.getAllWindows()[0]!.webContents as unknown as {
          getLastWebPreferences(): Record<string, unknown> | null;
        };
        const p = contents.getLastWebPreferences() ?? {};
        return {
          contextIsolation: p.contextIsolation,
          sandbox: p.sandbox,
          nodeIntegration: p.nodeIntegration,
        };
      });
      expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
      await page.getByTestId('nav-printers').click();
      await expect.poll(() => page.getByTestId('printer-row').count()).toBeGreaterThanOrEqual(2);
      // window.open and navigation away are refused.
      await page.evaluate(() =>
        (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/'),
      );
      expect(app.windows()).toHaveLength(1);
      await saveScreenshot(page, 'electron-printers');
    },
  );
});
