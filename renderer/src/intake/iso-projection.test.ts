import { describe, expect, it } from 'vitest';
import { cameraFor, paintersOrder, projectMesh, shadeColor } from './iso-projection';

type P = [number, number, number];

/** A closed axis-aligned box as a triangle soup with outward winding. */
function box(w: number, d: number, h: number): Float32Array {
  const c: P[] = [
    [0, 0, 0],
    [w, 0, 0],
    [w, d, 0],
    [0, d, 0],
    [0, 0, h],
    [w, 0, h],
    [w, d, h],
    [0, d, h],
  ];
  const quads: [number, number, number, number][] = [
    [0, 3, 2, 1], // bottom (−z)
    [4, 5, 6, 7], // top (+z)
    [0, 1, 5, 4], // front (−y)
    [1, 2, 6, 5], // right (+x)
    [2, 3, 7, 6], // back (+y)
    [3, 0, 4, 7], // left (−x)
  ];
  const out: number[] = [];
  for (const [a, b, cc, d2] of quads) {
    for (const i of [a, b, cc, a, cc, d2]) out.push(...(c[i] as P));
  }
  return new Float32Array(out);
}

const FACES = ['bottom', 'top', 'front', 'right', 'back', 'left'];

describe('camera', () => {
  it('is an orthonormal basis looking from the front-right, above the bed', () => {
    const cam = cameraFor();
    const { right, up, toEye } = cam;
    const dot = (a: typeof right, b: typeof right) => a.x * b.x + a.y * b.y + a.z * b.z;
    expect(dot(right, up)).toBeCloseTo(0, 9);
    expect(dot(right, toEye)).toBeCloseTo(0, 9);
    expect(dot(up, toEye)).toBeCloseTo(0, 9);
    expect(toEye.x).toBeGreaterThan(0); // right
    expect(toEye.y).toBeLessThan(0); // front
    expect(toEye.z).toBeGreaterThan(0); // above
    expect(right.z).toBeCloseTo(0, 9); // the horizon stays level
    expect(up.z).toBeGreaterThan(0);
  });
});

describe('projecting a mesh into a thumbnail', () => {
  const size = 128;
  // Every face kept, so triangle i is still face ⌊i/2⌋ of the box.
  const geom = projectMesh(box(40, 20, 10), {
    width: size,
    height: size,
    padding: 6,
    cull: 'none',
  });

  it('keeps every triangle and fits the part inside the padded box, centred', () => {
    expect(geom.count).toBe(12);
    const xs = [...geom.xy].filter((_, i) => i % 2 === 0);
    const ys = [...geom.xy].filter((_, i) => i % 2 === 1);
    const [minX, maxX, minY, maxY] = [
      Math.min(...xs),
      Math.max(...xs),
      Math.min(...ys),
      Math.max(...ys),
    ];
    expect(minX).toBeGreaterThanOrEqual(6 - 1e-3);
    expect(maxX).toBeLessThanOrEqual(size - 6 + 1e-3);
    expect(minY).toBeGreaterThanOrEqual(6 - 1e-3);
    expect(maxY).toBeLessThanOrEqual(size - 6 + 1e-3);
    // The wide part touches the left and right padding; vertically it is centred.
    expect(minX).toBeCloseTo(6, 3);
    expect(maxX).toBeCloseTo(size - 6, 3);
    expect((minY + maxY) / 2).toBeCloseTo(size / 2, 3);
  });

  it('draws far faces before near ones', () => {
    const rank = new Map<number, number>();
    geom.order.forEach((tri, position) => rank.set(tri, position));
    const faceRank = (face: string) => {
      const f = FACES.indexOf(face);
      return Math.max(rank.get(f * 2) ?? -1, rank.get(f * 2 + 1) ?? -1);
    };
    // Seen from front-right above: bottom, back and left are hidden behind top, front, right.
    for (const hidden of ['bottom', 'back', 'left']) {
      for (const visible of ['top', 'front', 'right']) {
        expect(faceRank(hidden)).toBeLessThan(faceRank(visible));
      }
    }
    for (let i = 1; i < geom.order.length; i++) {
      expect(geom.depth[geom.order[i]!]!).toBeGreaterThanOrEqual(geom.depth[geom.order[i - 1]!]!);
    }
  });

  it('lights the top brightest and tells the two visible sides apart', () => {
    const shadeOf = (face: string) => geom.shade[FACES.indexOf(face) * 2]!;
    expect(shadeOf('top')).toBeGreaterThan(shadeOf('front'));
    expect(shadeOf('top')).toBeGreaterThan(shadeOf('right'));
    expect(Math.abs(shadeOf('front') - shadeOf('right'))).toBeGreaterThan(0.05);
    for (const s of geom.shade) {
      expect(s).toBeGreaterThanOrEqual(0.32 - 1e-6);
      expect(s).toBeLessThanOrEqual(1 + 1e-6);
    }
  });

  it('shades a mesh with inverted normals the same', () => {
    const src = box(40, 20, 10);
    const flipped = new Float32Array(src.length);
    for (let t = 0; t < src.length / 9; t++) {
      // Swap the second and third vertex of each triangle.
      flipped.set(src.subarray(t * 9, t * 9 + 3), t * 9);
      flipped.set(src.subarray(t * 9 + 6, t * 9 + 9), t * 9 + 3);
      flipped.set(src.subarray(t * 9 + 3, t * 9 + 6), t * 9 + 6);
    }
    const g2 = projectMesh(flipped, { width: size, height: size, padding: 6, cull: 'none' });
    for (let i = 0; i < 12; i++) expect(g2.shade[i]).toBeCloseTo(geom.shade[i]!, 6);
  });

  it('leaves out the faces turned away from the eye, whichever way the normals point', () => {
    const src = box(40, 20, 10);
    const culled = projectMesh(src, { width: size, height: size, padding: 6 });
    expect(culled.count).toBe(6); // top, front, right
    const flipped = new Float32Array(src.length);
    for (let t = 0; t < src.length / 9; t++) {
      flipped.set(src.subarray(t * 9, t * 9 + 3), t * 9);
      flipped.set(src.subarray(t * 9 + 6, t * 9 + 9), t * 9 + 3);
      flipped.set(src.subarray(t * 9 + 3, t * 9 + 6), t * 9 + 6);
    }
    const inverted = projectMesh(flipped, { width: size, height: size, padding: 6 });
    expect(inverted.count).toBe(6);
    expect([...inverted.shade].sort()).toEqual([...culled.shade].sort());
    // The same framing as without culling: the silhouette is made of the visible faces.
    expect(culled.pxPerMm).toBeCloseTo(geom.pxPerMm, 6);
    // An open surface encloses nothing: both sides stay.
    const sheet = new Float32Array([0, 0, 0, 10, 0, 0, 10, 10, 0, 0, 0, 0, 10, 10, 0, 0, 10, 0]);
    expect(projectMesh(sheet, { width: 64, height: 64 }).count).toBe(2);
  });

  it('skips degenerate and non-finite triangles, and copes with nothing left', () => {
    const bad = new Float32Array([
      ...[0, 0, 0, 1, 1, 1, 2, 2, 2], // collinear
      ...[0, 0, 0, NaN, 0, 0, 0, 1, 0],
      ...[0, 0, 0, Infinity, 0, 0, 0, 1, 0],
    ]);
    const g = projectMesh(bad, { width: 64, height: 64 });
    expect(g.count).toBe(0);
    expect(g.order.length).toBe(0);
    const mixed = new Float32Array([...bad, ...box(1, 1, 1)]);
    expect(projectMesh(mixed, { width: 64, height: 64, cull: 'none' }).count).toBe(12);
  });

  it('keeps the aspect ratio (one scale for both axes)', () => {
    const tall = projectMesh(box(5, 5, 100), { width: 100, height: 100, padding: 0 });
    const ys = [...tall.xy].filter((_, i) => i % 2 === 1);
    const xs = [...tall.xy].filter((_, i) => i % 2 === 0);
    expect(Math.max(...ys) - Math.min(...ys)).toBeCloseTo(100, 3);
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan(30);
  });
});

describe("painter's order", () => {
  it('sorts far to near, stable for ties, in linear time buckets', () => {
    let seed = 1;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const depth = new Float32Array(5000).map(() => rnd() * 200 - 100);
    const order = paintersOrder(depth);
    expect(new Set(order).size).toBe(5000);
    const quantum = 200 / 65535;
    for (let i = 1; i < order.length; i++) {
      expect(depth[order[i]!]! + quantum).toBeGreaterThanOrEqual(depth[order[i - 1]!]!);
    }
    expect([...paintersOrder(new Float32Array([3, 3, 3]))]).toEqual([0, 1, 2]);
    expect([...paintersOrder(new Float32Array([2, 1, 2, 0]))]).toEqual([3, 1, 0, 2]);
  });
});

describe('shade colour', () => {
  it('runs from the dark tone to the light tone and clamps', () => {
    expect(shadeColor(0)).toEqual([122, 52, 14]);
    expect(shadeColor(1)).toEqual([255, 204, 158]);
    expect(shadeColor(2)).toEqual(shadeColor(1));
    expect(shadeColor(0.5)[0]).toBe(189);
  });
});
