import { describe, expect, it } from 'vitest';
import { Matrix4, Vector3 } from 'three';
import { validatePlate } from '../../../shared/nesting/validate';
import {
  normaliseDeg,
  placedBounds,
  poseFromMatrix,
  poseMatrix,
  rotateAbout,
  toBed,
  toFootprint,
} from './placement-transform';

const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 9);

describe('placement transforms', () => {
  it('rotates about the footprint origin, then translates (the NestPose rule)', () => {
    const p = toBed({ x: 100, y: 50, rotationDeg: 90 }, { x: 10, y: 0 });
    close(p.x, 100);
    close(p.y, 60);
    const q = toBed({ x: 0, y: 0, rotationDeg: 30 }, { x: 1, y: 0 });
    close(q.x, Math.cos(Math.PI / 6));
    close(q.y, 0.5);
  });

  it('toFootprint inverts toBed', () => {
    for (const deg of [0, 15, 90, 137.5, 270, -45]) {
      const pose = { x: 12.5, y: -3, rotationDeg: deg };
      const back = toFootprint(pose, toBed(pose, { x: 7, y: 4 }));
      close(back.x, 7);
      close(back.y, 4);
    }
  });

  it('builds the same matrix as three.js (translation · rotation about Z)', () => {
    for (const deg of [0, 45, 90, 180, 270, 33]) {
      const pose = { x: 40, y: 25.5, rotationDeg: deg };
      const ours = poseMatrix(pose);
      const theirs = new Matrix4()
        .makeTranslation(pose.x, pose.y, 0)
        .multiply(new Matrix4().makeRotationZ((deg * Math.PI) / 180));
      theirs.elements.forEach((v, i) => close(ours[i] as number, v));
      // …and moves a mesh vertex exactly where the footprint point goes.
      const v = new Vector3(7, 3, 5).applyMatrix4(new Matrix4().fromArray(ours));
      const f = toBed(pose, { x: 7, y: 3 });
      close(v.x, f.x);
      close(v.y, f.y);
      expect(v.z).toBe(5);
    }
  });

  it('reads a pose back from an instance matrix', () => {
    const buf = new Float32Array(32);
    poseMatrix({ x: 3, y: 4, rotationDeg: 270 }, buf, 16);
    expect(poseFromMatrix(buf, 16)).toEqual({ x: 3, y: 4, rotationDeg: 270 });
  });

  it('normalises angles without keeping rounding noise', () => {
    expect(normaliseDeg(-90)).toBe(270);
    expect(normaliseDeg(360)).toBe(0);
    expect(normaliseDeg(89.9999999999)).toBe(90);
    expect(normaliseDeg(720 + 15)).toBe(15);
  });

  it('agrees with the validator about where a rotated part sits', () => {
    // A 20×10 part turned 90° about its origin and moved to x=15 covers x ∈ [5, 15], y ∈ [0, 20]:
    // inside a bed starting at x=5, out of one starting at x=6.
    const rect = [
      { x: 0, y: 0 },
      { x: 20, y: 0 },
      { x: 20, y: 10 },
      { x: 0, y: 10 },
    ];
    const pose = { x: 15, y: 0, rotationDeg: 90 };
    const b = placedBounds([rect], pose);
    expect(b).toEqual({ minX: 5, minY: 0, maxX: 15, maxY: 20 });
    const bedFrom = (x0: number) => ({
      outline: [
        { x: x0, y: 0 },
        { x: 100, y: 0 },
        { x: 100, y: 100 },
        { x: x0, y: 100 },
      ],
    });
    const parts = [{ id: 'a', footprint: rect }];
    expect(validatePlate(bedFrom(5), [{ id: 'a', ...pose }], parts, 0)).toEqual([]);
    expect(validatePlate(bedFrom(6), [{ id: 'a', ...pose }], parts, 0)[0]?.kind).toBe('out-of-bed');
  });

  it('turns a part in place about its centre', () => {
    const pivot = { x: 10, y: 5 }; // centre of a 20×10 footprint
    const pose = { x: 50, y: 50, rotationDeg: 0 };
    const turned = rotateAbout(pose, pivot, 90);
    expect(turned.rotationDeg).toBe(90);
    const before = toBed(pose, pivot);
    const after = toBed(turned, pivot);
    close(after.x, before.x);
    close(after.y, before.y);
    // Four quarter turns come back to the start.
    let p = pose;
    for (let i = 0; i < 4; i++) p = rotateAbout(p, pivot, 90);
    expect(p).toEqual(pose);
  });
});
