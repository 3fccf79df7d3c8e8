/**
 * Planning worker (worker_threads): runs shared/planning off the main thread with progress and
 * cancellation. The planner is synchronous, so cancellation cannot arrive as a message while it
 * runs; the host shares an Int32Array flag (SharedArrayBuffer) that the planner polls between
 * decisions and HiGHS polls between branch-and-bound nodes.
 *
 * Protocol (see electron/core/planner/protocol.ts): in { type: 'plan', … } → out 'progress'*,
 * then exactly one of 'result' | 'cancelled' | 'error'.
 */
import { parentPort } from 'node:worker_threads';
import {
  createAreaPlateChecker,
  createHighsSolver,
  createNestingPlateChecker,
  createRectanglePlateChecker,
  type HighsLike,
  type MipSolver,
  plan,
  PlanningCancelled,
  PlanningInput,
} from '../../shared/planning';
import { type PlanRequest, type WorkerOut } from '../core/planner/protocol';

let highs: Promise<HighsLike> | null = null;

/** HiGHS is WASM: load it once per worker, only when a run wants the MIP. */
function loadSolver(): Promise<MipSolver> {
  highs ??= import('highs').then(async (m) => {
    const h: HighsLike = await m.default();
    return h;
  });
  return highs.then((h) => createHighsSolver(h));
}

function post(msg: WorkerOut): void {
  parentPort?.postMessage(msg);
}

async function run(req: PlanRequest): Promise<void> {
  const flag = new Int32Array(req.cancel);
  const shouldStop = () => Atomics.load(flag, 0) === 1;
  const parsed = PlanningInput.safeParse(req.input);
  if (!parsed.success) {
    post({
      type: 'error',
      requestId: req.requestId,
      message: `invalid planning input: ${parsed.error.issues
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .slice(0, 5)
        .join('; ')}`,
    });
    return;
  }
  const o = req.options;
  let lastPost = 0;
  try {
    const solver =
      o.mip === false || (o.strategy ?? 'plateshift') !== 'plateshift' ? null : await loadSolver();
    const checker =
      o.checker === 'nesting'
        ? createNestingPlateChecker({ seed: o.seed ?? 1 })
        : o.checker === 'area'
          ? createAreaPlateChecker()
          : createRectanglePlateChecker();
    const result = plan(parsed.data, {
      ...(o.strategy ? { strategy: o.strategy } : {}),
      seed: o.seed ?? 1,
      solver,
      checker,
      ...(o.timeLimitSec !== undefined ? { timeLimitSec: o.timeLimitSec } : {}),
      ...(o.nesting === false ? { nesting: false as const } : {}),
      ...(o.maxSolves !== undefined ? { maxSolves: o.maxSolves } : {}),
      ...(o.maxPolishChunks !== undefined ? { maxPolishChunks: o.maxPolishChunks } : {}),
      shouldStop,
      onProgress: (p) => {
        const now = Date.now();
        // A run reports hundreds of steps; a dozen messages a second is plenty for a bar.
        if (now - lastPost < 80 && p.phase !== 'finish') return;
        lastPost = now;
        post({ type: 'progress', requestId: req.requestId, progress: p });
      },
    });
    post({ type: 'result', requestId: req.requestId, result });
  } catch (err) {
    if (err instanceof PlanningCancelled || shouldStop()) {
      post({ type: 'cancelled', requestId: req.requestId });
      return;
    }
    post({
      type: 'error',
      requestId: req.requestId,
      message: err instanceof Error ? err.message : String(err),
    });
  }
}

parentPort?.on('message', (msg: PlanRequest) => {
  if (msg?.type === 'plan') void run(msg);
});
