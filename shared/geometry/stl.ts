import { IntakeError, type CancelSignal, throwIfCancelled } from './errors';
import { type IntakeLimits } from './limits';
import { type MeshPart, type ParsedModel, type ParseNote } from './mesh';

const BINARY_HEADER = 84;
const BINARY_RECORD = 50;

/**
 * Reads a binary or ASCII STL. Binary is decided first by `84 + 50·n == size` (exporters such
 * as SolidWorks start binary headers with "solid"), then by a text-looking "solid" prefix.
 */
export function parseStl(
  bytes: Uint8Array,
  limits: IntakeLimits,
  signal?: CancelSignal,
): ParsedModel {
  const size = bytes.byteLength;
  if (size >= BINARY_HEADER) {
    const declared = readU32(bytes, 80);
    if (BINARY_HEADER + BINARY_RECORD * declared === size) {
      return parseBinaryStl(bytes, declared, limits, signal);
    }
  }
  if (looksLikeAsciiStl(bytes)) return parseAsciiStl(bytes, limits, signal);
  if (size < BINARY_HEADER) {
    if (looksLikeText(bytes, Math.min(size, 512))) {
      throw new IntakeError(
        'stl-ascii-syntax',
        'This is a text file but not an STL: it does not start with “solid”.',
        { line: 1 },
      );
    }
    throw new IntakeError(
      'stl-truncated',
      `The file is only ${size} bytes: a binary STL needs at least an 84-byte header. ` +
        'The file was probably cut short while copying or downloading.',
      { size },
    );
  }
  if (looksLikeText(bytes, Math.min(size, 512))) {
    throw new IntakeError(
      'stl-ascii-syntax',
      'This is a text file but not an STL: it does not start with “solid”.',
      { line: 1 },
    );
  }
  const declared = readU32(bytes, 80);
  const available = Math.floor((size - BINARY_HEADER) / BINARY_RECORD);
  const remainder = (size - BINARY_HEADER) % BINARY_RECORD;
  if (declared > available) {
    if (remainder !== 0) {
      throw new IntakeError(
        'stl-truncated',
        `The STL is cut short: it ends in the middle of triangle ${available + 1} of ` +
          `${declared}. Ask for the file again; the copy or download was interrupted.`,
        { declared, available, size },
      );
    }
    throw new IntakeError(
      'stl-count-mismatch',
      `The STL header promises ${declared} triangles but the file holds only ${available}. ` +
        'The exporter wrote a wrong count or part of the file is missing.',
      { declared, available, size },
    );
  }
  if (declared === 0) {
    throw new IntakeError(
      'stl-count-mismatch',
      `The STL header says it holds no triangles, yet the file has ${available} triangles of ` +
        'data after it. The exporter wrote a broken header.',
      { declared, available, size },
    );
  }
  // Fewer declared than present: read what was declared and say so.
  const model = parseBinaryStl(bytes, declared, limits, signal);
  model.notes.push({
    code: 'stl-trailing-bytes',
    message: `${size - BINARY_HEADER - declared * BINARY_RECORD} bytes after the last declared triangle were ignored.`,
  });
  return model;
}

function readU32(b: Uint8Array, at: number): number {
  return (
    ((b[at] as number) | ((b[at + 1] as number) << 8) | ((b[at + 2] as number) << 16)) +
    (b[at + 3] as number) * 0x1000000
  );
}

export function looksLikeText(bytes: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const c = bytes[i] as number;
    if (c < 9 || (c > 13 && c < 32) || c === 127) return false;
  }
  return true;
}

function looksLikeAsciiStl(bytes: Uint8Array): boolean {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && isSpace(bytes[i] as number)) i++;
  const word = 'solid';
  for (let k = 0; k < word.length; k++) {
    const c = bytes[i + k];
    if (c === undefined || (c | 0x20) !== word.charCodeAt(k)) return false;
  }
  // A binary header may also say "solid"; binary data has control bytes early on.
  return looksLikeText(bytes, Math.min(bytes.length, 1024));
}

function headerText(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < 80; i++) {
    const c = bytes[i] as number;
    if (c === 0) break;
    s += c >= 32 && c < 127 ? String.fromCharCode(c) : ' ';
  }
  return s.trim();
}

/**
 * One code for both (the remedy is the same: re-export), but the message names which: a NaN
 * is an exporter bug, an infinity usually a unit or overflow mistake.
 */
function nonFinite(triangle: number, value: number, line?: number): IntakeError {
  const nan = Number.isNaN(value);
  return new IntakeError(
    'non-finite-coordinates',
    (nan
      ? `Triangle ${triangle + 1} has a coordinate that is NaN (not a number)`
      : `Triangle ${triangle + 1} has an infinite coordinate (${value > 0 ? '+' : '−'}∞)`) +
      (line ? ` on line ${line}` : '') +
      (nan
        ? '. The exporter produced a broken mesh; re-export it.'
        : '. A value overflowed on export (wrong unit or scale?); re-export it.'),
    {
      triangle: triangle + 1,
      value: nan ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity',
      ...(line ? { line } : {}),
    },
  );
}

function tooMany(count: number, limits: IntakeLimits): IntakeError {
  return new IntakeError(
    'too-many-triangles',
    `The model has ${count.toLocaleString('en-US')} triangles, more than the workspace limit of ` +
      `${limits.maxTriangles.toLocaleString('en-US')}. Decimate it in the CAD tool or raise the limit in the site settings.`,
    { triangles: count, limit: limits.maxTriangles },
  );
}

function noTriangles(): IntakeError {
  return new IntakeError(
    'no-triangles',
    'The file contains no triangles: there is nothing to print.',
  );
}

function parseBinaryStl(
  bytes: Uint8Array,
  count: number,
  limits: IntakeLimits,
  signal?: CancelSignal,
): ParsedModel {
  if (count === 0) throw noTriangles();
  if (count > limits.maxTriangles) throw tooMany(count, limits);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const positions = new Float32Array(count * 9);
  let colored = 0;
  let o = 0;
  for (let t = 0; t < count; t++) {
    if ((t & 0xffff) === 0xffff) throwIfCancelled(signal);
    let at = BINARY_HEADER + t * BINARY_RECORD + 12;
    for (let k = 0; k < 9; k++) {
      const v = view.getFloat32(at, true);
      if (v - v !== 0) throw nonFinite(t, v);
      positions[o++] = v;
      at += 4;
    }
    if (view.getUint16(at, true) & 0x8000) colored++;
  }
  const header = headerText(bytes);
  const notes: ParseNote[] = [];
  if (/^solid/i.test(header)) {
    notes.push({
      code: 'stl-solid-header',
      message: 'Binary STL whose header starts with “solid” (read as binary by its size).',
    });
  }
  if (/COLOR=/i.test(header) || colored > 0) {
    notes.push({ code: 'stl-color', message: 'The STL carries colour data; it is ignored.' });
  }
  return {
    format: 'stl',
    encoding: 'binary',
    positions,
    triangleCount: count,
    parts: [{ name: header || 'stl', firstTriangle: 0, triangleCount: count }],
    sourceUnit: null,
    header,
    notes,
  };
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21, 1e22,
];

/**
 * ASCII STL grammar, keywords in any case:
 *   solid [name] { facet [normal n n n] outer loop vertex x y z ×3 endloop endfacet } endsolid [name]
 * repeated for several solids. Any other token stops with its line number.
 */
function parseAsciiStl(
  bytes: Uint8Array,
  limits: IntakeLimits,
  signal?: CancelSignal,
): ParsedModel {
  const n = bytes.length;
  let i = 0;
  let line = 1;
  let tokStart = 0;
  let tokEnd = 0;
  let cap = Math.max(64, Math.floor(n / 160));
  let positions = new Float32Array(cap * 9);
  let tri = 0;
  const parts: MeshPart[] = [];

  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;

  /** Advances to the next token; returns false at end of file. */
  const next = (): boolean => {
    while (i < n) {
      const c = bytes[i] as number;
      if (c === 10) line++;
      else if (!isSpace(c)) break;
      i++;
    }
    if (i >= n) {
      tokStart = tokEnd = n;
      return false;
    }
    tokStart = i;
    while (i < n && !isSpace(bytes[i] as number)) i++;
    tokEnd = i;
    return true;
  };
  const token = (): string => {
    let s = '';
    const end = Math.min(tokEnd, tokStart + 40);
    for (let k = tokStart; k < end; k++) {
      const c = bytes[k] as number;
      s += c >= 32 && c < 127 ? String.fromCharCode(c) : '?';
    }
    return tokEnd - tokStart > 40 ? s + '…' : s;
  };
  const is = (word: string, prefixOnly = false): boolean => {
    const len = tokEnd - tokStart;
    if (prefixOnly ? len < word.length : len !== word.length) return false;
    for (let k = 0; k < word.length; k++) {
      if (((bytes[tokStart + k] as number) | 0x20) !== word.charCodeAt(k)) return false;
    }
    return true;
  };
  const syntax = (expected: string): IntakeError => {
    const found = tokEnd > tokStart && tokStart < n ? `“${token()}”` : 'the end of the file';
    return new IntakeError(
      'stl-ascii-syntax',
      `ASCII STL line ${line}: expected ${expected}, found ${found}. The file is damaged or not an STL.`,
      { line },
    );
  };
  const expect = (word: string): void => {
    if (!next() || !is(word)) throw syntax(`“${word}”`);
  };
  const restOfLine = (): string => {
    let s = '';
    while (i < n && bytes[i] !== 10 && bytes[i] !== 13) {
      const c = bytes[i] as number;
      if (s.length < 120) s += c >= 32 && c < 127 ? String.fromCharCode(c) : '';
      i++;
    }
    return s.trim();
  };
  const number = (): number => {
    if (!next()) throw syntax('a number');
    let k = tokStart;
    let neg = false;
    let c = bytes[k] as number;
    if (c === 45 || c === 43) {
      neg = c === 45;
      k++;
    }
    let mant = 0;
    let digits = 0;
    let scale = 0;
    let sawDigit = false;
    while (k < tokEnd && (c = bytes[k] as number) >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      if (mant > 0) digits++;
      sawDigit = true;
      k++;
    }
    if (k < tokEnd && bytes[k] === 46) {
      k++;
      while (k < tokEnd && (c = bytes[k] as number) >= 48 && c <= 57) {
        mant = mant * 10 + (c - 48);
        if (mant > 0) digits++;
        scale--;
        sawDigit = true;
        k++;
      }
    }
    if (sawDigit && k < tokEnd && ((bytes[k] as number) | 0x20) === 101) {
      k++;
      let eneg = false;
      c = bytes[k] as number;
      if (c === 45 || c === 43) {
        eneg = c === 45;
        k++;
      }
      let e = 0;
      let sawExp = false;
      while (k < tokEnd && (c = bytes[k] as number) >= 48 && c <= 57) {
        e = e * 10 + (c - 48);
        sawExp = true;
        k++;
      }
      if (!sawExp) k = -1;
      scale += eneg ? -e : e;
    }
    if (!sawDigit || k !== tokEnd) {
      const t = token();
      if (/^[+-]?nan$/i.test(t)) throw nonFinite(tri, NaN, line);
      if (/^[+-]?(inf|infinity)$/i.test(t))
        throw nonFinite(tri, t.startsWith('-') ? -Infinity : Infinity, line);
      throw syntax('a number');
    }
    let v: number;
    if (digits <= 15 && scale >= -22 && scale <= 22) {
      v = scale < 0 ? mant / (POW10[-scale] as number) : mant * (POW10[scale] as number);
    } else {
      let full = '';
      for (let q = tokStart; q < tokEnd; q++) full += String.fromCharCode(bytes[q] as number);
      v = Number(full);
    }
    if (v - v !== 0) throw nonFinite(tri, neg ? -v : v, line);
    return neg ? -v : v;
  };

  const normal = (): void => {
    try {
      number();
    } catch (err) {
      if (!(err instanceof IntakeError && err.code === 'non-finite-coordinates')) throw err;
    }
  };

  let solids = 0;
  while (next()) {
    if (!is('solid', true)) {
      if (solids > 0) throw syntax('“solid” or the end of the file');
      throw syntax('“solid”');
    }
    // "solid" may be glued to its name ("solidPart1").
    i = tokStart + 5;
    const name = restOfLine() || `solid ${solids + 1}`;
    solids++;
    const first = tri;
    for (;;) {
      if (!next()) throw syntax('“facet” or “endsolid”');
      if (is('endsolid', true)) {
        i = tokStart + 8;
        restOfLine();
        break;
      }
      if (!is('facet')) throw syntax('“facet” or “endsolid”');
      const facetLine = line;
      if (!next()) throw syntax('“outer”');
      if (is('normal')) {
        // Normals are recomputed from the vertices (as admesh and slicers do), so a NaN or
        // infinite normal is harmless; only its syntax must hold.
        normal();
        normal();
        normal();
        expect('outer');
      } else if (!is('outer')) throw syntax('“normal” or “outer”');
      expect('loop');
      if (tri >= cap) {
        if (tri >= limits.maxTriangles) throw tooMany(tri + 1, limits);
        cap *= 2;
        const grown = new Float32Array(cap * 9);
        grown.set(positions);
        positions = grown;
      }
      let o = tri * 9;
      for (let v = 0; v < 3; v++) {
        expect('vertex');
        positions[o++] = number();
        positions[o++] = number();
        positions[o++] = number();
      }
      if (!next() || !is('endloop')) {
        if (is('vertex')) {
          throw new IntakeError(
            'stl-ascii-syntax',
            `ASCII STL line ${line}: the facet starting on line ${facetLine} has more than 3 vertices.`,
            { line },
          );
        }
        throw syntax('“endloop”');
      }
      expect('endfacet');
      tri++;
      if ((tri & 0xffff) === 0) throwIfCancelled(signal);
    }
    parts.push({ name, firstTriangle: first, triangleCount: tri - first });
  }
  if (solids === 0) throw syntax('“solid”');
  if (tri === 0) throw noTriangles();
  if (tri > limits.maxTriangles) throw tooMany(tri, limits);
  const notes: ParseNote[] = [];
  if (solids > 1) {
    notes.push({ code: 'stl-several-solids', message: `${solids} solids in one file, merged.` });
  }
  return {
    format: 'stl',
    encoding: 'ascii',
    positions: positions.slice(0, tri * 9),
    triangleCount: tri,
    parts,
    sourceUnit: null,
    notes,
  };
}
