import type { Point2 } from '../../../shared/domain/common';
import type { NestPose } from '../../../shared/nesting/types';

/**
 * The placement rule shared with the nesting engine and the validator (NestPose): the footprint
 * (and the mesh, which lives in the same frame) is rotated by `rotationDeg` counter-clockwise about
 * its own origin, then translated by (x, y). Everything that draws or tests a part goes through
 * these functions so the 3D view and the validator can never disagree.
 */

export interface Bounds2 {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Normalised to [0, 360). */
export function normaliseDeg(deg: number): number {
  const d = deg % 360;
  const n = d < 0 ? d + 360 : d;
  // Rounding noise from repeated steps (89.99999…) must not become a new angle.
  const r = Math.round(n * 1e6) / 1e6;
  return r >= 360 ? 0 : r;
}

/** cos/sin with exact values at the quarter turns the nesting engine uses most. */
export function cosSin(deg: number): [number, number] {
  const d = normaliseDeg(deg);
  if (d === 0) return [1, 0];
  if (d === 90) return [0, 1];
  if (d === 180) return [-1, 0];
  if (d === 270) return [0, -1];
  const r = (d * Math.PI) / 180;
  return [Math.cos(r), Math.sin(r)];
}

/** Footprint frame → bed frame. */
export function toBed(pose: NestPose, p: Point2): Point2 {
  const [c, s] = cosSin(pose.rotationDeg);
  return { x: c * p.x - s * p.y + pose.x, y: s * p.x + c * p.y + pose.y };
}

/** Bed frame → footprint frame (the inverse of toBed). */
export function toFootprint(pose: NestPose, p: Point2): Point2 {
  const [c, s] = cosSin(pose.rotationDeg);
  const dx = p.x - pose.x;
  const dy = p.y - pose.y;
  return { x: c * dx + s * dy, y: -s * dx + c * dy };
}

/**
 * The instance matrix of a placed part, column-major (three.js Matrix4.elements / setMatrixAt):
 * T(x, y, 0) · Rz(rotationDeg). Writes into `out` (16 numbers at `offset`) to avoid allocation
 * while dragging.
 */
export function poseMatrix(
  pose: NestPose,
  out: Float32Array | number[] = new Array<number>(16).fill(0),
  offset = 0,
): Float32Array | number[] {
  const [c, s] = cosSin(pose.rotationDeg);
  out[offset + 0] = c;
  out[offset + 1] = s;
  out[offset + 2] = 0;
  out[offset + 3] = 0;
  out[offset + 4] = -s;
  out[offset + 5] = c;
  out[offset + 6] = 0;
  out[offset + 7] = 0;
  out[offset + 8] = 0;
  out[offset + 9] = 0;
  out[offset + 10] = 1;
  out[offset + 11] = 0;
  out[offset + 12] = pose.x;
  out[offset + 13] = pose.y;
  out[offset + 14] = 0;
  out[offset + 15] = 1;
  return out;
}

/** The pose a column-major instance matrix stands for (inverse of poseMatrix). */
export function poseFromMatrix(m: ArrayLike<number>, offset = 0): NestPose {
  const c = m[offset + 0] as number;
  const s = m[offset + 1] as number;
  const deg = normaliseDeg((Math.atan2(s, c) * 180) / Math.PI);
  return { x: m[offset + 12] as number, y: m[offset + 13] as number, rotationDeg: deg };
}

export function boundsOf(points: Iterable<Point2>): Bounds2 {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    if (p.x < minX) minX = p.x;
    if (p.x > maxX) maxX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.y > maxY) maxY = p.y;
  }
  return { minX, minY, maxX, maxY };
}

/** Bounds of footprint rings placed with `pose`. */
export function placedBounds(rings: readonly (readonly Point2[])[], pose: NestPose): Bounds2 {
  const [c, s] = cosSin(pose.rotationDeg);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of rings) {
    for (const p of r) {
      const x = c * p.x - s * p.y + pose.x;
      const y = s * p.x + c * p.y + pose.y;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return { minX, minY, maxX, maxY };
}

export const centreOf = (b: Bounds2): Point2 => ({
  x: (b.minX + b.maxX) / 2,
  y: (b.minY + b.maxY) / 2,
});

/** Millimetre values keep 3 decimals: enough for 0.1 mm snapping, free of float noise. */
export const roundMm = (v: number): number => Math.round(v * 1000) / 1000 || 0;

/**
 * Turns a part by `deltaDeg` about a point of its footprint (its centre, so it spins in place
 * instead of swinging about the footprint origin): the point keeps its position on the bed.
 */
export function rotateAbout(pose: NestPose, localPivot: Point2, deltaDeg: number): NestPose {
  const before = toBed(pose, localPivot);
  const rotationDeg = normaliseDeg(pose.rotationDeg + deltaDeg);
  const turned = toBed({ x: 0, y: 0, rotationDeg }, localPivot);
  return { x: roundMm(before.x - turned.x), y: roundMm(before.y - turned.y), rotationDeg };
}
