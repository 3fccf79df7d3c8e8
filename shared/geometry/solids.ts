import { concatPositions, type TriangleMesh } from './mesh';

/**
 * Small generators of closed, outward-wound meshes (mm). Used by tests, benches and the
 * demo workspace; also handy for nesting experiments.
 */

function mesh(positions: Float32Array): TriangleMesh {
  return { positions, triangleCount: positions.length / 9 };
}

/** Axis-aligned box from (x, y, z) with size (w, d, h): 12 triangles. */
export function box(w: number, d: number, h: number, x = 0, y = 0, z = 0): TriangleMesh {
  const X = [x, x + w],
    Y = [y, y + d],
    Z = [z, z + h];
  const v = (i: number, j: number, k: number): number[] => [
    X[i] as number,
    Y[j] as number,
    Z[k] as number,
  ];
  // Each face as a quad of corners in CCW order seen from outside.
  const quads: number[][][] = [
    [v(0, 0, 0), v(0, 1, 0), v(1, 1, 0), v(1, 0, 0)], // bottom (−z)
    [v(0, 0, 1), v(1, 0, 1), v(1, 1, 1), v(0, 1, 1)], // top (+z)
    [v(0, 0, 0), v(1, 0, 0), v(1, 0, 1), v(0, 0, 1)], // front (−y)
    [v(0, 1, 0), v(0, 1, 1), v(1, 1, 1), v(1, 1, 0)], // back (+y)
    [v(0, 0, 0), v(0, 0, 1), v(0, 1, 1), v(0, 1, 0)], // left (−x)
    [v(1, 0, 0), v(1, 1, 0), v(1, 1, 1), v(1, 0, 1)], // right (+x)
  ];
  const out: number[] = [];
  for (const [a, b, c, d2] of quads as [number[], number[], number[], number[]][]) {
    out.push(...a, ...b, ...c, ...a, ...c, ...d2);
  }
  return mesh(new Float32Array(out));
}

/** UV sphere: 2·segments·(rings−1) triangles. */
export function sphere(
  radius: number,
  segments = 32,
  rings = 16,
  cx = 0,
  cy = 0,
  cz = 0,
): TriangleMesh {
  const at = (i: number, j: number): number[] => {
    if (i === 0) return [cx, cy, cz - radius];
    if (i === rings) return [cx, cy, cz + radius];
    const phi = -Math.PI / 2 + (Math.PI * i) / rings;
    const th = (2 * Math.PI * (j % segments)) / segments;
    return [
      cx + radius * Math.cos(phi) * Math.cos(th),
      cy + radius * Math.cos(phi) * Math.sin(th),
      cz + radius * Math.sin(phi),
    ];
  };
  const tris: number[] = [];
  for (let i = 0; i < rings; i++) {
    for (let j = 0; j < segments; j++) {
      const a = at(i, j),
        b = at(i, j + 1),
        c = at(i + 1, j + 1),
        d = at(i + 1, j);
      if (i > 0) tris.push(...a, ...b, ...c);
      if (i < rings - 1) tris.push(...a, ...c, ...d);
    }
  }
  return mesh(new Float32Array(tris));
}

/**
 * Torus around Z, written straight into a Float32Array (no intermediate arrays), so it can
 * make millions of triangles for benchmarks: 2·nu·nv triangles.
 */
export function torus(
  major: number,
  minor: number,
  nu: number,
  nv: number,
  cx = 0,
  cy = 0,
  cz = 0,
): TriangleMesh {
  const positions = new Float32Array(nu * nv * 2 * 9);
  const px = new Float64Array((nu + 1) * (nv + 1));
  const py = new Float64Array(px.length);
  const pz = new Float64Array(px.length);
  for (let i = 0; i <= nu; i++) {
    const u = (2 * Math.PI * (i % nu)) / nu;
    for (let j = 0; j <= nv; j++) {
      const v = (2 * Math.PI * (j % nv)) / nv;
      const k = i * (nv + 1) + j;
      const r = major + minor * Math.cos(v);
      px[k] = cx + r * Math.cos(u);
      py[k] = cy + r * Math.sin(u);
      pz[k] = cz + minor * Math.sin(v);
    }
  }
  let o = 0;
  const put = (k: number): void => {
    positions[o++] = px[k] as number;
    positions[o++] = py[k] as number;
    positions[o++] = pz[k] as number;
  };
  for (let i = 0; i < nu; i++) {
    for (let j = 0; j < nv; j++) {
      const a = i * (nv + 1) + j,
        b = (i + 1) * (nv + 1) + j,
        c = (i + 1) * (nv + 1) + j + 1,
        d = i * (nv + 1) + j + 1;
      put(a);
      put(b);
      put(c);
      put(a);
      put(c);
      put(d);
    }
  }
  return mesh(positions);
}

/** Several meshes as one soup (separate shells). */
export function merge(...meshes: TriangleMesh[]): TriangleMesh {
  return mesh(concatPositions(meshes.map((m) => m.positions)));
}

/** The same mesh with every triangle's winding reversed (inside-out). */
export function invert(m: TriangleMesh): TriangleMesh {
  const p = m.positions.slice();
  for (let o = 0; o < p.length; o += 9) {
    for (let k = 0; k < 3; k++) {
      const a = p[o + 3 + k] as number;
      p[o + 3 + k] = p[o + 6 + k] as number;
      p[o + 6 + k] = a;
    }
  }
  return mesh(p);
}

/** Drops the given triangles (e.g. to punch a hole). */
export function withoutTriangles(m: TriangleMesh, drop: readonly number[]): TriangleMesh {
  const skip = new Set(drop);
  const out: number[] = [];
  for (let t = 0; t < m.triangleCount; t++) {
    if (skip.has(t)) continue;
    for (let k = 0; k < 9; k++) out.push(m.positions[t * 9 + k] as number);
  }
  return mesh(new Float32Array(out));
}

/**
 * A prism: a simple CCW polygon in the XZ plane (x right, z up, seen from the front) extruded
 * from y = 0 to y = depth. Caps are ear-clipped, walls are quads: closed and outward-wound.
 */
export function prismXZ(profile: readonly { x: number; z: number }[], depth: number): TriangleMesh {
  const out: number[] = [];
  const n = profile.length;
  const P = (i: number): { x: number; z: number } => profile[i] as { x: number; z: number };
  for (let i = 0; i < n; i++) {
    const p = P(i),
      q = P((i + 1) % n);
    out.push(p.x, 0, p.z, p.x, depth, p.z, q.x, depth, q.z);
    out.push(p.x, 0, p.z, q.x, depth, q.z, q.x, 0, q.z);
  }
  for (const [a, b, c] of earClip(profile)) {
    out.push(P(a).x, 0, P(a).z, P(b).x, 0, P(b).z, P(c).x, 0, P(c).z);
    out.push(P(a).x, depth, P(a).z, P(c).x, depth, P(c).z, P(b).x, depth, P(b).z);
  }
  return mesh(new Float32Array(out));
}

function earClip(poly: readonly { x: number; z: number }[]): [number, number, number][] {
  const idx = poly.map((_, i) => i);
  const tris: [number, number, number][] = [];
  const pt = (i: number): { x: number; z: number } => poly[i] as { x: number; z: number };
  const cross = (a: number, b: number, c: number): number =>
    (pt(b).x - pt(a).x) * (pt(c).z - pt(a).z) - (pt(b).z - pt(a).z) * (pt(c).x - pt(a).x);
  let guard = 0;
  while (idx.length > 3 && guard++ < 10_000) {
    for (let k = 0; k < idx.length; k++) {
      const a = idx[(k + idx.length - 1) % idx.length] as number;
      const b = idx[k] as number;
      const c = idx[(k + 1) % idx.length] as number;
      if (cross(a, b, c) <= 0) continue;
      const inside = idx.some(
        (o) =>
          o !== a &&
          o !== b &&
          o !== c &&
          cross(a, b, o) >= 0 &&
          cross(b, c, o) >= 0 &&
          cross(c, a, o) >= 0,
      );
      if (inside) continue;
      tris.push([a, b, c]);
      idx.splice(k, 1);
      break;
    }
  }
  if (idx.length === 3) tris.push([idx[0] as number, idx[1] as number, idx[2] as number]);
  return tris;
}

/**
 * An upright "T": a stem stemW wide and stemH tall under a bar barW wide and barH tall, both
 * `depth` deep. The bar's underside overhangs at 90°: (barW − stemW)·depth mm².
 */
export function tShape(
  stemW: number,
  depth: number,
  stemH: number,
  barW: number,
  barH: number,
): TriangleMesh {
  const x0 = (barW - stemW) / 2;
  return prismXZ(
    [
      { x: x0, z: 0 },
      { x: x0 + stemW, z: 0 },
      { x: x0 + stemW, z: stemH },
      { x: barW, z: stemH },
      { x: barW, z: stemH + barH },
      { x: 0, z: stemH + barH },
      { x: 0, z: stemH },
      { x: x0, z: stemH },
    ],
    depth,
  );
}
