import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeFloat32Base64, encodeBase64, encodeBase64Async } from './base64';

function seeded(n: number, seed = 7): Uint8Array {
  // mulberry32: deterministic bytes.
  let a = seed >>> 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

const reference = (b: Uint8Array) => Buffer.from(b).toString('base64');

describe('base64 encoding', () => {
  it('matches RFC 4648 test vectors', () => {
    const enc = (s: string) => encodeBase64(new TextEncoder().encode(s));
    expect(enc('')).toBe('');
    expect(enc('f')).toBe('Zg==');
    expect(enc('fo')).toBe('Zm8=');
    expect(enc('foo')).toBe('Zm9v');
    expect(enc('foob')).toBe('Zm9vYg==');
    expect(enc('fooba')).toBe('Zm9vYmE=');
    expect(enc('foobar')).toBe('Zm9vYmFy');
  });

  it('gives the same text whatever the chunk size, for every tail length', () => {
    for (const n of [1, 2, 3, 4, 5, 299, 300, 301, 302, 10_000]) {
      const bytes = seeded(n, n);
      const want = reference(bytes);
      for (const chunk of [3, 6, 9, 300, 3 * 65536]) {
        expect(encodeBase64(bytes, chunk)).toBe(want);
      }
    }
  });

  it('encodes a 5 MB file in chunks without touching the call-stack limit', () => {
    const bytes = seeded(5 * 1024 * 1024 + 1);
    expect(encodeBase64(bytes)).toBe(reference(bytes));
  });

  it('refuses a chunk size that would put padding in the middle', () => {
    expect(() => encodeBase64(new Uint8Array(10), 4)).toThrow(/multiple of 3/);
    expect(() => encodeBase64(new Uint8Array(10), 0)).toThrow(/multiple of 3/);
  });
});

describe('async base64 encoding', () => {
  it('yields between chunks and reports progress', async () => {
    const bytes = seeded(1000);
    let yields = 0;
    const fractions: number[] = [];
    const text = await encodeBase64Async(bytes, {
      chunkBytes: 300,
      yieldFn: () => {
        yields++;
        return Promise.resolve();
      },
      onProgress: (f) => fractions.push(f),
    });
    expect(text).toBe(reference(bytes));
    expect(yields).toBe(3); // 4 chunks, no yield after the last
    expect(fractions).toEqual([0.3, 0.6, 0.9, 1]);
  });

  it('stops when aborted between chunks', async () => {
    const controller = new AbortController();
    const run = encodeBase64Async(seeded(3000), {
      chunkBytes: 300,
      yieldFn: () => {
        controller.abort();
        return Promise.resolve();
      },
      signal: controller.signal,
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('handles an empty file', async () => {
    expect(await encodeBase64Async(new Uint8Array(0))).toBe('');
  });
});

describe('base64 decoding', () => {
  it('round-trips every tail length and ignores line breaks', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 1001]) {
      const bytes = seeded(n, 3);
      expect([...decodeBase64(encodeBase64(bytes))]).toEqual([...bytes]);
    }
    expect(new TextDecoder().decode(decodeBase64('Zm9v\nYmFy'))).toBe('foobar');
    expect(new TextDecoder().decode(decodeBase64('Zm8'))).toBe('fo');
  });

  it('rejects characters outside the alphabet', () => {
    expect(() => decodeBase64('Zm9v*')).toThrow(/Invalid base64/);
  });

  it('reads little-endian Float32 triangles as models.mesh sends them', () => {
    const src = new Float32Array([0, 1.5, -2, 1e6, 0.1, 3]);
    const b64 = Buffer.from(src.buffer).toString('base64');
    expect([...decodeFloat32Base64(b64)]).toEqual([...src]);
  });
});
