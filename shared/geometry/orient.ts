import { type CancelSignal, throwIfCancelled } from './errors';
import { type TriangleMesh } from './mesh';
import { type WeldedMesh } from './weld';

export interface OrientationSuggestion {
  /** Outward normal of the face to put on the bed (unit, in the model's current frame). */
  normal: [number, number, number];
  /** Flat area that would touch the bed (mm²). */
  areaMm2: number;
  /** Flat area touching the bed as the model is now (mm²). */
  currentAreaMm2: number;
  /** Row-major 3×3 rotation taking the model into the suggested pose (normal → −Z). */
  rotation: number[];
  /** True when the suggested pose has clearly more bed contact (≥ 1.5× and ≥ 10 mm² more). */
  better: boolean;
}

const COS_1DEG = Math.cos(Math.PI / 180);

/**
 * Candidate resting faces: the normal directions with the most area (unit normals quantised
 * to 0.01 ≈ 0.57°, grouped in a typed hash table). A direction can carry the part only if its
 * plane supports the whole mesh (no vertex beyond it); the contact is the area of that
 * direction's faces lying on the supporting plane. Two passes over the triangles in total.
 */
export function suggestOrientation(
  mesh: TriangleMesh,
  welded: WeldedMesh,
  signal?: CancelSignal,
  candidates = 8,
): OrientationSuggestion | null {
  const { positions: p, triangleCount } = mesh;
  const q = 100;
  let size = 1024;
  while (size < Math.min(triangleCount, 1 << 18) * 2) size *= 2;
  const mask = size - 1;
  const keys = new Int32Array(size).fill(-1);
  const gArea = new Float64Array(size);
  const gx = new Float64Array(size);
  const gy = new Float64Array(size);
  const gz = new Float64Array(size);
  let used = 0;
  const groupOf = new Int32Array(triangleCount).fill(-1);
  const triArea = new Float32Array(triangleCount);
  let minZ = Infinity;
  for (let t = 0; t < triangleCount; t++) {
    if ((t & 0xffff) === 0xffff) throwIfCancelled(signal);
    const o = t * 9;
    const ux = (p[o + 3] as number) - (p[o] as number),
      uy = (p[o + 4] as number) - (p[o + 1] as number),
      uz = (p[o + 5] as number) - (p[o + 2] as number);
    const vx = (p[o + 6] as number) - (p[o] as number),
      vy = (p[o + 7] as number) - (p[o + 1] as number),
      vz = (p[o + 8] as number) - (p[o + 2] as number);
    const nx = uy * vz - uz * vy,
      ny = uz * vx - ux * vz,
      nz = ux * vy - uy * vx;
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    const z0 = p[o + 2] as number;
    if (z0 < minZ) minZ = z0;
    if (len < 1e-12) continue;
    triArea[t] = len / 2;
    // Round to nearest with a truncating cast of a positive number (Math.round is slower).
    const inv = q / len;
    const key =
      (((nx * inv + 128.5) | 0) << 16) | (((ny * inv + 128.5) | 0) << 8) | ((nz * inv + 128.5) | 0);
    let h = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const k = keys[h] as number;
      if (k === key) break;
      if (k === -1) {
        if (used * 2 >= size) {
          h = -1;
          break;
        }
        keys[h] = key;
        used++;
        break;
      }
      h = (h + 1) & mask;
    }
    if (h < 0) continue; // table full: a mesh with this many directions has no big flat face
    groupOf[t] = h;
    gArea[h] = (gArea[h] as number) + len / 2;
    gx[h] = (gx[h] as number) + nx / 2;
    gy[h] = (gy[h] as number) + ny / 2;
    gz[h] = (gz[h] as number) + nz / 2;
  }
  // The largest groups.
  const top: number[] = [];
  for (let h = 0; h < size; h++) {
    if (keys[h] === -1) continue;
    if (top.length < candidates) {
      top.push(h);
      top.sort((a, b) => (gArea[b] as number) - (gArea[a] as number));
    } else if ((gArea[h] as number) > (gArea[top[top.length - 1] as number] as number)) {
      top[top.length - 1] = h;
      top.sort((a, b) => (gArea[b] as number) - (gArea[a] as number));
    }
  }
  const v = welded.vertices;
  const normals: [number, number, number][] = [];
  const dMax: number[] = [];
  const tol: number[] = [];
  const candOf = new Int8Array(size).fill(-1);
  for (const h of top) {
    const l = Math.hypot(gx[h] as number, gy[h] as number, gz[h] as number);
    if (l === 0) continue;
    const n: [number, number, number] = [
      (gx[h] as number) / l,
      (gy[h] as number) / l,
      (gz[h] as number) / l,
    ];
    let hi = -Infinity;
    let lo = Infinity;
    for (let i = 0; i < welded.vertexCount; i++) {
      const d =
        (v[i * 3] as number) * n[0] +
        (v[i * 3 + 1] as number) * n[1] +
        (v[i * 3 + 2] as number) * n[2];
      if (d > hi) hi = d;
      if (d < lo) lo = d;
    }
    candOf[h] = normals.length;
    normals.push(n);
    dMax.push(hi);
    tol.push(Math.max(0.01, (hi - lo) * 1e-5));
  }
  const contact = new Float64Array(normals.length);
  let current = 0;
  let zMax = -Infinity;
  for (let i = 0; i < welded.vertexCount; i++)
    if ((v[i * 3 + 2] as number) > zMax) zMax = v[i * 3 + 2] as number;
  const zTol = Math.max(0.01, (zMax - minZ) * 1e-5);
  for (let t = 0; t < triangleCount; t++) {
    const o = t * 9;
    const g = groupOf[t] as number;
    const c = g >= 0 ? (candOf[g] as number) : -1;
    if (c >= 0) {
      const [nx, ny, nz] = normals[c] as [number, number, number];
      const lim = (dMax[c] as number) - (tol[c] as number);
      if (
        (p[o] as number) * nx + (p[o + 1] as number) * ny + (p[o + 2] as number) * nz >= lim &&
        (p[o + 3] as number) * nx + (p[o + 4] as number) * ny + (p[o + 5] as number) * nz >= lim &&
        (p[o + 6] as number) * nx + (p[o + 7] as number) * ny + (p[o + 8] as number) * nz >= lim
      ) {
        contact[c] = (contact[c] as number) + (triArea[t] as number);
      }
    }
    // Contact as placed now: faces on the lowest plane facing straight down.
    if (
      (p[o + 2] as number) <= minZ + zTol &&
      (p[o + 5] as number) <= minZ + zTol &&
      (p[o + 8] as number) <= minZ + zTol
    ) {
      const ux = (p[o + 3] as number) - (p[o] as number),
        uy = (p[o + 4] as number) - (p[o + 1] as number);
      const vx = (p[o + 6] as number) - (p[o] as number),
        vy = (p[o + 7] as number) - (p[o + 1] as number);
      const nz2 = ux * vy - uy * vx;
      if (nz2 < 0 && -nz2 / 2 >= (triArea[t] as number) * COS_1DEG) current += triArea[t] as number;
    }
  }
  let best = -1;
  for (let c = 0; c < normals.length; c++)
    if (best < 0 || (contact[c] as number) > (contact[best] as number)) best = c;
  if (best < 0 || (contact[best] as number) <= 0) return null;
  const n = normals[best] as [number, number, number];
  const area = contact[best] as number;
  return {
    normal: n,
    areaMm2: area,
    currentAreaMm2: current,
    rotation: rotationTo(n, [0, 0, -1]),
    better: area >= current * 1.5 && area - current >= 10,
  };
}

/** Row-major rotation matrix taking unit vector a onto unit vector b (Rodrigues). */
export function rotationTo(a: [number, number, number], b: [number, number, number]): number[] {
  const [ax, ay, az] = a;
  const [bx, by, bz] = b;
  const cx = ay * bz - az * by,
    cy = az * bx - ax * bz,
    cz = ax * by - ay * bx;
  const c = ax * bx + ay * by + az * bz;
  if (c > 1 - 1e-12) return [1, 0, 0, 0, 1, 0, 0, 0, 1];
  if (c < -1 + 1e-12) {
    // Half turn about any axis perpendicular to a.
    const ux = Math.abs(ax) < 0.9 ? 1 : 0;
    const uy = ux ? 0 : 1;
    let px = ay * 0 - az * uy,
      py = az * ux - ax * 0,
      pz = ax * uy - ay * ux;
    const l = Math.hypot(px, py, pz);
    px /= l;
    py /= l;
    pz /= l;
    return [
      2 * px * px - 1,
      2 * px * py,
      2 * px * pz,
      2 * py * px,
      2 * py * py - 1,
      2 * py * pz,
      2 * pz * px,
      2 * pz * py,
      2 * pz * pz - 1,
    ];
  }
  const k = 1 / (1 + c);
  return [
    cx * cx * k + c,
    cx * cy * k - cz,
    cx * cz * k + cy,
    cy * cx * k + cz,
    cy * cy * k + c,
    cy * cz * k - cx,
    cz * cx * k - cy,
    cz * cy * k + cx,
    cz * cz * k + c,
  ];
}

/**
 * Applies a row-major 3×3 rotation (column vectors: v' = R·v) and drops the result so its
 * lowest point is at z = 0. Use with OrientationSuggestion.rotation.
 */
export function rotateMesh<T extends TriangleMesh>(mesh: T, r: readonly number[]): T {
  const src = mesh.positions;
  const out = new Float32Array(src.length);
  let minZ = Infinity;
  const [r0, r1, r2, r3, r4, r5, r6, r7, r8] = r as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const z = new Float64Array(src.length / 3);
  for (let i = 0, k = 0; i < src.length; i += 3, k++) {
    const x = src[i] as number,
      y = src[i + 1] as number,
      w = src[i + 2] as number;
    out[i] = r0 * x + r1 * y + r2 * w;
    out[i + 1] = r3 * x + r4 * y + r5 * w;
    const zz = r6 * x + r7 * y + r8 * w;
    z[k] = zz;
    if (zz < minZ) minZ = zz;
  }
  for (let i = 2, k = 0; i < src.length; i += 3, k++) out[i] = (z[k] as number) - minZ;
  return { ...mesh, positions: out };
}
