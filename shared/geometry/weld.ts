import { type CancelSignal, throwIfCancelled } from './errors';

/** Indexed view of a triangle soup after merging coincident vertices. */
export interface WeldedMesh {
  /** x y z per welded vertex (the first occurrence's coordinates). */
  vertices: Float32Array;
  vertexCount: number;
  /** 3 vertex ids per triangle, same order as the soup. */
  indices: Uint32Array;
  triangleCount: number;
}

function nextPow2(n: number): number {
  let p = 1024;
  while (p < n) p *= 2;
  return p;
}

/**
 * Merges vertices closer than `tolerance` (mm), in two passes:
 *
 * 1. Exact: corners with bit-identical coordinates (how STL exporters share vertices) become
 *    one vertex — one probe of an open-addressing table per corner, keys interleaved so a
 *    probe touches one cache line.
 * 2. Tolerance (only when asked: analyseModel does it when the exact weld leaves the surface
 *    open): the distinct vertices (≈ 1/6 of the corners of a closed mesh) go through a hash
 *    grid with cells 32× the tolerance; only points near a cell wall look into the
 *    neighbouring cells. The first vertex seen in a neighbourhood is the representative.
 */
export function weldVertices(
  positions: Float32Array,
  triangleCount: number,
  tolerance: number,
  signal?: CancelSignal,
  onProgress?: (fraction: number) => void,
): WeldedMesh {
  const refs = triangleCount * 3;
  const bits = new Uint32Array(positions.buffer, positions.byteOffset, refs * 3);
  // Pass 1: exact dedup. Table slots: [x bits, y bits, z bits, id + 1] (0 = empty).
  const size = nextPow2(Math.ceil(triangleCount * 0.75));
  let mask = size - 1;
  let table = new Int32Array(size * 4);
  let distinct = 0;
  let cap = Math.max(1024, Math.ceil(triangleCount * 0.6));
  let exact = new Float32Array(cap * 3);
  const firstId = new Uint32Array(refs);
  const insert = (
    tbl: Int32Array,
    msk: number,
    x: number,
    y: number,
    z: number,
    id: number,
  ): void => {
    let h = (Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca77) ^ Math.imul(z, 0xc2b2ae3d)) >>> 0;
    h = (h ^ (h >>> 16)) & msk;
    while (tbl[h * 4 + 3] !== 0) h = (h + 1) & msk;
    tbl[h * 4] = x;
    tbl[h * 4 + 1] = y;
    tbl[h * 4 + 2] = z;
    tbl[h * 4 + 3] = id + 1;
  };
  const chunk = 1 << 16;
  for (let r = 0; r < refs; r++) {
    if ((r & (chunk - 1)) === chunk - 1) {
      throwIfCancelled(signal);
      onProgress?.((0.8 * r) / refs);
    }
    // −0 and +0 are the same coordinate.
    let x = (bits[r * 3] as number) | 0;
    let y = (bits[r * 3 + 1] as number) | 0;
    let z = (bits[r * 3 + 2] as number) | 0;
    if (x === -0x80000000) x = 0;
    if (y === -0x80000000) y = 0;
    if (z === -0x80000000) z = 0;
    let h = (Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca77) ^ Math.imul(z, 0xc2b2ae3d)) >>> 0;
    h = (h ^ (h >>> 16)) & mask;
    let id = -1;
    for (;;) {
      const o = h * 4;
      const stored = table[o + 3] as number;
      if (stored === 0) break;
      if (table[o] === x && table[o + 1] === y && table[o + 2] === z) {
        id = stored - 1;
        break;
      }
      h = (h + 1) & mask;
    }
    if (id === -1) {
      id = distinct++;
      if (id >= cap) {
        cap *= 2;
        const g = new Float32Array(cap * 3);
        g.set(exact);
        exact = g;
      }
      exact[id * 3] = positions[r * 3] as number;
      exact[id * 3 + 1] = positions[r * 3 + 1] as number;
      exact[id * 3 + 2] = positions[r * 3 + 2] as number;
      const o = h * 4;
      table[o] = x;
      table[o + 1] = y;
      table[o + 2] = z;
      table[o + 3] = id + 1;
      if (distinct * 10 > (mask + 1) * 7) {
        const bigger = new Int32Array(table.length * 2);
        const bmask = (mask + 1) * 2 - 1;
        for (let s = 0; s <= mask; s++) {
          const v = table[s * 4 + 3] as number;
          if (v !== 0)
            insert(
              bigger,
              bmask,
              table[s * 4] as number,
              table[s * 4 + 1] as number,
              table[s * 4 + 2] as number,
              v - 1,
            );
        }
        table = bigger;
        mask = bmask;
      }
    }
    firstId[r] = id;
  }
  table = new Int32Array(0);

  // Pass 2: tolerance merge over the distinct vertices.
  const remap = tolerance > 0 ? mergeNearby(exact, distinct, tolerance) : null;
  onProgress?.(0.9);
  let vertices: Float32Array;
  let vertexCount: number;
  if (remap) {
    vertexCount = remap.count;
    vertices = remap.vertices;
    for (let r = 0; r < refs; r++) firstId[r] = remap.map[firstId[r] as number] as number;
  } else {
    vertexCount = distinct;
    vertices = exact.subarray(0, distinct * 3);
  }
  onProgress?.(1);
  return { vertices, vertexCount, indices: firstId, triangleCount };
}

/** Hash-grid merge of points within `tolerance`; returns the id map and the survivors. */
function mergeNearby(
  pts: Float32Array,
  n: number,
  tolerance: number,
): { map: Uint32Array; vertices: Float32Array; count: number } | null {
  const cell = tolerance * 32;
  const inv = 1 / cell;
  const wall = tolerance * inv;
  const tol2 = tolerance * tolerance;
  const size = nextPow2(n * 2);
  const mask = size - 1;
  // Slots: [ix, iy, iz, head + 1]; chain of survivors per cell through `next`.
  const table = new Int32Array(size * 4);
  const next = new Int32Array(n).fill(-1);
  const map = new Uint32Array(n);
  const out = new Float32Array(n * 3);
  let count = 0;
  let merged = 0;
  const find = (ix: number, iy: number, iz: number, x: number, y: number, z: number): number => {
    let h =
      (Math.imul(ix, 0x9e3779b1) ^ Math.imul(iy, 0x85ebca77) ^ Math.imul(iz, 0xc2b2ae3d)) >>> 0;
    h = (h ^ (h >>> 16)) & mask;
    for (;;) {
      const o = h * 4;
      const head = table[o + 3] as number;
      if (head === 0) return -1 - h; // empty slot, encoded
      if (table[o] === ix && table[o + 1] === iy && table[o + 2] === iz) {
        for (let v = head - 1; v !== -1; v = next[v] as number) {
          const dx = (out[v * 3] as number) - x;
          const dy = (out[v * 3 + 1] as number) - y;
          const dz = (out[v * 3 + 2] as number) - z;
          if (dx * dx + dy * dy + dz * dz <= tol2) return v;
        }
        return -1 - size - h; // cell exists, no match
      }
      h = (h + 1) & mask;
    }
  };
  for (let i = 0; i < n; i++) {
    const x = pts[i * 3] as number,
      y = pts[i * 3 + 1] as number,
      z = pts[i * 3 + 2] as number;
    const qx = x * inv,
      qy = y * inv,
      qz = z * inv;
    const fx = Math.floor(qx),
      fy = Math.floor(qy),
      fz = Math.floor(qz);
    const ix = fx | 0,
      iy = fy | 0,
      iz = fz | 0;
    let found = find(ix, iy, iz, x, y, z);
    const own = found;
    if (found < 0) {
      const rx = qx - fx,
        ry = qy - fy,
        rz = qz - fz;
      const sx = rx < wall ? -1 : rx > 1 - wall ? 1 : 0;
      const sy = ry < wall ? -1 : ry > 1 - wall ? 1 : 0;
      const sz = rz < wall ? -1 : rz > 1 - wall ? 1 : 0;
      if (sx !== 0 || sy !== 0 || sz !== 0) {
        for (let m = 1; m < 8; m++) {
          if ((m & 1 && sx === 0) || (m & 2 && sy === 0) || (m & 4 && sz === 0)) continue;
          const f = find(
            (ix + (m & 1 ? sx : 0)) | 0,
            (iy + (m & 2 ? sy : 0)) | 0,
            (iz + (m & 4 ? sz : 0)) | 0,
            x,
            y,
            z,
          );
          if (f >= 0) {
            found = f;
            break;
          }
        }
      }
    }
    if (found >= 0) {
      map[i] = found;
      merged++;
      continue;
    }
    const id = count++;
    out[id * 3] = x;
    out[id * 3 + 1] = y;
    out[id * 3 + 2] = z;
    map[i] = id;
    // Insert into the own cell: `own` encodes either an empty slot or an existing cell.
    let slot: number;
    if (own <= -1 - size) {
      slot = -1 - size - own;
      next[id] = (table[slot * 4 + 3] as number) - 1;
    } else {
      slot = -1 - own;
      table[slot * 4] = ix;
      table[slot * 4 + 1] = iy;
      table[slot * 4 + 2] = iz;
      next[id] = -1;
    }
    table[slot * 4 + 3] = id + 1;
  }
  if (merged === 0) return null;
  return { map, vertices: out.subarray(0, count * 3), count };
}
