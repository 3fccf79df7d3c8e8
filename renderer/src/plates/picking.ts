import {
  Box3,
  Matrix4,
  Mesh,
  Vector3,
  type BufferGeometry,
  type Intersection,
  type Ray,
  type Raycaster,
} from 'three';
import type { Polygon } from '../../../shared/domain/common';
import type { Placement } from '../../../shared/domain/plan';
import { pickAt, rayToPlaneZ } from './bed-plane';
import { placedBounds, poseMatrix } from './placement-transform';

/**
 * Which part a pointer ray grabs. three.js would test the ray against every triangle of every
 * instance whose bounding sphere it touches; here boxes built from the footprints (and the
 * model's height) pick the few candidates, nearest first, and only those are ray-cast
 * exactly. Looking straight down (top view) the footprint itself decides: it is what the view
 * shows and what the validator checks.
 */

export interface PickInput {
  placements: readonly Placement[];
  footprints: ReadonlyMap<string, Polygon[]>;
  /** Model height (mm); parts without one are treated as flat. */
  heightOf: (modelId: string) => number;
  /** The display mesh of a model, when loaded (else its box counts as the part). */
  geometryOf: (modelId: string) => BufferGeometry | undefined;
}

export interface Pick {
  partId: string;
  /** Height of the grabbed point (the drag plane goes through it). */
  z: number;
}

const box = new Box3();
const entry = new Vector3();
const matrix = new Matrix4();
const probe = new Mesh();

export function pickPart(raycaster: Raycaster, input: PickInput, topView: boolean): Pick | null {
  const ray: Ray = raycaster.ray;
  if (topView && Math.abs(ray.direction.z) > 0.999) {
    const p = rayToPlaneZ(ray.origin, ray.direction, 0);
    if (!p) return null;
    const targets = input.placements.flatMap((pl) => {
      const rings = input.footprints.get(pl.modelId);
      return rings ? [{ id: pl.partId, pose: pl, rings }] : [];
    });
    const id = pickAt(targets, p);
    return id ? { partId: id, z: 0 } : null;
  }
  const candidates: { p: Placement; d: number }[] = [];
  for (const p of input.placements) {
    const rings = input.footprints.get(p.modelId);
    if (!rings) continue;
    const b = placedBounds(rings, p);
    box.min.set(b.minX, b.minY, 0);
    box.max.set(b.maxX, b.maxY, Math.max(0.01, input.heightOf(p.modelId)));
    if (ray.intersectBox(box, entry) === null) continue;
    candidates.push({ p, d: entry.distanceTo(ray.origin) });
  }
  candidates.sort((a, b) => a.d - b.d);
  let best: { hit: Intersection; partId: string } | null = null;
  const hits: Intersection[] = [];
  for (const { p, d } of candidates) {
    // Boxes are entered in order: once a real hit is nearer than this entry, nothing beats it.
    if (best && best.hit.distance < d) break;
    const geometry = input.geometryOf(p.modelId);
    if (!geometry) {
      // Still loading: the stand-in box is what is on screen.
      if (!best || d < best.hit.distance) {
        best = {
          hit: { distance: d, point: ray.at(d, new Vector3()), object: probe } as Intersection,
          partId: p.partId,
        };
      }
      continue;
    }
    probe.geometry = geometry;
    poseMatrix(p, matrix.elements);
    probe.matrixWorld.copy(matrix);
    hits.length = 0;
    probe.raycast(raycaster, hits);
    for (const h of hits)
      if (!best || h.distance < best.hit.distance) best = { hit: h, partId: p.partId };
  }
  return best ? { partId: best.partId, z: Math.max(0, best.hit.point.z) } : null;
}
