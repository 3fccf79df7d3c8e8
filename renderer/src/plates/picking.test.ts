import { describe, expect, it } from 'vitest';
import { BoxGeometry, Raycaster, Vector3 } from 'three';
import { pickPart, type PickInput } from './picking';
import { MODEL_A, MODEL_L, lShape, placed, rect } from './test-fixtures';

/** A 20×10×5 box with its min corner at the origin, like a display mesh. */
const boxMesh = new BoxGeometry(20, 10, 5).translate(10, 5, 2.5);
boxMesh.computeBoundingSphere();

function input(overrides: Partial<PickInput> = {}): PickInput {
  return {
    placements: [
      placed('a', MODEL_A, 10, 10),
      placed('b', MODEL_A, 50, 10, 90),
      placed('l', MODEL_L, 100, 100),
    ],
    footprints: new Map([
      [MODEL_A, [rect(20, 10)]],
      [MODEL_L, [lShape]],
    ]),
    heightOf: (m) => (m === MODEL_A ? 5 : 8),
    geometryOf: (m) => (m === MODEL_A ? boxMesh : undefined),
    ...overrides,
  };
}

const down = (x: number, y: number) => new Raycaster(new Vector3(x, y, 500), new Vector3(0, 0, -1));

describe('picking parts with a pointer ray', () => {
  it('uses the footprint when looking straight down', () => {
    expect(pickPart(down(15, 12), input(), true)).toEqual({ partId: 'a', z: 0 });
    // b is turned 90° about its origin: it covers x 40…50, y 10…30.
    expect(pickPart(down(45, 25), input(), true)?.partId).toBe('b');
    expect(pickPart(down(35, 12), input(), true)).toBeNull();
    // Inside the L's box but outside the L itself.
    expect(pickPart(down(125, 125), input(), true)).toBeNull();
  });

  it('ray-casts the mesh from an angle and reports the grabbed height', () => {
    const from = new Vector3(20, -40, 40);
    const at = new Vector3(20, 15, 5); // top face of a
    const r = new Raycaster(from, at.clone().sub(from).normalize());
    const hit = pickPart(r, input(), false);
    expect(hit?.partId).toBe('a');
    expect(hit?.z).toBeCloseTo(5, 6);
  });

  it('takes the nearer of two parts along the ray', () => {
    // Looking along +x at height 2: a (x 10…30) is in front of b (x 40…50).
    const r = new Raycaster(new Vector3(-50, 15, 2), new Vector3(1, 0, 0));
    expect(pickPart(r, input(), false)?.partId).toBe('a');
    const behind = input({ placements: [placed('b', MODEL_A, 50, 10, 90)] });
    expect(pickPart(r, behind, false)?.partId).toBe('b');
  });

  it('grabs a part whose mesh is still loading by its box', () => {
    const r = new Raycaster(new Vector3(105, 105, 100), new Vector3(0, 0.0001, -1).normalize());
    expect(pickPart(r, input(), false)?.partId).toBe('l');
  });
});
