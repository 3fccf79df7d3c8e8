/**
 * Display meshes arrive as base64 of little-endian Float32 xyz triples (`models.mesh`). Decoding
 * is done here, without atob/Buffer, so it runs the same in the renderer, workers and tests.
 */

const LOOKUP = (() => {
  const table = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  // URL-safe variants decode too: a host may choose either alphabet.
  table['-'.charCodeAt(0)] = 62;
  table['_'.charCodeAt(0)] = 63;
  return table;
})();

function sextet(code: number): number {
  const v = code < 128 ? (LOOKUP[code] as number) : -1;
  if (v < 0) throw new Error(`Invalid base64 character “${String.fromCharCode(code)}”.`);
  return v;
}

/** Standard (or URL-safe) base64 → bytes; padding optional, whitespace ignored. */
export function decodeBase64(text: string): Uint8Array {
  const clean = /[\s=]/.test(text) ? text.replace(/[\s=]+/g, '') : text;
  const n = clean.length;
  if (n % 4 === 1) throw new Error('Truncated base64 data.');
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v =
      (sextet(clean.charCodeAt(i)) << 18) |
      (sextet(clean.charCodeAt(i + 1)) << 12) |
      (sextet(clean.charCodeAt(i + 2)) << 6) |
      sextet(clean.charCodeAt(i + 3));
    out[o++] = (v >> 16) & 255;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  const rest = n - i;
  if (rest === 2) {
    const v = (sextet(clean.charCodeAt(i)) << 18) | (sextet(clean.charCodeAt(i + 1)) << 12);
    out[o++] = (v >> 16) & 255;
  } else if (rest === 3) {
    const v =
      (sextet(clean.charCodeAt(i)) << 18) |
      (sextet(clean.charCodeAt(i + 1)) << 12) |
      (sextet(clean.charCodeAt(i + 2)) << 6);
    out[o++] = (v >> 16) & 255;
    out[o++] = (v >> 8) & 255;
  }
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * A `models.mesh` payload → vertex positions (9 floats per triangle, mm). Checks the byte count
 * against the announced triangle count so a truncated transfer fails loudly instead of drawing
 * garbage.
 */
export function decodeMeshPositions(positionsBase64: string, triangles: number): Float32Array {
  const bytes = decodeBase64(positionsBase64);
  const expected = triangles * 9 * 4;
  if (bytes.byteLength !== expected) {
    throw new Error(
      `Mesh data has ${bytes.byteLength} bytes; ${triangles} triangles need ${expected}.`,
    );
  }
  if (LITTLE_ENDIAN) return new Float32Array(bytes.buffer, bytes.byteOffset, triangles * 9);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(triangles * 9);
  for (let k = 0; k < out.length; k++) out[k] = view.getFloat32(k * 4, true);
  return out;
}
