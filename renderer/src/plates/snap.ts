/** Drag snapping: whole millimetres, or tenths while Alt is held (fine positioning). */
export const SNAP_MM = 1;
export const FINE_SNAP_MM = 0.1;

export function snapStep(fine: boolean): number {
  return fine ? FINE_SNAP_MM : SNAP_MM;
}

/** Nearest multiple of `step`, without float noise (0.30000000000000004 → 0.3). */
export function snapValue(value: number, step: number): number {
  if (!(step > 0)) return value;
  const k = Math.round(value / step);
  const decimals = Math.max(0, Math.ceil(-Math.log10(step)) + 1);
  return Number((k * step).toFixed(decimals)) || 0;
}

/**
 * How far to move a dragged selection: the grabbed part's new position is snapped, and the
 * same delta moves every selected part, so a multi-selection keeps its own arrangement.
 */
export function snappedDelta(
  anchor: { x: number; y: number },
  raw: { dx: number; dy: number },
  step: number,
): { dx: number; dy: number } {
  const x = snapValue(anchor.x + raw.dx, step);
  const y = snapValue(anchor.y + raw.dy, step);
  // Unrounded: callers round the resulting positions (roundMm), which lands exactly on the grid.
  return { dx: x - anchor.x, dy: y - anchor.y };
}

/** The rotation steps a site allows: 90 → [0, 90, 180, 270]; 360 → [0]. */
export function rotationSteps(stepDeg: number): number[] {
  const step = Math.round(stepDeg);
  if (!(step > 0) || step >= 360) return [0];
  const out: number[] = [];
  for (let a = 0; a < 360; a += step) out.push(a);
  return out;
}
