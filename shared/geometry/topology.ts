import { type CancelSignal, throwIfCancelled } from './errors';
import { UnionFind } from './union-find';
import { type WeldedMesh } from './weld';

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
}

function nextPow2(n: number): number {
  let p = 1024;
  while (p < n) p *= 2;
  return p;
}

/**
 * Counts edge uses with an open-addressing table keyed by (low, high) vertex id. A closed,
 * consistently oriented surface uses every edge exactly twice, once in each direction.
 */
export function analyseTopology(
  mesh: WeldedMesh,
  signal?: CancelSignal,
  onProgress?: (fraction: number) => void,
): Topology {
  const { indices, triangleCount, vertexCount } = mesh;
  const size = nextPow2(Math.ceil(triangleCount * 2.2));
  const mask = size - 1;
  const lo = new Int32Array(size).fill(-1);
  const hi = new Int32Array(size);
  const count = new Uint8Array(size);
  const dir = new Int16Array(size);
  let collapsed = 0;

  const chunk = 1 << 16;
  for (let t = 0; t < triangleCount; t++) {
    if ((t & (chunk - 1)) === chunk - 1) {
      throwIfCancelled(signal);
      onProgress?.((0.6 * t) / triangleCount);
    }
    const a = indices[t * 3] as number;
    const b = indices[t * 3 + 1] as number;
    const c = indices[t * 3 + 2] as number;
    if (a === b || b === c || c === a) {
      collapsed++;
      continue;
    }
    for (let e = 0; e < 3; e++) {
      const p = e === 0 ? a : e === 1 ? b : c;
      const q = e === 0 ? b : e === 1 ? c : a;
      const l = p < q ? p : q;
      const h2 = p < q ? q : p;
      let s = ((Math.imul(l, 0x9e3779b1) ^ Math.imul(h2, 0x85ebca77)) >>> 0) & mask;
      for (;;) {
        const k = lo[s] as number;
        if (k === -1) {
          lo[s] = l;
          hi[s] = h2;
          count[s] = 1;
          dir[s] = p < q ? 1 : -1;
          break;
        }
        if (k === l && hi[s] === h2) {
          if ((count[s] as number) < 255) count[s] = (count[s] as number) + 1;
          const d = (dir[s] as number) + (p < q ? 1 : -1);
          if (d < 32767 && d > -32767) dir[s] = d;
          break;
        }
        s = (s + 1) & mask;
      }
    }
  }

  let boundary = 0;
  let nonManifold = 0;
  let unpaired = 0;
  let misoriented = 0;
  const loops = new UnionFind(vertexCount);
  const onBoundary = new Uint8Array(vertexCount);
  for (let s = 0; s < size; s++) {
    if (lo[s] === -1) continue;
    const n = count[s] as number;
    if (n === 1) {
      boundary++;
      loops.union(lo[s] as number, hi[s] as number);
      onBoundary[lo[s] as number] = 1;
      onBoundary[hi[s] as number] = 1;
    } else if (n > 2) {
      nonManifold++;
      if (n & 1) unpaired++;
    }
    else if (dir[s] !== 0) misoriented++;
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
  };
}

/** Triangles whose vertex set repeats an earlier triangle's (either winding). */
function countDuplicates(mesh: WeldedMesh): number {
  const { indices, triangleCount } = mesh;
  const size = nextPow2(Math.ceil(triangleCount * 2));
  const mask = size - 1;
  const ka = new Int32Array(size).fill(-1);
  const kb = new Int32Array(size);
  const kc = new Int32Array(size);
  let dups = 0;
  for (let t = 0; t < triangleCount; t++) {
    let a = indices[t * 3] as number;
    let b = indices[t * 3 + 1] as number;
    let c = indices[t * 3 + 2] as number;
    if (a === b || b === c || c === a) continue;
    // sort the three ids
    if (a > b) [a, b] = [b, a];
    if (b > c) [b, c] = [c, b];
    if (a > b) [a, b] = [b, a];
    let s = ((Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d)) >>> 0) & mask;
    for (;;) {
      if (ka[s] === -1) {
        ka[s] = a;
        kb[s] = b;
        kc[s] = c;
        break;
      }
      if (ka[s] === a && kb[s] === b && kc[s] === c) {
        dups++;
        break;
      }
      s = (s + 1) & mask;
    }
  }
  return dups;
}
