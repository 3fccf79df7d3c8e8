import { describe, expect, it } from 'vitest';
import example from '../../../resources/scenarios/example.json';
import { randomScenario, type ScenarioInput, scenarioToInput } from '../../../shared/planning';
import { EventBus } from '../event-bus';
import { PlannerHost, PlanRunCancelled } from './index';

describe('PlannerHost', () => {
  it('runs a plan in a worker, reporting progress on the bus', async () => {
    const bus = new EventBus();
    const events: unknown[] = [];
    bus.subscribe((name, payload) => {
      if (name === 'progress') events.push(payload);
    });
    const host = new PlannerHost({ bus });
    const run = host.start(scenarioToInput(example as unknown as ScenarioInput), { mip: false });
    const local: unknown[] = [];
    run.onProgress((p) => local.push(p));
    const result = await run.result;
    expect(result.kpis.partsPlanned).toBe(40);
    expect(local.length).toBeGreaterThan(0);
    expect(events[0]).toMatchObject({ taskId: run.id, kind: 'planning', state: 'running' });
    expect(events[events.length - 1]).toMatchObject({ taskId: run.id, state: 'done' });
    expect(host.active).toEqual([]);
  });

  it('cancels a run', async () => {
    const host = new PlannerHost();
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
    const run = host.start(big, { mip: false });
    const first = new Promise<void>((r) => run.onProgress(() => r()));
    await first;
    run.cancel();
    await expect(run.result).rejects.toBeInstanceOf(PlanRunCancelled);
  });
});
