import { createReadStream, promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.stl': 'model/stl',
  '.3mf': 'model/3mf',
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticTarget =
  { kind: 'file'; path: string; segments: string[] } | { kind: 'refused'; reason: string };

/**
 * Maps a URL path (still percent-encoded) to a file under rootDir. Any `..` segment, encoded
 * separator trick, backslash or NUL is refused outright rather than normalised away.
 */
export function resolveStaticPath(rootDir: string, urlPath: string): StaticTarget {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'refused', reason: 'bad percent-encoding' };
  }
  if (!decoded.startsWith('/')) return { kind: 'refused', reason: 'relative path' };
  if (decoded.includes('\0') || decoded.includes('\\')) {
    return { kind: 'refused', reason: 'forbidden character' };
  }
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..' || /^[a-zA-Z]:$/.test(s))) {
    return { kind: 'refused', reason: 'path traversal' };
  }
  const root = resolve(rootDir);
  const full = join(root, ...segments);
  if (full !== root && !full.startsWith(root + sep)) {
    return { kind: 'refused', reason: 'outside the served folder' };
  }
  return { kind: 'file', path: full, segments };
}

export interface StaticOptions {
  rootDir: string;
  headers: Record<string, string>;
}

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>PlateShift</title>
<h1>PlateShift is running, but its user interface has not been built.</h1>
<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds when needed) and reload.</p>`;

/** GET/HEAD for the built renderer with an SPA fallback to index.html. */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  options: StaticOptions,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    sendText(res, 405, 'Method not allowed', { ...options.headers, Allow: 'GET, HEAD' });
    return;
  }
  const target = resolveStaticPath(options.rootDir, pathname);
  if (target.kind === 'refused') {
    sendText(res, 400, `Refused: ${target.reason}`, options.headers);
    return;
  }
  const last = target.segments[target.segments.length - 1] ?? '';
  // Hidden files (.env, .git) are never part of a build; do not even look.
  const hidden = target.segments.some((s) => s.startsWith('.'));
  let file = hidden ? null : await regularFileInside(options.rootDir, target.path);
  if (file === null) {
    // Paths that name a file (have an extension) really are missing; others are client routes.
    if (hidden || extname(last) !== '') {
      sendText(res, 404, 'Not found', options.headers);
      return;
    }
    file = await regularFileInside(options.rootDir, join(resolve(options.rootDir), 'index.html'));
    if (file === null) {
      send(res, 503, Buffer.from(NOT_BUILT_PAGE), {
        ...options.headers,
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      return;
    }
  }
  const isHtml = file.path.endsWith('.html');
  const immutable = target.segments[0] === 'assets' && !isHtml;
  res.writeHead(200, {
    ...options.headers,
    'Content-Type': mimeTypeFor(file.path),
    'Content-Length': String(file.size),
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** The file when it is a regular file whose real path is still under rootDir (no symlink escape). */
export async function regularFileInside(
  rootDir: string,
  candidate: string,
): Promise<{ path: string; size: number } | null> {
  try {
    const [realRoot, real] = await Promise.all([fs.realpath(rootDir), fs.realpath(candidate)]);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) return null;
    const st = await fs.stat(real);
    if (st.isDirectory()) {
      return regularFileInside(rootDir, join(real, 'index.html'));
    }
    return st.isFile() ? { path: real, size: st.size } : null;
  } catch {
    return null;
  }
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string>,
): void {
  send(res, status, Buffer.from(text + '\n'), {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
}

export function send(
  res: ServerResponse,
  status: number,
  body: Buffer,
  headers: Record<string, string>,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { ...headers, 'Content-Length': String(body.length) });
  res.end(body);
}
