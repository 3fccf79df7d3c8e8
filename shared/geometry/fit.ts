import { type Point2, type Polygon } from '../domain/common';
import { type PrinterFit } from '../domain/model';
import {
  pointInPolygon,
  polygonBounds,
  polygonsOverlap,
  rotatePolygon90,
  segmentsCross,
} from './polygon';

/** What fit needs of a printer (a full shared/domain Printer satisfies it). */
export interface PrinterEnvelope {
  id: string;
  name?: string;
  /** Usable bed outline (mm, CCW, front-left origin). */
  bed: Polygon;
  exclusionZones?: Polygon[];
  maxHeightMm: number;
}

export const FLAT_ROTATIONS = [0, 90, 180, 270] as const;

/** Slack for exporters that land a hair over round sizes (250.0001 mm). */
const FIT_EPS = 1e-3;

function isAxisRectangle(bed: Polygon): boolean {
  if (bed.length !== 4) return false;
  const b = polygonBounds(bed);
  return bed.every(
    (p) =>
      (Math.abs(p.x - b.minX) < 1e-9 || Math.abs(p.x - b.maxX) < 1e-9) &&
      (Math.abs(p.y - b.minY) < 1e-9 || Math.abs(p.y - b.maxY) < 1e-9),
  );
}

/**
 * Which of the four flat rotations (about Z) let the part stand on this printer: the height
 * must not exceed the printer's, and the footprint hull must fit the bed. Rectangular beds
 * without exclusion zones compare extents; other beds try placements on a 1 mm-ish grid.
 */
export function fitRotations(
  hull: readonly Point2[],
  heightMm: number,
  printer: PrinterEnvelope,
): number[] {
  if (heightMm > printer.maxHeightMm + FIT_EPS || hull.length === 0) return [];
  const zones = printer.exclusionZones ?? [];
  const out: number[] = [];
  for (const rot of FLAT_ROTATIONS) {
    const shape = rotatePolygon90(hull, rot);
    if (placeOnBed(shape, printer.bed, zones, isAxisRectangle(printer.bed) && zones.length === 0))
      out.push(rot);
  }
  return out;
}

function placeOnBed(shape: Polygon, bed: Polygon, zones: Polygon[], rectangular: boolean): boolean {
  const s = polygonBounds(shape);
  const b = polygonBounds(bed);
  const w = s.maxX - s.minX;
  const d = s.maxY - s.minY;
  if (w > b.maxX - b.minX + FIT_EPS || d > b.maxY - b.minY + FIT_EPS) return false;
  if (rectangular) return true;
  const freeX = b.maxX - b.minX - w;
  const freeY = b.maxY - b.minY - d;
  const steps = 48;
  for (let iy = 0; iy <= steps; iy++) {
    for (let ix = 0; ix <= steps; ix++) {
      const dx = b.minX - s.minX + (freeX * ix) / steps;
      const dy = b.minY - s.minY + (freeY * iy) / steps;
      const placed = shape.map((p) => ({ x: p.x + dx, y: p.y + dy }));
      if (fitsAt(placed, bed, zones)) return true;
    }
  }
  return false;
}

function fitsAt(placed: Polygon, bed: Polygon, zones: Polygon[]): boolean {
  for (const p of placed) if (!pointInPolygon(p.x, p.y, bed) && !onBoundary(p, bed)) return false;
  for (let i = 0, j = placed.length - 1; i < placed.length; j = i++) {
    for (let k = 0, l = bed.length - 1; k < bed.length; l = k++) {
      if (
        segmentsCross(placed[j] as Point2, placed[i] as Point2, bed[l] as Point2, bed[k] as Point2)
      )
        return false;
    }
  }
  return zones.every((z) => !polygonsOverlap(placed, z));
}

function onBoundary(p: Point2, poly: Polygon): boolean {
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[j] as Point2,
      b = poly[i] as Point2;
    const cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (Math.abs(cross) <= FIT_EPS * len) {
      const dot = (p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y);
      if (dot >= -FIT_EPS && dot <= len * len + FIT_EPS) return true;
    }
  }
  return false;
}

export function fitPrinters(
  hull: readonly Point2[],
  heightMm: number,
  printers: readonly PrinterEnvelope[],
): PrinterFit[] {
  const fits: PrinterFit[] = [];
  for (const p of printers) {
    const rotations = fitRotations(hull, heightMm, p);
    if (rotations.length > 0) fits.push({ printerId: p.id, rotations });
  }
  return fits;
}
