import { describe, expect, it } from 'vitest';
import { findFreeSpot } from './free-spot';
import { validatePlacements } from './plate-validation';
import { ctx, MODEL_A, MODEL_L, placed, rect } from './test-fixtures';

describe('free spot search for a part added by hand', () => {
  it('takes the front-left corner of an empty bed', () => {
    const pose = findFreeSpot({
      part: { partId: 'new', modelId: MODEL_A },
      placements: [],
      ctx: ctx(),
      rotations: [0, 90],
    });
    expect(pose).toEqual({ x: 0, y: 0, rotationDeg: 0 });
  });

  it('keeps the spacing to parts already there and the result validates', () => {
    const c = ctx();
    const placements = [placed('1', MODEL_A, 0, 0), placed('2', MODEL_L, 30, 0)];
    const pose = findFreeSpot({
      part: { partId: 'new', modelId: MODEL_A },
      placements,
      ctx: c,
      rotations: [0],
    });
    expect(pose).not.toBeNull();
    const all = [...placements, { ...placed('new', MODEL_A, 0, 0), ...pose! }];
    expect(validatePlacements(all, c)).toEqual([]);
    // Right of the L (30…60 plus 6 mm spacing), on the first row.
    expect(pose!.y).toBe(0);
    expect(pose!.x).toBeGreaterThanOrEqual(66);
  });

  it('turns the part when only a turned copy fits', () => {
    // A 12 mm wide corridor between two walls: the 20×10 part fits only standing up (90°).
    const c = ctx({
      bed: { outline: rect(12, 100) },
      spacingMm: 0,
    });
    const pose = findFreeSpot({
      part: { partId: 'n', modelId: MODEL_A },
      placements: [],
      ctx: c,
      rotations: [0, 90],
    });
    expect(pose?.rotationDeg).toBe(90);
    expect(validatePlacements([{ ...placed('n', MODEL_A, 0, 0), ...pose! }], c)).toEqual([]);
  });

  it('avoids exclusion zones and says so when nothing fits', () => {
    const c = ctx({ bed: { outline: rect(40, 20), exclusionZones: [rect(20, 20)] }, spacingMm: 1 });
    const pose = findFreeSpot({
      part: { partId: 'n', modelId: MODEL_A },
      placements: [],
      ctx: c,
      rotations: [0],
    });
    expect(pose).toEqual({ x: 20, y: 0, rotationDeg: 0 });
    const full = [placed('x', MODEL_A, 20, 0), placed('y', MODEL_A, 20, 10)];
    expect(
      findFreeSpot({
        part: { partId: 'n', modelId: MODEL_A },
        placements: full,
        ctx: c,
        rotations: [0, 90],
      }),
    ).toBeNull();
  });

  it('returns null for a model without a footprint', () => {
    expect(
      findFreeSpot({
        part: { partId: 'n', modelId: 'z'.repeat(64) },
        placements: [],
        ctx: ctx(),
        rotations: [0],
      }),
    ).toBeNull();
  });
});
