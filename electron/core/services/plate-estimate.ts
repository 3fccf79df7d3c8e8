import type { Job, Placement } from '../../../shared/domain';
import { estimatePlate, planModelFromModel, type PlateEstimate } from '../../../shared/planning';
import type { PlanModel } from '../../../shared/planning';
import type { Db } from '../storage/database';
import { getModel } from '../storage/repositories/models';
import { getPrinter } from '../storage/repositories/printers';
import { getProfile } from '../storage/repositories/profiles';

/**
 * The print time of a job's plate holding `placements`, estimated the way the planner does
 * (same estimator, same models): a plate edited by hand keeps an honest span on the Timeline.
 * Null when something it needs is gone (the job keeps its figure).
 */
export function estimateJobPlate(
  db: Db,
  job: Pick<Job, 'printerId' | 'profileId'>,
  placements: readonly Placement[],
): PlateEstimate | null {
  if (!job.profileId) return null;
  try {
    const profile = getProfile(db, job.profileId);
    const printer = getPrinter(db, job.printerId);
    const models = new Map<string, PlanModel>();
    for (const id of new Set(placements.map((p) => p.modelId))) {
      const m = planModelFromModel(getModel(db, id));
      if (!m) return null;
      models.set(id, m);
    }
    return estimatePlate(placements, models, profile, {
      id: printer.id,
      nozzleMm: printer.nozzleMm,
    });
  } catch {
    return null;
  }
}
