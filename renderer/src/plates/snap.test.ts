import { describe, expect, it } from 'vitest';
import { rotationSteps, snappedDelta, snapStep, snapValue } from './snap';

describe('snapping', () => {
  it('snaps to whole millimetres, or tenths with Alt', () => {
    expect(snapStep(false)).toBe(1);
    expect(snapStep(true)).toBe(0.1);
    expect(snapValue(12.49, 1)).toBe(12);
    expect(snapValue(12.5, 1)).toBe(13);
    expect(snapValue(-0.4, 1)).toBe(0);
    expect(Object.is(snapValue(-0.4, 1), -0)).toBe(false);
    expect(snapValue(0.29999, 0.1)).toBe(0.3);
    expect(snapValue(7.04, 0.1)).toBe(7);
  });

  it('lands the grabbed part on the grid and moves the selection by the same delta', () => {
    const d = snappedDelta({ x: 12.345, y: 7.8 }, { dx: 2.4, dy: -0.2 }, 1);
    expect(12.345 + d.dx).toBeCloseTo(15, 9);
    expect(7.8 + d.dy).toBeCloseTo(8, 9);
    const fine = snappedDelta({ x: 12.345, y: 0 }, { dx: 0.02, dy: 0.06 }, 0.1);
    expect(12.345 + fine.dx).toBeCloseTo(12.4, 9);
    expect(fine.dy).toBeCloseTo(0.1, 9);
  });

  it('lists the rotations a site step allows', () => {
    expect(rotationSteps(90)).toEqual([0, 90, 180, 270]);
    expect(rotationSteps(45)).toHaveLength(8);
    expect(rotationSteps(360)).toEqual([0]);
    expect(rotationSteps(0)).toEqual([0]);
  });
});
