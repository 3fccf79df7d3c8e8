import { formatMm } from './polygon';
import { type Problem, type ProblemItem } from './problem';
import { type NestPlacement, type NestResult, type NestUnplaced } from './types';
import { type World, type WorldSnapshot } from './world';

export type StopCheck = () => boolean;

export interface SolvedPlate {
  plate: number;
  world: World;
}

/** What every strategy hands back before it becomes a NestResult. */
export interface Solution {
  plates: SolvedPlate[];
  stripLength: number | undefined;
  work: number;
  cancelled: boolean;
  /** Strip mode: every improvement of the best layout (time on the run's clock), oldest first. */
  history?: { t: number; len: number; snap: WorldSnapshot }[];
}

export function toResult(
  p: Problem,
  sol: Solution,
  timing: { timeMs: number; firstAnswerMs: number },
): NestResult {
  const placements: NestPlacement[] = [];
  const placed = new Set<number>();
  const plateArea = new Map<number, number>();
  const addArea = (plate: number, a: number) =>
    plateArea.set(plate, (plateArea.get(plate) ?? 0) + a);
  for (const { plate, world } of sol.plates) {
    for (const i of world.list) {
      const it = p.items[i] as ProblemItem;
      const s = world.shp[i];
      if (!s) continue;
      placements.push({
        id: it.id,
        x: world.x[i] as number,
        y: world.y[i] as number,
        rotationDeg: s.rotDeg,
        plate,
        fixed: false,
      });
      placed.add(i);
      addArea(plate, it.trueArea);
    }
  }
  for (const it of p.items) {
    if (!it.fixed) continue;
    if (p.mode !== 'plates' && it.fixed.plate !== 0) continue;
    placements.push({
      id: it.id,
      x: it.fixed.x,
      y: it.fixed.y,
      rotationDeg: it.fixed.rotationDeg,
      plate: it.fixed.plate,
      fixed: true,
    });
    placed.add(it.index);
    addArea(it.fixed.plate, it.trueArea);
  }
  const unplaced: NestUnplaced[] = [];
  for (const it of p.items) {
    if (placed.has(it.index)) continue;
    if (it.fixed) {
      unplaced.push({
        id: it.id,
        code: 'fixed-invalid',
        reason: `locked on plate ${it.fixed.plate + 1}, which this mode does not use`,
      });
    } else if (it.impossible) {
      unplaced.push({ id: it.id, code: it.impossible.code, reason: it.impossible.reason });
    } else if (sol.cancelled && p.mode !== 'fill') {
      unplaced.push({
        id: it.id,
        code: 'cancelled',
        reason: 'the run was cancelled before this part was placed',
      });
    } else {
      unplaced.push({
        id: it.id,
        code: 'no-space',
        reason: it.mustPlace
          ? 'must be on this plate, but no room is left for it (the plate is full)'
          : 'no room left on the plate',
      });
    }
  }
  // Plates that actually carry parts.
  const used = [...plateArea.keys()].sort((a, b) => a - b);
  const plateCount =
    p.mode === 'plates' ? (used.length === 0 ? 0 : (used[used.length - 1] as number) + 1) : 1;
  const plateDensities: number[] = [];
  for (let k = 0; k < plateCount; k++) plateDensities.push((plateArea.get(k) ?? 0) / p.usableArea);
  const total = [...plateArea.values()].reduce((a, b) => a + b, 0);
  let density: number;
  let stripLength: number | undefined;
  if (p.mode === 'strip') {
    stripLength = sol.stripLength ?? 0;
    density = stripLength > 0 ? total / (stripLength * p.stripHeight) : 0;
  } else {
    density = plateCount > 0 ? total / (plateCount * p.usableArea) : 0;
  }
  const result: NestResult = {
    strategy: p.strategy,
    mode: p.mode,
    placements,
    unplaced,
    density,
    plateCount,
    plateDensities,
    usableBedAreaMm2: p.usableArea,
    timeMs: timing.timeMs,
    firstAnswerMs: timing.firstAnswerMs,
    work: sol.work,
    cancelled: sol.cancelled,
    seed: p.seed,
  };
  if (stripLength !== undefined) result.stripLength = stripLength;
  return result;
}

export function describeStrip(length: number, height: number): string {
  return `${formatMm(length)} × ${formatMm(height)}`;
}
