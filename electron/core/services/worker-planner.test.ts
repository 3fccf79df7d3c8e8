import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarioToInput } from '../../../shared/planning';
import { EventBus } from '../event-bus';
import { TaskRegistry } from '../tasks';
import { createInProcessPlanner } from './in-process-planner';
import { createWorkerPlanner } from './worker-planner';

const example = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', 'resources', 'scenarios', 'example.json'), 'utf8'),
) as unknown;

const worker = createWorkerPlanner();
const inProcess = createInProcessPlanner();
afterAll(() => worker.close());

describe('the studio’s planner', () => {
  it('produces, through the worker, the plan `plateshift plan` prints for the same scenario', async () => {
    const input = scenarioToInput(example as never);
    const tasks = new TaskRegistry(new EventBus());
    const progress: number[] = [];
    const options = { strategy: 'plateshift' as const, seed: 7, timeLimitSeconds: 20 };
    const viaWorker = await tasks.run({ kind: 'plan', label: 'w' }, (t) =>
      worker.propose(input, options, {
        ...t,
        progress: (done, total) => progress.push(done / Math.max(total, 1)),
      }),
    );
    const direct = await tasks.run({ kind: 'plan', label: 'd' }, (t) =>
      inProcess.propose(input, options, t),
    );
    const shape = (p: typeof viaWorker) =>
      p.plan.jobs.map((j) => ({
        printer: j.printerId,
        start: j.start,
        end: j.end,
        parts: j.placements.length,
      }));
    expect(viaWorker.plan.jobs.length).toBeGreaterThan(0);
    expect(shape(viaWorker)).toEqual(shape(direct));
    expect(viaWorker.plan.kpis).toEqual(direct.plan.kpis);
    expect(progress.length).toBeGreaterThan(0);
  });

  it('stops a run when its task is cancelled', async () => {
    const input = scenarioToInput(example as never);
    const tasks = new TaskRegistry(new EventBus());
    const run = tasks.run({ id: 'cancel-me', kind: 'plan', label: 'c' }, (t) =>
      worker.propose(input, { strategy: 'ffdh-ga', seed: 1, timeLimitSeconds: 60 }, t),
    );
    tasks.cancel('cancel-me');
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
  });
});
