/**
 * Thumbnails without WebGL: triangles projected orthographically from a fixed slicer-like
 * viewpoint, shaded by a fixed light and drawn back to front (painter's algorithm). Dozens of
 * thumbnails cost no GL contexts, and this module is plain arrays so it is tested in Node.
 */

export interface View {
  /** 0 looks from the front (−Y); positive turns the eye towards +X (front-right). */
  azimuthDeg: number;
  /** Eye height above the bed plane. */
  elevationDeg: number;
}

/** Front-right, from above: the way a slicer first shows a part. */
export const DEFAULT_VIEW: View = { azimuthDeg: 35, elevationDeg: 30 };

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

export interface Camera {
  /** Unit vectors in model space. */
  right: Vec3;
  up: Vec3;
  /** From the target towards the eye. */
  toEye: Vec3;
  /** Unit light direction (towards the light), fixed relative to the view. */
  light: Vec3;
}

const cross = (a: Vec3, b: Vec3): Vec3 => ({
  x: a.y * b.z - a.z * b.y,
  y: a.z * b.x - a.x * b.z,
  z: a.x * b.y - a.y * b.x,
});
const scale = (a: Vec3, s: number): Vec3 => ({ x: a.x * s, y: a.y * s, z: a.z * s });
const add = (...v: Vec3[]): Vec3 =>
  v.reduce((s, a) => ({ x: s.x + a.x, y: s.y + a.y, z: s.z + a.z }), { x: 0, y: 0, z: 0 });
function normalize(a: Vec3): Vec3 {
  const l = Math.hypot(a.x, a.y, a.z);
  return l > 0 ? scale(a, 1 / l) : a;
}

export function cameraFor(view: View = DEFAULT_VIEW): Camera {
  const az = (view.azimuthDeg * Math.PI) / 180;
  const el = (view.elevationDeg * Math.PI) / 180;
  const toEye = normalize({
    x: Math.cos(el) * Math.sin(az),
    y: -Math.cos(el) * Math.cos(az),
    z: Math.sin(el),
  });
  const right = normalize(cross({ x: 0, y: 0, z: 1 }, toEye));
  const up = normalize(cross(toEye, right));
  // Key light from upper left, a little in front of the part: the top reads brightest, the
  // two visible sides differ, as in most CAD thumbnails.
  const light = normalize(add(scale(right, -0.45), scale(up, 0.75), scale(toEye, 0.5)));
  return { right, up, toEye, light };
}

export interface ThumbnailGeometry {
  /** Triangles kept (finite, non-degenerate). */
  count: number;
  /** Canvas pixels, 6 numbers (3 × x,y; y down) per kept triangle. */
  xy: Float32Array;
  /** Lambert shade per kept triangle, 0…1 (ambient included). */
  shade: Float32Array;
  /** Depth per kept triangle (larger is nearer the eye). */
  depth: Float32Array;
  /** Kept-triangle indices, far to near: draw in this order. */
  order: Uint32Array;
  /** Pixels per millimetre used to fit the part. */
  pxPerMm: number;
}

export interface ProjectOptions {
  width: number;
  height: number;
  /** Empty border in pixels. */
  padding?: number;
  view?: View;
  /** Share of light that reaches faces turned away from the light. */
  ambient?: number;
  /**
   * 'auto' leaves out faces turned away from the eye when the mesh encloses a volume (they are
   * hidden anyway, and drawing half the triangles halves the cost); 'none' keeps every face.
   */
  cull?: 'auto' | 'none';
}

/**
 * Projects a triangle soup (xyz per vertex, 9 numbers per triangle, as `models.mesh` sends it)
 * into a width×height box, fitted and centred. Faces seen from behind are lit as if turned
 * towards the eye, and culling follows the sign of the enclosed volume, so a mesh with
 * inverted normals still looks solid.
 */
export function projectMesh(positions: Float32Array, options: ProjectOptions): ThumbnailGeometry {
  const { width, height } = options;
  const padding = options.padding ?? 4;
  const ambient = options.ambient ?? 0.32;
  const { right, up, toEye, light } = cameraFor(options.view);
  const triCount = Math.floor(positions.length / 9);

  // Pass 1: view-space coordinates, bounds, shading, facing and the enclosed volume.
  const u = new Float32Array(triCount * 3);
  const v = new Float32Array(triCount * 3);
  /** 0 = skipped (degenerate or not finite), 1 = faces the eye, 2 = faces away. */
  const facing = new Uint8Array(triCount);
  const depth = new Float32Array(triCount);
  const shade = new Float32Array(triCount);
  let minU = Infinity;
  let maxU = -Infinity;
  let minV = Infinity;
  let maxV = -Infinity;
  let volume6 = 0;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  let finite = 0;
  for (let t = 0; t < triCount; t++) {
    const o = t * 9;
    const ax = positions[o] as number;
    const ay = positions[o + 1] as number;
    const az = positions[o + 2] as number;
    const bx = positions[o + 3] as number;
    const by = positions[o + 4] as number;
    const bz = positions[o + 5] as number;
    const cx = positions[o + 6] as number;
    const cy = positions[o + 7] as number;
    const cz = positions[o + 8] as number;
    const e1x = bx - ax;
    const e1y = by - ay;
    const e1z = bz - az;
    const e2x = cx - ax;
    const e2y = cy - ay;
    const e2z = cz - az;
    let nx = e1y * e2z - e1z * e2y;
    let ny = e1z * e2x - e1x * e2z;
    let nz = e1x * e2y - e1y * e2x;
    const len = Math.hypot(nx, ny, nz);
    // NaN coordinates make len NaN: such triangles are skipped like degenerate ones.
    if (!(len > 0) || !Number.isFinite(len)) continue;
    finite++;
    // Signed volume of the tetrahedron with the origin (times 6): a·(b×c).
    volume6 += ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx);
    nx /= len;
    ny /= len;
    nz /= len;
    const towards = nx * toEye.x + ny * toEye.y + nz * toEye.z;
    facing[t] = towards >= 0 ? 1 : 2;
    const sign = towards >= 0 ? 1 : -1;
    const lambert = Math.max(0, sign * (nx * light.x + ny * light.y + nz * light.z));
    shade[t] = ambient + (1 - ambient) * lambert;
    const k = t * 3;
    let d = 0;
    for (let i = 0; i < 3; i++) {
      const px = positions[o + i * 3] as number;
      const py = positions[o + i * 3 + 1] as number;
      const pz = positions[o + i * 3 + 2] as number;
      const pu = px * right.x + py * right.y + pz * right.z;
      const pv = px * up.x + py * up.y + pz * up.z;
      u[k + i] = pu;
      v[k + i] = pv;
      d += px * toEye.x + py * toEye.y + pz * toEye.z;
      if (pu < minU) minU = pu;
      if (pu > maxU) maxU = pu;
      if (pv < minV) minV = pv;
      if (pv > maxV) maxV = pv;
      if (px < (lo[0] as number)) lo[0] = px;
      if (py < (lo[1] as number)) lo[1] = py;
      if (pz < (lo[2] as number)) lo[2] = pz;
      if (px > (hi[0] as number)) hi[0] = px;
      if (py > (hi[1] as number)) hi[1] = py;
      if (pz > (hi[2] as number)) hi[2] = pz;
    }
    depth[t] = d / 3;
  }

  // Cull only when the triangles clearly enclose a volume; its sign says which side is out.
  const boxVolume =
    finite > 0
      ? ((hi[0] as number) - (lo[0] as number)) *
        ((hi[1] as number) - (lo[1] as number)) *
        ((hi[2] as number) - (lo[2] as number))
      : 0;
  const enclosed = boxVolume > 0 && Math.abs(volume6 / 6) > 1e-3 * boxVolume;
  const hidden = options.cull === 'none' || !enclosed ? 0 : volume6 > 0 ? 2 : 1;
  let kept = 0;
  for (let t = 0; t < triCount; t++) {
    const f = facing[t] as number;
    if (f !== 0 && f !== hidden) kept++;
  }

  const xy = new Float32Array(kept * 6);
  const keptShade = new Float32Array(kept);
  const keptDepth = new Float32Array(kept);
  if (kept === 0) {
    return {
      count: 0,
      xy,
      shade: keptShade,
      depth: keptDepth,
      order: new Uint32Array(0),
      pxPerMm: 0,
    };
  }
  const spanU = Math.max(maxU - minU, 1e-9);
  const spanV = Math.max(maxV - minV, 1e-9);
  const pxPerMm = Math.min((width - 2 * padding) / spanU, (height - 2 * padding) / spanV);
  const offX = (width - spanU * pxPerMm) / 2;
  const offY = (height - spanV * pxPerMm) / 2;

  // Pass 2: pixels for the kept triangles (screen y grows downwards).
  let j = 0;
  for (let t = 0; t < triCount; t++) {
    const f = facing[t] as number;
    if (f === 0 || f === hidden) continue;
    const k = t * 3;
    for (let i = 0; i < 3; i++) {
      xy[j * 6 + i * 2] = offX + ((u[k + i] as number) - minU) * pxPerMm;
      xy[j * 6 + i * 2 + 1] = offY + (maxV - (v[k + i] as number)) * pxPerMm;
    }
    keptShade[j] = shade[t] as number;
    keptDepth[j] = depth[t] as number;
    j++;
  }
  return {
    count: kept,
    xy,
    shade: keptShade,
    depth: keptDepth,
    order: paintersOrder(keptDepth),
    pxPerMm,
  };
}

/**
 * Far-to-near order by depth (ascending: larger depth is nearer). A counting sort over
 * quantised depth: linear in the triangle count, and 65,536 levels are far finer than a
 * thumbnail can show. Stable, so ties keep file order.
 */
export function paintersOrder(depth: Float32Array, levels = 65536): Uint32Array {
  const n = depth.length;
  const order = new Uint32Array(n);
  if (n === 0) return order;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = depth[i] as number;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  const span = max - min;
  if (!(span > 0)) {
    for (let i = 0; i < n; i++) order[i] = i;
    return order;
  }
  const bucket = new Uint32Array(n);
  const counts = new Uint32Array(levels + 1);
  const k = (levels - 1) / span;
  for (let i = 0; i < n; i++) {
    const b = Math.floor(((depth[i] as number) - min) * k);
    bucket[i] = b;
    counts[b + 1] = (counts[b + 1] as number) + 1;
  }
  for (let b = 1; b <= levels; b++) counts[b] = (counts[b] as number) + (counts[b - 1] as number);
  for (let i = 0; i < n; i++) {
    const b = bucket[i] as number;
    order[counts[b] as number] = i;
    counts[b] = (counts[b] as number) + 1;
  }
  return order;
}

/** RGB 0…255 for a shade in 0…1, between a dark and a light tone of one material colour. */
export function shadeColor(
  shade: number,
  dark: readonly [number, number, number] = [122, 52, 14],
  light: readonly [number, number, number] = [255, 204, 158],
): [number, number, number] {
  const s = Math.min(1, Math.max(0, shade));
  return [0, 1, 2].map((i) =>
    Math.round((dark[i] as number) + ((light[i] as number) - (dark[i] as number)) * s),
  ) as [number, number, number];
}
