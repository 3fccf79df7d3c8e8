import { describe, expect, it } from 'vitest';
import { ModelFacts, Verdict, rectangleBed, type Polygon } from '../domain';
import {
  IntakeError,
  analyseModel,
  box,
  invert,
  merge,
  pointInPolygon,
  polygonArea,
  prismXZ,
  quantityFromFileName,
  rotateMesh,
  sphere,
  tShape,
  torus,
  withoutTriangles,
  type PrinterEnvelope,
  type TriangleMesh,
} from './index';

const mk3: PrinterEnvelope = {
  id: 'mk3',
  name: 'Prusa MK3S',
  bed: rectangleBed(250, 210),
  maxHeightMm: 210,
};
const mini: PrinterEnvelope = {
  id: 'mini',
  name: 'Prusa MINI',
  bed: rectangleBed(180, 180),
  maxHeightMm: 180,
};

function analyse(mesh: TriangleMesh, printers: PrinterEnvelope[] = [mk3]) {
  const result = analyseModel(mesh, { printers });
  // The facts and verdict must satisfy the domain schemas exactly as produced.
  ModelFacts.parse(result.facts);
  Verdict.parse(result.verdict);
  return result;
}

function codes(v: Verdict): string[] {
  return v.reasons.map((r) => r.code);
}

describe('known solids', () => {
  it('measures a cube exactly', () => {
    const { facts, verdict } = analyse(box(20, 30, 40, 5, 6, 7));
    expect(facts.triangles).toBe(12);
    expect(facts.volumeMm3).toBeCloseTo(24000, 6);
    expect(facts.areaMm2).toBeCloseTo(2 * (600 + 800 + 1200), 6);
    expect(facts.bbox).toEqual({ min: { x: 5, y: 6, z: 7 }, max: { x: 25, y: 36, z: 47 } });
    expect(facts.heightMm).toBe(40);
    expect(facts).toMatchObject({
      watertight: true,
      shells: 1,
      holes: 0,
      nonManifoldEdges: 0,
      degenerateTriangles: 0,
      duplicateTriangles: 0,
      invertedNormals: false,
      overhangAreaMm2: 0,
      supportsLikely: false,
    });
    // Footprint moved to the origin, CCW.
    expect(facts.footprintHull).toEqual([
      { x: 0, y: 0 },
      { x: 20, y: 0 },
      { x: 20, y: 30 },
      { x: 0, y: 30 },
    ]);
    expect(facts.footprintOutline).toHaveLength(1);
    expect(polygonArea(facts.footprintOutline[0] as Polygon)).toBeCloseTo(600, 6);
    expect(facts.footprintAreaMm2).toBeCloseTo(600, 6);
    expect(facts.fits).toEqual([{ printerId: 'mk3', rotations: [0, 90, 180, 270] }]);
    // Standing on its 20 × 30 face: ok, with the offer to lay it on its 30 × 40 face.
    expect(verdict).toEqual({
      level: 'ok',
      reasons: [
        {
          level: 'ok',
          code: 'orientation',
          message:
            'Lying on its largest flat face (12.0 cm² instead of 6.0 cm² on the bed) would hold better on the bed.',
        },
      ],
    });
  });

  it('counts a missing face as one hole', () => {
    const { facts, verdict, details } = analyse(withoutTriangles(box(20, 20, 20), [2, 3]));
    expect(facts.watertight).toBe(false);
    expect(facts.holes).toBe(1);
    expect(details.boundaryEdges).toBe(4);
    expect(verdict.level).toBe('warning');
    expect(verdict.reasons).toContainEqual({
      level: 'warning',
      code: 'holes',
      message: '1 hole in the mesh: the slicer will guess the inside.',
    });
  });

  it('counts three holes', () => {
    const a = withoutTriangles(box(10, 10, 10), [0]);
    const b = withoutTriangles(box(10, 10, 10, 20), [0]);
    const c = withoutTriangles(box(10, 10, 10, 40), [4, 5]);
    const { facts, verdict } = analyse(merge(a, b, c));
    expect(facts.holes).toBe(3);
    expect(verdict.reasons.find((r) => r.code === 'holes')?.message).toBe(
      '3 holes in the mesh: the slicer will guess the inside.',
    );
  });

  it('counts two disjoint cubes as two shells with two outlines', () => {
    const { facts, verdict } = analyse(merge(box(10, 10, 10), box(10, 10, 10, 30, 0, 0)));
    expect(facts.shells).toBe(2);
    expect(facts.watertight).toBe(true);
    expect(facts.volumeMm3).toBeCloseTo(2000, 6);
    expect(facts.footprintOutline).toHaveLength(2);
    // Each outline hugs its cube within the tolerance (the hull clips the outer sides exactly).
    expect(facts.footprintAreaMm2).toBeGreaterThanOrEqual(200);
    expect(facts.footprintAreaMm2).toBeLessThan(200 + 80 * 0.5);
    expect(polygonArea(facts.footprintHull as Polygon)).toBeCloseTo(400, 6);
    expect(verdict.level).toBe('ok');
    expect(codes(verdict)).toEqual(['shells']);
  });

  it('recognises a hollow part: inner shell wound inward is a void', () => {
    const { facts, details, verdict } = analyse(
      merge(box(20, 20, 20), invert(box(10, 10, 10, 5, 5, 5))),
    );
    expect(facts.shells).toBe(2);
    expect(details.internalVoids).toBe(1);
    expect(facts.volumeMm3).toBeCloseTo(8000 - 1000, 6);
    expect(verdict.reasons.find((r) => r.code === 'shells')?.message).toMatch(/internal void/);
  });

  it('detects an inside-out cube and still reports a positive volume', () => {
    const { facts, verdict } = analyse(invert(box(20, 20, 20)));
    expect(facts.invertedNormals).toBe(true);
    expect(facts.volumeMm3).toBeCloseTo(8000, 6);
    expect(facts.overhangAreaMm2).toBe(0);
    expect(codes(verdict)).toContain('inverted-normals');
  });

  it('finds a locally flipped triangle', () => {
    const c = box(20, 20, 20);
    const flipped = invert(withoutTriangles(c, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const { facts, details, verdict } = analyse(merge(withoutTriangles(c, [11]), flipped));
    expect(facts.watertight).toBe(true);
    expect(details.misorientedEdges).toBe(3);
    expect(codes(verdict)).toContain('flipped-triangles');
  });

  it('measures the overhang under a T', () => {
    // stem 10 wide, bar 30 wide, 8 deep: two arms of 10 × 8 hang free.
    const { facts, verdict, details } = analyse(tShape(10, 8, 20, 30, 5));
    expect(facts.watertight).toBe(true);
    expect(facts.volumeMm3).toBeCloseTo(10 * 20 * 8 + 30 * 5 * 8, 4);
    expect(facts.overhangAreaMm2).toBeCloseTo(160, 4);
    expect(details.overhang.unsupportedAreaMm2).toBeCloseTo(160, 4);
    expect(facts.supportsLikely).toBe(true);
    expect(verdict.reasons).toContainEqual({
      level: 'warning',
      code: 'supports-likely',
      message: '1.6 cm² of overhang steeper than 45° hangs free (not bridged): supports likely.',
    });
    // The footprint of the T seen from above is the bar: 30 × 8.
    expect(facts.footprintAreaMm2).toBeCloseTo(240, 3);
  });

  it('treats the ceiling of a tunnel as a bridge, not a support', () => {
    // An arch: 30 wide, 20 tall, a 10 × 10 tunnel through it, 40 deep.
    const arch = prismXZ(
      [
        { x: 0, z: 0 },
        { x: 10, z: 0 },
        { x: 10, z: 10 },
        { x: 20, z: 10 },
        { x: 20, z: 0 },
        { x: 30, z: 0 },
        { x: 30, z: 20 },
        { x: 0, z: 20 },
      ],
      8,
    );
    const { facts, details } = analyse(arch);
    expect(facts.overhangAreaMm2).toBeCloseTo(80, 4);
    expect(details.overhang.bridges).toBe(1);
    expect(facts.supportsLikely).toBe(false);
  });

  it('applies the overhang angle option', () => {
    // An underside leaning 30° from vertical (60° from the bed): fine at 45°, an overhang at 20°.
    const rise = 10 * Math.tan(Math.PI / 3);
    const wedge = prismXZ(
      [
        { x: 0, z: 0 },
        { x: 10, z: 0 },
        { x: 10, z: 10 },
        { x: 20, z: 10 + rise },
        { x: 20, z: 30 },
        { x: 0, z: 30 },
      ],
      10,
    );
    expect(analyseModel(wedge, { overhangAngleDeg: 45 }).facts.overhangAreaMm2).toBe(0);
    expect(analyseModel(wedge, { overhangAngleDeg: 20 }).facts.overhangAreaMm2).toBeCloseTo(200, 3);
  });

  it('finds duplicate and degenerate triangles', () => {
    const c = box(20, 20, 20);
    const dup = new Float32Array(c.positions.slice(0, 9));
    const sliver = new Float32Array([0, 0, 0, 10, 10, 10, 20, 20, 20]);
    const { facts, verdict } = analyse(
      merge(c, { positions: dup, triangleCount: 1 }, { positions: sliver, triangleCount: 1 }),
    );
    expect(facts.duplicateTriangles).toBe(1);
    expect(facts.degenerateTriangles).toBe(1);
    expect(codes(verdict)).toEqual(
      expect.arrayContaining(['duplicate-triangles', 'degenerate-triangles']),
    );
  });

  it('tells touching shells (4 uses per edge) from open non-manifold edges (3 uses)', () => {
    const touching = analyse(merge(box(10, 10, 10), box(10, 10, 10, 10, 10, 0)));
    expect(touching.facts.nonManifoldEdges).toBe(1);
    expect(touching.facts.watertight).toBe(true);
    expect(codes(touching.verdict)).toContain('touching-shells');
    const fin = new Float32Array([0, 0, 0, 0, 0, 10, -10, -10, 5]);
    const open = analyse(merge(box(10, 10, 10), { positions: fin, triangleCount: 1 }));
    expect(open.facts.nonManifoldEdges).toBe(1);
    expect(open.facts.watertight).toBe(false);
    expect(codes(open.verdict)).toContain('non-manifold');
  });

  it('welds vertices that differ by float noise', () => {
    const c = box(20, 20, 20);
    const p = c.positions.slice();
    for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) + (i % 7) * 1e-6;
    expect(analyse({ positions: p, triangleCount: 12 }).facts.watertight).toBe(true);
  });

  it('measures a fine sphere and torus as closed solids', () => {
    const s = analyse(sphere(10, 64, 32));
    expect(s.facts.watertight).toBe(true);
    expect(s.facts.volumeMm3).toBeGreaterThan(0.98 * (4 / 3) * Math.PI * 1000);
    expect(s.facts.volumeMm3).toBeLessThan((4 / 3) * Math.PI * 1000);
    const t = analyse(torus(20, 5, 96, 48, 0, 0, 5));
    expect(t.facts.watertight).toBe(true);
    expect(t.facts.shells).toBe(1);
    expect(t.facts.volumeMm3).toBeCloseTo(2 * Math.PI * Math.PI * 20 * 25, -2);
    // The torus seen from above is a ring; the outline fills the hole (outer ring only).
    expect(t.facts.footprintOutline).toHaveLength(1);
    expect(t.facts.footprintAreaMm2).toBeCloseTo(Math.PI * 25 * 25, -1);
  });
});

describe('footprint outline', () => {
  it('follows a concave L tightly and contains it', () => {
    // L in XY: extrude an L profile drawn in XZ, then stand it up (rotate about X by −90°).
    const lProfile = [
      { x: 0, z: 0 },
      { x: 60, z: 0 },
      { x: 60, z: 10 },
      { x: 10, z: 10 },
      { x: 10, z: 40 },
      { x: 0, z: 40 },
    ];
    const lying = rotateMesh(prismXZ(lProfile, 5), [1, 0, 0, 0, 0, -1, 0, 1, 0]);
    const { facts, details } = analyse(lying);
    const trueArea = 60 * 10 + 10 * 30;
    const hullArea = polygonArea(facts.footprintHull as Polygon);
    expect(hullArea).toBeGreaterThan(trueArea * 1.5);
    expect(facts.footprintOutline).toHaveLength(1);
    const outline = facts.footprintOutline[0] as Polygon;
    expect(polygonArea(outline)).toBeGreaterThanOrEqual(trueArea);
    expect(polygonArea(outline)).toBeLessThan(trueArea + 100 * details.footprintToleranceMm);
    expect(details.footprintToleranceMm).toBeLessThanOrEqual(0.5);
    // Every vertex of the part (moved to the origin) is inside or on the outline.
    const min = facts.bbox.min;
    for (let i = 0; i < lying.positions.length; i += 3) {
      const x = (lying.positions[i] as number) - min.x;
      const y = (lying.positions[i + 1] as number) - min.y;
      const inside =
        pointInPolygon(x, y, outline) || outline.some((p) => Math.hypot(p.x - x, p.y - y) < 1e-6);
      const nearEdge = outline.some((p, k) => {
        const q = outline[(k + 1) % outline.length] as { x: number; y: number };
        const dx = q.x - p.x,
          dy = q.y - p.y;
        const t = Math.max(0, Math.min(1, ((x - p.x) * dx + (y - p.y) * dy) / (dx * dx + dy * dy)));
        return Math.hypot(p.x + t * dx - x, p.y + t * dy - y) < 1e-6;
      });
      expect(inside || nearEdge).toBe(true);
    }
    // CCW and not closed.
    const first = outline[0] as { x: number; y: number };
    const last = outline[outline.length - 1] as { x: number; y: number };
    expect(first.x !== last.x || first.y !== last.y).toBe(true);
  });
});

describe('printer fit and verdicts', () => {
  it('lists the flat rotations that fit', () => {
    const { facts } = analyse(box(240, 30, 10), [mk3, mini]);
    expect(facts.fits).toEqual([{ printerId: 'mk3', rotations: [0, 180] }]);
  });

  it('says when a part is taller than any printer', () => {
    const { facts, verdict } = analyse(box(20, 20, 260), [mk3, { ...mini, maxHeightMm: 220 }]);
    expect(facts.fits).toEqual([]);
    expect(verdict.level).toBe('error');
    expect(verdict.reasons).toContainEqual({
      level: 'error',
      code: 'too-tall',
      message: 'Taller than any printer: 260 mm > 220 mm.',
    });
  });

  it('says when a part is too large for every bed', () => {
    const { verdict } = analyse(box(300, 220, 10), [mk3, mini]);
    expect(verdict.level).toBe('error');
    expect(verdict.reasons.find((r) => r.code === 'too-large')?.message).toBe(
      'Too large for every bed: the footprint 300 × 220 mm does not fit 250 × 210 mm in any flat rotation.',
    );
  });

  it('notes which printers fit when only some do', () => {
    const { verdict } = analyse(box(200, 20, 20), [mk3, mini]);
    expect(verdict.level).toBe('ok');
    expect(verdict.reasons).toContainEqual({
      level: 'ok',
      code: 'fits-some',
      message: 'Fits 1 of 2 printers: Prusa MK3S.',
    });
  });

  it('respects exclusion zones and odd-shaped beds', () => {
    const zoned: PrinterEnvelope = {
      ...mk3,
      id: 'zoned',
      exclusionZones: [
        [
          { x: 0, y: 0 },
          { x: 250, y: 0 },
          { x: 250, y: 20 },
          { x: 0, y: 20 },
        ],
      ],
    };
    expect(analyse(box(240, 200, 10), [zoned]).facts.fits).toEqual([]);
    expect(analyse(box(240, 180, 10), [zoned]).facts.fits).toEqual([
      { printerId: 'zoned', rotations: [0, 180] },
    ]);
    const round: PrinterEnvelope = {
      id: 'delta',
      bed: Array.from({ length: 64 }, (_, i) => ({
        x: 100 + 100 * Math.cos((i / 64) * 2 * Math.PI),
        y: 100 + 100 * Math.sin((i / 64) * 2 * Math.PI),
      })),
      maxHeightMm: 300,
    };
    expect(analyse(box(130, 130, 10), [round]).facts.fits).toHaveLength(1);
    expect(analyse(box(150, 150, 10), [round]).facts.fits).toEqual([]);
  });

  it('warns about a model that is probably in inches', () => {
    const { verdict, details } = analyse(box(2, 3, 1.5));
    expect(details.likelyInches).toBe(true);
    expect(verdict.reasons.find((r) => r.code === 'inch-units')?.message).toBe(
      'Very small: 2.00 × 3.00 × 1.50 mm. If the file is in inches it is 76.2 mm long: scale it ×25.4.',
    );
    expect(analyse(box(20, 3, 2)).details.likelyInches).toBe(false);
    expect(analyseModel({ ...box(2, 3, 1.5), sourceUnit: 'millimeter' }).details.likelyInches).toBe(
      false,
    );
  });

  it('refuses a flat sheet', () => {
    const sheet = {
      positions: new Float32Array([0, 0, 0, 10, 0, 0, 10, 10, 0, 0, 0, 0, 10, 10, 0, 0, 10, 0]),
      triangleCount: 2,
    };
    const { verdict } = analyse(sheet);
    expect(verdict.level).toBe('error');
    expect(codes(verdict)).toContain('no-volume');
  });
});

describe('orientation', () => {
  it('suggests laying a standing plate on its large face', () => {
    const { details } = analyse(box(4, 60, 40));
    const o = details.orientation;
    expect(o?.better).toBe(true);
    expect(o?.areaMm2).toBeCloseTo(2400, 3);
    expect(o?.currentAreaMm2).toBeCloseTo(240, 3);
    const laid = rotateMesh(box(4, 60, 40), o?.rotation ?? []);
    const again = analyse(laid);
    expect(again.facts.heightMm).toBeCloseTo(4, 4);
    expect(again.details.orientation?.better).toBe(false);
  });
});

describe('progress and cancellation', () => {
  it('reports increasing progress up to 1', () => {
    const seen: number[] = [];
    analyseModel(sphere(10, 64, 32), { onProgress: (f) => seen.push(f) });
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBe(1);
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1] as number);
  });

  it('stops with a cancelled error', () => {
    const controller = new AbortController();
    let thrown: unknown;
    try {
      analyseModel(torus(20, 5, 400, 200), {
        signal: controller.signal,
        onProgress: (f) => {
          if (f > 0.05) controller.abort();
        },
      });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(IntakeError);
    expect((thrown as IntakeError).code).toBe('cancelled');
  });
});

describe('quantityFromFileName', () => {
  it.each([
    ['bracket_x2.stl', 'bracket', 2],
    ['part x4.stl', 'part', 4],
    ['clip-X10.3mf', 'clip', 10],
    ['knob_3x.stl', 'knob', 3],
    ['gear (x5).obj', 'gear', 5],
    ['folder/sub/hinge_x12.STL', 'hinge', 12],
    ['x-carriage.stl', 'x-carriage', 1],
    ['box_x0.stl', 'box_x0', 1],
    ['m3x8.stl', 'm3x8', 1],
    ['plain.stl', 'plain', 1],
  ])('%s → %s × %i', (file, name, quantity) => {
    expect(quantityFromFileName(file)).toEqual({ name, quantity });
  });
});
