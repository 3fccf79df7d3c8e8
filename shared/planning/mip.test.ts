import loadHighs from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import example from '../../resources/scenarios/example.json';
import { randomScenario } from './fixtures';
import {
  createHighsSolver,
  type MipModel,
  mipObjective,
  mipViolation,
  type MipSolver,
} from './mip';
import { plan } from './planner';
import { buildContext } from './problem';
import { type ScenarioInput, scenarioToInput } from './scenario';
import { validatePlan } from './validate';

// The Node side loads the WASM module and injects it; shared/planning never imports `highs`.
let solver: MipSolver;
beforeAll(async () => {
  const highs = await loadHighs();
  solver = createHighsSolver(highs);
});

/** A counter for the tests: a fixed clock keeps the MIP phase's budget independent of speed. */
function ticks(): () => number {
  let t = 0;
  return () => (t += 1);
}

describe('HiGHS behind the MipSolver interface', () => {
  it('solves a small knapsack and accepts a warm start', () => {
    // max 3a + 2b + 4c s.t. a + b + c ≤ 2 → min −(…)
    const model: MipModel = {
      colCost: [-3, -2, -4],
      colLower: [0, 0, 0],
      colUpper: [1, 1, 1],
      integer: [true, true, true],
      rows: [{ lower: -Infinity, upper: 2, indices: [0, 1, 2], values: [1, 1, 1] }],
    };
    const start = [1, 1, 0];
    expect(mipViolation(model, start)).toBeNull();
    const sol = solver.solve(model, { timeLimitSec: 5, relativeGap: 0, seed: 1, start });
    expect(sol.status).toBe('optimal');
    expect(sol.values).toEqual([1, 0, 1]);
    expect(mipObjective(model, sol.values!)).toBe(-7);
  });

  it('reports infeasibility', () => {
    const model: MipModel = {
      colCost: [1],
      colLower: [0],
      colUpper: [1],
      integer: [true],
      rows: [{ lower: 2, upper: Infinity, indices: [0], values: [1] }],
    };
    expect(solver.solve(model, { timeLimitSec: 5, relativeGap: 0, seed: 1 }).status).toBe(
      'infeasible',
    );
  });
});

describe('plateshift with the MIP phase', () => {
  it('keeps the seed 002 example valid and never worse than the heuristic', () => {
    const input = scenarioToInput(example as unknown as ScenarioInput);
    const r = plan(input, { solver, seed: 3, now: ticks(), timeLimitSec: 1e6, solveCapSec: 120 });
    expect(validatePlan(buildContext(input), r.plan)).toEqual([]);
    expect(r.run.mip?.batches).toBeGreaterThan(0);
    expect(r.run.objective).toBeLessThanOrEqual(r.run.heuristicObjective! + 1e-6);
    expect(r.run.deterministic).toBe(true);
    const lastRemoval = Math.max(
      ...r.plan.jobs.flatMap((j) => j.tasks.map((t) => Date.parse(t.end))),
    );
    expect(lastRemoval).toBeLessThanOrEqual(Date.parse('2024-03-11T07:30:00Z'));
  });

  it('is deterministic for a seed and valid on random scenarios', () => {
    for (const seed of [2, 9]) {
      const input = scenarioToInput(randomScenario(seed));
      const a = plan(input, { solver, seed, now: ticks(), timeLimitSec: 1e6, solveCapSec: 120 });
      const b = plan(input, { solver, seed, now: ticks(), timeLimitSec: 1e6, solveCapSec: 120 });
      expect(b.plan).toEqual(a.plan);
      expect(validatePlan(buildContext(input), a.plan), `seed ${seed}`).toEqual([]);
      expect(a.run.objective).toBeLessThanOrEqual(a.run.heuristicObjective! + 1e-6);
    }
  });

  it('stops when cancelled', () => {
    const input = scenarioToInput(randomScenario(4));
    let calls = 0;
    expect(() => plan(input, { solver, shouldStop: () => ++calls > 3 })).toThrow(/cancelled/);
  });
});
