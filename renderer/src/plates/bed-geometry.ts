import type { Point2 } from '../../../shared/domain/common';
import { boundsOf } from './placement-transform';

/**
 * Line work for the bed drawn to scale: a 10 mm grid (every 50 mm stronger) clipped to the bed's
 * real shape, hatching over exclusion zones, the outline and the origin marker. All of it goes
 * into ONE line-segments object so the bed costs a fixed, small number of draw calls.
 */

export type LineKind = 'grid' | 'grid-major' | 'outline' | 'zone' | 'axis-x' | 'axis-y';

export interface LineWork {
  /** xyz per vertex, two vertices per segment. */
  positions: number[];
  /** One kind per segment. */
  kinds: LineKind[];
}

/**
 * The pieces of the infinite line p0 + t·dir lying inside a polygon (even–odd), as parameter
 * intervals sorted by t. Vertices on the line count once (half-open rule), so a grid line through
 * a corner does not flicker in and out.
 */
export function clipLine(polygon: readonly Point2[], p0: Point2, dir: Point2): [number, number][] {
  const nx = -dir.y;
  const ny = dir.x;
  const dd = dir.x * dir.x + dir.y * dir.y;
  const ts: number[] = [];
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[j] as Point2;
    const b = polygon[i] as Point2;
    const sa = nx * (a.x - p0.x) + ny * (a.y - p0.y);
    const sb = nx * (b.x - p0.x) + ny * (b.y - p0.y);
    if (sa > 0 === sb > 0) continue;
    const f = sa / (sa - sb);
    const x = a.x + (b.x - a.x) * f;
    const y = a.y + (b.y - a.y) * f;
    ts.push(((x - p0.x) * dir.x + (y - p0.y) * dir.y) / dd);
  }
  ts.sort((u, v) => u - v);
  const out: [number, number][] = [];
  for (let k = 0; k + 1 < ts.length; k += 2) {
    const t0 = ts[k] as number;
    const t1 = ts[k + 1] as number;
    if (t1 - t0 > 1e-9) out.push([t0, t1]);
  }
  return out;
}

function pushClipped(
  out: LineWork,
  polygon: readonly Point2[],
  p0: Point2,
  dir: Point2,
  kind: LineKind,
  z: number,
): void {
  for (const [t0, t1] of clipLine(polygon, p0, dir)) {
    out.positions.push(p0.x + dir.x * t0, p0.y + dir.y * t0, z);
    out.positions.push(p0.x + dir.x * t1, p0.y + dir.y * t1, z);
    out.kinds.push(kind);
  }
}

export interface BedLineOptions {
  gridMm?: number;
  majorEvery?: number;
  hatchMm?: number;
  axisMm?: number;
  /** Lift above the bed surface so lines never z-fight with it. */
  lift?: number;
}

export function bedLineWork(
  outline: readonly Point2[],
  exclusionZones: readonly (readonly Point2[])[],
  options: BedLineOptions = {},
): LineWork {
  const grid = options.gridMm ?? 10;
  const majorEvery = options.majorEvery ?? 5;
  const hatch = options.hatchMm ?? 4;
  const lift = options.lift ?? 0.05;
  const out: LineWork = { positions: [], kinds: [] };
  const b = boundsOf(outline);
  const eps = 1e-6;
  for (let k = Math.ceil((b.minX + eps) / grid); k * grid < b.maxX - eps; k++) {
    const kind: LineKind = k % majorEvery === 0 ? 'grid-major' : 'grid';
    pushClipped(out, outline, { x: k * grid, y: b.minY }, { x: 0, y: 1 }, kind, lift);
  }
  for (let k = Math.ceil((b.minY + eps) / grid); k * grid < b.maxY - eps; k++) {
    const kind: LineKind = k % majorEvery === 0 ? 'grid-major' : 'grid';
    pushClipped(out, outline, { x: b.minX, y: k * grid }, { x: 1, y: 0 }, kind, lift);
  }
  for (const zone of exclusionZones) {
    const zb = boundsOf(zone);
    // 45° hatching: lines x − y = c, anchored to the bed grid so neighbouring zones line up.
    for (
      let c = Math.floor((zb.minX - zb.maxY) / hatch) * hatch;
      c <= zb.maxX - zb.minY;
      c += hatch
    ) {
      pushClipped(out, zone, { x: c, y: 0 }, { x: 1, y: 1 }, 'zone', lift * 3);
    }
    pushRing(out, zone, 'zone', lift * 3);
  }
  pushRing(out, outline, 'outline', lift * 2);
  const axis = options.axisMm ?? Math.min(30, Math.max(10, (b.maxX - b.minX) / 8));
  const head = axis * 0.18;
  const z = lift * 4;
  const o = { x: 0, y: 0 };
  seg(out, o, { x: axis, y: 0 }, 'axis-x', z);
  seg(out, { x: axis, y: 0 }, { x: axis - head, y: head * 0.5 }, 'axis-x', z);
  seg(out, { x: axis, y: 0 }, { x: axis - head, y: -head * 0.5 }, 'axis-x', z);
  seg(out, o, { x: 0, y: axis }, 'axis-y', z);
  seg(out, { x: 0, y: axis }, { x: head * 0.5, y: axis - head }, 'axis-y', z);
  seg(out, { x: 0, y: axis }, { x: -head * 0.5, y: axis - head }, 'axis-y', z);
  return out;
}

function seg(out: LineWork, a: Point2, b: Point2, kind: LineKind, z: number): void {
  out.positions.push(a.x, a.y, z, b.x, b.y, z);
  out.kinds.push(kind);
}

function pushRing(out: LineWork, ring: readonly Point2[], kind: LineKind, z: number): void {
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    seg(out, ring[j] as Point2, ring[i] as Point2, kind, z);
  }
}
