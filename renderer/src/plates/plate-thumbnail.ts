import type { Point2 } from '../../../shared/domain/common';
import type { NestPose } from '../../../shared/nesting/types';
import { boundsOf, cosSin } from './placement-transform';

/**
 * Mini 2D plates for the plate strip: SVG paths of the bed, its exclusion zones and every part's
 * footprint, seen from above with the origin at the front-left (SVG's y axis points down, so y is
 * flipped). Outlines are thinned to what a 100-pixel thumbnail can show.
 */

export interface ThumbnailPart {
  id: string;
  pose: NestPose;
  rings: readonly (readonly Point2[])[];
  /** Palette slot (per model) for the fill colour. */
  tone: number;
}

export interface Thumbnail {
  viewBox: string;
  bed: string;
  zones: string[];
  parts: { id: string; d: string; tone: number }[];
}

function ringPath(ring: readonly Point2[], map: (p: Point2) => Point2, minStep: number): string {
  let d = '';
  let last: Point2 | null = null;
  let kept = 0;
  for (let i = 0; i < ring.length; i++) {
    const q = map(ring[i] as Point2);
    const isLast = i === ring.length - 1;
    if (last && !isLast && Math.abs(q.x - last.x) < minStep && Math.abs(q.y - last.y) < minStep) {
      continue;
    }
    d += `${kept === 0 ? 'M' : 'L'}${q.x.toFixed(1)} ${q.y.toFixed(1)}`;
    last = q;
    kept++;
  }
  return kept >= 3 ? `${d}Z` : '';
}

export function plateThumbnail(
  bed: readonly Point2[],
  zones: readonly (readonly Point2[])[],
  parts: readonly ThumbnailPart[],
): Thumbnail {
  const b = boundsOf(bed);
  const w = b.maxX - b.minX;
  const h = b.maxY - b.minY;
  const flip = (p: Point2): Point2 => ({ x: p.x - b.minX, y: b.maxY - p.y });
  const minStep = Math.max(w, h) / 150;
  return {
    viewBox: `0 0 ${w.toFixed(1)} ${h.toFixed(1)}`,
    bed: ringPath(bed, flip, 0),
    zones: zones.map((z) => ringPath(z, flip, 0)),
    parts: parts.map((part) => {
      const [c, s] = cosSin(part.pose.rotationDeg);
      const place = (p: Point2) =>
        flip({ x: c * p.x - s * p.y + part.pose.x, y: s * p.x + c * p.y + part.pose.y });
      return {
        id: part.id,
        d: part.rings.map((r) => ringPath(r, place, minStep)).join(''),
        tone: part.tone,
      };
    }),
  };
}
