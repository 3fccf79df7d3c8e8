import { type CancelSignal, throwIfCancelled } from './errors';

export interface Measures {
  /** Signed volume (mm³): negative when the triangles are wound inside-out. */
  signedVolume: number;
  area: number;
  min: [number, number, number];
  max: [number, number, number];
  /** Triangles whose corners are (nearly) collinear: zero area. */
  degenerateTriangles: number;
  /** Signed volume per shell (index = shell id). */
  shellVolumes: Float64Array;
}

/**
 * One pass over the soup in float64. Volume is the divergence-theorem sum of tetrahedra
 * against a reference point inside the bounding box (keeps cancellation small far from 0).
 */
export function measureSoup(
  positions: Float32Array,
  triangleCount: number,
  shellOfTriangle: Int32Array | null,
  shellCount: number,
  signal?: CancelSignal,
  onProgress?: (fraction: number) => void,
): Measures {
  let minX = Infinity,
    minY = Infinity,
    minZ = Infinity;
  let maxX = -Infinity,
    maxY = -Infinity,
    maxZ = -Infinity;
  const n = triangleCount * 9;
  for (let i = 0; i < n; i += 3) {
    const x = positions[i] as number,
      y = positions[i + 1] as number,
      z = positions[i + 2] as number;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    if (z < minZ) minZ = z;
    if (z > maxZ) maxZ = z;
  }
  const cx = (minX + maxX) / 2,
    cy = (minY + maxY) / 2,
    cz = (minZ + maxZ) / 2;
  const shellVolumes = new Float64Array(shellCount);
  let vol6 = 0;
  let area2 = 0;
  let degenerate = 0;
  for (let t = 0; t < triangleCount; t++) {
    if ((t & 0xffff) === 0xffff) {
      throwIfCancelled(signal);
      onProgress?.(t / triangleCount);
    }
    const o = t * 9;
    const ax = (positions[o] as number) - cx,
      ay = (positions[o + 1] as number) - cy,
      az = (positions[o + 2] as number) - cz;
    const bx = (positions[o + 3] as number) - cx,
      by = (positions[o + 4] as number) - cy,
      bz = (positions[o + 5] as number) - cz;
    const qx = (positions[o + 6] as number) - cx,
      qy = (positions[o + 7] as number) - cy,
      qz = (positions[o + 8] as number) - cz;
    const ux = bx - ax,
      uy = by - ay,
      uz = bz - az;
    const vx = qx - ax,
      vy = qy - ay,
      vz = qz - az;
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    const tv = ax * (by * qz - bz * qy) - ay * (bx * qz - bz * qx) + az * (bx * qy - by * qx);
    vol6 += tv;
    if (shellOfTriangle) {
      const s = shellOfTriangle[t] as number;
      if (s >= 0) shellVolumes[s] = (shellVolumes[s] as number) + tv / 6;
    }
    area2 += len;
    // Collinear corners: the cross product vanishes relative to the longest edge squared.
    const e1 = ux * ux + uy * uy + uz * uz;
    const e2 = vx * vx + vy * vy + vz * vz;
    const wx = qx - bx,
      wy = qy - by,
      wz = qz - bz;
    const e3 = wx * wx + wy * wy + wz * wz;
    const longest = e1 > e2 ? (e1 > e3 ? e1 : e3) : e2 > e3 ? e2 : e3;
    if (len <= 1e-7 * longest || longest === 0) {
      degenerate++;
    }
  }
  onProgress?.(1);
  return {
    signedVolume: vol6 / 6,
    area: area2 / 2,
    min: [minX, minY, minZ],
    max: [maxX, maxY, maxZ],
    degenerateTriangles: degenerate,
    shellVolumes,
  };
}
