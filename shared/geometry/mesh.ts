import { type ModelFormat } from '../domain/model';

/**
 * The compact mesh every parser produces: a triangle soup.
 *
 * `positions` holds 9 floats per triangle — x0 y0 z0 x1 y1 z1 x2 y2 z2 — in millimetres,
 * vertices counter-clockwise when seen from outside (as the file declared them; analysis
 * reports inconsistent or inverted winding). Soup rather than indexed because STL is soup,
 * indexed formats expand cheaply, and analysis welds vertices itself with a tolerance.
 * Float32 matches STL's own precision and halves memory (36 MB per million triangles).
 */
export interface TriangleMesh {
  positions: Float32Array;
  triangleCount: number;
}

export type SourceUnit = 'micron' | 'millimeter' | 'centimeter' | 'inch' | 'foot' | 'meter';

export const UNIT_TO_MM: Record<SourceUnit, number> = {
  micron: 0.001,
  millimeter: 1,
  centimeter: 10,
  inch: 25.4,
  foot: 304.8,
  meter: 1000,
};

/** A non-fatal remark from a parser (the file was read, but something is worth knowing). */
export interface ParseNote {
  code: string;
  message: string;
}

/** One named piece of the file (STL solid, 3MF build item, OBJ object/group). */
export interface MeshPart {
  name: string;
  firstTriangle: number;
  triangleCount: number;
}

export interface ParsedModel extends TriangleMesh {
  format: ModelFormat;
  /** 'binary' or 'ascii' for STL; undefined otherwise. */
  encoding?: 'binary' | 'ascii';
  parts: MeshPart[];
  /** The unit the file declared (3MF only); coordinates are already converted to mm. */
  sourceUnit: SourceUnit | null;
  /** Binary STL header text (printable characters only), e.g. "STLB ATF 9.0.0.1214". */
  header?: string;
  notes: ParseNote[];
}

/** Uniform scale, e.g. the one-click ×25.4 fix for a model exported in inches. */
export function scaleMesh<T extends TriangleMesh>(mesh: T, factor: number): T {
  const p = new Float32Array(mesh.positions.length);
  const src = mesh.positions;
  for (let i = 0; i < p.length; i++) p[i] = (src[i] as number) * factor;
  return { ...mesh, positions: p };
}

/**
 * Applies a 3MF-style affine transform, row-vector convention:
 * [x y z 1] · [m00 m01 m02; m10 m11 m12; m20 m21 m22; m30 m31 m32].
 * A transform with negative determinant mirrors the part, so the winding is flipped back.
 */
export function transformMesh<T extends TriangleMesh>(mesh: T, m: ArrayLike<number>): T {
  const src = mesh.positions;
  const out = new Float32Array(src.length);
  transformPositionsInto(src, 0, src.length, m, out, 0);
  return { ...mesh, positions: out };
}

export function transformPositionsInto(
  src: ArrayLike<number>,
  from: number,
  to: number,
  m: ArrayLike<number>,
  out: Float32Array,
  at: number,
): void {
  const m00 = m[0] as number,
    m01 = m[1] as number,
    m02 = m[2] as number;
  const m10 = m[3] as number,
    m11 = m[4] as number,
    m12 = m[5] as number;
  const m20 = m[6] as number,
    m21 = m[7] as number,
    m22 = m[8] as number;
  const tx = m[9] as number,
    ty = m[10] as number,
    tz = m[11] as number;
  const det =
    m00 * (m11 * m22 - m12 * m21) - m01 * (m10 * m22 - m12 * m20) + m02 * (m10 * m21 - m11 * m20);
  const flip = det < 0;
  let o = at;
  for (let i = from; i < to; i += 9) {
    for (let k = 0; k < 3; k++) {
      // Swap vertices 1 and 2 when mirroring so outward normals stay outward.
      const v = flip && k > 0 ? i + (3 - k) * 3 : i + k * 3;
      const x = src[v] as number,
        y = src[v + 1] as number,
        z = src[v + 2] as number;
      out[o++] = x * m00 + y * m10 + z * m20 + tx;
      out[o++] = x * m01 + y * m11 + z * m21 + ty;
      out[o++] = x * m02 + y * m12 + z * m22 + tz;
    }
  }
}

/** Identity in the 12-number 3MF layout. */
export const IDENTITY_TRANSFORM: readonly number[] = [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0];

/** a then b (apply a first), both 3MF row-vector 3×4. */
export function composeTransforms(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const g = (m: ArrayLike<number>, r: number, c: number): number =>
    r === 3 ? (m[9 + c] as number) : (m[r * 3 + c] as number);
  const out: number[] = new Array<number>(12).fill(0);
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 3; c++) {
      let s = r === 3 ? g(b, 3, c) : 0;
      for (let k = 0; k < 3; k++) s += g(a, r, k) * g(b, k, c);
      out[r === 3 ? 9 + c : r * 3 + c] = s;
    }
  }
  return out;
}

/** Concatenates meshes into one soup (parts are kept in order). */
export function concatPositions(chunks: Float32Array[]): Float32Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Float32Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
