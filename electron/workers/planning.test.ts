import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import example from '../../resources/scenarios/example.json';
import {
  buildContext,
  plan,
  randomScenario,
  type ScenarioInput,
  scenarioToInput,
  validatePlan,
} from '../../shared/planning';
import { type PlanRequest, type WorkerOut, type WorkerPlanOptions } from '../core/planner/protocol';

const WORKER = resolve(__dirname, '..', '..', 'dist', 'workers', 'planning.cjs');

/** Runs one request on the bundled worker; `cancelAfter` cancels after that many progress messages. */
function runWorker(
  input: unknown,
  options: WorkerPlanOptions,
  cancelAfter?: number,
): Promise<WorkerOut[]> {
  return new Promise((done, fail) => {
    const worker = new Worker(WORKER);
    const cancel = new SharedArrayBuffer(4);
    const seen: WorkerOut[] = [];
    worker.on('message', (m: WorkerOut) => {
      seen.push(m);
      if (m.type === 'progress' && cancelAfter !== undefined && seen.length >= cancelAfter) {
        Atomics.store(new Int32Array(cancel), 0, 1);
      }
      if (m.type !== 'progress') {
        void worker.terminate();
        done(seen);
      }
    });
    worker.on('error', fail);
    const req: PlanRequest = { type: 'plan', requestId: 'r1', input, options, cancel };
    worker.postMessage(req);
  });
}

describe('planning worker', () => {
  const input = scenarioToInput(example as unknown as ScenarioInput);

  it('reports progress and returns the same plan as an in-process run', async () => {
    const out = await runWorker(input, { mip: false, seed: 3 });
    expect(out.some((m) => m.type === 'progress')).toBe(true);
    const last = out[out.length - 1];
    expect(last?.type).toBe('result');
    if (last?.type !== 'result') return;
    expect(last.result.plan).toEqual(plan(input, { seed: 3 }).plan);
  });

  it('runs the MIP phase with HiGHS loaded inside the worker', async () => {
    const out = await runWorker(input, { seed: 3, timeLimitSec: 20 });
    const last = out[out.length - 1];
    expect(last?.type).toBe('result');
    if (last?.type !== 'result') return;
    expect(last.result.run.mip?.batches).toBeGreaterThan(0);
    expect(validatePlan(buildContext(input), last.result.plan)).toEqual([]);
  });

  it('can be cancelled while it runs', async () => {
    const big = scenarioToInput(
      randomScenario(42, {
        printers: 20,
        parts: 2000,
        orders: 400,
        models: 150,
        horizonDays: 14,
        awkward: false,
      }),
    );
    const out = await runWorker(big, { mip: false }, 1);
    expect(out[out.length - 1]?.type).toBe('cancelled');
  });

  it('rejects invalid input with a readable error', async () => {
    const out = await runWorker({ start: 'yesterday' }, { mip: false });
    const last = out[out.length - 1];
    expect(last?.type).toBe('error');
    if (last?.type === 'error') expect(last.message).toMatch(/invalid planning input/);
  });
});
