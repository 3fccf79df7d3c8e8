import type { Polygon } from '../../../shared/domain/common';
import type { Placement } from '../../../shared/domain/plan';
import type { NestBed } from '../../../shared/nesting/types';
import { checkPlacements, type RawCheck } from './plate-validation';

/**
 * Whole-plate validation off the UI thread. On a crowded plate the validator's exact spacing
 * test takes hundreds of milliseconds (300 parts at 6 mm: ~0.7 s here); the view keeps
 * responding meanwhile and words the verdict when it arrives.
 */

export interface CheckRequest {
  id: number;
  bed: NestBed;
  spacingMm: number;
  placements: Placement[];
  footprints: [string, Polygon[]][];
}

export type CheckReply =
  { id: number; ok: true; raw: RawCheck } | { id: number; ok: false; message: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<CheckRequest>) => void) | null;
  postMessage(message: CheckReply): void;
};

scope.onmessage = (e) => {
  const { id, bed, spacingMm, placements, footprints } = e.data;
  try {
    const raw = checkPlacements(placements, { bed, spacingMm, footprints: new Map(footprints) });
    scope.postMessage({ id, ok: true, raw });
  } catch (err) {
    scope.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
};
