import { ApiError } from '../../../shared/api';
import { runNestingWorker } from '../../workers/nesting';
import { findWorker, PlannerHost, PlanRunCancelled } from '../planner';
import type { NestRunner, PlannerService } from './planner-service';
import { renestPlate } from './planner-service';

/**
 * The hosts' planner: every run in its own worker thread, so a long MIP never delays a
 * request; progress is forwarded to the task the view follows, cancel terminates the run.
 * Re-nesting a plate (a second or two of CPU) runs in the nesting worker for the same reason.
 */
export function createWorkerPlanner(
  workerPath?: string,
  nestingWorkerPath?: string,
): PlannerService {
  const host = new PlannerHost(workerPath === undefined ? {} : { workerPath });
  const runNest: NestRunner = (request, options) =>
    runNestingWorker(nestingWorkerPath ?? findWorker('nesting'), request, options);
  return {
    async propose(input, options, task) {
      const run = host.start(
        input,
        {
          strategy: options.strategy,
          seed: options.seed,
          timeLimitSec: options.timeLimitSeconds,
          mip: options.strategy === 'plateshift',
          // The same plate checks as `plateshift plan`: rectangles pre-filter candidates, the
          // nesting engine arranges and validates every plate of the plan.
          checker: 'rectangles',
          nesting: true,
        },
        `Planning (${options.strategy})`,
      );
      const stopFollowing = run.onProgress((p) => task.progress(p.done, p.total, p.message));
      const onAbort = () => run.cancel();
      task.signal.addEventListener('abort', onAbort);
      try {
        const result = await run.result;
        return {
          plan: { ...result.plan, kpis: result.kpis },
          diff: result.diff,
          kpisBefore: input.previousPlan?.kpis ?? null,
        };
      } catch (err) {
        if (err instanceof PlanRunCancelled)
          throw new ApiError('cancelled', 'Planning was cancelled.');
        throw err;
      } finally {
        stopFollowing();
        task.signal.removeEventListener('abort', onAbort);
      }
    },
    renest: (job, db, task) => renestPlate(job, db, task, runNest),
    close: () => host.close(),
  };
}
