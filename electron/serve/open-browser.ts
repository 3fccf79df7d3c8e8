import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';

/** Chromium-family browsers, most likely first; PLATESHIFT_BROWSER overrides. */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export function findChromium(env: Record<string, string | undefined> = process.env): string | null {
  const override = env.PLATESHIFT_BROWSER;
  if (override) return existsSync(override) ? override : null;
  return CANDIDATES.find((c) => existsSync(c)) ?? null;
}

/** On Linux a window needs X11 or Wayland; elsewhere there is always a desktop. */
export function hasDisplay(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (platform !== 'linux') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/**
 * App-mode window (no tabs or address bar) with its own profile, so closing it means closing
 * the studio and no other browsing session is touched. The sandbox is dropped only where
 * Chromium refuses to start without that (running as root).
 */
export function chromiumAppArgs(url: string, profileDir: string, runningAsRoot: boolean): string[] {
  return [
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(runningAsRoot ? ['--no-sandbox'] : []),
  ];
}

export type OpenResult =
  { opened: true; child: ChildProcess; browser: string } | { opened: false; reason: string };

export function openAppWindow(url: string, profileDir: string): OpenResult {
  const browser = findChromium();
  if (browser === null) return { opened: false, reason: 'no Chromium found' };
  if (!hasDisplay()) return { opened: false, reason: 'no display (DISPLAY/WAYLAND_DISPLAY unset)' };
  mkdirSync(profileDir, { recursive: true });
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const child = spawn(browser, chromiumAppArgs(url, profileDir, isRoot), { stdio: 'ignore' });
  // A failed spawn is reported through 'error'; swallow it here, callers watch 'exit'.
  child.on('error', () => undefined);
  return { opened: true, child, browser };
}
