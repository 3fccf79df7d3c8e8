import { type Point2, type Polygon } from '../domain/common';

export type { Point2, Polygon };

/** A footprint: one simple polygon, or several rings (islands; a ring inside another is a hole). */
export type Footprint = Polygon | Polygon[];

/**
 * Which rotations (about Z, degrees, counter-clockwise) a part may take.
 * - a number: every `step` degrees (90 → 0/90/180/270, 15 → 24 angles, 360 or 0 → none);
 * - 'free': every 5° (72 fixed angles). Not continuous: shapes are precomputed per angle and
 *   there is no refinement of the angle between grid steps, so a part that only fits at, say,
 *   37° is placed at 35° or 40° if one of those fits, else reported as too large;
 * - an explicit list of angles.
 */
export type RotationSet = number | 'free' | number[];

export type FootprintMode = 'outline' | 'hull';

export type NestStrategyName = 'ffdh' | 'ffdh-ga' | 'plateshift';
export const NEST_STRATEGIES: readonly NestStrategyName[] = ['ffdh', 'ffdh-ga', 'plateshift'];

/** fill: one plate from a prioritised list · plates: everything on as few plates as possible ·
 * strip: fixed height (the bed's Y extent), minimise the used length along X. */
export type NestMode = 'fill' | 'plates' | 'strip';

export interface NestBed {
  /** Usable bed outline (mm), any orientation; rectangular or not. */
  outline: Polygon;
  /** Areas nothing may touch (purge line, clips). */
  exclusionZones?: Polygon[];
  /** Clearance kept from the bed edge and from exclusion zones (mm). Default 0. */
  edgeMarginMm?: number;
}

/** Where a part sits: its footprint is rotated by `rotationDeg` (CCW, about the footprint's own
 * origin) and then translated by (x, y). The validator and the 3D view use the same rule. */
export interface NestPose {
  x: number;
  y: number;
  rotationDeg: number;
}

export interface NestPart {
  id: string;
  /** The true outline of the footprint (one polygon or several rings). */
  footprint: Footprint;
  /** Optional precomputed convex hull; computed from the footprint when absent. */
  hull?: Polygon;
  /** Per-part override of the request's footprint mode. */
  footprintMode?: FootprintMode;
  /** Per-part override of the request's rotation set. */
  rotations?: RotationSet;
  /** Must be on this plate: placed before any fill part. */
  mustPlace?: boolean;
  /** Locked: stays exactly here (never moves). In plates mode, `plate` says which plate. */
  fixed?: NestPose & { plate?: number };
}

export interface NestOptions {
  strategy?: NestStrategyName;
  mode?: NestMode;
  /** Minimum distance between parts (mm). Default 6 (PrusaSlicer's arrange default). */
  spacingMm?: number;
  footprintMode?: FootprintMode;
  rotations?: RotationSet;
  /** Time budget for the improvement phase (ms). The first valid answer comes before. */
  timeLimitMs?: number;
  /** Optional cap on improvement work (moves evaluated / GA generations): makes a run independent
   * of machine speed, so a seed gives the same answer everywhere. */
  workLimit?: number;
  seed?: number;
  /** Outline simplification tolerance (mm), applied to rings of more than 200 vertices. Clearances
   * grow by it, so the real outline always keeps the requested spacing. Default 0.02 for
   * fill/plates, 0 for strip mode. */
  simplifyToleranceMm?: number;
  /** ffdh / ffdh-ga only: border drawn around each part's bounding box before packing the
   * rectangles edge to edge (seed 003: 2 mm, so parts end up 4 mm apart and 2 mm from the bed
   * edge). Rectangles grow by half the spacing instead when that is more. Default 2 in fill and
   * plates mode, 0 in strip mode (ESICUP coordinates have no unit). */
  ffdhBorderMm?: number;
  /** Strip mode only: the strip height; default the bed's Y extent. */
  stripHeight?: number;
}

export interface NestRequest extends NestOptions {
  bed: NestBed;
  parts: NestPart[];
}

export interface NestPlacement extends NestPose {
  id: string;
  /** 0-based plate index (always 0 in fill and strip mode). */
  plate: number;
  fixed: boolean;
}

export type UnplacedCode =
  'too-large' | 'no-space' | 'fixed-invalid' | 'cancelled' | 'not-attempted';

export interface NestUnplaced {
  id: string;
  code: UnplacedCode;
  /** A sentence a technician understands, e.g. "larger than the bed: 260×30 mm > 250×210 mm". */
  reason: string;
}

export interface NestResult {
  strategy: NestStrategyName;
  mode: NestMode;
  placements: NestPlacement[];
  unplaced: NestUnplaced[];
  /** fill: Σ placed part area / usable bed area · plates: Σ area / (plates × usable area) ·
   * strip: Σ area / (strip length × strip height). */
  density: number;
  plateCount: number;
  /** Per plate density (fill/plates). */
  plateDensities: number[];
  /** Strip mode: used length along X. */
  stripLength?: number;
  usableBedAreaMm2: number;
  timeMs: number;
  /** Milliseconds until the first valid answer existed. */
  firstAnswerMs: number;
  /** Improvement work done (moves or generations); with `workLimit` the run is reproducible. */
  work: number;
  cancelled: boolean;
  seed: number;
  /** The best layout at each of `NestRunControl.checkpointsMs` (strip mode, `plateshift`). */
  checkpoints?: NestCheckpoint[];
}

/** Best-so-far layout of an anytime run at a point of its budget. */
export interface NestCheckpoint {
  /** The checkpoint asked for (ms on the run's clock). */
  atMs: number;
  /** Pose evaluations done by then. */
  work: number;
  /** When (ms on the run's clock) the layout held at the checkpoint was found. */
  foundAtMs: number;
  density: number;
  stripLength?: number;
  placements: NestPlacement[];
}

export interface NestProgress {
  phase: 'construct' | 'improve' | 'done';
  elapsedMs: number;
  placed: number;
  total: number;
  density: number;
  stripLength?: number;
  plates?: number;
}

export interface NestRunControl {
  /** Checked often; returning true makes the run return its best result so far. */
  shouldStop?: () => boolean;
  signal?: { readonly aborted: boolean };
  onProgress?: (p: NestProgress) => void;
  /** Injected clock (ms); defaults to performance.now / Date.now. */
  now?: () => number;
  /** Strip mode (`plateshift`): also return the best layout found by each of these times (ms on
   * the same clock), so one long run answers every shorter budget and a longer budget can never
   * score below a shorter one. Checkpoints past the end of the run get the final layout. */
  checkpointsMs?: number[];
}

/** Invalid input: a message a technician can act on (which part, what is wrong). */
export class NestInputError extends Error {
  readonly partId: string | undefined;

  constructor(message: string, partId?: string) {
    super(message);
    this.name = 'NestInputError';
    this.partId = partId;
  }
}
