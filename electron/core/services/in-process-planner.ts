import loadHighs from 'highs';
import { ApiError } from '../../../shared/api';
import {
  createHighsSolver,
  plan,
  PlanningCancelled,
  type MipSolver,
} from '../../../shared/planning';
import type { PlannerService } from './planner-service';
import { renestPlate } from './planner-service';

/**
 * Planner on the calling thread, for the CLI and tests; the hosts use the worker-backed
 * service so a long run never stalls a request.
 */
export function createInProcessPlanner(): PlannerService {
  let solver: Promise<MipSolver> | null = null;
  const getSolver = () => (solver ??= loadHighs().then((h) => createHighsSolver(h)));
  return {
    async propose(input, options, task) {
      try {
        const result = plan(input, {
          strategy: options.strategy,
          seed: options.seed,
          timeLimitSec: options.timeLimitSeconds,
          solver: options.strategy === 'plateshift' ? await getSolver() : null,
          shouldStop: () => task.signal.aborted,
          onProgress: (p) => task.progress(p.done, p.total, p.message),
        });
        return {
          plan: { ...result.plan, kpis: result.kpis },
          diff: result.diff,
          kpisBefore: input.previousPlan?.kpis ?? null,
        };
      } catch (err) {
        if (err instanceof PlanningCancelled)
          throw new ApiError('cancelled', 'Planning was cancelled.');
        throw err;
      }
    },
    renest: renestPlate,
    close() {},
  };
}
