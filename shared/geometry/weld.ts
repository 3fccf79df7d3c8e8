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
 * Merges vertices closer than `tolerance` (mm) with a hash grid. Cells are 8× the tolerance,
 * so only points that fall near a cell wall look into the neighbouring cells: nearly every
 * lookup touches one cell. The first vertex seen in a neighbourhood is the representative.
 */
export function weldVertices(
  positions: Float32Array,
  triangleCount: number,
  tolerance: number,
  signal?: CancelSignal,
  onProgress?: (fraction: number) => void,
): WeldedMesh {
  const refs = triangleCount * 3;
  const cell = Math.max(tolerance, 1e-9) * 8;
  const inv = 1 / cell;
  const wall = tolerance * inv; // fraction of a cell near each wall
  const tol2 = tolerance * tolerance;

  let size = nextPow2(Math.ceil(triangleCount * 1.2));
  let mask = size - 1;
  let keyX = new Int32Array(size);
  let keyY = new Int32Array(size);
  let keyZ = new Int32Array(size);
  let head = new Int32Array(size).fill(-1);
  let used = 0;

  let vcap = Math.max(1024, Math.ceil(triangleCount * 0.6));
  let verts = new Float32Array(vcap * 3);
  let nextInCell = new Int32Array(vcap);
  let vcount = 0;
  const indices = new Uint32Array(refs);

  const slotOf = (ix: number, iy: number, iz: number): number => {
    let h = (Math.imul(ix, 0x9e3779b1) ^ Math.imul(iy, 0x85ebca77) ^ Math.imul(iz, 0xc2b2ae3d)) >>> 0;
    h = (h ^ (h >>> 15)) & mask;
    for (;;) {
      if (head[h] === -1) return h;
      if (keyX[h] === ix && keyY[h] === iy && keyZ[h] === iz) return h;
      h = (h + 1) & mask;
    }
  };

  const grow = (): void => {
    const oldX = keyX, oldY = keyY, oldZ = keyZ, oldHead = head;
    size *= 2;
    mask = size - 1;
    keyX = new Int32Array(size);
    keyY = new Int32Array(size);
    keyZ = new Int32Array(size);
    head = new Int32Array(size).fill(-1);
    for (let s = 0; s < oldHead.length; s++) {
      if (oldHead[s] === -1) continue;
      const h = slotOf(oldX[s] as number, oldY[s] as number, oldZ[s] as number);
      keyX[h] = oldX[s] as number;
      keyY[h] = oldY[s] as number;
      keyZ[h] = oldZ[s] as number;
      head[h] = oldHead[s] as number;
    }
  };

  const findIn = (ix: number, iy: number, iz: number, x: number, y: number, z: number): number => {
    let h = (Math.imul(ix, 0x9e3779b1) ^ Math.imul(iy, 0x85ebca77) ^ Math.imul(iz, 0xc2b2ae3d)) >>> 0;
    h = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const first = head[h] as number;
      if (first === -1) return -1;
      if (keyX[h] === ix && keyY[h] === iy && keyZ[h] === iz) {
        for (let v = first; v !== -1; v = nextInCell[v] as number) {
          const dx = (verts[v * 3] as number) - x;
          const dy = (verts[v * 3 + 1] as number) - y;
          const dz = (verts[v * 3 + 2] as number) - z;
          if (dx * dx + dy * dy + dz * dz <= tol2) return v;
        }
        return -1;
      }
      h = (h + 1) & mask;
    }
  };

  const chunk = 1 << 16;
  for (let r = 0; r < refs; r++) {
    if ((r & (chunk - 1)) === chunk - 1) {
      throwIfCancelled(signal);
      onProgress?.(r / refs);
    }
    const x = positions[r * 3] as number;
    const y = positions[r * 3 + 1] as number;
    const z = positions[r * 3 + 2] as number;
    const qx = x * inv, qy = y * inv, qz = z * inv;
    const fx = Math.floor(qx), fy = Math.floor(qy), fz = Math.floor(qz);
    const ix = fx | 0, iy = fy | 0, iz = fz | 0;
    let found = findIn(ix, iy, iz, x, y, z);
    if (found === -1) {
      const rx = qx - fx, ry = qy - fy, rz = qz - fz;
      const sx = rx < wall ? -1 : rx > 1 - wall ? 1 : 0;
      const sy = ry < wall ? -1 : ry > 1 - wall ? 1 : 0;
      const sz = rz < wall ? -1 : rz > 1 - wall ? 1 : 0;
      if (sx !== 0 || sy !== 0 || sz !== 0) {
        for (let m = 1; m < 8 && found === -1; m++) {
          const dx = m & 1 ? sx : 0, dy = m & 2 ? sy : 0, dz = m & 4 ? sz : 0;
          if ((m & 1 && sx === 0) || (m & 2 && sy === 0) || (m & 4 && sz === 0)) continue;
          found = findIn((ix + dx) | 0, (iy + dy) | 0, (iz + dz) | 0, x, y, z);
        }
      }
    }
    if (found === -1) {
      if (vcount >= vcap) {
        vcap *= 2;
        const g = new Float32Array(vcap * 3);
        g.set(verts);
        verts = g;
        const n2 = new Int32Array(vcap);
        n2.set(nextInCell);
        nextInCell = n2;
      }
      found = vcount++;
      verts[found * 3] = x;
      verts[found * 3 + 1] = y;
      verts[found * 3 + 2] = z;
      const h = slotOf(ix, iy, iz);
      if (head[h] === -1) {
        keyX[h] = ix;
        keyY[h] = iy;
        keyZ[h] = iz;
        nextInCell[found] = -1;
        used++;
      } else {
        nextInCell[found] = head[h] as number;
      }
      head[h] = found;
      if (used * 2 > size) grow();
    }
    indices[r] = found;
  }
  return { vertices: verts.subarray(0, vcount * 3), vertexCount: vcount, indices, triangleCount };
}
