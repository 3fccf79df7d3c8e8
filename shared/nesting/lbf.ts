/*
 * Constructive placement: left-bottom fill with exact collision tests. For each part, candidate
 * positions (corners next to placed parts, the container corner, and seeded random samples) are
 * tested in every allowed orientation; the feasible candidates with the best objective are then
 * slid left/down (coordinate descent with halving steps) until they touch.
 */
import { type Rng } from './prng';
import { type ProblemItem } from './problem';
import { type OShape } from './shape';
import { type World } from './world';

export interface Pose {
  ori: number;
  x: number;
  y: number;
}

export interface LbfOptions {
  /** Random samples per orientation. */
  samples: number;
  /** Weight of y in the objective (x dominates: pack to the left). */
  yWeight: number;
  /** How many of the best candidates get refined. */
  refine: number;
}

export const DEFAULT_LBF: LbfOptions = { samples: 48, yWeight: 0.1, refine: 2 };

function objective(s: OShape, x: number, y: number, yWeight: number): number {
  return s.maxX + x + yWeight * (s.maxY + y);
}

/** Best feasible pose for item `i`, or null when no candidate was feasible. */
export function findLbfPose(
  world: World,
  item: ProblemItem,
  rng: Rng,
  opts: LbfOptions = DEFAULT_LBF,
): Pose | null {
  const i = item.index;
  const c = world.p.clearPP;
  const oris = item.group.orientations;
  // Sampling window: the container, limited on the right to just past the current pile (strip).
  let xMax = world.cx1;
  if (!Number.isFinite(xMax)) {
    xMax = world.usedMaxX() + item.group.diameter + c;
    xMax = Math.max(xMax, world.cx0 + item.group.diameter);
  }
  // Generate all candidates first, then test them in objective order: the first feasible ones
  // are the best, so most candidates are never tested while the plate has room.
  const gen: { v: number; ori: number; x: number; y: number }[] = [];
  const add = (ori: number, s: OShape, x: number, y: number) => {
    gen.push({ v: objective(s, x, y, opts.yWeight), ori, x, y });
  };
  for (let ori = 0; ori < oris.length; ori++) {
    const s = oris[ori] as OShape;
    const x0 = world.cx0 - s.minX;
    const x1 = xMax - s.maxX;
    const y0 = world.cy0 - s.minY;
    const y1 = world.cy1 - s.maxY;
    if (x1 < x0 - world.slack || y1 < y0 - world.slack) continue;
    add(ori, s, x0, y0);
    // Next to every placed part: right of it, and above it.
    for (const j of world.list) {
      const rx = (world.bx1[j] as number) + c - s.minX;
      const ry = (world.by0[j] as number) - s.minY;
      if (rx <= x1) {
        if (ry >= y0 && ry <= y1) add(ori, s, rx, ry);
        add(ori, s, rx, y0);
      }
      const ux = (world.bx0[j] as number) - s.minX;
      const uy = (world.by1[j] as number) + c - s.minY;
      if (uy <= y1) {
        if (ux >= x0 && ux <= x1) add(ori, s, ux, uy);
        add(ori, s, x0, uy);
      }
    }
    for (let k = 0; k < opts.samples; k++)
      add(ori, s, rng.range(x0, Math.max(x0, x1)), rng.range(y0, Math.max(y0, y1)));
  }
  gen.sort((a, b) => a.v - b.v);
  const keep = Math.max(1, opts.refine);
  const cands: { v: number; ori: number; x: number; y: number }[] = [];
  for (const g of gen) {
    if (world.feasible(oris[g.ori] as OShape, g.x, g.y, i)) {
      cands.push(g);
      if (cands.length >= keep) break;
    }
  }
  if (cands.length === 0) return null;
  let best: Pose | null = null;
  let bestV = Infinity;
  for (const cd of cands) {
    const s = oris[cd.ori] as OShape;
    const r = slide(world, i, s, cd.x, cd.y, opts.yWeight);
    const v = objective(s, r.x, r.y, opts.yWeight);
    if (v < bestV) {
      bestV = v;
      best = { ori: cd.ori, x: r.x, y: r.y };
    }
  }
  return best;
}

const DIRS: readonly (readonly [number, number])[] = [
  [-1, 0],
  [0, -1],
  [-1, -1],
  [-1, 1],
  [1, -1],
];

/** Coordinate descent on the objective, staying feasible. */
export function slide(
  world: World,
  i: number,
  s: OShape,
  x: number,
  y: number,
  yWeight: number,
): { x: number; y: number } {
  const size = Math.max(s.width, s.height);
  let step = Math.max(s.width, s.height) / 4;
  const minStep = Math.max(size * 1e-4, world.p.scale * 1e-7);
  let v = objective(s, x, y, yWeight);
  while (step >= minStep) {
    let moved = false;
    for (const [dx, dy] of DIRS) {
      const nx = x + dx * step;
      const ny = y + dy * step;
      const nv = objective(s, nx, ny, yWeight);
      if (nv >= v) continue;
      if (!world.feasible(s, nx, ny, i)) continue;
      x = nx;
      y = ny;
      v = nv;
      moved = true;
      break;
    }
    if (!moved) step /= 2;
  }
  return { x, y };
}
