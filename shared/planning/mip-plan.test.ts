import loadHighs from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Job } from '../domain/plan';
import { randomScenario } from './fixtures';
import { completeShiftAware, continueShiftAware, runShiftAware } from './heuristic';
import { planObjective } from './kpis';
import { createHighsSolver, type MipSolver } from './mip';
import { runMipGuided, runMipPasses } from './mip-plan';
import { toDomainJob, unplannedReasons } from './output';
import { plan } from './planner';
import { buildContext, type PlanningContext } from './problem';
import { scenarioToInput } from './scenario';
import { PlanState } from './state';
import { validatePlan } from './validate';

let solver: MipSolver;
beforeAll(async () => {
  solver = createHighsSolver(await loadHighs());
});

/**
 * A counting clock: budgets in these tests never depend on the machine's speed (and the solver's
 * own wall-clock cap is set out of reach, so only node limits end a solve).
 */
function ticks(): () => number {
  let t = 0;
  return () => (t += 1);
}

/** The planner's objective for a planning state (the same formula `plan` uses). */
function scoreOf(ctx: PlanningContext) {
  return (state: PlanState): number => {
    const jobs = state.jobs.map((j) => toDomainJob(ctx, j, 'p'));
    let minutes = 0;
    for (const part of ctx.parts) {
      if (state.planned[part.idx]) continue;
      const ids = part.profileIds.filter((id) => ctx.profiles.has(id));
      minutes += ids.length > 0 ? Math.min(...ids.map((id) => ctx.minutes(part.idx, id))) : 0;
    }
    return planObjective(ctx, { jobs, unplanned: unplannedReasons(ctx, state) }, minutes);
  };
}

const SCENARIO = { printers: 5, orders: 14, horizonDays: 8 } as const;

describe('rolling-horizon batch ILPs (runMipGuided)', () => {
  it('returns the best checkpoint, a complete plan that validates, for any cut', () => {
    const input = scenarioToInput(randomScenario(21, SCENARIO));
    const ctx = buildContext(input);
    const score = scoreOf(ctx);
    for (const maxSolves of [0, 1, 3, 1000]) {
      const r = runMipGuided(ctx, solver, {
        seed: 1,
        timeLimitSec: 1e9,
        gap: 0.01,
        maxBatchSeconds: 1e6,
        now: ticks(),
        shouldStop: () => false,
        maxSolves,
        checkpointEvery: 2,
        score,
      });
      expect(r.stats.trace.length, `cut after ${maxSolves}`).toBeGreaterThan(0);
      const best = Math.min(...r.stats.trace.map((c) => c.objective));
      expect(score(r.state)).toBeCloseTo(best, 6);
      // Complete: the heuristic finished what the cut left open.
      expect(r.state.jobs.length).toBeGreaterThan(0);
      const jobs = r.state.jobs.map((j) => toDomainJob(ctx, j, 'p'));
      const domainPlan = {
        id: 'p',
        createdAt: input.start,
        strategy: 'plateshift',
        status: 'proposal' as const,
        kpis: plan(input).kpis,
        jobs,
        unplanned: unplannedReasons(ctx, r.state).map((u) => ({
          partId: u.partId,
          reason: u.reason,
        })),
      };
      expect(validatePlan(ctx, domainPlan), `cut after ${maxSolves}`).toEqual([]);
      expect(r.stats.timeLimitHit).toBe(false);
    }
  });

  it('is deterministic for a work limit, whatever the clock says', () => {
    const input = scenarioToInput(randomScenario(22, SCENARIO));
    const ctx = buildContext(input);
    const run = (step: number) => {
      let t = 0;
      return runMipGuided(ctx, solver, {
        seed: 5,
        timeLimitSec: 1e9,
        gap: 0.01,
        maxBatchSeconds: 1e6,
        now: () => (t += step),
        shouldStop: () => false,
        maxSolves: 4,
        checkpointEvery: 2,
        score: scoreOf(ctx),
      });
    };
    const a = run(1);
    const b = run(1000);
    expect(b.stats.trace).toEqual(a.stats.trace);
    expect(b.state.jobs).toEqual(a.state.jobs);
  });

  it('with no solve at all, returns the heuristic plan', () => {
    const input = scenarioToInput(randomScenario(23, SCENARIO));
    const ctx = buildContext(input);
    const r = runMipGuided(ctx, solver, {
      seed: 1,
      timeLimitSec: 1e9,
      gap: 0.01,
      maxBatchSeconds: 1e6,
      now: ticks(),
      shouldStop: () => false,
      maxSolves: 0,
      score: scoreOf(ctx),
    });
    expect(r.stats.batches).toBe(0);
    // completeShiftAware only adds a second look for retired printers: never fewer parts.
    const heuristic = runShiftAware(ctx);
    const planned = (s: PlanState) => s.planned.reduce((n, v) => n + v, 0);
    expect(planned(r.state)).toBeGreaterThanOrEqual(planned(heuristic));
    expect(scoreOf(ctx)(r.state)).toBeLessThanOrEqual(scoreOf(ctx)(heuristic) + 1e-6);
  });

  it('completeShiftAware plans at least what continueShiftAware does', () => {
    for (const seed of [24, 25, 26]) {
      const ctx = buildContext(scenarioToInput(randomScenario(seed, SCENARIO)));
      const a = continueShiftAware(new PlanState(ctx));
      const b = completeShiftAware(new PlanState(ctx));
      const planned = (s: PlanState) => s.planned.reduce((n, v) => n + v, 0);
      expect(planned(b), `seed ${seed}`).toBeGreaterThanOrEqual(planned(a));
    }
  });

  it('stops when cancelled', () => {
    const ctx = buildContext(scenarioToInput(randomScenario(21, SCENARIO)));
    let calls = 0;
    expect(() =>
      runMipGuided(ctx, solver, {
        seed: 1,
        timeLimitSec: 1e9,
        gap: 0.01,
        maxBatchSeconds: 1e6,
        now: ticks(),
        shouldStop: () => ++calls > 2,
        score: scoreOf(ctx),
      }),
    ).toThrow(/cancelled/);
  });
});

describe('passes over ever larger ends of the horizon (runMipPasses)', () => {
  it('keeps the heuristic prefix, returns the best pass, never worse than the heuristic', () => {
    const input = scenarioToInput(randomScenario(27, SCENARIO));
    const ctx = buildContext(input);
    const score = scoreOf(ctx);
    const heuristic = runShiftAware(ctx);
    const lastSetup = Math.max(...heuristic.jobs.map((j) => j.setup.start));
    const run = (maxSolves?: number) =>
      runMipPasses(ctx, solver, {
        seed: 1,
        timeLimitSec: 1e9,
        gap: 0.01,
        maxBatchSeconds: 1e6,
        now: ticks(),
        shouldStop: () => false,
        score,
        lastSetup,
        starts: [0.5, 0],
        checkpointEvery: 2,
        ...(maxSolves !== undefined ? { maxSolves } : {}),
      });
    const r = run();
    expect(r.state).not.toBeNull();
    expect(r.stats.passes.map((p) => p.start)).toEqual([0.5, 0]);
    const passBest = Math.min(...r.stats.passes.map((p) => p.objective ?? Infinity));
    expect(score(r.state!)).toBeCloseTo(passBest, 6);
    expect(score(r.state!)).toBeLessThanOrEqual(score(heuristic) + 1e-6);
    // The first pass re-plans only after the midpoint: the heuristic's earlier jobs stay as they were.
    const from = ctx.start + 0.5 * (lastSetup - ctx.start);
    const firstPass = runMipGuided(ctx, solver, {
      seed: 1,
      timeLimitSec: 1e9,
      gap: 0.01,
      maxBatchSeconds: 1e6,
      now: ticks(),
      shouldStop: () => false,
      from,
    });
    const early = (jobs: readonly { setup: { start: number } }[]) =>
      jobs.filter((j) => j.setup.start < from);
    expect(early(firstPass.state.jobs)).toEqual(early(heuristic.jobs));
    // A work limit spans the passes and cuts deterministically.
    const cut = run(3);
    expect(cut.stats.batches).toBeLessThanOrEqual(3);
    expect(run(3).state?.jobs).toEqual(cut.state?.jobs);
  });
});

describe('plateshift with a cut MIP phase', () => {
  it('never returns a plan worse than the heuristic, valid, deterministic for maxSolves', () => {
    for (const [seed, maxSolves] of [
      [31, 1],
      [32, 4],
    ] as const) {
      const input = scenarioToInput(randomScenario(seed, SCENARIO));
      const ctx = buildContext(input);
      {
        const opts = {
          solver,
          seed,
          now: ticks(),
          timeLimitSec: 1e9,
          solveCapSec: 1e6,
          maxSolves,
          checkpointEvery: 2,
        };
        const a = plan(input, opts);
        const b = plan(input, { ...opts, now: ticks() });
        expect(b.plan).toEqual(a.plan);
        expect(a.run.objective).toBeLessThanOrEqual(a.run.heuristicObjective! + 1e-6);
        expect(validatePlan(ctx, a.plan), `seed ${seed}, ${maxSolves} solves`).toEqual([]);
        expect(a.run.mip!.batches).toBeLessThanOrEqual(maxSolves);
      }
    }
  });

  it('locked and running jobs never move when the MIP re-plans the rest', () => {
    const input = scenarioToInput(randomScenario(34, SCENARIO));
    const first = plan(input, {
      solver,
      seed: 1,
      now: ticks(),
      timeLimitSec: 1e9,
      solveCapSec: 1e6,
      maxSolves: 3,
    });
    const jobs = first.plan.jobs;
    expect(jobs.length).toBeGreaterThanOrEqual(3);
    const pinned = new Set([jobs[0]!.id, jobs[Math.floor(jobs.length / 2)]!.id]);
    const previousPlan = {
      ...first.plan,
      status: 'current' as const,
      jobs: jobs.map((j): Job =>
        pinned.has(j.id)
          ? {
              ...j,
              locked: j.id === jobs[0]!.id,
              status: j.id === jobs[0]!.id ? j.status : 'printing',
            }
          : j,
      ),
    };
    const next = { ...input, previousPlan };
    const second = plan(next, {
      solver,
      seed: 1,
      now: ticks(),
      timeLimitSec: 1e9,
      solveCapSec: 1e6,
    });
    for (const job of previousPlan.jobs.filter((j) => pinned.has(j.id))) {
      const after = second.plan.jobs.find((j) => j.id === job.id);
      expect(after, job.id).toBeDefined();
      const { planId: _a, ...was } = job;
      const { planId: _b, ...is } = after!;
      expect(is).toEqual(was);
    }
    expect(validatePlan(buildContext(next), second.plan)).toEqual([]);
    expect(second.run.objective).toBeLessThanOrEqual(second.run.heuristicObjective! + 1e-6);
  });
});
