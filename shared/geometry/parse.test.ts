import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  IntakeError,
  box,
  encode3mf,
  encodeAsciiStl,
  encodeBinaryStl,
  encodeObj,
  merge,
  parseModelFile,
  asciiStlText,
  threeMfModelXml,
  type IntakeErrorCode,
  type ParseOptions,
} from './index';

const cube = box(20, 10, 5, 1, 2, 3);

function expectIntakeError(
  fn: () => unknown,
  code: IntakeErrorCode,
  message?: RegExp,
): IntakeError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(IntakeError);
    const e = err as IntakeError;
    expect(e.code).toBe(code);
    if (message) expect(e.message).toMatch(message);
    expect(e.message.length).toBeGreaterThan(20);
    return e;
  }
  throw new Error(`expected IntakeError ${code}`);
}

function parse(bytes: Uint8Array, name: string, options?: ParseOptions) {
  return parseModelFile(bytes, name, options);
}

function bbox(p: Float32Array): number[] {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < p.length; i++) {
    min[i % 3] = Math.min(min[i % 3] as number, p[i] as number);
    max[i % 3] = Math.max(max[i % 3] as number, p[i] as number);
  }
  return [...min, ...max];
}

describe('binary STL', () => {
  it('round-trips a cube', () => {
    const m = parse(encodeBinaryStl(cube), 'cube.stl');
    expect(m.format).toBe('stl');
    expect(m.encoding).toBe('binary');
    expect(m.triangleCount).toBe(12);
    expect(Array.from(m.positions)).toEqual(Array.from(cube.positions));
    expect(m.header).toBe('PlateShift binary STL');
  });

  it('reads a binary file whose header starts with "solid" as binary (size decides first)', () => {
    const m = parse(encodeBinaryStl(cube, 'solid SolidWorks export'), 'sw.STL');
    expect(m.encoding).toBe('binary');
    expect(m.triangleCount).toBe(12);
    expect(m.notes.map((n) => n.code)).toContain('stl-solid-header');
  });

  it('accepts colour headers and colour attribute bits', () => {
    const bytes = encodeBinaryStl(cube, 'STLB ATF 7.6.0.251 COLOR=\xa0\xa0\xa0\xff MATERIAL=');
    bytes[84 + 48] = 0x1f;
    bytes[84 + 49] = 0x80; // VisCAM "colour valid" bit
    const m = parse(bytes, 'colour.stl');
    expect(m.triangleCount).toBe(12);
    expect(m.notes.map((n) => n.code)).toContain('stl-color');
  });

  it('refuses a truncated file', () => {
    const bytes = encodeBinaryStl(cube).slice(0, 84 + 50 * 7 + 20);
    const e = expectIntakeError(
      () => parse(bytes, 'cut.stl'),
      'stl-truncated',
      /cut short.*triangle 8 of 12/,
    );
    expect(e.details).toMatchObject({ declared: 12, available: 7 });
  });

  it('refuses a file shorter than the header', () => {
    const bytes = new Uint8Array(40).fill(0);
    expectIntakeError(() => parse(bytes, 'tiny.stl'), 'stl-truncated', /84-byte header/);
  });

  it('refuses a declared triangle count larger than the file', () => {
    const bytes = encodeBinaryStl(cube);
    new DataView(bytes.buffer).setUint32(80, 5000, true);
    expectIntakeError(
      () => parse(bytes, 'liar.stl'),
      'stl-count-mismatch',
      /promises 5000 triangles.*only 12/,
    );
  });

  it('refuses zero triangles', () => {
    expectIntakeError(
      () =>
        parse(encodeBinaryStl({ positions: new Float32Array(0), triangleCount: 0 }), 'none.stl'),
      'no-triangles',
    );
  });

  it('refuses NaN and infinite coordinates', () => {
    const messages = new Set<string>();
    for (const [bad, says] of [
      [NaN, /Triangle 4 has a coordinate that is NaN/],
      [Infinity, /Triangle 4 has an infinite coordinate \(\+∞\)/],
      [-Infinity, /Triangle 4 has an infinite coordinate \(−∞\)/],
    ] as const) {
      const bytes = encodeBinaryStl(cube);
      new DataView(bytes.buffer).setFloat32(84 + 50 * 3 + 12 + 4 * 4, bad, true);
      messages.add(
        expectIntakeError(() => parse(bytes, 'nan.stl'), 'non-finite-coordinates', says).message,
      );
    }
    expect(messages.size).toBe(3);
  });

  it('ignores a NaN normal in a binary record (normals are recomputed)', () => {
    const bytes = encodeBinaryStl(cube);
    new DataView(bytes.buffer).setFloat32(84 + 50 * 3, NaN, true);
    expect(parse(bytes, 'nan-normal.stl').triangleCount).toBe(12);
  });

  it('enforces the triangle limit before allocating', () => {
    expectIntakeError(
      () => parse(encodeBinaryStl(cube), 'big.stl', { limits: { maxTriangles: 10 } }),
      'too-many-triangles',
      /limit of 10/,
    );
  });
});

describe('ASCII STL', () => {
  it('reads lower case, upper case, CRLF and exponents', () => {
    for (const style of [
      {},
      { upper: true },
      { newline: '\r\n' as const },
      { exponent: true, upper: true, newline: '\r\n' as const },
    ]) {
      const m = parse(encodeAsciiStl(cube, style), 'cube.stl');
      expect(m.encoding).toBe('ascii');
      expect(m.triangleCount).toBe(12);
      expect(bbox(m.positions)).toEqual([1, 2, 3, 21, 12, 8]);
    }
  });

  it('reads several solid blocks, a BOM and "solid" glued to the name', () => {
    const two =
      asciiStlText(cube, { name: 'a' }) +
      asciiStlText(box(1, 1, 1, 50, 50, 50), { name: 'b' }).replace('solid b', 'solidb');
    const bytes = strToU8('\ufeff' + two);
    const m = parse(bytes, 'two.stl');
    expect(m.triangleCount).toBe(24);
    expect(m.parts.map((p) => p.name)).toEqual(['a', 'b']);
    expect(m.notes.map((n) => n.code)).toContain('stl-several-solids');
  });

  it('parses numbers like 1.5E+01, -.5 and 7.', () => {
    const text =
      'solid t\nfacet normal 0 0 1\nouter loop\nvertex 1.5E+01 -.5 7.\nvertex 0 0 0\nvertex 1e-3 2 0\nendloop\nendfacet\nendsolid t\n';
    const m = parse(strToU8(text), 't.stl');
    expect(Array.from(m.positions.slice(0, 3))).toEqual([15, -0.5, 7]);
    expect(m.positions[6]).toBeCloseTo(0.001, 9);
  });

  it('reports a garbage line with its line number', () => {
    const lines = asciiStlText(cube).split('\n');
    lines.splice(9, 0, 'this line is garbage');
    const e = expectIntakeError(
      () => parse(strToU8(lines.join('\n')), 'g.stl'),
      'stl-ascii-syntax',
      /line 10: expected .*“this”/,
    );
    expect(e.details).toMatchObject({ line: 10 });
  });

  it('reports a broken number', () => {
    const text = asciiStlText(cube).replace('vertex 1 2 3', 'vertex 1 2,5 3');
    expectIntakeError(
      () => parse(strToU8(text), 'n.stl'),
      'stl-ascii-syntax',
      /expected a number, found “2,5”/,
    );
  });

  it('refuses NaN and inf in text', () => {
    const text = asciiStlText(cube).replace('vertex 1 2 3', 'vertex 1 nan 3');
    expectIntakeError(
      () => parse(strToU8(text), 'n.stl'),
      'non-finite-coordinates',
      /is NaN \(not a number\) on line \d+/,
    );
    const inf = asciiStlText(cube).replace('vertex 1 2 3', 'vertex 1 -inf 3');
    expectIntakeError(
      () => parse(strToU8(inf), 'n.stl'),
      'non-finite-coordinates',
      /infinite coordinate \(−∞\) on line \d+/,
    );
    const overflow = asciiStlText(cube).replace('vertex 1 2 3', 'vertex 1 2e999 3');
    expectIntakeError(() => parse(strToU8(overflow), 'n.stl'), 'non-finite-coordinates', /\+∞/);
  });

  it('accepts NaN and infinite facet normals (recomputed from the vertices, as admesh does)', () => {
    const lines = asciiStlText(cube).split('\n');
    const normals = lines.flatMap((l, i) => (/^\s*facet normal/i.test(l) ? [i] : []));
    expect(normals.length).toBe(12);
    lines[normals[0]!] = '  facet normal NaN NaN NaN';
    lines[normals[1]!] = '  facet normal -nan inf -Infinity';
    lines[normals[2]!] = '  facet normal 0 1e999 0';
    const m = parse(strToU8(lines.join('\n')), 'nan-normal.stl');
    expect(m.triangleCount).toBe(12);
    expect(bbox(m.positions)).toEqual([1, 2, 3, 21, 12, 8]);
    // Still a syntax error when the normal is not a number word at all.
    lines[normals[0]!] = '  facet normal x 0 0';
    expectIntakeError(() => parse(strToU8(lines.join('\n')), 'bad.stl'), 'stl-ascii-syntax');
  });

  it('refuses a file that ends mid-facet', () => {
    const text = asciiStlText(cube);
    expectIntakeError(
      () => parse(strToU8(text.slice(0, text.indexOf('endloop', 500))), 'half.stl'),
      'stl-ascii-syntax',
      /expected “endloop”, found the end of the file/,
    );
  });

  it('refuses an empty solid', () => {
    expectIntakeError(
      () => parse(strToU8('solid empty\nendsolid empty\n'), 'e.stl'),
      'no-triangles',
    );
  });

  it('refuses text that is not an STL', () => {
    expectIntakeError(
      () =>
        parse(
          strToU8('hello world, this is a README and not a mesh at all. '.repeat(4)),
          'readme.stl',
        ),
      'stl-ascii-syntax',
      /does not start with “solid”/,
    );
  });
});

describe('content sniffing', () => {
  it('refuses an empty file', () => {
    expectIntakeError(() => parse(new Uint8Array(0), 'empty.stl'), 'empty-file', /empty/);
  });

  it('refuses a PNG renamed .stl', () => {
    const png = new Uint8Array(200);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expectIntakeError(() => parse(png, 'photo.stl'), 'wrong-content', /PNG image, not a 3D model/);
  });

  it('refuses G-code and STEP with a model extension', () => {
    expectIntakeError(
      () => parse(strToU8('; generated by PrusaSlicer\nG28\n'), 'sliced.stl'),
      'wrong-content',
      /G-code/,
    );
    expectIntakeError(
      () => parse(strToU8('ISO-10303-21;\nHEADER;\n'), 'part.obj'),
      'wrong-content',
      /STEP/,
    );
  });

  it('refuses unsupported extensions', () => {
    expectIntakeError(
      () => parse(strToU8('solid x'), 'part.step'),
      'unsupported-format',
      /\.step files are not supported/,
    );
    expectIntakeError(
      () => parse(strToU8('solid x'), 'README'),
      'unsupported-format',
      /no file extension/,
    );
  });

  it('refuses a .3mf that is not a zip', () => {
    expectIntakeError(() => parse(encodeBinaryStl(cube), 'fake.3mf'), 'wrong-content', /not a zip/);
  });

  it('refuses files over the size limit', () => {
    expectIntakeError(
      () => parse(encodeBinaryStl(cube), 'c.stl', { limits: { maxFileBytes: 100 } }),
      'file-too-large',
      /more than the 100 B accepted/,
    );
  });
});

describe('OBJ', () => {
  it('reads quads and negative indices', () => {
    const m = parse(encodeObj(cube, { negativeIndices: true, quads: true }), 'cube.obj');
    expect(m.format).toBe('obj');
    expect(m.triangleCount).toBe(12);
    expect(bbox(m.positions)).toEqual([1, 2, 3, 21, 12, 8]);
    expect(m.notes.map((n) => n.code)).toContain('obj-polygons');
  });

  it('fan-triangulates a pentagon', () => {
    const text = 'v 0 0 0\nv 2 0 0\nv 3 1 0\nv 1 2 0\nv -1 1 0\nf 1 2 3 4 5\n';
    expect(parse(strToU8(text), 'p.obj').triangleCount).toBe(3);
  });

  it('reports bad indices and syntax with line numbers', () => {
    expectIntakeError(
      () => parse(strToU8('v 0 0 0\nv 1 0 0\nf 1 2 3\n'), 'b.obj'),
      'obj-syntax',
      /line 3: vertex index 3 refers to no vertex/,
    );
    expectIntakeError(
      () => parse(strToU8('v 0 0 0\nv 1 0 x\n'), 'b.obj'),
      'obj-syntax',
      /line 2: “x” is not a number/,
    );
    expectIntakeError(
      () => parse(strToU8('v 0 0 0\nbanana 1\n'), 'b.obj'),
      'obj-syntax',
      /unknown statement “banana”/,
    );
    expectIntakeError(() => parse(strToU8('v 0 0 nan\n'), 'b.obj'), 'non-finite-coordinates');
    expectIntakeError(() => parse(strToU8('# only a comment\nv 0 0 0\n'), 'b.obj'), 'no-triangles');
  });
});

describe('3MF', () => {
  it('applies build-item transforms and converts inches', () => {
    const bytes = encode3mf({
      unit: 'inch',
      objects: [{ mesh: box(1, 1, 1), name: 'inch cube' }],
      build: [{ object: 0, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1, 2, 0, 0] }],
    });
    const m = parse(bytes, 'cube.3mf');
    expect(m.format).toBe('3mf');
    expect(m.sourceUnit).toBe('inch');
    expect(m.triangleCount).toBe(12);
    const b = bbox(m.positions);
    expect(b[0]).toBeCloseTo(50.8, 4);
    expect(b[3]).toBeCloseTo(76.2, 4);
    expect(b[5]).toBeCloseTo(25.4, 4);
    expect(m.parts[0]?.name).toBe('inch cube');
  });

  it('reads several objects, components with transforms and a rotated item', () => {
    const bytes = encode3mf({
      objects: [{ mesh: box(10, 10, 10) }, { mesh: box(5, 5, 5) }],
      assemblies: [
        {
          name: 'pair',
          components: [
            { object: 0 },
            { object: 1, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1, 20, 0, 0] },
          ],
        },
      ],
      build: [
        { object: 2, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0] },
        // 90° about Z then moved: the 10 mm cube lands at x ∈ [90, 100], y ∈ [0, 10].
        { object: 0, transform: [0, 1, 0, -1, 0, 0, 0, 0, 1, 100, 0, 0] },
      ],
    });
    const m = parse(bytes, 'multi.3mf');
    expect(m.triangleCount).toBe(36);
    expect(m.parts.map((p) => p.triangleCount)).toEqual([24, 12]);
    const b = bbox(m.positions);
    expect(b).toEqual([0, 0, 0, 100, 10, 10]);
  });

  it('keeps outward winding for mirrored items', () => {
    const bytes = encode3mf({
      objects: [{ mesh: box(10, 10, 10) }],
      build: [{ object: 0, transform: [-1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0] }],
    });
    const m = parse(bytes, 'mirror.3mf');
    // Signed volume stays positive: vertices were swapped when the determinant is negative.
    let v6 = 0;
    const p = m.positions;
    for (let o = 0; o < p.length; o += 9) {
      v6 +=
        (p[o] as number) *
          ((p[o + 4] as number) * (p[o + 8] as number) -
            (p[o + 5] as number) * (p[o + 7] as number)) -
        (p[o + 1] as number) *
          ((p[o + 3] as number) * (p[o + 8] as number) -
            (p[o + 5] as number) * (p[o + 6] as number)) +
        (p[o + 2] as number) *
          ((p[o + 3] as number) * (p[o + 7] as number) -
            (p[o + 4] as number) * (p[o + 6] as number));
    }
    expect(v6 / 6).toBeCloseTo(1000, 3);
  });

  it('follows components into another model part (production extension)', () => {
    const part = threeMfModelXml({ objects: [{ mesh: box(4, 4, 4) }], build: [] });
    const root = `<?xml version="1.0" encoding="UTF-8"?>
<model unit="centimeter" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02" xmlns:p="http://schemas.microsoft.com/3dmanufacturing/production/2015/06">
  <resources>
    <object id="9" type="model"><components><component p:path="/3D/Objects/part.model" objectid="1" transform="1 0 0 0 1 0 0 0 1 1 1 0"/></components></object>
  </resources>
  <build><item objectid="9"/></build>
</model>`;
    const rels = strToU8(
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Target="/3D/3dmodel.model" Id="r0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>',
    );
    const bytes = zipSync({
      '_rels/.rels': rels,
      '3D/3dmodel.model': strToU8(root),
      '3D/Objects/part.model': strToU8(part),
    });
    const m = parse(bytes, 'prod.3mf');
    expect(m.triangleCount).toBe(12);
    expect(m.sourceUnit).toBe('centimeter');
    expect(bbox(m.positions)).toEqual([10, 10, 0, 50, 50, 40]);
  });

  it('reports malformed model XML with a line number', () => {
    const xml = threeMfModelXml({
      objects: [{ mesh: box(1, 1, 1) }],
      build: [{ object: 0 }],
    }).replace('</resources>', '</resourcez>');
    expectIntakeError(
      () => parse(encode3mf({ objects: [], build: [] }, xml), 'bad.3mf'),
      '3mf-xml',
      /malformed XML in 3d\/3dmodel\.model, line \d+/,
    );
  });

  it('reports malformed XML inside a mesh with its line', () => {
    const good = threeMfModelXml({ objects: [{ mesh: box(1, 1, 1) }], build: [{ object: 0 }] });
    const lines = good.split('\n');
    const k = lines.findIndex((l) => l.includes('<vertex'));
    lines[k] = '          <vertex x="1" y="oops" z="0" />';
    const e = expectIntakeError(
      () => parse(encode3mf({ objects: [], build: [] }, lines.join('\n')), 'bad.3mf'),
      '3mf-xml',
      /non-numeric y “oops”/,
    );
    expect(e.details).toMatchObject({ line: k + 1 });
    lines[k] = '          <vertex x="1" y="0" z="0"';
    expectIntakeError(
      () => parse(encode3mf({ objects: [], build: [] }, lines.join('\n')), 'bad.3mf'),
      '3mf-xml',
    );
  });

  it('reports triangles that point at missing vertices and missing objects', () => {
    const xml = threeMfModelXml({
      objects: [{ mesh: box(1, 1, 1) }],
      build: [{ object: 0 }],
    }).replace('v3="2"', 'v3="99"');
    expectIntakeError(
      () => parse(encode3mf({ objects: [], build: [] }, xml), 'x.3mf'),
      '3mf-structure',
      /refers to vertex 99/,
    );
    const xml2 = threeMfModelXml({
      objects: [{ mesh: box(1, 1, 1) }],
      build: [{ object: 0 }],
    }).replace('<item objectid="1"', '<item objectid="7"');
    expectIntakeError(
      () => parse(encode3mf({ objects: [], build: [] }, xml2), 'x.3mf'),
      '3mf-structure',
      /object 7/,
    );
  });

  it('refuses a zip without a model part', () => {
    const bytes = zipSync({ 'readme.txt': strToU8('hello') });
    expectIntakeError(() => parse(bytes, 'x.3mf'), '3mf-structure', /no model part/);
  });

  it('refuses a zip bomb by declared size, by ratio and by lying headers', () => {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    const bomb = zipSync({ '3D/3dmodel.model': zeros, '_rels/.rels': strToU8('') }, { level: 9 });
    expectIntakeError(() => parse(bomb, 'bomb.3mf'), 'zip-bomb', /expands \d+×/);
    expectIntakeError(
      () =>
        parse(bomb, 'bomb.3mf', {
          limits: { maxCompressionRatio: 1e9, maxUncompressedBytes: 1024 * 1024 },
        }),
      'zip-bomb',
      /would unpack to/,
    );
    // Lie in the central directory and the local header: claim 1 KB, inflate to 8 MB.
    const liar = bomb.slice();
    patchDeclaredSize(liar, '3D/3dmodel.model', 1024);
    expectIntakeError(() => parse(liar, 'liar.3mf'), 'zip-bomb', /more than it declares/);
  });

  it('refuses thousands of entries', () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 1200; i++) files[`f${i}.txt`] = strToU8('x');
    expectIntakeError(
      () => parse(zipSync(files), 'many.3mf'),
      'zip-too-many-entries',
      /1200 entries/,
    );
  });

  it('refuses zip-slip paths', () => {
    const bytes = zipSync({
      '3D/3dmodel.model': strToU8('<model/>'),
      '../../evil.model': strToU8('x'),
    });
    expectIntakeError(
      () => parse(bytes, 'slip.3mf'),
      'zip-path-escape',
      /“\.\.\/\.\.\/evil\.model”/,
    );
  });

  it('refuses a damaged zip', () => {
    const bytes = encode3mf({ objects: [{ mesh: merge(box(1, 1, 1)) }], build: [{ object: 0 }] });
    expectIntakeError(() => parse(bytes.slice(0, bytes.length - 30), 'cut.3mf'), 'zip-corrupt');
  });
});

/** Rewrites the declared uncompressed size of one entry (central directory + local header). */
function patchDeclaredSize(zip: Uint8Array, name: string, size: number): void {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const enc = strToU8(name);
  for (let i = 0; i + 46 < zip.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x02014b50) {
      const n = view.getUint16(i + 28, true);
      if (n === enc.length && enc.every((c, k) => zip[i + 46 + k] === c))
        view.setUint32(i + 24, size, true);
    } else if (sig === 0x04034b50) {
      const n = view.getUint16(i + 26, true);
      if (n === enc.length && enc.every((c, k) => zip[i + 30 + k] === c))
        view.setUint32(i + 22, size, true);
    }
  }
}

/** Small seeded PRNG so the fuzz cases are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('damaged files fail only with IntakeError', () => {
  const sources: [string, Uint8Array][] = [
    ['a.stl', encodeBinaryStl(merge(box(10, 10, 10), box(5, 5, 5, 20)))],
    ['b.stl', encodeAsciiStl(box(10, 10, 10), { newline: '\r\n' })],
    ['c.obj', encodeObj(box(10, 10, 10), { quads: true })],
    ['d.3mf', encode3mf({ objects: [{ mesh: box(10, 10, 10) }], build: [{ object: 0 }] })],
  ];
  it('survives truncation and byte flips', () => {
    const rnd = mulberry32(42);
    let failures = 0;
    for (const [name, good] of sources) {
      for (let k = 0; k < 150; k++) {
        let bytes = good.slice();
        if (k % 2 === 0) bytes = bytes.slice(0, Math.floor(rnd() * bytes.length));
        const flips = 1 + Math.floor(rnd() * 8);
        for (let f = 0; f < flips && bytes.length > 0; f++)
          bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
        try {
          const m = parseModelFile(bytes, name);
          expect(m.positions.length).toBe(m.triangleCount * 9);
        } catch (err) {
          if (!(err instanceof IntakeError)) throw err;
          failures++;
        }
      }
    }
    expect(failures).toBeGreaterThan(0);
  });
});
