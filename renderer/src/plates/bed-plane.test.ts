import { describe, expect, it } from 'vitest';
import { fromNdc, pickAt, pointInRings, rayToPlaneZ, toNdc } from './bed-plane';
import { lShape, rect } from './test-fixtures';

describe('hit testing on the bed plane', () => {
  it('meets the plane where a ray from the camera crosses it', () => {
    const hit = rayToPlaneZ({ x: 0, y: -100, z: 100 }, { x: 0, y: 1, z: -1 });
    expect(hit).toEqual({ x: 0, y: 0 });
    // A plane through a grabbed point 12 mm up, so the part follows the cursor exactly.
    expect(rayToPlaneZ({ x: 5, y: 5, z: 112 }, { x: 0, y: 0, z: -1 }, 12)).toEqual({ x: 5, y: 5 });
  });

  it('has no hit looking away from or along the plane', () => {
    expect(rayToPlaneZ({ x: 0, y: 0, z: 10 }, { x: 0, y: 1, z: 0 })).toBeNull();
    expect(rayToPlaneZ({ x: 0, y: 0, z: 10 }, { x: 0, y: 0, z: 1 })).toBeNull();
  });

  it('tests points against outlines with holes', () => {
    const withHole = [rect(40, 40), rect(20, 20, 10, 10)];
    expect(pointInRings(withHole, { x: 5, y: 5 })).toBe(true);
    expect(pointInRings(withHole, { x: 20, y: 20 })).toBe(false);
    expect(pointInRings([lShape], { x: 25, y: 25 })).toBe(false);
    expect(pointInRings([lShape], { x: 25, y: 5 })).toBe(true);
  });

  it('picks the part under a point using its placement (rotation included)', () => {
    const targets = [
      { id: 'l', pose: { x: 100, y: 100, rotationDeg: 90 }, rings: [lShape] },
      { id: 'r', pose: { x: 10, y: 10, rotationDeg: 0 }, rings: [rect(20, 10)] },
    ];
    // L turned 90° about its origin: its long arm now runs along −x from (100, 100).
    expect(pickAt(targets, { x: 75, y: 105 })).toBe('l');
    expect(pickAt(targets, { x: 105, y: 105 })).toBeNull();
    expect(pickAt(targets, { x: 15, y: 15 })).toBe('r');
    // Overlapping parts: the one drawn last wins.
    const both = [
      ...targets,
      { id: 'top', pose: { x: 0, y: 0, rotationDeg: 0 }, rings: [rect(50, 50)] },
    ];
    expect(pickAt(both, { x: 15, y: 15 })).toBe('top');
  });

  it('converts between client pixels and device coordinates', () => {
    const r = { left: 100, top: 50, width: 800, height: 400 };
    expect(toNdc({ x: 500, y: 250 }, r)).toEqual({ x: 0, y: 0 });
    expect(toNdc({ x: 100, y: 50 }, r)).toEqual({ x: -1, y: 1 });
    expect(fromNdc(toNdc({ x: 321, y: 123 }, r), r)).toEqual({ x: 321, y: 123 });
  });
});
