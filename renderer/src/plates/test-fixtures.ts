import type { Polygon } from '../../../shared/domain/common';
import type { Placement } from '../../../shared/domain/plan';
import type { PlateContext } from './plate-validation';

/** Small shared fixtures for the plate tests (no DOM, no host). */

export const rect = (w: number, d: number, x0 = 0, y0 = 0): Polygon => [
  { x: x0, y: y0 },
  { x: x0 + w, y: y0 },
  { x: x0 + w, y: y0 + d },
  { x: x0, y: y0 + d },
];

/** An L-shaped footprint 30×30 with the top-right 20×20 cut away. */
export const lShape: Polygon = [
  { x: 0, y: 0 },
  { x: 30, y: 0 },
  { x: 30, y: 10 },
  { x: 10, y: 10 },
  { x: 10, y: 30 },
  { x: 0, y: 30 },
];

export const MODEL_A = 'a'.repeat(64);
export const MODEL_L = 'b'.repeat(64);

export function ctx(overrides: Partial<PlateContext> = {}): PlateContext {
  return {
    bed: { outline: rect(250, 210), exclusionZones: [rect(18, 20, 0, 190)] },
    spacingMm: 6,
    footprints: new Map([
      [MODEL_A, [rect(20, 10)]],
      [MODEL_L, [lShape]],
    ]),
    label: (id) => `part ${id}`,
    ...overrides,
  };
}

export function placed(
  partId: string,
  modelId: string,
  x: number,
  y: number,
  rotationDeg = 0,
): Placement {
  return { partId, modelId, x, y, rotationDeg, fixed: false };
}
