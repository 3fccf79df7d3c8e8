import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeMeshPositions } from './mesh-decode';

/** Reference encoder (the host uses Buffer; btoa is the browser's). */
function encode(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

describe('base64 mesh decoding', () => {
  it('round-trips every padding length', () => {
    for (let n = 0; n < 20; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);
      expect(Array.from(decodeBase64(encode(bytes)))).toEqual(Array.from(bytes));
    }
  });

  it('accepts URL-safe base64 and ignores whitespace', () => {
    const bytes = Uint8Array.from([251, 255, 191, 0, 62, 63]);
    const std = encode(bytes);
    const url = std.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(Array.from(decodeBase64(url))).toEqual(Array.from(bytes));
    expect(Array.from(decodeBase64(`${std.slice(0, 4)}\n${std.slice(4)}`))).toEqual(
      Array.from(bytes),
    );
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => decodeBase64('AB*D')).toThrow(/Invalid base64/);
  });

  it('decodes little-endian float triangles in the footprint frame', () => {
    const tri = new Float32Array([0, 0, 0, 10.5, 0, 0, 0, 20.25, 3.125]);
    const bytes = new Uint8Array(tri.buffer);
    const out = decodeMeshPositions(encode(bytes), 1);
    expect(Array.from(out)).toEqual(Array.from(tri));
  });

  it('fails loudly on a truncated mesh', () => {
    const bytes = new Uint8Array(new Float32Array(9).buffer);
    expect(() => decodeMeshPositions(encode(bytes), 2)).toThrow(/2 triangles need 72/);
  });
});
