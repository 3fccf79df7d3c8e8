import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { mimeTypeFor, resolveStaticPath } from './static-files';

const root = resolve('/srv/renderer');

describe('static file resolution', () => {
  it('maps URL paths inside the folder', () => {
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toEqual({
      kind: 'file',
      path: join(root, 'assets', 'index-abc.js'),
      segments: ['assets', 'index-abc.js'],
    });
    expect(resolveStaticPath(root, '/')).toMatchObject({ kind: 'file', path: root });
    expect(resolveStaticPath(root, '/a%20b.png')).toMatchObject({ path: join(root, 'a b.png') });
  });

  it('refuses traversal in every spelling', () => {
    for (const p of [
      '/../etc/passwd',
      '/a/../../etc',
      '/%2e%2e/etc',
      '/a/..%2F..%2Fetc',
      '/..%5Cetc',
      '/a%00b',
      '/C:/Windows',
      '/%zz',
      'relative',
    ]) {
      expect(resolveStaticPath(root, p).kind, p).toBe('refused');
    }
  });

  it('names MIME types for what Vite emits', () => {
    expect(mimeTypeFor('a.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('a.CSS')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('solver.wasm')).toBe('application/wasm');
    expect(mimeTypeFor('font.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('icon.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('blob.bin')).toBe('application/octet-stream');
  });
});
