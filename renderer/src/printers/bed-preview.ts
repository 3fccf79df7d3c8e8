import type { Polygon } from '../../../shared/domain/common';

export interface BedPreviewGeometry {
  /** SVG viewBox in bed millimetres, with a margin. */
  viewBox: string;
  bedPath: string;
  zonePaths: string[];
  minX: number;
  minY: number;
  width: number;
  depth: number;
  /** Grid lines (mm) every `step`, inside the bounds. */
  gridX: number[];
  gridY: number[];
}

/**
 * Bed coordinates have their origin at the front-left with y pointing to the back; SVG's y
 * points down. Flipping y (y' = maxY − y) puts the front edge at the bottom of the picture,
 * the way the technician stands in front of the printer.
 */
export function bedPreviewGeometry(bed: Polygon, zones: readonly Polygon[]): BedPreviewGeometry {
  const xs = bed.map((p) => p.x);
  const ys = bed.map((p) => p.y);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  const width = maxX - minX;
  const depth = maxY - minY;
  const margin = Math.max(width, depth) * 0.04;
  const toPath = (poly: Polygon): string =>
    poly
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)} ${round(maxY - p.y + minY)}`)
      .join(' ') + ' Z';
  const step = gridStep(Math.max(width, depth));
  const gridX: number[] = [];
  for (let x = Math.ceil(minX / step) * step; x <= maxX; x += step)
    if (x > minX && x < maxX) gridX.push(x);
  const gridY: number[] = [];
  for (let y = Math.ceil(minY / step) * step; y <= maxY; y += step)
    if (y > minY && y < maxY) gridY.push(y);
  return {
    viewBox: `${round(minX - margin)} ${round(minY - margin)} ${round(width + 2 * margin)} ${round(depth + 2 * margin)}`,
    bedPath: toPath(bed),
    zonePaths: zones.map(toPath),
    minX,
    minY,
    width,
    depth,
    gridX,
    gridY: gridY.map((y) => maxY - y + minY),
  };
}

/** 10, 25, 50 or 100 mm so the preview shows a handful of lines whatever the bed size. */
export function gridStep(extent: number): number {
  for (const step of [10, 25, 50, 100, 250]) if (extent / step <= 8) return step;
  return 500;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
