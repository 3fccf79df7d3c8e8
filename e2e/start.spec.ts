import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  browserSkipReason,
  callApi,
  launchChromium,
  repoRoot,
  saveScreenshot,
  tempWorkspace,
  watchPageErrors,
} from './harness';

/**
 * The README's first command, after the install: `npm start` (scripts/start.mjs). Whether the
 * Electron binary is there is read the way the electron package finds it (path.txt names the
 * executable inside its dist/ folder), without loading the package.
 */
function electronInstalled(): boolean {
  const pkg = join(repoRoot, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return false;
  return existsSync(join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

const skip =
  browserSkipReason() ??
  (electronInstalled()
    ? 'the Electron binary is installed, so `npm start` opens the desktop app (e2e/electron.spec.ts covers it)'
    : null);
if (skip) console.warn(`e2e/start.spec.ts skipped: ${skip}`);

describe.skipIf(skip !== null)('npm start without the Electron binary', () => {
  const workspace = tempWorkspace();
  let child: ChildProcess | null = null;
  let output = '';

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    workspace.remove();
  });

  it('serves the studio on the demo workspace in browser mode and says so', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: '0',
      PLATESHIFT_WORKSPACE: workspace.dir,
      NODE_ENV: 'test',
    };
    // No display: the app window is not opened, the URL is printed instead.
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    child = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.mjs')], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /Serving PlateShift at (http:\/\/\S+)/.exec(output);
        if (m?.[1]) {
          clearInterval(timer);
          resolve(m[1]);
        }
      }, 100);
      child?.once('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`npm start exited (${code}):\n${output}`));
      });
    });
    expect(output).toContain('starting browser mode');
    expect(new URL(url).hostname).toBe('127.0.0.1');

    // The demo workspace: printers of real dimensions, sample orders.
    const printers = ((await callApi(url, 'printers.list', {})) as { value: unknown[] }).value;
    expect(printers.length).toBeGreaterThanOrEqual(2);
    const orders = ((await callApi(url, 'orders.list', {})) as { value: unknown[] }).value;
    expect(orders.length).toBeGreaterThan(0);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const errors = watchPageErrors(page);
      await page.goto(url);
      await page.getByTestId('nav-printers').click();
      await expect.poll(() => page.getByTestId('printer-row').count()).toBe(printers.length);
      await saveScreenshot(page, 'start-browser-mode');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
