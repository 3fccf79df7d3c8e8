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

/** Star-shaped polygon squashed along y (an affine map, so still simple); concave when the
 * radii vary a lot. (Squashing each vertex by its own factor, or angle gaps over 180°, can make
 * self-intersecting rings, which the engine rejects.) */
function randomPolygon(rng: Rng, size: number, concave: boolean): Polygon {
  const n = 4 + rng.int(concave ? 12 : 8);
  // Jittered but ordered angles with gaps < 180° keep the centre inside: star-shaped.
  const angles = Array.from({ length: n }, (_, i) => ((i + rng.range(0, 0.8)) * 2 * Math.PI) / n);
  const squash = rng.range(0.4, 1);
  const pts: Point2[] = angles.map((a) => {
    const r = size * (concave ? rng.range(0.25, 1) : rng.range(0.8, 1));
    return { x: r * Math.cos(a) + size, y: r * Math.sin(a) * squash + size };
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

  it('never moves locked parts in plates mode (locks on several plates)', () => {
    const locks: NestPart[] = [
      {
        id: 'L0',
        footprint: rect(0, 0, 80, 60),
        fixed: { x: 85, y: 75, rotationDeg: 0, plate: 0 },
      },
      {
        id: 'L1a',
        footprint: rect(0, 0, 50, 20),
        fixed: { x: 30, y: 10, rotationDeg: 90, plate: 1 },
      },
      {
        id: 'L1b',
        footprint: rect(0, 0, 30, 30),
        fixed: { x: 200, y: 160, rotationDeg: 45, plate: 1 },
      },
      // Beyond the plates the loose parts need: that plate is still used and still respected.
      {
        id: 'L4',
        footprint: rect(0, 0, 240, 200),
        fixed: { x: 5, y: 5, rotationDeg: 0, plate: 4 },
      },
    ];
    const rng = new Rng(17);
    const loose = randomParts(rng, 50).map((p) => ({ ...p, id: `x${p.id}` }));
    for (const strategy of STRATEGIES) {
      const req: NestRequest = {
        bed: BED,
        parts: [...loose.slice(0, 25), ...locks, ...loose.slice(25)],
        mode: 'plates',
        strategy,
        seed: 8,
        workLimit: 20_000,
        timeLimitMs: 600_000,
      };
      const res = nest(req);
      expectValid(req, res);
      for (const l of locks) {
        const f = l.fixed as NonNullable<NestPart['fixed']>;
        expect(
          res.placements.find((p) => p.id === l.id),
          `${strategy} ${l.id}`,
        ).toEqual({
          id: l.id,
          x: f.x,
          y: f.y,
          rotationDeg: f.rotationDeg,
          plate: f.plate,
          fixed: true,
        });
      }
      expect(
        res.unplaced.filter((u) => u.code === 'no-space'),
        strategy,
      ).toEqual([]);
      expect(res.plateCount).toBeGreaterThanOrEqual(5);
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

  it('rejects self-intersecting footprints with a specific error', () => {
    const pt = (x: number, y: number): Point2 => ({ x, y });
    const cases: { name: string; footprint: Polygon | Polygon[]; message: RegExp }[] = [
      {
        // Symmetric: the two lobes cancel, the net area is 0 (was "all points lie on a line").
        name: 'symmetric bow-tie',
        footprint: [pt(0, 0), pt(10, 10), pt(10, 0), pt(0, 10)],
        message: /self-intersecting: edge 1 crosses edge 3 at \(5, 5\) mm \(a bow-tie/,
      },
      {
        name: 'asymmetric bow-tie',
        footprint: [pt(0, 0), pt(20, 10), pt(20, 0), pt(0, 10)],
        message: /self-intersecting: edge 1 crosses edge 3 at \(10, 5\) mm/,
      },
      {
        name: 'star drawn in one stroke (pentagram)',
        footprint: [0, 2, 4, 1, 3].map((k) =>
          pt(Math.cos((k * 2 * Math.PI) / 5) * 10, Math.sin((k * 2 * Math.PI) / 5) * 10),
        ),
        message: /self-intersecting: edge \d+ crosses edge \d+/,
      },
      {
        name: 'figure eight touching at one vertex',
        footprint: [pt(0, 0), pt(10, 0), pt(5, 5), pt(10, 10), pt(0, 10), pt(5, 5)],
        message: /self-intersecting: the outline touches itself at \(5, 5\) mm/,
      },
      {
        name: 'vertex on another edge',
        footprint: [pt(0, 0), pt(10, 0), pt(10, 10), pt(5, 0.0), pt(0, 10)],
        message: /self-intersecting: the outline touches itself at \(5, 0\) mm/,
      },
      {
        name: 'zero-width spike',
        footprint: [pt(0, 0), pt(10, 0), pt(10, 10), pt(10, 15), pt(10, 10), pt(0, 10)],
        message: /self-intersecting/,
      },
      {
        name: 'two rings crossing',
        footprint: [rect(0, 0, 10, 10), rect(5, 5, 10, 3)],
        message: /self-intersecting: rings 1 and 2 cross at \(10, 5\) mm/,
      },
      {
        name: 'a hole poking out of its outline',
        footprint: [rect(0, 0, 10, 10), rect(2, 2, 6, 12)],
        message: /self-intersecting: rings 1 and 2 cross/,
      },
    ];
    for (const c of cases) {
      for (const strategy of STRATEGIES) {
        const run = () =>
          nest({ bed: BED, parts: [{ id: 'bad', footprint: c.footprint }], strategy });
        expect(run, c.name).toThrow(NestInputError);
        expect(run, c.name).toThrow(c.message);
        expect(run, c.name).toThrow(/^Part “bad”: .*must be a simple polygon/);
      }
    }
    // A self-intersecting bed or exclusion zone is refused the same way.
    const bowtieBed = [pt(0, 0), pt(250, 210), pt(250, 0), pt(0, 210)];
    expect(() => nest({ bed: { outline: bowtieBed }, parts: [] })).toThrow(
      /^Bed outline: the footprint is self-intersecting/,
    );
    // Simple polygons stay accepted: concave, a hole, a hole touching nothing, collinear runs.
    const ok: (Polygon | Polygon[])[] = [
      [pt(0, 0), pt(10, 0), pt(10, 10), pt(5, 3), pt(0, 10)],
      [rect(0, 0, 10, 10), rect(2, 2, 6, 6)],
      [pt(0, 0), pt(5, 0), pt(10, 0), pt(10, 10), pt(0, 10)],
    ];
    for (const footprint of ok) {
      expect(
        nest({ bed: BED, parts: [{ id: 'ok', footprint }], workLimit: 100 }).placements,
      ).toHaveLength(1);
    }
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

  it('keeps priority ORDER: must-place first, then fill parts in list order', () => {
    // Fill parts come first in the list, the must-place parts last: list position alone would
    // give the fill parts the bed, and the two 200×90 must-place parts would no longer fit.
    const big = Array.from({ length: 20 }, (_, i) => ({
      id: `big${i}`,
      footprint: rect(0, 0, 40, 40),
    }));
    const small = Array.from({ length: 120 }, (_, i) => ({
      id: `small${i}`,
      footprint: rect(0, 0, 18, 18),
    }));
    const musts = [0, 1].map((i) => ({
      id: `must${i}`,
      footprint: rect(0, 0, 200, 90),
      mustPlace: true,
    }));
    const placedIds = (r: NestResult) => new Set(r.placements.map((p) => p.id));
    /** The placed members of `list` are exactly its first k (k > 0 and not all). */
    const expectPrefix = (ids: Set<string>, list: { id: string }[]) => {
      const k = list.filter((p) => ids.has(p.id)).length;
      expect(list.slice(0, k).every((p) => ids.has(p.id))).toBe(true);
      return k;
    };
    for (const strategy of STRATEGIES) {
      const req: NestRequest = {
        bed: BED,
        parts: [...big, ...small, ...musts],
        strategy,
        spacingMm: 6,
        seed: 3,
        workLimit: 30_000,
        timeLimitMs: 600_000,
      };
      const res = nest(req);
      expectValid(req, res);
      const ids = placedIds(res);
      expect(
        musts.every((m) => ids.has(m.id)),
        `${strategy}: must-place parts placed`,
      ).toBe(true);
      expect(res.unplaced.length, `${strategy}: not everything fits`).toBeGreaterThan(0);
      if (strategy !== 'plateshift') continue; // FFDH orders fill parts by height, by definition
      // Fill in list order: the earlier big parts win over the later small ones even though the
      // small ones would have made more parts fit, and the small ones placed are the first ones.
      const kBig = expectPrefix(ids, big);
      const kSmall = expectPrefix(ids, small);
      expect(kBig).toBeGreaterThan(0);
      expect(kSmall).toBeLessThan(small.length);
      for (const u of res.unplaced) expect(u.code).toBe('no-space');
      // Swap the two fill groups in the list: the priority follows the list.
      const swapped = nest({ ...req, parts: [...small, ...big, ...musts] });
      expectValid({ ...req, parts: [...small, ...big, ...musts] }, swapped);
      const ids2 = placedIds(swapped);
      expect(musts.every((m) => ids2.has(m.id))).toBe(true);
      const kBig2 = expectPrefix(ids2, big);
      const kSmall2 = expectPrefix(ids2, small);
      expect(kSmall2, 'small parts first: more of them').toBeGreaterThan(kSmall);
      expect(kBig2, 'small parts first: fewer big ones').toBeLessThan(kBig);
    }
    // Identical fill parts: exactly the first k are placed, whatever k is.
    const same = Array.from({ length: 80 }, (_, i) => ({
      id: `s${i}`,
      footprint: rect(0, 0, 30, 30),
    }));
    const req: NestRequest = {
      bed: BED,
      parts: [...same, { id: 'm', footprint: rect(0, 0, 150, 120), mustPlace: true }],
      seed: 5,
      workLimit: 30_000,
      timeLimitMs: 600_000,
    };
    const res = nest(req);
    expectValid(req, res);
    const ids = placedIds(res);
    expect(ids.has('m')).toBe(true);
    const k = expectPrefix(ids, same);
    expect(k).toBeGreaterThan(0);
    expect(k).toBeLessThan(same.length);
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

describe('nest: strip mode, random polygons (validator on the output)', () => {
  for (const strategy of STRATEGIES) {
    it(`${strategy}: random convex, concave, tiny and huge parts in a strip`, () => {
      for (let seed = 1; seed <= 3; seed++) {
        const rng = new Rng(seed * 104729);
        const height = [60, 100, 140][seed - 1] as number;
        // Parts up to 110 across: some only fit the strip rotated, none is larger than it.
        const parts = randomParts(rng, 20 + rng.int(20));
        const req: NestRequest = {
          bed: { outline: rect(0, 0, height, height) },
          mode: 'strip',
          stripHeight: height,
          parts,
          strategy,
          spacingMm: [0, 1.5, 4][seed - 1],
          rotations: seed === 2 ? 15 : 90,
          seed,
          workLimit: 20_000,
          timeLimitMs: 600_000,
        };
        const res = nest(req);
        expectValid(req, res);
        const tooLarge = res.unplaced.filter((u) => u.code === 'too-large').map((u) => u.id);
        // Everything that fits the height is placed (strip mode has no length limit).
        expect(res.unplaced.filter((u) => u.code !== 'too-large')).toEqual([]);
        expect(res.placements.length + tooLarge.length).toBe(parts.length);
        expect(res.stripLength).toBeGreaterThan(0);
        expect(res.density).toBeGreaterThan(0);
        expect(res.density).toBeLessThanOrEqual(1);
      }
    });
  }

  it('snapshots the best-so-far layout at checkpoints (anytime), never worse later', () => {
    const rng = new Rng(31);
    const parts = randomParts(rng, 30);
    let clock = 0;
    // A deterministic clock: 1 ms per reading, so checkpoints fall inside the run.
    const req: NestRequest = {
      bed: { outline: rect(0, 0, 120, 120) },
      mode: 'strip',
      stripHeight: 120,
      parts,
      spacingMm: 0,
      seed: 2,
      timeLimitMs: 400,
    };
    const res = nest(req, { now: () => clock++, checkpointsMs: [50, 150, 400, 1e9] });
    const cps = res.checkpoints ?? [];
    expect(cps.map((c) => c.atMs)).toEqual([50, 150, 400, 1e9]);
    for (let k = 0; k < cps.length; k++) {
      const c = cps[k] as NonNullable<NestResult['checkpoints']>[number];
      expect(c.foundAtMs).toBeLessThanOrEqual(c.atMs);
      if (k > 0) {
        const prev = cps[k - 1] as typeof c;
        expect(c.stripLength).toBeLessThanOrEqual(prev.stripLength as number);
        expect(c.work).toBeGreaterThanOrEqual(prev.work);
      }
      expectValid(req, {
        ...res,
        placements: c.placements,
        stripLength: c.stripLength,
        density: c.density,
      });
    }
    expect(cps[cps.length - 1]?.stripLength).toBe(res.stripLength);
    expect(cps[cps.length - 1]?.placements).toEqual(res.placements);
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
