import type { Point2 } from '../../../shared/domain/common';
import type { NestPose } from '../../../shared/nesting/types';
import { toFootprint } from './placement-transform';

/** Hit testing on the bed plane (z = 0, or a parallel plane through a grabbed point). */

export interface Vec3Like {
  x: number;
  y: number;
  z: number;
}

/**
 * Where a ray meets the horizontal plane at height `z`; null when it runs parallel or the plane
 * is behind the ray's origin (looking at the sky).
 */
export function rayToPlaneZ(origin: Vec3Like, dir: Vec3Like, z = 0): Point2 | null {
  if (Math.abs(dir.z) < 1e-12) return null;
  const t = (z - origin.z) / dir.z;
  if (!(t >= 0) || !Number.isFinite(t)) return null;
  return { x: origin.x + t * dir.x, y: origin.y + t * dir.y };
}

/** Even–odd point in rings (outer rings and holes alike). */
export function pointInRings(rings: readonly (readonly Point2[])[], p: Point2): boolean {
  let inside = false;
  for (const r of rings) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const a = r[i] as Point2;
      const b = r[j] as Point2;
      if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) {
        inside = !inside;
      }
    }
  }
  return inside;
}

export interface PickTarget {
  id: string;
  pose: NestPose;
  /** Footprint rings in the part's own frame. */
  rings: readonly (readonly Point2[])[];
}

/**
 * The part whose footprint covers a bed point. Later entries are drawn on top in the 2D views,
 * so they win; the 3D view picks by ray casting against meshes and only falls back to this.
 */
export function pickAt(targets: readonly PickTarget[], p: Point2): string | null {
  for (let i = targets.length - 1; i >= 0; i--) {
    const t = targets[i] as PickTarget;
    if (pointInRings(t.rings, toFootprint(t.pose, p))) return t.id;
  }
  return null;
}

/** Client pixel → normalised device coordinates (-1…1, y up) for a canvas rectangle. */
export function toNdc(
  client: Point2,
  rect: { left: number; top: number; width: number; height: number },
): Point2 {
  return {
    x: ((client.x - rect.left) / rect.width) * 2 - 1,
    y: -((client.y - rect.top) / rect.height) * 2 + 1,
  };
}

/** Normalised device coordinates → client pixel (inverse of toNdc). */
export function fromNdc(
  ndc: Point2,
  rect: { left: number; top: number; width: number; height: number },
): Point2 {
  return {
    x: rect.left + ((ndc.x + 1) / 2) * rect.width,
    y: rect.top + ((1 - ndc.y) / 2) * rect.height,
  };
}
