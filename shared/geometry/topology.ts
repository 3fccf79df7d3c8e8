import { type CancelSignal, throwIfCancelled } from './errors';
import { UnionFind } from './union-find';
import { type WeldedMesh } from './weld';

/**
 * Every undirected edge of a welded mesh, bucketed by its lower vertex (CSR): the uses of edge
 * (l, h) sit in `other`/`code` between start[l] and start[l + 1], with other = h and
 * code = triangle·2 + (1 when walked high → low). Building it touches a vertex-sized count
 * array at random and writes each edge once — far fewer cache misses than a hash table.
 */
export class EdgeIndex {
  readonly start: Int32Array;
  readonly other: Int32Array;
  readonly code: Int32Array;

  constructor(indices: Uint32Array, triangleCount: number, vertexCount: number) {
    const start = new Int32Array(vertexCount + 1);
    for (let t = 0; t < triangleCount; t++) {
      const a = indices[t * 3] as number,
        b = indices[t * 3 + 1] as number,
        c = indices[t * 3 + 2] as number;
      if (a === b || b === c || c === a) continue;
      const i0 = (a < b ? a : b) + 1,
        i1 = (b < c ? b : c) + 1,
        i2 = (c < a ? c : a) + 1;
      start[i0] = (start[i0] as number) + 1;
      start[i1] = (start[i1] as number) + 1;
      start[i2] = (start[i2] as number) + 1;
    }
    for (let v = 0; v < vertexCount; v++)
      start[v + 1] = (start[v + 1] as number) + (start[v] as number);
    const fill = start.slice(0, vertexCount);
    const total = start[vertexCount] as number;
    const other = new Int32Array(total);
    const code = new Int32Array(total);
    for (let t = 0; t < triangleCount; t++) {
      const a = indices[t * 3] as number,
        b = indices[t * 3 + 1] as number,
        c = indices[t * 3 + 2] as number;
      if (a === b || b === c || c === a) continue;
      let lo = a < b ? a : b;
      let k = fill[lo] as number;
      fill[lo] = k + 1;
      other[k] = a < b ? b : a;
      code[k] = t * 2 + (a < b ? 0 : 1);
      lo = b < c ? b : c;
      k = fill[lo] as number;
      fill[lo] = k + 1;
      other[k] = b < c ? c : b;
      code[k] = t * 2 + (b < c ? 0 : 1);
      lo = c < a ? c : a;
      k = fill[lo] as number;
      fill[lo] = k + 1;
      other[k] = c < a ? a : c;
      code[k] = t * 2 + (c < a ? 0 : 1);
    }
    this.start = start;
    this.other = other;
    this.code = code;
  }

  /**
   * The triangle on the other side of edge (a, b) from `triangle`, when exactly two
   * triangles use the edge; otherwise −1 (open or non-manifold edge).
   */
  neighbour(a: number, b: number, triangle: number): number {
    const l = a < b ? a : b;
    const h = a < b ? b : a;
    let uses = 0;
    let found = -1;
    for (let k = this.start[l] as number, end = this.start[l + 1] as number; k < end; k++) {
      if (this.other[k] !== h) continue;
      uses++;
      const t = (this.code[k] as number) >> 1;
      if (t !== triangle) found = t;
    }
    return uses === 2 ? found : -1;
  }
}

export interface Topology {
  /** Edges used by exactly one triangle. */
  boundaryEdges: number;
  /** Edges shared by more than two triangles. */
  nonManifoldEdges: number;
  /**
   * Non-manifold edges with an odd number of uses (3, 5…): one use has no partner, so the
   * surface is open there. Even counts (shells touching along an edge) still pair up.
   */
  unpairedNonManifoldEdges: number;
  /** Edges shared by two triangles that walk them in the same direction (flipped winding). */
  misorientedEdges: number;
  /** Closed loops formed by boundary edges: the holes a slicer has to guess across. */
  holes: number;
  /** Connected pieces (triangles sharing vertices). */
  shells: number;
  /** Shell id (0..shells-1) per triangle; -1 for collapsed triangles. */
  shellOfTriangle: Int32Array;
  /** Triangles with two or three identical vertices after welding. */
  collapsedTriangles: number;
  /** Triangles with the same three vertices as an earlier one (in any order). */
  duplicateTriangles: number;
  edges: EdgeIndex;
}

/**
 * Counts edge uses. A closed, consistently oriented surface uses every edge exactly twice,
 * once in each direction. The direction balance lives in bits 8.. of the uses word.
 */
export function analyseTopology(
  mesh: WeldedMesh,
  signal?: CancelSignal,
  onProgress?: (fraction: number) => void,
): Topology {
  const { indices, triangleCount, vertexCount } = mesh;
  const edges = new EdgeIndex(indices, triangleCount, vertexCount);
  let collapsed = 0;
  for (let t = 0; t < triangleCount; t++) {
    const a = indices[t * 3] as number,
      b = indices[t * 3 + 1] as number,
      c = indices[t * 3 + 2] as number;
    if (a === b || b === c || c === a) collapsed++;
  }
  throwIfCancelled(signal);
  onProgress?.(0.4);

  let boundary = 0;
  let nonManifold = 0;
  let unpaired = 0;
  let misoriented = 0;
  const loops = new UnionFind(vertexCount);
  const onBoundary = new Uint8Array(vertexCount);
  const { start, other, code } = edges;
  for (let l = 0; l < vertexCount; l++) {
    if ((l & 0xffff) === 0xffff) throwIfCancelled(signal);
    const s0 = start[l] as number;
    const s1 = start[l + 1] as number;
    // Group the bucket's entries by their high vertex (buckets hold a handful of entries).
    for (let k = s0; k < s1; k++) {
      const h = other[k] as number;
      let seen = false;
      for (let j = s0; j < k; j++) {
        if (other[j] === h) {
          seen = true;
          break;
        }
      }
      if (seen) continue;
      let uses = 1;
      let balance = (code[k] as number) & 1 ? -1 : 1;
      for (let j = k + 1; j < s1; j++) {
        if (other[j] !== h) continue;
        uses++;
        balance += (code[j] as number) & 1 ? -1 : 1;
      }
      if (uses === 1) {
        boundary++;
        loops.union(l, h);
        onBoundary[l] = 1;
        onBoundary[h] = 1;
      } else if (uses > 2) {
        nonManifold++;
        if (uses & 1) unpaired++;
      } else if (balance !== 0) misoriented++;
    }
  }
  let holes = 0;
  for (let v = 0; v < vertexCount; v++) if (onBoundary[v] && loops.find(v) === v) holes++;
  onProgress?.(0.7);

  // Shells: triangles joined through shared vertices.
  const uf = new UnionFind(vertexCount);
  for (let t = 0; t < triangleCount; t++) {
    const a = indices[t * 3] as number;
    uf.union(a, indices[t * 3 + 1] as number);
    uf.union(a, indices[t * 3 + 2] as number);
  }
  const shellId = new Int32Array(vertexCount).fill(-1);
  let shells = 0;
  const shellOfTriangle = new Int32Array(triangleCount);
  for (let t = 0; t < triangleCount; t++) {
    const a = indices[t * 3] as number;
    const b = indices[t * 3 + 1] as number;
    const c = indices[t * 3 + 2] as number;
    if (a === b || b === c || c === a) {
      shellOfTriangle[t] = -1;
      continue;
    }
    const r = uf.find(a);
    if (shellId[r] === -1) shellId[r] = shells++;
    shellOfTriangle[t] = shellId[r] as number;
  }
  onProgress?.(0.8);
  throwIfCancelled(signal);

  const duplicateTriangles = countDuplicates(mesh);
  onProgress?.(1);
  return {
    boundaryEdges: boundary,
    nonManifoldEdges: nonManifold,
    unpairedNonManifoldEdges: unpaired,
    misorientedEdges: misoriented,
    holes,
    shells,
    shellOfTriangle,
    collapsedTriangles: collapsed,
    duplicateTriangles,
    edges,
  };
}

/**
 * Triangles whose vertex set repeats an earlier triangle's (either winding): triangles are
 * bucketed by their lowest vertex, then compared within the bucket.
 */
function countDuplicates(mesh: WeldedMesh): number {
  const { indices, triangleCount, vertexCount } = mesh;
  const start = new Int32Array(vertexCount + 1);
  for (let t = 0; t < triangleCount; t++) {
    const a = indices[t * 3] as number,
      b = indices[t * 3 + 1] as number,
      c = indices[t * 3 + 2] as number;
    const i0 = (a < b ? (a < c ? a : c) : b < c ? b : c) + 1;
    start[i0] = (start[i0] as number) + 1;
  }
  for (let v = 0; v < vertexCount; v++)
    start[v + 1] = (start[v + 1] as number) + (start[v] as number);
  const fill = start.slice(0, vertexCount);
  const mid = new Int32Array(triangleCount);
  const top = new Int32Array(triangleCount);
  for (let t = 0; t < triangleCount; t++) {
    let a = indices[t * 3] as number,
      b = indices[t * 3 + 1] as number,
      c = indices[t * 3 + 2] as number;
    if (a > b) [a, b] = [b, a];
    if (b > c) [b, c] = [c, b];
    if (a > b) [a, b] = [b, a];
    const k = fill[a] as number;
    fill[a] = k + 1;
    mid[k] = b;
    top[k] = c;
  }
  let dups = 0;
  for (let v = 0; v < vertexCount; v++) {
    const s0 = start[v] as number;
    const s1 = start[v + 1] as number;
    for (let k = s0 + 1; k < s1; k++) {
      const b = mid[k] as number;
      const c = top[k] as number;
      if (b === v || b === c) continue; // collapsed
      for (let j = s0; j < k; j++) {
        if (mid[j] === b && top[j] === c) {
          dups++;
          break;
        }
      }
    }
  }
  return dups;
}
