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
 * Candidate resting faces: the normal directions with the most area (normals quantised to
 * about 0.5°). A direction can carry the part only if its plane supports the whole mesh (no
 * vertex beyond it); the contact is the coplanar area on that supporting plane.
 */
export function suggestOrientation(
  mesh: TriangleMesh,
  welded: WeldedMesh,
  signal?: CancelSignal,
  candidates = 8,
): OrientationSuggestion | null {
  const { positions, triangleCount } = mesh;
  const byNormal = new Map<number, { area: number; nx: number; ny: number; nz: number }>();
  const q = 100; // 0.01 in unit-normal space ≈ 0.57°
  for (let t = 0; t < triangleCount; t++) {
    if ((t & 0xffff) === 0xffff) throwIfCancelled(signal);
    const o = t * 9;
    const ux = (positions[o + 3] as number) - (positions[o] as number);
    const uy = (positions[o + 4] as number) - (positions[o + 1] as number);
    const uz = (positions[o + 5] as number) - (positions[o + 2] as number);
    const vx = (positions[o + 6] as number) - (positions[o] as number);
    const vy = (positions[o + 7] as number) - (positions[o + 1] as number);
    const vz = (positions[o + 8] as number) - (positions[o + 2] as number);
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (len < 1e-12) continue;
    const kx = Math.round((nx / len) * q), ky = Math.round((ny / len) * q), kz = Math.round((nz / len) * q);
    const key = (kx + 128) * 65536 + (ky + 128) * 256 + (kz + 128);
    const g = byNormal.get(key);
    if (g) {
      g.area += len / 2;
      g.nx += nx / 2;
      g.ny += ny / 2;
      g.nz += nz / 2;
    } else byNormal.set(key, { area: len / 2, nx: nx / 2, ny: ny / 2, nz: nz / 2 });
  }
  const groups = [...byNormal.values()].sort((a, b) => b.area - a.area).slice(0, candidates);
  const down = { nx: 0, ny: 0, nz: -1 };
  let best: { n: [number, number, number]; area: number } | null = null;
  const currentAreaMm2 = contactArea(mesh, welded, [down.nx, down.ny, down.nz]);
  for (const g of groups) {
    const len = Math.hypot(g.nx, g.ny, g.nz);
    if (len === 0) continue;
    const n: [number, number, number] = [g.nx / len, g.ny / len, g.nz / len];
    if (best && g.area <= best.area) continue;
    const area = contactArea(mesh, welded, n);
    if (!best || area > best.area) best = { n, area };
  }
  if (!best || best.area <= 0) return null;
  return {
    normal: best.n,
    areaMm2: best.area,
    currentAreaMm2,
    rotation: rotationTo(best.n, [0, 0, -1]),
    better: best.area >= currentAreaMm2 * 1.5 && best.area - currentAreaMm2 >= 10,
  };
}

/** Area of faces facing `n` that lie on the supporting plane of the mesh in direction n. */
function contactArea(mesh: TriangleMesh, welded: WeldedMesh, n: [number, number, number]): number {
  const [nx, ny, nz] = n;
  const v = welded.vertices;
  let dMax = -Infinity;
  let dMin = Infinity;
  for (let i = 0; i < welded.vertexCount; i++) {
    const d = (v[i * 3] as number) * nx + (v[i * 3 + 1] as number) * ny + (v[i * 3 + 2] as number) * nz;
    if (d > dMax) dMax = d;
    if (d < dMin) dMin = d;
  }
  const tol = Math.max(0.01, (dMax - dMin) * 1e-5);
  const p = mesh.positions;
  let area = 0;
  for (let t = 0; t < mesh.triangleCount; t++) {
    const o = t * 9;
    const d0 = (p[o] as number) * nx + (p[o + 1] as number) * ny + (p[o + 2] as number) * nz;
    if (d0 < dMax - tol) continue;
    const d1 = (p[o + 3] as number) * nx + (p[o + 4] as number) * ny + (p[o + 5] as number) * nz;
    const d2 = (p[o + 6] as number) * nx + (p[o + 7] as number) * ny + (p[o + 8] as number) * nz;
    if (d1 < dMax - tol || d2 < dMax - tol) continue;
    const ux = (p[o + 3] as number) - (p[o] as number), uy = (p[o + 4] as number) - (p[o + 1] as number), uz = (p[o + 5] as number) - (p[o + 2] as number);
    const vx = (p[o + 6] as number) - (p[o] as number), vy = (p[o + 7] as number) - (p[o + 1] as number), vz = (p[o + 8] as number) - (p[o + 2] as number);
    const cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
    const len = Math.sqrt(cx * cx + cy * cy + cz * cz);
    if (len > 0 && (cx * nx + cy * ny + cz * nz) / len >= COS_1DEG) area += len / 2;
  }
  return area;
}

/** Row-major rotation matrix taking unit vector a onto unit vector b (Rodrigues). */
export function rotationTo(a: [number, number, number], b: [number, number, number]): number[] {
  const [ax, ay, az] = a;
  const [bx, by, bz] = b;
  const cx = ay * bz - az * by, cy = az * bx - ax * bz, cz = ax * by - ay * bx;
  const c = ax * bx + ay * by + az * bz;
  if (c > 1 - 1e-12) return [1, 0, 0, 0, 1, 0, 0, 0, 1];
  if (c < -1 + 1e-12) {
    // Half turn about any axis perpendicular to a.
    const ux = Math.abs(ax) < 0.9 ? 1 : 0;
    const uy = ux ? 0 : 1;
    let px = ay * 0 - az * uy, py = az * ux - ax * 0, pz = ax * uy - ay * ux;
    const l = Math.hypot(px, py, pz);
    px /= l;
    py /= l;
    pz /= l;
    return [2 * px * px - 1, 2 * px * py, 2 * px * pz, 2 * py * px, 2 * py * py - 1, 2 * py * pz, 2 * pz * px, 2 * pz * py, 2 * pz * pz - 1];
  }
  const k = 1 / (1 + c);
  return [
    cx * cx * k + c, cx * cy * k - cz, cx * cz * k + cy,
    cy * cx * k + cz, cy * cy * k + c, cy * cz * k - cx,
    cz * cx * k - cy, cz * cy * k + cx, cz * cz * k + c,
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
  const [r0, r1, r2, r3, r4, r5, r6, r7, r8] = r as [number, number, number, number, number, number, number, number, number];
  const z = new Float64Array(src.length / 3);
  for (let i = 0, k = 0; i < src.length; i += 3, k++) {
    const x = src[i] as number, y = src[i + 1] as number, w = src[i + 2] as number;
    out[i] = r0 * x + r1 * y + r2 * w;
    out[i + 1] = r3 * x + r4 * y + r5 * w;
    const zz = r6 * x + r7 * y + r8 * w;
    z[k] = zz;
    if (zz < minZ) minZ = zz;
  }
  for (let i = 2, k = 0; i < src.length; i += 3, k++) out[i] = (z[k] as number) - minZ;
  return { ...mesh, positions: out };
}
