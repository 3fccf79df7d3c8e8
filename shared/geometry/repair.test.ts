import { describe, expect, it } from 'vitest';
import { analyseModel } from './analyse';
import { type TriangleMesh } from './mesh';
import { repairMesh, type RepairFixCode, type RepairReport } from './repair';
import { box, invert, merge, sphere, withoutTriangles } from './solids';

function fixCount(report: RepairReport, code: RepairFixCode): number {
  return report.fixes.find((f) => f.code === code)?.count ?? 0;
}

function problems(report: RepairReport): string[] {
  return report.unrepaired.map((p) => p.code);
}

/** Our own analysis of the result: closed, consistently wound, outward, with its volume. */
function expectSound(mesh: TriangleMesh, volume: number, relTol = 1e-6): void {
  const { facts, details } = analyseModel(mesh, { weldToleranceMm: 0 });
  expect(facts.watertight).toBe(true);
  expect(facts.holes).toBe(0);
  expect(facts.invertedNormals).toBe(false);
  expect(details.misorientedEdges).toBe(0);
  expect(details.boundaryEdges).toBe(0);
  expect(facts.duplicateTriangles).toBe(0);
  expect(facts.degenerateTriangles).toBe(0);
  expect(Math.abs(facts.volumeMm3 - volume) / volume).toBeLessThan(relTol);
}

/** Swaps corners 1 and 2 of the given triangles. */
function flip(m: TriangleMesh, which: readonly number[]): TriangleMesh {
  const p = m.positions.slice();
  for (const t of which) {
    for (let k = 0; k < 3; k++) {
      const a = p[t * 9 + 3 + k] as number;
      p[t * 9 + 3 + k] = p[t * 9 + 6 + k] as number;
      p[t * 9 + 6 + k] = a;
    }
  }
  return { positions: p, triangleCount: m.triangleCount };
}

function soup(...tris: number[][]): TriangleMesh {
  return { positions: new Float32Array(tris.flat()), triangleCount: tris.length };
}

const cube = box(20, 20, 20);
const ball = sphere(10, 32, 16);
const ballVolume = analyseModel(ball).facts.volumeMm3;

describe('repairMesh', () => {
  it('leaves a sound mesh alone', () => {
    const { mesh, report } = repairMesh(ball);
    expect(report.changed).toBe(false);
    expect(report.fixes).toEqual([]);
    expect(report.unrepaired).toEqual([]);
    expect(report.watertight).toBe(true);
    expect(mesh.triangleCount).toBe(ball.triangleCount);
    expectSound(mesh, ballVolume);
  });

  it('closes a cube missing one triangle', () => {
    const broken = withoutTriangles(cube, [4]);
    expect(analyseModel(broken).facts.holes).toBe(1);
    const { mesh, report } = repairMesh(broken);
    expect(report.fixes).toEqual([
      expect.objectContaining({ code: 'holes-filled', count: 1, trianglesAdded: 1 }),
    ]);
    expect(report.watertight).toBe(true);
    expect(mesh.triangleCount).toBe(12);
    expectSound(mesh, 8000);
    expect(report.volumeAfterMm3).toBeCloseTo(8000, 6);
  });

  it('closes a cube missing a whole face (a hole of two triangles)', () => {
    const { mesh, report } = repairMesh(withoutTriangles(cube, [2, 3]));
    expect(fixCount(report, 'holes-filled')).toBe(1);
    expect(report.fixes[0]?.trianglesAdded).toBe(2);
    expectSound(mesh, 8000);
  });

  it('closes a two-triangle hole folded over an edge of the cube', () => {
    // Triangle 2 is on the top, 5 on the front; they share the top-front edge, so the loop
    // is a bent quad: only the diagonal along the cube's edge restores the volume.
    const { mesh, report } = repairMesh(withoutTriangles(cube, [2, 5]));
    expect(fixCount(report, 'holes-filled')).toBe(1);
    expectSound(mesh, 8000);
  });

  it('welds cracked vertices 1e-4 mm apart', () => {
    // Every triangle gets its own jittered copy of its corners: no two corners coincide.
    let seed = 12345;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff - 0.5;
    };
    const p = ball.positions.slice();
    for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) + rnd() * 1e-4;
    const cracked = { positions: p, triangleCount: ball.triangleCount };
    expect(analyseModel(cracked, { weldToleranceMm: 0 }).facts.watertight).toBe(false);
    const { mesh, report } = repairMesh(cracked);
    expect(fixCount(report, 'vertices-welded')).toBeGreaterThan(ball.triangleCount);
    expect(report.watertight).toBe(true);
    expectSound(mesh, ballVolume, 1e-3);
  });

  it('turns flipped faces back to match their neighbours', () => {
    const broken = flip(ball, [3, 40, 41, 200]);
    expect(analyseModel(broken).details.misorientedEdges).toBeGreaterThan(0);
    const { mesh, report } = repairMesh(broken);
    expect(report.fixes).toEqual([expect.objectContaining({ code: 'faces-flipped', count: 4 })]);
    expect(mesh.positions).toEqual(ball.positions);
    expectSound(mesh, ballVolume);
  });

  it('turns an inside-out model outward', () => {
    const inside = invert(ball);
    expect(analyseModel(inside).facts.invertedNormals).toBe(true);
    const { mesh, report } = repairMesh(inside);
    expect(report.fixes).toEqual([expect.objectContaining({ code: 'shells-flipped', count: 1 })]);
    expectSound(mesh, ballVolume);
  });

  it('keeps an internal void facing inward and fixes a void facing out', () => {
    const outer = box(30, 30, 30);
    const voidBox = box(10, 10, 10, 10, 10, 10);
    const hollow = merge(outer, invert(voidBox));
    const sound = repairMesh(hollow);
    expect(sound.report.changed).toBe(false);
    expectSound(sound.mesh, 27000 - 1000);
    // The same part with the void wound like a solid, and everything inside-out.
    const wrongVoid = repairMesh(merge(outer, voidBox));
    expect(fixCount(wrongVoid.report, 'shells-flipped')).toBe(1);
    expectSound(wrongVoid.mesh, 27000 - 1000);
    const allInverted = repairMesh(merge(invert(outer), voidBox));
    expect(fixCount(allInverted.report, 'shells-flipped')).toBe(2);
    expectSound(allInverted.mesh, 27000 - 1000);
  });

  it('drops duplicate triangles and zero-thickness double walls', () => {
    const extra = soup(Array.from(cube.positions.subarray(0, 9)));
    const doubled = merge(cube, extra, extra);
    const { mesh, report } = repairMesh(doubled);
    expect(fixCount(report, 'duplicates-dropped')).toBe(2);
    expectSound(mesh, 8000);
    // Two boxes sharing a face, each closed: the shared face is a double wall.
    const pair = repairMesh(merge(box(10, 10, 10), box(10, 10, 10, 10, 0, 0)));
    expect(fixCount(pair.report, 'duplicates-dropped')).toBe(4);
    expectSound(pair.mesh, 2000);
  });

  it('removes a sliver at a T-junction by splitting its neighbour', () => {
    // A 10 mm cube whose front face (y = 0) is a fan around the midpoint m of its top edge,
    // while the top face still spans the whole edge; the sliver (a, b, m) closes the gap.
    const base = box(10, 10, 10);
    const keep: number[] = [];
    for (let t = 0; t < 12; t++) if (t !== 4 && t !== 5) keep.push(t); // drop the front face
    const rest = Array.from({ length: keep.length }, (_, i) =>
      Array.from(base.positions.subarray(keep[i]! * 9, keep[i]! * 9 + 9)),
    );
    const a = [0, 0, 10],
      b = [10, 0, 10],
      m = [5, 0, 10],
      o = [0, 0, 0],
      q = [10, 0, 0];
    const front = [
      [...o, ...q, ...m],
      [...q, ...b, ...m],
      [...o, ...m, ...a],
    ];
    const sliver = [...a, ...m, ...b];
    const broken = soup(...rest, ...front, sliver);
    expect(analyseModel(broken).facts.degenerateTriangles).toBe(1);
    const { mesh, report } = repairMesh(broken);
    expect(fixCount(report, 'degenerate-split')).toBe(1);
    expect(report.unrepaired).toEqual([]);
    expectSound(mesh, 1000);
  });

  it('refuses to fill a hole that is most of the part, and says why', () => {
    // The upper half of the sphere is gone: a 32-edge loop whose patch is half the surface.
    const rings = 16,
      segments = 32;
    const top: number[] = [];
    for (let i = rings / 2; i < rings; i++) {
      for (let j = 0; j < segments; j++) {
        // Rings 0 and rings − 1 have one triangle per segment, the others two.
        const base = i * segments * 2 - segments;
        top.push(i === rings - 1 ? base + j : base + j * 2);
        if (i < rings - 1) top.push(base + j * 2 + 1);
      }
    }
    const bowl = withoutTriangles(ball, top);
    expect(analyseModel(bowl).facts.holes).toBe(1);
    const { report } = repairMesh(bowl);
    expect(report.watertight).toBe(false);
    expect(problems(report)).toEqual(['hole-too-large']);
    expect(report.unrepaired[0]?.message).toMatch(/too large to close/);
    expect(fixCount(report, 'holes-filled')).toBe(0);
  });

  it('refuses a hole with more edges than allowed', () => {
    const fine = sphere(10, 96, 24);
    // Drop the 96 triangles around the north pole: a 96-edge loop, a small patch by area.
    const cap = Array.from({ length: 96 }, (_, j) => fine.triangleCount - 96 + j);
    const { report } = repairMesh(withoutTriangles(fine, cap));
    expect(problems(report)).toEqual(['hole-too-large']);
    const allowed = repairMesh(withoutTriangles(fine, cap), { maxHoleEdges: 96 });
    expect(allowed.report.watertight).toBe(true);
  });

  it('is deterministic (the repaired file is content-addressed)', () => {
    const broken = withoutTriangles(flip(ball, [7]), [100, 101]);
    const a = repairMesh(broken);
    const b = repairMesh(broken);
    expect(a.mesh.positions).toEqual(b.mesh.positions);
    expect(a.report).toEqual(b.report);
  });

  it('indexes touching shells with separate vertices', () => {
    const touching = merge(box(10, 10, 10), box(10, 10, 10, 10, 10, 0)); // share one edge
    const { indexed, report } = repairMesh(touching);
    expect(report.changed).toBe(false);
    expect(indexed.vertices.length / 3).toBe(16);
    expect(indexed.indices.length).toBe(24 * 3);
  });
});
