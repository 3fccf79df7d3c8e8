import { ApiError } from '../../../shared/api';
import type { PlanDiff } from '../../../shared/api/channels/plans';
import type { Job, Placement, Plan, PlanKpis } from '../../../shared/domain';
import {
  nest,
  type NestPart,
  type NestProgress,
  type NestRequest,
  type NestResult,
} from '../../../shared/nesting';
import type { PlanningInputRaw, StrategyName } from '../../../shared/planning';
import type { Db } from '../storage/database';
import { getModel } from '../storage/repositories/models';
import { getPrinter } from '../storage/repositories/printers';
import { getSettings } from '../storage/repositories/settings';
import type { TaskHandle } from '../tasks';

export interface ProposeOptions {
  strategy: StrategyName;
  seed: number;
  timeLimitSeconds: number;
}

export interface Proposal {
  plan: Plan;
  diff: PlanDiff | null;
  kpisBefore: PlanKpis | null;
}

/** Runs the planner and the nesting engine for the core (in workers where they exist). */
export interface PlannerService {
  propose(input: PlanningInputRaw, options: ProposeOptions, task: TaskHandle): Promise<Proposal>;
  renest(job: Job, db: Db, task: TaskHandle): Promise<Placement[]>;
  close(): void;
}

/** The nesting request for one job's plate: its printer's bed, its parts, hand-placed ones fixed. */
export function renestRequestParts(
  job: Job,
  db: Db,
): { parts: NestPart[]; byPart: Map<string, string> } {
  const byPart = new Map<string, string>();
  const parts: NestPart[] = job.placements.map((p) => {
    const model = getModel(db, p.modelId);
    const outline = model.facts?.footprintOutline?.length ? model.facts.footprintOutline : null;
    const hull = model.facts?.footprintHull ?? null;
    const footprint = outline ?? hull;
    if (!footprint) {
      throw new ApiError(
        'validation',
        `“${model.name}” has no footprint yet; wait for its analysis.`,
      );
    }
    byPart.set(p.partId, p.modelId);
    return {
      id: p.partId,
      footprint,
      ...(hull ? { hull } : {}),
      ...(p.fixed ? { fixed: { x: p.x, y: p.y, rotationDeg: p.rotationDeg } } : {}),
      mustPlace: true,
    };
  });
  return { parts, byPart };
}

/** Runs one nesting request (in this thread, or in the nesting worker for the hosts). */
export type NestRunner = (
  request: NestRequest,
  options: { signal: AbortSignal; onProgress: (p: NestProgress) => void },
) => Promise<NestResult>;

/** In this thread: for the CLI and tests, where nothing else waits on the thread. */
export const nestInProcess: NestRunner = (request, options) =>
  Promise.resolve(nest(request, options));

/** Re-arranges one plate with the nesting engine; every part must stay on the plate. */
export async function renestPlate(
  job: Job,
  db: Db,
  task: TaskHandle,
  run: NestRunner = nestInProcess,
): Promise<Placement[]> {
  const printer = getPrinter(db, job.printerId);
  const settings = getSettings(db);
  const { parts, byPart } = renestRequestParts(job, db);
  const result = await run(
    {
      bed: { outline: printer.bed, exclusionZones: printer.exclusionZones },
      parts,
      mode: 'fill',
      strategy: 'plateshift',
      spacingMm: settings.partSpacingMm,
      rotations: settings.rotationStepDeg,
      timeLimitMs: 1500,
      seed: 1,
    },
    {
      signal: task.signal,
      onProgress: (p) => task.progress(p.placed, p.total, `${Math.round(p.density * 100)} % dense`),
    },
  );
  if (task.signal.aborted) throw new ApiError('cancelled', 'Re-nesting was cancelled.');
  if (result.unplaced.length > 0) {
    const first = result.unplaced[0];
    throw new ApiError(
      'conflict',
      `Re-nesting cannot keep all ${parts.length} parts on this plate: ${first?.reason ?? 'no space'}. Drop a part back to the queue first.`,
      { unplaced: result.unplaced.length },
    );
  }
  return result.placements.map((p) => ({
    partId: p.id,
    modelId: byPart.get(p.id) as string,
    x: p.x,
    y: p.y,
    rotationDeg: p.rotationDeg,
    fixed: p.fixed,
  }));
}
