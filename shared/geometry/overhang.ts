import { type CancelSignal, throwIfCancelled } from './errors';
import { type EdgeIndex } from './topology';
import { UnionFind } from './union-find';
import { type WeldedMesh } from './weld';

/** Downward faces this close to the bed are on it (one thick first layer). */
export const FIRST_LAYER_MM = 0.3;
/** Longest span a printer bridges without support, for the supports-likely guess. */
export const MAX_BRIDGE_MM = 20;

export interface OverhangResult {
  /** Area of faces pointing down more steeply than the limit, above the first layer (mm²). */
  areaMm2: number;
  /** Part of that area that is not a bridge (see analyseOverhangs): what needs support. */
  unsupportedAreaMm2: number;
  /** Connected overhang regions, and how many of them are bridges. */
  regions: number;
  bridges: number;
}

/**
 * Overhangs: faces whose outward normal points down by more than `overhangDeg` from a wall
 * (n_z < −sin θ, with ½° slack so chamfers drawn exactly at θ pass), ignoring faces within
 * the first layer above the bed. `sign` is −1 when the mesh is inside-out.
 *
 * Connected overhang faces form regions. A rim edge is *carried* when the face beyond it goes
 * down from it (a wall or slope underneath). A region is a *bridge* when at least a quarter of
 * its rim is carried, the carried parts lie on opposite sides (their directions from the
 * region's centroid cancel: |Σ len·û| < ½ Σ len), and it spans at most MAX_BRIDGE_MM in its
 * narrow direction — the ceiling of a tunnel or of a horizontal hole. Everything else — a T's
 * arms, a mushroom's cap, a ledge — is a cantilever and counts as unsupported area.
 */
export function analyseOverhangs(
  positions: Float32Array,
  welded: WeldedMesh,
  edges: EdgeIndex,
  overhangDeg: number,
  sign: 1 | -1,
  minZ: number,
  signal?: CancelSignal,
): OverhangResult {
  const { indices, triangleCount } = welded;
  const sinT = Math.sin(((overhangDeg + 0.5) * Math.PI) / 180);
  const bedZ = minZ + FIRST_LAYER_MM;
  const flagged: number[] = [];
  const areas: number[] = [];
  let total = 0;
  for (let t = 0; t < triangleCount; t++) {
    if ((t & 0xffff) === 0xffff) throwIfCancelled(signal);
    const o = t * 9;
    const az = positions[o + 2] as number,
      bz = positions[o + 5] as number,
      cz = positions[o + 8] as number;
    if (az <= bedZ && bz <= bedZ && cz <= bedZ) continue;
    const ux = (positions[o + 3] as number) - (positions[o] as number);
    const uy = (positions[o + 4] as number) - (positions[o + 1] as number);
    const vx = (positions[o + 6] as number) - (positions[o] as number);
    const vy = (positions[o + 7] as number) - (positions[o + 1] as number);
    const nz = (ux * vy - uy * vx) * sign;
    if (nz >= 0) continue;
    const uz = bz - az,
      vz = cz - az;
    const nx = uy * vz - uz * vy,
      ny = uz * vx - ux * vz;
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (len === 0 || nz >= -sinT * len) continue;
    flagged.push(t);
    areas.push(len / 2);
    total += len / 2;
  }
  const k = flagged.length;
  if (k === 0) return { areaMm2: 0, unsupportedAreaMm2: 0, regions: 0, bridges: 0 };

  const flagIndex = new Int32Array(triangleCount).fill(-1);
  for (let i = 0; i < k; i++) flagIndex[flagged[i] as number] = i;
  const verts = welded.vertices;
  // Per flagged triangle edge: 0 inside the region, 1 rim, 2 rim carried by the face beyond.
  const edgeKind = new Uint8Array(k * 3);
  const uf = new UnionFind(k);
  for (let i = 0; i < k; i++) {
    if ((i & 0xffff) === 0xffff) throwIfCancelled(signal);
    const t = flagged[i] as number;
    for (let e = 0; e < 3; e++) {
      const a = indices[t * 3 + e] as number;
      const b = indices[t * 3 + ((e + 1) % 3)] as number;
      const n = edges.neighbour(a, b, t);
      if (n < 0) {
        edgeKind[i * 3 + e] = 1;
        continue;
      }
      const j = flagIndex[n] as number;
      if (j >= 0) {
        uf.union(i, j);
        continue;
      }
      // The neighbour's corner off the shared edge: below the edge means it carries it.
      const n0 = indices[n * 3] as number,
        n1 = indices[n * 3 + 1] as number,
        n2 = indices[n * 3 + 2] as number;
      const c = n0 !== a && n0 !== b ? n0 : n1 !== a && n1 !== b ? n1 : n2;
      const zc = verts[c * 3 + 2] as number;
      const zEdge = Math.min(verts[a * 3 + 2] as number, verts[b * 3 + 2] as number);
      edgeKind[i * 3 + e] = zc < zEdge - 1e-4 ? 2 : 1;
    }
  }
  // Per region: area, centroid and xy extent, then the rim: its length, the carried part,
  // and the carried part's directions seen from the centroid.
  const area = new Float64Array(k);
  const cen = new Float64Array(k * 2);
  const ext = new Float64Array(k * 4).fill(NaN);
  for (let i = 0; i < k; i++) {
    const r = uf.find(i);
    const t = flagged[i] as number;
    const a = areas[i] as number;
    area[r] = (area[r] as number) + a;
    const b = r * 4;
    let sx = 0;
    let sy = 0;
    for (let c = 0; c < 3; c++) {
      const x = positions[t * 9 + c * 3] as number;
      const y = positions[t * 9 + c * 3 + 1] as number;
      sx += x;
      sy += y;
      if (!(x >= (ext[b] as number))) ext[b] = x;
      if (!(y >= (ext[b + 1] as number))) ext[b + 1] = y;
      if (!(x <= (ext[b + 2] as number))) ext[b + 2] = x;
      if (!(y <= (ext[b + 3] as number))) ext[b + 3] = y;
    }
    cen[r * 2] = (cen[r * 2] as number) + (sx / 3) * a;
    cen[r * 2 + 1] = (cen[r * 2 + 1] as number) + (sy / 3) * a;
  }
  const rim = new Float64Array(k);
  const carried = new Float64Array(k);
  const pull = new Float64Array(k * 2);
  for (let i = 0; i < k; i++) {
    const r = uf.find(i);
    const t = flagged[i] as number;
    const cx = (cen[r * 2] as number) / (area[r] as number);
    const cy = (cen[r * 2 + 1] as number) / (area[r] as number);
    for (let e = 0; e < 3; e++) {
      const kind = edgeKind[i * 3 + e] as number;
      if (kind === 0) continue; // inside the region
      const p = t * 9 + e * 3;
      const q = t * 9 + ((e + 1) % 3) * 3;
      const px = positions[p] as number,
        py = positions[p + 1] as number;
      const qx = positions[q] as number,
        qy = positions[q + 1] as number;
      const len = Math.hypot(
        qx - px,
        qy - py,
        (positions[q + 2] as number) - (positions[p + 2] as number),
      );
      rim[r] = (rim[r] as number) + len;
      if (kind !== 2) continue;
      carried[r] = (carried[r] as number) + len;
      const mx = (px + qx) / 2 - cx;
      const my = (py + qy) / 2 - cy;
      const d = Math.hypot(mx, my);
      if (d > 1e-9) {
        pull[r * 2] = (pull[r * 2] as number) + (mx / d) * len;
        pull[r * 2 + 1] = (pull[r * 2 + 1] as number) + (my / d) * len;
      }
    }
  }
  let regions = 0;
  let bridges = 0;
  let unsupported = 0;
  for (let i = 0; i < k; i++) {
    if (uf.find(i) !== i) continue;
    regions++;
    const b = i * 4;
    const narrow = Math.min(
      (ext[b + 2] as number) - (ext[b] as number),
      (ext[b + 3] as number) - (ext[b + 1] as number),
    );
    const c = carried[i] as number;
    // Carried on opposite sides: the directions to the carried rim cancel out.
    const balance = c > 0 ? Math.hypot(pull[i * 2] as number, pull[i * 2 + 1] as number) / c : 1;
    const isBridge = c >= 0.25 * (rim[i] as number) && balance < 0.5 && narrow <= MAX_BRIDGE_MM;
    if (isBridge) bridges++;
    else unsupported += area[i] as number;
  }
  return { areaMm2: total, unsupportedAreaMm2: unsupported, regions, bridges };
}
