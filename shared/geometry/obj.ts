import { strFromU8 } from 'fflate';
import { IntakeError, type CancelSignal, throwIfCancelled } from './errors';
import { type IntakeLimits } from './limits';
import { type MeshPart, type ParsedModel, type ParseNote } from './mesh';

/**
 * Wavefront OBJ: `v x y z [w]` and `f a b c …` (indices 1-based, negative = relative to the
 * vertices read so far, `a/t/n` forms allowed). Polygons are fan-triangulated. Texture,
 * normal, material and smoothing statements are skipped; `o`/`g` start named parts.
 */
export function parseObj(
  bytes: Uint8Array,
  limits: IntakeLimits,
  signal?: CancelSignal,
): ParsedModel {
  const n = bytes.length;
  let verts = new Float64Array(3 * 1024);
  let vcount = 0;
  let cap = 1024;
  let positions = new Float32Array(cap * 9);
  let tri = 0;
  let line = 0;
  let i = 0;
  const parts: MeshPart[] = [];
  let partName = 'obj';
  let partFirst = 0;
  let polygons = 0;
  const face: number[] = [];

  const syntax = (what: string): IntakeError =>
    new IntakeError('obj-syntax', `OBJ line ${line}: ${what}. The file is damaged or not an OBJ.`, {
      line,
    });

  const closePart = (): void => {
    if (tri > partFirst)
      parts.push({ name: partName, firstTriangle: partFirst, triangleCount: tri - partFirst });
    partFirst = tri;
  };

  const pushTri = (a: number, b: number, c: number): void => {
    if (tri >= cap) {
      if (tri >= limits.maxTriangles) {
        throw new IntakeError(
          'too-many-triangles',
          `The model has more than ${limits.maxTriangles.toLocaleString('en-US')} triangles, the workspace limit. ` +
            'Decimate it in the CAD tool or raise the limit in the site settings.',
          { limit: limits.maxTriangles },
        );
      }
      cap *= 2;
      const grown = new Float32Array(cap * 9);
      grown.set(positions);
      positions = grown;
    }
    let o = tri * 9;
    for (let k = 0; k < 3; k++) {
      const v = k === 0 ? a : k === 1 ? b : c;
      positions[o++] = verts[v * 3] as number;
      positions[o++] = verts[v * 3 + 1] as number;
      positions[o++] = verts[v * 3 + 2] as number;
    }
    tri++;
  };

  // Latin-1 is enough: every OBJ keyword and number is ASCII; names are only displayed.
  const text = strFromU8(bytes, true);
  while (i < n) {
    line++;
    if ((line & 0xffff) === 0) throwIfCancelled(signal);
    let end = text.indexOf('\n', i);
    if (end < 0) end = n;
    const trimmed = text.slice(i, end).trim();
    i = end + 1;
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const fields = trimmed.split(/\s+/);
    const kw = (fields[0] as string).toLowerCase();
    if (kw === 'v') {
      if (fields.length < 4) throw syntax('a vertex needs x, y and z');
      if (vcount * 3 + 3 > verts.length) {
        const grown = new Float64Array(verts.length * 2);
        grown.set(verts);
        verts = grown;
      }
      for (let k = 1; k <= 3; k++) {
        const f = fields[k] as string;
        const v = Number(f);
        if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(f)) {
          if (/^[+-]?(nan|inf|infinity)$/i.test(f)) {
            throw new IntakeError(
              'non-finite-coordinates',
              `OBJ line ${line}: vertex ${vcount + 1} has a coordinate that is not a number (“${f}”).`,
              { line, vertex: vcount + 1 },
            );
          }
          throw syntax(`“${f.slice(0, 30)}” is not a number`);
        }
        verts[vcount * 3 + k - 1] = v;
      }
      vcount++;
    } else if (kw === 'f') {
      if (fields.length < 4) throw syntax('a face needs at least 3 vertices');
      face.length = 0;
      for (let k = 1; k < fields.length; k++) {
        const ref = fields[k] as string;
        const slash = ref.indexOf('/');
        const head = slash < 0 ? ref : ref.slice(0, slash);
        if (!/^[+-]?\d+$/.test(head)) throw syntax(`“${ref.slice(0, 30)}” is not a vertex index`);
        const idx = Number(head);
        const abs = idx < 0 ? vcount + idx : idx - 1;
        if (idx === 0 || abs < 0 || abs >= vcount) {
          throw syntax(`vertex index ${idx} refers to no vertex (${vcount} read so far)`);
        }
        face.push(abs);
      }
      if (face.length > 3) polygons++;
      const a = face[0] as number;
      for (let k = 1; k + 1 < face.length; k++)
        pushTri(a, face[k] as number, face[k + 1] as number);
    } else if (kw === 'o' || kw === 'g') {
      closePart();
      partName = fields.slice(1).join(' ') || partName;
    } else if (
      kw === 'vt' ||
      kw === 'vn' ||
      kw === 'vp' ||
      kw === 's' ||
      kw === 'usemtl' ||
      kw === 'mtllib' ||
      kw === 'l' ||
      kw === 'p' ||
      kw === 'cstype' ||
      kw === 'deg' ||
      kw === 'curv' ||
      kw === 'curv2' ||
      kw === 'surf' ||
      kw === 'parm' ||
      kw === 'end' ||
      kw === 'trim' ||
      kw === 'hole' ||
      kw === 'lod' ||
      kw === 'bevel' ||
      kw === 'c_interp' ||
      kw === 'd_interp' ||
      kw === 'shadow_obj' ||
      kw === 'trace_obj' ||
      kw === 'mg' ||
      kw === 'bmat' ||
      kw === 'step'
    ) {
      continue;
    } else {
      throw syntax(`unknown statement “${(fields[0] as string).slice(0, 30)}”`);
    }
  }
  closePart();
  if (tri === 0) {
    throw new IntakeError(
      'no-triangles',
      'The OBJ file contains no faces: there is nothing to print.',
    );
  }
  if (tri > limits.maxTriangles) {
    throw new IntakeError(
      'too-many-triangles',
      `The model has ${tri.toLocaleString('en-US')} triangles, more than the workspace limit of ${limits.maxTriangles.toLocaleString('en-US')}.`,
      { triangles: tri, limit: limits.maxTriangles },
    );
  }
  const notes: ParseNote[] = [];
  if (polygons > 0) {
    notes.push({
      code: 'obj-polygons',
      message: `${polygons} polygons with more than 3 corners were split into triangles.`,
    });
  }
  return {
    format: 'obj',
    positions: positions.slice(0, tri * 9),
    triangleCount: tri,
    parts,
    sourceUnit: null,
    notes,
  };
}
