import type { Point2, Polygon } from '../../../shared/domain/common';
import type { Placement } from '../../../shared/domain/plan';

/** Plate facts for the side panel: density, material, the parts list. */

export function ringArea(ring: readonly Point2[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j] as Point2;
    const b = ring[i] as Point2;
    s += a.x * b.y - b.x * a.y;
  }
  return s / 2;
}

/** The area nesting may use: the bed minus its exclusion zones (assumed inside the bed). */
export function usableBedArea(outline: Polygon, exclusionZones: readonly Polygon[]): number {
  const bed = Math.abs(ringArea(outline));
  const zones = exclusionZones.reduce((a, z) => a + Math.abs(ringArea(z)), 0);
  return Math.max(0, bed - zones);
}

/** Σ footprint area / usable bed area, the figure the nesting engine reports too. */
export function plateDensity(
  placements: readonly Pick<Placement, 'modelId'>[],
  footprintArea: (modelId: string) => number,
  bedAreaMm2: number,
): number {
  if (!(bedAreaMm2 > 0)) return 0;
  let sum = 0;
  for (const p of placements) sum += footprintArea(p.modelId);
  return sum / bedAreaMm2;
}

/** g/cm³ of common filaments (manufacturers' datasheets round to these). */
const DENSITIES: [RegExp, number][] = [
  [/petg|pet-g|\bpet\b/i, 1.27],
  [/\bpla\b|^pla/i, 1.24],
  [/asa/i, 1.07],
  [/abs/i, 1.04],
  [/tpu|flex/i, 1.21],
  [/\bpc\b|polycarbonate/i, 1.2],
  [/\bpa\b|nylon|pa6|pa12/i, 1.14],
  [/hips/i, 1.04],
  [/\bpp\b|polypropylene/i, 0.9],
];

export const DEFAULT_DENSITY_G_CM3 = 1.24;

/** Density for a material name ("PLA", "PETG", "Prusament PETG"); PLA when unknown. */
export function materialDensity(material: string): { density: number; known: boolean } {
  for (const [re, d] of DENSITIES) if (re.test(material)) return { density: d, known: true };
  return { density: DEFAULT_DENSITY_G_CM3, known: false };
}

export interface MaterialEstimate {
  /** Grams if printed solid: volume × density, the upper bound. */
  solidGrams: number;
  /** Grams with walls solid and the rest at the profile's infill. */
  printedGrams: number;
}

/**
 * Filament use of one part: walls (surface × wall thickness, capped at the whole volume) are
 * solid, the inside is filled at `infillPercent`. Close to slicer figures for ordinary parts and
 * never above the solid mass.
 */
export function estimateMaterial(
  part: { volumeMm3: number; areaMm2: number },
  densityGPerCm3: number,
  infillPercent: number,
  wallMm = 0.9,
): MaterialEstimate {
  const volume = Math.max(0, part.volumeMm3);
  const shell = Math.min(volume, Math.max(0, part.areaMm2) * wallMm);
  const infill = Math.min(100, Math.max(0, infillPercent)) / 100;
  const printedMm3 = shell + (volume - shell) * infill;
  return {
    solidGrams: (volume / 1000) * densityGPerCm3,
    printedGrams: (printedMm3 / 1000) * densityGPerCm3,
  };
}

export interface PartInfo {
  modelId: string;
  modelName: string;
  orderReference: string;
  copy: number;
}

export interface PartListRow {
  modelId: string;
  modelName: string;
  count: number;
  partIds: string[];
  /** Order references, in first-seen order, without repeats. */
  orders: string[];
}

/** The plate's parts grouped by model ("fs-lever × 6 · FL-1002"), most numerous first. */
export function partList(
  placements: readonly Pick<Placement, 'partId' | 'modelId'>[],
  info: (partId: string) => PartInfo | undefined,
  modelName: (modelId: string) => string,
): PartListRow[] {
  const rows = new Map<string, PartListRow>();
  for (const p of placements) {
    let row = rows.get(p.modelId);
    if (!row) {
      row = {
        modelId: p.modelId,
        modelName: modelName(p.modelId),
        count: 0,
        partIds: [],
        orders: [],
      };
      rows.set(p.modelId, row);
    }
    row.count++;
    row.partIds.push(p.partId);
    const ref = info(p.partId)?.orderReference;
    if (ref && !row.orders.includes(ref)) row.orders.push(ref);
  }
  return [...rows.values()].sort(
    (a, b) => b.count - a.count || a.modelName.localeCompare(b.modelName),
  );
}

/** "fs-lever #3 · FL-1002": how a technician names a part. */
export function partLabel(partId: string, info: PartInfo | undefined): string {
  if (!info) return `part ${partId.slice(0, 8)}`;
  return `${info.modelName} #${info.copy}${info.orderReference ? ` · ${info.orderReference}` : ''}`;
}
