import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * End-to-end harness: runs the real `plateshift serve` (as a user would, from the built bundles;
 * `npm run test:e2e` builds first) and drives Debian's Chromium through playwright-core.
 */
export const repoRoot = resolve(__dirname, '..');
export const CHROMIUM_PATH = process.env.PLATESHIFT_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);
export const artifactsDir = join(repoRoot, 'e2e', 'artifacts');
export const isBuilt =
  existsSync(join(repoRoot, 'dist', 'cli.cjs')) &&
  existsSync(join(repoRoot, 'dist', 'renderer', 'index.html'));

/**
 * Why browser specs cannot run here, or null when they can. In CI (PLATESHIFT_CI=1) nothing may
 * be missing: the spec fails rather than skip, so a green run always drove the browser.
 */
export function browserSkipReason(): string | null {
  let reason: string | null = null;
  if (!hasChromium) reason = `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`;
  else if (!isBuilt) reason = 'the app is not built: run `npm run build` (npm run test:e2e does)';
  if (reason && process.env.PLATESHIFT_CI)
    throw new Error(`CI cannot run the browser specs: ${reason}`);
  return reason;
}

export interface ServedStudio {
  url: string;
  port: number;
  workspaceDir: string;
  output(): string;
  stop(): Promise<void>;
}

/** A fresh temporary workspace folder, removed by the returned cleanup. */
export function tempWorkspace(): { dir: string; remove(): void } {
  const parent = mkdtempSync(join(tmpdir(), 'plateshift-e2e-'));
  return {
    dir: join(parent, 'workspace'),
    remove: () => rmSync(parent, { recursive: true, force: true }),
  };
}

/** Starts `node bin/plateshift.cjs serve --port 0 --workspace DIR` and waits for its address. */
export function serveStudio(workspaceDir: string, extraArgs: string[] = []): Promise<ServedStudio> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(repoRoot, 'bin', 'plateshift.cjs'),
      'serve',
      '--port',
      '0',
      '--workspace',
      workspaceDir,
      ...extraArgs,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } },
  );
  let output = '';
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };
  return new Promise<ServedStudio>((resolveServe, rejectServe) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const m = /Serving PlateShift at (http:\/\/\S+)/.exec(output);
      if (m?.[1]) {
        child.stdout?.off('data', onData);
        child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
        const url = m[1];
        resolveServe({
          url,
          port: Number(new URL(url).port),
          workspaceDir,
          output: () => output,
          stop,
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.once('exit', (code) =>
      rejectServe(new Error(`plateshift serve exited (${code}) before serving:\n${output}`)),
    );
    child.once('error', rejectServe);
  });
}

/** Headless Chromium with WebGL through SwiftShader and no background chatter. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Saves a full-page screenshot as a test artifact; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Collects uncaught page errors and console errors so a spec can assert there were none. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

/** Calls the contract directly over HTTP (to check what storage holds, not what the page shows). */
export function callApi(
  baseUrl: string,
  channel: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const u = new URL(`api/call/${channel}`, baseUrl);
  const body = JSON.stringify(input);
  return new Promise((resolveCall, rejectCall) => {
    const req = http.request(
      u,
      {
        method: 'POST',
        headers: {
          ...headers,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => {
          try {
            resolveCall(JSON.parse(text) as unknown);
          } catch (err) {
            rejectCall(err instanceof Error ? err : new Error(String(err)));
          }
        });
      },
    );
    req.on('error', rejectCall);
    req.end(body);
  });
}

/**
 * The demo's models are analysed in the background after the host starts; planning before that
 * leaves every part in the queue ("not analysed"). Wait until intake has given each model facts.
 */
export async function waitForAnalysedModels(url: string, timeoutMs = 150_000): Promise<void> {
  const started = Date.now();
  let last = '';
  while (Date.now() - started < timeoutMs) {
    const r = (await callApi(url, 'models.list', {})) as {
      value?: { status: string; facts: unknown }[];
    };
    const models = r.value ?? [];
    last = models.map((m) => m.status).join(',');
    if (models.length > 0 && models.every((m) => m.status === 'ready' || m.facts !== null)) return;
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error(
    `demo models were not analysed within ${timeoutMs / 1000} s (statuses: ${last}); is background intake wired in openCore?`,
  );
}
