import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStripInstance, stripRequest } from './esicup';
import { nest } from './nest';
import { Rng } from './prng';
import {
  type NestBed,
  NestInputError,
  type NestMode,
  type NestPart,
  type NestRequest,
  type NestResult,
  type NestStrategyName,
  type Point2,
  type Polygon,
} from './types';
import { validatePlate } from './validate';

const rect = (x: number, y: number, w: number, h: number): Polygon => [
  { x, y },
  { x: x + w, y },
  { x: x + w, y: y + h },
  { x, y: y + h },
];
const BED: NestBed = { outline: rect(0, 0, 250, 210) };

/** Star-shaped (so simple) polygon; concave when the radii vary a lot. */
function randomPolygon(rng: Rng, size: number, concave: boolean): Polygon {
  const n = 3 + rng.int(concave ? 12 : 8);
  const angles = Array.from({ length: n }, () => rng.range(0, Math.PI * 2)).sort((a, b) => a - b);
  const pts: Point2[] = angles.map((a) => {
    const r = size * (concave ? rng.range(0.25, 1) : rng.range(0.8, 1));
    return { x: r * Math.cos(a) + size, y: r * Math.sin(a) * rng.range(0.4, 1) + size };
  });
  // Guarantee an area even for unlucky angle draws.
  if (Math.abs(area(pts)) < size * size * 0.05) return rect(0, 0, size, size * 0.6);
  return pts;
}

function area(p: Point2[]): number {
  let s = 0;
  for (let i = 0, j = p.length - 1; i < p.length; j = i++) {
    s += (p[j] as Point2).x * (p[i] as Point2).y - (p[i] as Point2).x * (p[j] as Point2).y;
  }
  return s / 2;
}

function randomParts(rng: Rng, n: number): NestPart[] {
  return Array.from({ length: n }, (_, i) => {
    const kind = rng.next();
    const size =
      kind < 0.15 ? rng.range(0.5, 2) : kind < 0.9 ? rng.range(5, 30) : rng.range(60, 110);
    return { id: `p${i}`, footprint: randomPolygon(rng, size, rng.next() < 0.5) };
  });
}

function expectValid(req: NestRequest, res: NestResult): void {
  const spacing = req.spacingMm ?? 6;
  const plates = Math.max(1, res.plateCount);
  for (let plate = 0; plate < plates; plate++) {
    const pl = res.placements.filter((p) => p.plate === plate);
    const bed =
      res.mode === 'strip'
        ? { outline: rect(0, 0, res.stripLength ?? 0, req.stripHeight ?? 0) }
        : req.bed;
    const violations = validatePlate(bed, pl, req.parts, spacing);
    expect(violations.map((v) => v.message)).toEqual([]);
  }
  const ids = new Set([...res.placements.map((p) => p.id), ...res.unplaced.map((u) => u.id)]);
  expect(ids.size).toBe(req.parts.length);
}

const STRATEGIES: NestStrategyName[] = ['ffdh', 'ffdh-ga', 'plateshift'];

describe('nest: every strategy produces valid plates (validator)', () => {
  for (const strategy of STRATEGIES) {
    for (const mode of ['fill', 'plates'] as NestMode[]) {
      it(`${strategy} / ${mode}: random convex, concave, tiny and huge parts`, () => {
        for (let seed = 1; seed <= 3; seed++) {
          const rng = new Rng(seed * 7919);
          const parts = randomParts(rng, 25 + rng.int(25));
          const req: NestRequest = {
            bed: BED,
            parts,
            strategy,
            mode,
            spacingMm: [0, 2, 6][seed % 3],
            rotations: seed === 2 ? 15 : 90,
            seed,
            timeLimitMs: 60_000,
            workLimit: 20_000,
          };
          const res = nest(req);
          expectValid(req, res);
          expect(res.placements.length).toBeGreaterThan(0);
          if (mode === 'plates')
            expect(res.unplaced.filter((u) => u.code === 'no-space')).toEqual([]);
        }
      });
    }
  }

  it('plateshift respects exclusion zones, an edge margin and a non-rectangular bed', () => {
    const rng = new Rng(42);
    const bed: NestBed = {
      outline: [
        { x: 0, y: 0 },
        { x: 200, y: 0 },
        { x: 200, y: 120 },
        { x: 120, y: 200 },
        { x: 0, y: 200 },
      ],
      exclusionZones: [rect(0, 0, 40, 15), rect(90, 80, 30, 30)],
      edgeMarginMm: 3,
    };
    const parts = randomParts(rng, 40);
    for (const strategy of STRATEGIES) {
      const req: NestRequest = {
        bed,
        parts,
        strategy,
        seed: 3,
        workLimit: 20_000,
        timeLimitMs: 60_000,
      };
      expectValid(req, nest(req));
    }
  });

  it('true outline and convex hull footprints both validate against the true outline', () => {
    const rng = new Rng(5);
    const parts = randomParts(rng, 30).map((p) => ({
      ...p,
      footprint: randomPolygon(rng, 15, true),
    }));
    for (const footprintMode of ['outline', 'hull'] as const) {
      const req: NestRequest = { bed: BED, parts, footprintMode, seed: 1, workLimit: 20_000 };
      expectValid(req, nest(req));
    }
  });
});

describe('nest: behaviour', () => {
  it('never moves locked parts', () => {
    const parts: NestPart[] = [
      { id: 'lock1', footprint: rect(0, 0, 40, 40), fixed: { x: 100, y: 80, rotationDeg: 0 } },
      { id: 'lock2', footprint: rect(0, 0, 30, 10), fixed: { x: 20, y: 150, rotationDeg: 90 } },
      ...Array.from({ length: 30 }, (_, i) => ({
        id: `f${i}`,
        footprint: rect(0, 0, 20 + (i % 5) * 4, 15),
      })),
    ];
    for (const strategy of STRATEGIES) {
      const req: NestRequest = { bed: BED, parts, strategy, seed: 2, workLimit: 20_000 };
      const res = nest(req);
      const l1 = res.placements.find((p) => p.id === 'lock1');
      const l2 = res.placements.find((p) => p.id === 'lock2');
      expect(l1).toEqual({ id: 'lock1', x: 100, y: 80, rotationDeg: 0, plate: 0, fixed: true });
      expect(l2).toEqual({ id: 'lock2', x: 20, y: 150, rotationDeg: 90, plate: 0, fixed: true });
      expectValid(req, res);
    }
  });

  it('reports a part larger than the bed as unplaced, with the reason', () => {
    const parts: NestPart[] = [
      { id: 'long', footprint: rect(0, 0, 260, 30) },
      { id: 'ok', footprint: rect(0, 0, 20, 20) },
    ];
    for (const strategy of STRATEGIES) {
      const res = nest({ bed: BED, parts, strategy, rotations: 90, workLimit: 1000 });
      const u = res.unplaced.find((x) => x.id === 'long');
      expect(u?.code).toBe('too-large');
      expect(u?.reason).toMatch(/^larger than the bed: 260×30 mm > 250×210 mm/);
      expect(res.placements.map((p) => p.id)).toEqual(['ok']);
    }
    // Fits only diagonally: with free rotation it is placed, with 90° it is not.
    const diag = [{ id: 'd', footprint: rect(0, 0, 300, 8) }];
    expect(nest({ bed: BED, parts: diag, rotations: 90, workLimit: 1000 }).unplaced[0]?.code).toBe(
      'too-large',
    );
    expect(
      nest({ bed: BED, parts: diag, rotations: 'free', spacingMm: 0, workLimit: 1000 }).placements,
    ).toHaveLength(1);
    // Fits only rotated, but rotation is not allowed: the reason says so.
    const tall = [{ id: 't', footprint: rect(0, 0, 30, 240) }];
    const r = nest({ bed: BED, parts: tall, rotations: 0, workLimit: 1000 });
    expect(r.unplaced[0]?.code).toBe('too-large');
    expect(r.unplaced[0]?.reason).toBe(
      'larger than the bed: 30×240 mm > 250×210 mm; it would fit rotated 90°, but the allowed rotations are 0°',
    );
  });

  it('rejects degenerate polygons with a clear error', () => {
    const bad: Polygon[] = [
      [
        { x: 0, y: 0 },
        { x: 1, y: 1 },
      ],
      [
        { x: 0, y: 0 },
        { x: 5, y: 5 },
        { x: 10, y: 10 },
      ],
      [
        { x: 0, y: 0 },
        { x: 0, y: 0 },
        { x: 0, y: 0 },
        { x: 3, y: 3 },
      ],
      [
        { x: 0, y: 0 },
        { x: Number.NaN, y: 1 },
        { x: 1, y: 0 },
      ],
    ];
    const messages = [
      /fewer than 3 distinct points/,
      /zero area/,
      /fewer than 3 distinct points/,
      /non-finite coordinate/,
    ];
    bad.forEach((footprint, k) => {
      const run = () => nest({ bed: BED, parts: [{ id: 'bad', footprint }] });
      expect(run).toThrow(NestInputError);
      expect(run).toThrow(messages[k] as RegExp);
      expect(run).toThrow(/Part “bad”/);
    });
    expect(() => nest({ bed: { outline: rect(0, 0, 0, 10) }, parts: [] })).toThrow(/Bed outline/);
    expect(() =>
      nest({
        bed: BED,
        parts: [
          { id: 'a', footprint: rect(0, 0, 1, 1) },
          { id: 'a', footprint: rect(0, 0, 1, 1) },
        ],
      }),
    ).toThrow(/appears twice/);
  });

  it('returns a valid partial result when cancelled', () => {
    const rng = new Rng(11);
    const parts = Array.from({ length: 150 }, (_, i) => ({
      id: `c${i}`,
      footprint: randomPolygon(rng, 20, true),
    }));
    let calls = 0;
    const req: NestRequest = { bed: BED, parts, seed: 1, timeLimitMs: 600_000 };
    const res = nest(req, { shouldStop: () => ++calls > 50 });
    expect(res.cancelled).toBe(true);
    expect(res.placements.length).toBeGreaterThan(0);
    expectValid(req, res);
    // An AbortSignal works the same way.
    const aborted = { aborted: true };
    const res2 = nest(req, { signal: aborted });
    expect(res2.cancelled).toBe(true);
    expectValid(req, res2);
  });

  it('is deterministic for a seed (with a work limit)', () => {
    const rng = new Rng(9);
    const parts = randomParts(rng, 40);
    const req: NestRequest = { bed: BED, parts, seed: 77, workLimit: 30_000, timeLimitMs: 600_000 };
    const a = nest(req);
    const b = nest(req);
    expect(a.placements).toEqual(b.placements);
    expect(a.work).toBe(b.work);
  });

  it('places must-place parts before fill parts', () => {
    const parts: NestPart[] = [
      ...Array.from({ length: 60 }, (_, i) => ({ id: `fill${i}`, footprint: rect(0, 0, 30, 30) })),
      { id: 'must', footprint: rect(0, 0, 200, 150), mustPlace: true },
    ];
    const res = nest({ bed: BED, parts, workLimit: 5000 });
    expect(res.placements.some((p) => p.id === 'must')).toBe(true);
  });

  it('fills a plate with identical copies (array nesting + insertion) and beats FFDH', () => {
    const L: Polygon = [
      { x: 0, y: 0 },
      { x: 24, y: 0 },
      { x: 24, y: 6 },
      { x: 8, y: 6 },
      { x: 8, y: 18 },
      { x: 0, y: 18 },
    ];
    const parts = Array.from({ length: 160 }, (_, i) => ({ id: `L${i}`, footprint: L }));
    const req: NestRequest = {
      bed: BED,
      parts,
      spacingMm: 3,
      seed: 4,
      workLimit: 80_000,
      timeLimitMs: 600_000,
    };
    const res = nest(req);
    expectValid(req, res);
    const ffdh = nest({ ...req, strategy: 'ffdh' });
    expect(res.placements.length).toBeGreaterThan(ffdh.placements.length);
  });

  it('plateshift packs random parts at least as densely as FFDH', () => {
    const rng = new Rng(21);
    const parts = randomParts(rng, 60);
    const req: NestRequest = { bed: BED, parts, seed: 2, workLimit: 40_000, timeLimitMs: 600_000 };
    const ours = nest(req);
    expectValid(req, ours);
    expect(ours.density).toBeGreaterThanOrEqual(nest({ ...req, strategy: 'ffdh' }).density);
  });

  it('packs onto several plates in plates mode and reports densities', () => {
    const parts = Array.from({ length: 40 }, (_, i) => ({
      id: `b${i}`,
      footprint: rect(0, 0, 60, 50),
    }));
    const req: NestRequest = { bed: BED, parts, mode: 'plates', workLimit: 20_000 };
    const res = nest(req);
    expectValid(req, res);
    expect(res.unplaced).toEqual([]);
    expect(res.plateCount).toBeGreaterThanOrEqual(3);
    expect(res.plateDensities).toHaveLength(res.plateCount);
    expect(res.density).toBeGreaterThan(0.3);
  });

  it('fills a plate from 200 candidates with 90° rotations', () => {
    const rng = new Rng(3);
    const parts = Array.from({ length: 200 }, (_, i) => ({
      id: `k${i}`,
      footprint: randomPolygon(rng, rng.range(6, 25), rng.next() < 0.5),
    }));
    const req: NestRequest = { bed: BED, parts, rotations: 90, timeLimitMs: 0 };
    const res = nest(req);
    expectValid(req, res);
    expect(res.placements.length).toBeGreaterThan(20);
    expect(res.unplaced.every((u) => u.code === 'no-space')).toBe(true);
  });
});

const esicupDir = resolve(__dirname, '..', '..', '..', 'shared', 'data', 'nesting', 'esicup');
const haveEsicup = existsSync(join(esicupDir, 'fu.json'));

describe('nest: strip mode (ESICUP)', () => {
  it.skipIf(!haveEsicup)('packs “fu” into a strip that validates', () => {
    const inst = parseStripInstance(
      JSON.parse(readFileSync(join(esicupDir, 'fu.json'), 'utf8')),
      'fu',
    );
    for (const strategy of STRATEGIES) {
      const req = stripRequest(inst, {
        strategy,
        seed: 1,
        workLimit: 50_000,
        timeLimitMs: 600_000,
      });
      const res = nest(req);
      expect(res.unplaced).toEqual([]);
      expect(res.stripLength).toBeGreaterThan(0);
      expect(res.density).toBeGreaterThan(0.5);
      expectValid(req, res);
    }
  });
  if (!haveEsicup) console.warn(`ESICUP instances not found at ${esicupDir}; strip test skipped.`);
});
