import { describe, expect, it } from 'vitest';
import { rectangleBed } from '../domain/printer';
import { validatePlate } from '../nesting';
import { createNestingPlateChecker } from './nesting-checker';
import {
  boundsProblem,
  createAreaPlateChecker,
  createRectanglePlateChecker,
  ffdhPack,
  footprintBox,
  type PlateBed,
  type PlateItem,
  placementProblems,
  poseForCorner,
} from './plate';
import { Prng } from './prng';

const bed: PlateBed = { outline: rectangleBed(250, 210), exclusionZones: [], maxHeightMm: 200 };

function items(n: number, seed: number): PlateItem[] {
  const rng = new Prng(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    widthMm: 10 + rng.int(70),
    depthMm: 10 + rng.int(50),
    heightMm: 5 + rng.int(50),
    rotatable: true,
  }));
}

describe('poses follow the nesting convention (rotate about the origin, then translate)', () => {
  it('puts the rotated bounding box where asked', () => {
    const item: PlateItem = { id: 'a', widthMm: 40, depthMm: 10, heightMm: 5, rotatable: true };
    for (const rot of [0, 90, 180, 270]) {
      const pose = poseForCorner(item, rot, 20, 30);
      const box = footprintBox(item, pose);
      expect(box.x).toBeCloseTo(20, 9);
      expect(box.y).toBeCloseTo(30, 9);
      expect(box.w).toBeCloseTo(rot % 180 === 0 ? 40 : 10, 9);
    }
  });
});

describe('rectangle plate checker', () => {
  const checker = createRectanglePlateChecker();

  it('places parts apart and on the bed, in preference order', () => {
    const list = items(60, 1);
    const fill = checker.fill({ bed, items: list, spacingMm: 6, rotationStepDeg: 90 });
    expect(fill.exact).toBe(true);
    expect(fill.placed.length).toBeGreaterThan(10);
    expect(placementProblems(bed, list, fill.placed, 6)).toEqual([]);
    // Earlier items are never rejected while later ones are placed, unless they cannot fit at all.
    expect(fill.placed.length + fill.rejected.length).toBe(60);
    expect(fill.placed[0]?.id).toBe('p0');
  });

  it('agrees with the nesting validator on the true (rectangular) outlines', () => {
    const list = items(40, 2);
    const fill = checker.fill({ bed, items: list, spacingMm: 4, rotationStepDeg: 90 });
    const parts = list.map((i) => ({
      id: i.id,
      footprint: [
        { x: 0, y: 0 },
        { x: i.widthMm, y: 0 },
        { x: i.widthMm, y: i.depthMm },
        { x: 0, y: i.depthMm },
      ],
    }));
    expect(validatePlate({ outline: bed.outline }, fill.placed, parts, 4)).toEqual([]);
  });

  it('keeps out of exclusion zones and around fixed parts', () => {
    const zone = rectangleBed(250, 30);
    const withZone: PlateBed = { ...bed, exclusionZones: [zone] };
    const list = items(30, 3);
    list[0] = { ...list[0]!, fixed: { x: 100, y: 100, rotationDeg: 0 } };
    const fill = checker.fill({ bed: withZone, items: list, spacingMm: 5, rotationStepDeg: 90 });
    expect(placementProblems(withZone, list, fill.placed, 5)).toEqual([]);
    expect(fill.placed.find((p) => p.id === 'p0')).toMatchObject({ x: 100, y: 100 });
    for (const p of fill.placed)
      expect(
        footprintBox(
          list.find((i) => i.id === p.id)!,
          p,
        ).y,
      ).toBeGreaterThanOrEqual(35 - 1e-9);
  });

  it('rejects parts that are too tall or too large with a reason', () => {
    const tall: PlateItem = { id: 't', widthMm: 10, depthMm: 10, heightMm: 300, rotatable: true };
    const wide: PlateItem = { id: 'w', widthMm: 260, depthMm: 20, heightMm: 10, rotatable: false };
    const turnable: PlateItem = {
      id: 'r',
      widthMm: 20,
      depthMm: 240,
      heightMm: 10,
      rotatable: true,
    };
    expect(boundsProblem(tall, bed, 90)).toMatch(/taller/);
    expect(boundsProblem(wide, bed, 90)).toMatch(/larger than the bed: 260×20 mm > 250×210 mm/);
    expect(boundsProblem(turnable, bed, 90)).toBeNull();
    const fill = checker.fill({
      bed,
      items: [tall, wide, turnable],
      spacingMm: 6,
      rotationStepDeg: 90,
    });
    expect(fill.placed.map((p) => p.id)).toEqual(['r']);
    expect(fill.placed[0]?.rotationDeg).toBe(90);
  });
});

describe('area-and-bounds checker and FFDH', () => {
  it('the area checker accepts up to its fill factor and gives no layout', () => {
    const checker = createAreaPlateChecker(0.5);
    const list = Array.from({ length: 20 }, (_, i) => ({
      id: `a${i}`,
      widthMm: 44,
      depthMm: 44,
      heightMm: 5,
      rotatable: true,
    }));
    const fill = checker.fill({ bed, items: list, spacingMm: 6, rotationStepDeg: 90 });
    expect(fill.exact).toBe(false);
    expect(fill.placed.length).toBe(Math.floor((250 * 210 * 0.5) / (50 * 50)));
  });

  it('FFDH shelves are valid and start with the tallest part at the origin', () => {
    const list = items(80, 4);
    const f = ffdhPack(bed, list, 2);
    expect(placementProblems(bed, list, f.placed, 2)).toEqual([]);
    const tallest = [...list].sort((a, b) => b.depthMm - a.depthMm || b.widthMm - a.widthMm)[0]!;
    expect(f.placed[0]?.id).toBe(tallest.id);
    expect(footprintBox(tallest, f.placed[0]!)).toMatchObject({ x: 0, y: 0 });
    expect(f.coveredArea).toBeGreaterThan(0.5 * 250 * 210);
  });
});

describe('nesting-backed checker', () => {
  it('fills a plate with true outlines and valid placements', () => {
    const checker = createNestingPlateChecker({ timeLimitMs: 100, workLimit: 500 });
    const list = items(25, 5).map((i, k) =>
      k % 3 === 0
        ? {
            ...i,
            hull: [
              { x: 0, y: 0 },
              { x: i.widthMm, y: 0 },
              { x: 0, y: i.depthMm },
            ],
          }
        : i,
    );
    const fill = checker.fill({ bed, items: list, spacingMm: 3, rotationStepDeg: 90 });
    expect(fill.exact).toBe(true);
    expect(fill.placed.length).toBeGreaterThan(5);
    const parts = list.map((i) => ({
      id: i.id,
      footprint: i.hull ?? [
        { x: 0, y: 0 },
        { x: i.widthMm, y: 0 },
        { x: i.widthMm, y: i.depthMm },
        { x: 0, y: i.depthMm },
      ],
    }));
    expect(validatePlate({ outline: bed.outline }, fill.placed, parts, 3)).toEqual([]);
  });
});
