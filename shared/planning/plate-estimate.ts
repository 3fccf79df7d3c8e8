import type { Profile } from '../domain/profile';
import {
  createVolumetricEstimator,
  estimatePartOf,
  type EstimatePrinter,
  type Estimator,
} from './estimator';
import { EstimatorConfig, type PlanModel } from './input';

export interface PlateEstimate {
  estimateMinutes: number;
  uncertaintyMinutes: number;
}

/**
 * A plate's print time as the planner estimates it (plate overhead + Σ part minutes, and the
 * margin for the uncertain share). Used when a plate is re-arranged by hand or re-nested, so the
 * job's span follows what is on it. Null when a part's model is unknown (keep the old figure).
 */
export function estimatePlate(
  parts: readonly { modelId: string }[],
  models: ReadonlyMap<string, PlanModel>,
  profile: Profile,
  printer: EstimatePrinter,
  estimator: Estimator = createVolumetricEstimator(EstimatorConfig.parse({})),
): PlateEstimate | null {
  let explicit = 0;
  let modelled = 0;
  for (const p of parts) {
    const model = models.get(p.modelId);
    if (!model) return null;
    const e = estimator.part(estimatePartOf(model), profile, printer);
    if (e.source === 'explicit') explicit += e.minutes;
    else modelled += e.minutes;
  }
  const overhead = estimator.plateOverheadMinutes(profile, printer);
  // Minute resolution in seconds, as plans store them.
  const round = (m: number) => Math.round(m * 60) / 60;
  return {
    estimateMinutes: round(Math.max(overhead + explicit + modelled, 1)),
    uncertaintyMinutes: round(estimator.uncertaintyMinutes(explicit, modelled)),
  };
}
