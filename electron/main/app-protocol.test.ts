import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appRequestTarget, registerAppProtocol } from './app-protocol';
import { ELECTRON_CSP } from './security';

const dir = mkdtempSync(join(tmpdir(), 'plateshift-app-protocol-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>studio</title>');
writeFileSync(join(dir, 'assets', 'index.js'), 'export {}');
const outside = mkdtempSync(join(tmpdir(), 'plateshift-app-outside-'));
writeFileSync(join(outside, 'secret.txt'), 'secret');
symlinkSync(join(outside, 'secret.txt'), join(dir, 'assets', 'link.txt'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('app:// protocol', () => {
  it('maps URLs to renderer files with an SPA fallback', () => {
    expect(appRequestTarget(dir, 'app://plateshift/')).toEqual({ file: join(dir, 'index.html') });
    expect(appRequestTarget(dir, 'app://plateshift/printers')).toEqual({
      file: join(dir, 'index.html'),
    });
    expect(appRequestTarget(dir, 'app://plateshift/assets/index.js')).toEqual({
      file: join(dir, 'assets', 'index.js'),
    });
    expect(appRequestTarget(dir, 'app://other/index.html')).toEqual({ status: 404 });
    // The URL parser already folds dot segments; what is left can never leave the folder.
    for (const url of [
      'app://plateshift/%2e%2e/%2e%2e/etc/passwd',
      'app://plateshift/../../etc/passwd',
      'app://plateshift/..%2f..%2fetc%2fpasswd',
      'app://plateshift/..%5c..%5cetc%5cpasswd',
    ]) {
      const target = appRequestTarget(dir, url);
      if ('file' in target) expect(target.file.startsWith(dir + '/'), url).toBe(true);
      else expect(target.status, url).toBe(400);
    }
    expect(appRequestTarget(dir, 'app://plateshift/..%2f..%2fetc%2fpasswd')).toEqual({
      status: 400,
    });
    expect(appRequestTarget(dir, 'app://plateshift/.env')).toEqual({ status: 404 });
  });

  it('serves files with their MIME type and the CSP, refusing escapes', async () => {
    let handler: ((r: { url: string }) => Promise<Response>) | null = null;
    registerAppProtocol(
      {
        handle: (_scheme: string, h: (r: { url: string }) => Promise<Response>) => {
          handler = h;
        },
      } as unknown as Parameters<typeof registerAppProtocol>[0],
      dir,
    );
    const get = (url: string) => handler!({ url });
    const js = await get('app://plateshift/assets/index.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(ELECTRON_CSP);
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await js.text()).toBe('export {}');
    expect((await get('app://plateshift/assets/link.txt')).status).toBe(404);
    expect((await get('app://plateshift/assets/missing.js')).status).toBe(404);
    expect(await (await get('app://plateshift/calendar')).text()).toContain('studio');
  });
});
