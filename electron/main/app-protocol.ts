import { promises as fs } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { Protocol } from 'electron';
import { securityHeaders } from '../serve/security-headers';
import { mimeTypeFor, regularFileInside, resolveStaticPath } from '../serve/static-files';
import { APP_HOST, APP_SCHEME } from './security';

export type AppTarget = { file: string } | { status: 400 | 404 };

/** Which file of the built renderer an app:// URL names (SPA routes fall back to index.html). */
export function appRequestTarget(rendererDir: string, requestUrl: string): AppTarget {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return { status: 400 };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.hostname !== APP_HOST) return { status: 404 };
  const target = resolveStaticPath(rendererDir, u.pathname);
  if (target.kind === 'refused') return { status: 400 };
  if (target.segments.some((s) => s.startsWith('.'))) return { status: 404 };
  const last = target.segments[target.segments.length - 1] ?? '';
  if (target.segments.length === 0 || extname(last) === '') {
    return { file: join(resolve(rendererDir), 'index.html') };
  }
  return { file: target.path };
}

/** Serves dist/renderer under app://plateshift/ with the CSP on every response. */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  const headers = securityHeaders({ websocket: false });
  protocol.handle(APP_SCHEME, async (request) => {
    const target = appRequestTarget(rendererDir, request.url);
    if ('status' in target) return new Response(null, { status: target.status, headers });
    const file = await regularFileInside(rendererDir, target.file);
    if (file === null) return new Response(null, { status: 404, headers });
    const body = await fs.readFile(file.path);
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: { ...headers, 'Content-Type': mimeTypeFor(file.path) },
    });
  });
}
