import { type Job, type Plan, type PlanKpis } from '../domain/plan';
import { type Estimator } from './estimator';
import {
  emptyFinalNestingStats,
  type FinalNestingOptions,
  type FinalNestingStats,
  nestFinalPlates,
} from './final-nesting';
import { completeShiftAware, PlanningCancelled, runShiftAware } from './heuristic';
import {
  type PlanningInput,
  type PlanningInputRaw,
  PlanningInput as PlanningInputSchema,
} from './input';
import { computeKpis, planObjective, type PlanStats } from './kpis';
import { type MipSolver } from './mip';
import { polishAllocation } from './improve';
import { runMipPasses, type MipRunStats } from './mip-plan';
import { toDomainJob, type UnplannedPart, unplannedReasons } from './output';
import { type PlateChecker } from './plate';
import { buildContext, type PlanningContext, type PPart } from './problem';
import { diffPlans, type PlanDiff } from './replan';
import { sha256Hex } from './sha256';
import { type PlanState } from './state';
import { runBaseline, type BaselineName } from './baselines';

/**
 * The default MIP work: batch ILPs over all passes, then re-allocation chunks. Work limits, not
 * the clock, end the default run, so a seed gives the same plan on any machine; `timeLimitSec`
 * only guards a pathological run. 40 batch ILPs take the 2,000-part bench through its first two
 * passes (where its best plans were found) in about 20 s of a loaded 2-core machine.
 */
export const DEFAULT_MAX_SOLVES = 40;
export const DEFAULT_MAX_POLISH_CHUNKS = 4;

export const STRATEGIES = ['plateshift', 'fcfs', 'olcq', 'ffdh', 'ffdh-ga'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

export function isStrategy(s: string): s is StrategyName {
  return (STRATEGIES as readonly string[]).includes(s);
}

export interface PlanningProgress {
  phase: 'prepare' | 'heuristic' | 'mip' | 'finish';
  done: number;
  total: number;
  message: string;
}

export interface PlanOptions {
  strategy?: StrategyName;
  /** Seeds every random choice (GA, solver): the same seed gives the same plan. */
  seed?: number;
  /** The MIP solver (HiGHS); without one plateshift returns its heuristic plan. */
  solver?: MipSolver | null;
  /**
   * Wall-clock budget for the MIP phase (s, default 20), counted after the heuristic plan: the
   * batch ILPs first, then the re-allocation pass with what is left. A cut only means less
   * improvement (the best complete plan seen is returned) and `run.deterministic` false.
   */
  timeLimitSec?: number;
  /** Relative MIP gap at which a sub-problem counts as solved. Default 0.01. */
  mipGap?: number;
  /**
   * Wall-clock cap of one solve (s, default 10): a guard against a pathological root; the node
   * limit normally ends a solve (the slowest batch ILP on the 2,000-part bench needs ~2 s of CPU).
   */
  solveCapSec?: number;
  /**
   * Batch ILPs solved at most (default DEFAULT_MAX_SOLVES; Infinity: all). A work limit instead of a clock: with it (and a
   * budget that does not run out first) the result is the same on any machine.
   */
  maxSolves?: number;
  /** Complete and score the MIP pass's partial plan every this many batch ILPs (default 6). */
  checkpointEvery?: number;
  /**
   * Where the MIP passes start, as fractions of the heuristic plan's span (default 0.6, 0.4,
   * 0.2, 0: re-plan the last 40 %, then 60 %, 80 %, all of it; the best plan wins).
   */
  mipStarts?: readonly number[];
  /** Re-allocation chunks solved at most (default DEFAULT_MAX_POLISH_CHUNKS; Infinity: all). */
  maxPolishChunks?: number;
  estimator?: Estimator;
  /**
   * The pre-filter for candidate plates (default: the rectangle packer). Cheap, conservative; the
   * plates of the returned plan are then arranged by the nesting engine (`nesting`).
   */
  checker?: PlateChecker;
  /**
   * The final plate check by the nesting engine (shared/nesting, true footprints), bounded by
   * work per plate. Default on; false only for experiments (the plan then keeps the pre-filter's
   * layouts, which the validator still checks).
   */
  nesting?: FinalNestingOptions | false;
  onProgress?: (p: PlanningProgress) => void;
  shouldStop?: () => boolean;
  /** Clock for timings (ms); injectable so tests stay free of wall-clock effects. */
  now?: () => number;
  /** Plan id and creation time (default: derived from the input, so runs are reproducible). */
  planId?: string;
  createdAt?: string;
}

export interface PlanningResult {
  plan: Plan;
  kpis: PlanKpis;
  stats: PlanStats;
  unplanned: UnplannedPart[];
  /** Changes versus input.previousPlan (null without one). */
  diff: PlanDiff | null;
  run: {
    strategy: StrategyName;
    seed: number;
    checker: string;
    estimator: string;
    heuristicMs: number;
    totalMs: number;
    /** Objective (lower is better) of the heuristic plan and of the plan returned. */
    heuristicObjective: number | null;
    objective: number;
    mip: MipRunStats | null;
    /** The nesting engine's final pass over the plan's plates (null when switched off). */
    nesting: FinalNestingStats | null;
    /** False when a wall-clock limit cut a solve short (the same seed may then differ). */
    deterministic: boolean;
  };
  warnings: string[];
}

function unplannedMinutes(ctx: PlanningContext, state: PlanState): number {
  let sum = 0;
  for (const part of ctx.parts) {
    if (state.planned[part.idx]) continue;
    const ids = part.profileIds.filter((id) => ctx.profiles.has(id));
    sum += ids.length > 0 ? Math.min(...ids.map((id) => ctx.minutes(part.idx, id))) : 0;
  }
  return sum;
}

function structuredCloneJob(j: Job): Job {
  return {
    ...j,
    placements: j.placements.map((p) => ({ ...p })),
    tasks: j.tasks.map((t) => ({ ...t })),
  };
}

function assemble(
  ctx: PlanningContext,
  state: PlanState,
  planId: string,
): { jobs: Job[]; unplanned: UnplannedPart[] } {
  // Frozen jobs are copied unchanged; only their plan membership is new.
  const frozen = ctx.frozenJobs.map((j) => ({ ...structuredCloneJob(j), planId }));
  const jobs = [...frozen, ...state.jobs.map((j) => toDomainJob(ctx, j, planId))].sort(
    (a, b) => a.start.localeCompare(b.start) || a.printerId.localeCompare(b.printerId),
  );
  return { jobs, unplanned: unplannedReasons(ctx, state) };
}

/**
 * Plans the queue (DESIGN §4). plateshift: the shift-aware heuristic gives a complete plan, then —
 * with a solver — the MIP-guided pass builds a second plan and the better one (by planObjective) is
 * returned. Baselines (seed 003) run their own loops on the same machinery, so every plan obeys the
 * same physical rules: tasks in operator shifts, one task at a time per operator, one job at a
 * time per printer.
 */
export function plan(
  rawInput: PlanningInput | PlanningInputRaw,
  options: PlanOptions = {},
): PlanningResult {
  const now = options.now ?? (() => Date.now());
  const t0 = now();
  const input = PlanningInputSchema.parse(rawInput);
  const strategy = options.strategy ?? 'plateshift';
  const seed = options.seed ?? 1;
  const progress = options.onProgress ?? (() => undefined);
  const shouldStop = options.shouldStop ?? (() => false);
  progress({ phase: 'prepare', done: 0, total: 1, message: 'reading the queue and the calendar' });
  const ctx = buildContext(input, {
    ...(options.estimator ? { estimator: options.estimator } : {}),
    ...(options.checker ? { checker: options.checker } : {}),
  });
  const warnings: string[] = [];
  const planId =
    options.planId ??
    `plan-${sha256Hex(`${strategy}|${seed}|${input.start}|${ctx.parts.map((p) => p.id).join(',')}`).slice(0, 12)}`;
  const control = {
    shouldStop,
    onProgress: (done: number, total: number, message: string) =>
      progress({ phase: 'heuristic', done, total, message }),
  };

  let state: PlanState;
  let heuristicObjective: number | null = null;
  let mip: MipRunStats | null = null;
  let deterministic = true;
  const tH = now();
  if (strategy === 'plateshift') {
    state = runShiftAware(ctx, control);
  } else {
    state = runBaseline(ctx, strategy as BaselineName, seed, control);
  }
  const heuristicMs = now() - tH;
  let best = assemble(ctx, state, planId);
  let objective = planObjective(ctx, best, unplannedMinutes(ctx, state));

  if (strategy === 'plateshift' && options.solver) {
    heuristicObjective = objective;
    const budgetMs = (options.timeLimitSec ?? 20) * 1000;
    const deadline = now() + budgetMs;
    const gap = options.mipGap ?? 0.01;
    const score = (s: PlanState) =>
      planObjective(ctx, assemble(ctx, s, planId), unplannedMinutes(ctx, s));
    try {
      // 1. Seed 004's ILP per batch of printers freeing up together (window choice + allocation),
      // rolling through the horizon, in passes that re-plan ever larger ends of the heuristic
      // plan. When the budget ends, the heuristic completes the current pass's partial plan; that
      // costs at most one heuristic run, so the passes stop that much before the deadline.
      const guided = runMipPasses(ctx, options.solver, {
        seed,
        timeLimitSec: Math.max(0, budgetMs - heuristicMs) / 1000,
        maxBatchSeconds: options.solveCapSec ?? 10,
        gap,
        now,
        shouldStop,
        score,
        lastSetup: state.jobs.reduce((m, j) => Math.max(m, j.setup.start), ctx.start),
        checkpointEvery: options.checkpointEvery ?? 6,
        ...(options.mipStarts ? { starts: options.mipStarts } : {}),
        maxSolves: options.maxSolves ?? DEFAULT_MAX_SOLVES,
        onProgress: (done, total, message) => progress({ phase: 'mip', done, total, message }),
      });
      mip = guided.stats;
      if (guided.state) {
        const candidate = assemble(ctx, guided.state, planId);
        const candidateObjective = planObjective(
          ctx,
          candidate,
          unplannedMinutes(ctx, guided.state),
        );
        mip.objective = candidateObjective;
        if (candidateObjective < objective - 1e-6) {
          best = candidate;
          objective = candidateObjective;
          state = guided.state;
          mip.improved = true;
        }
      }
      // 2. Re-allocation of the better plan's jobs, chunk by chunk, accepted only when it helps.
      const polished = polishAllocation(state, options.solver, {
        seed,
        gap,
        now,
        deadline,
        maxChunkSeconds: options.solveCapSec ?? 10,
        maxChunks: options.maxPolishChunks ?? DEFAULT_MAX_POLISH_CHUNKS,
        shouldStop,
        onProgress: (done, total, message) => progress({ phase: 'mip', done, total, message }),
      });
      mip.polish = polished;
      if (polished.accepted > 0) {
        best = assemble(ctx, state, planId);
        const polishedObjective = planObjective(ctx, best, unplannedMinutes(ctx, state));
        mip.improved = mip.improved || polishedObjective < objective - 1e-6;
        objective = polishedObjective;
      }
      // Both passes end by work limits (solves, chunks, nodes) unless a clock cut one short.
      deterministic = !mip.timeLimitHit && !polished.timeLimitHit;
    } catch (err) {
      if (err instanceof PlanningCancelled) throw err;
      warnings.push(
        `the MIP phase failed, the heuristic plan is returned: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  let nesting: FinalNestingStats | null = null;
  if (options.nesting !== false) {
    progress({ phase: 'finish', done: 0, total: 1, message: 'nesting the plates' });
    nesting = emptyFinalNestingStats();
    const nestOptions: FinalNestingOptions = { seed, ...(options.nesting ?? {}) };
    const all = state.jobs.map((_, i) => i);
    const dropped = nestFinalPlates(state, all, nestOptions, nesting);
    if (dropped.length > 0) {
      // Parts the engine could not keep on their plate get new jobs (composed by the heuristic,
      // arranged by the engine again); what still does not fit stays unplanned with a reason.
      const before = new Set(state.jobs);
      completeShiftAware(state, { shouldStop });
      const fresh = state.jobs.flatMap((j, i) => (before.has(j) ? [] : [i]));
      nestFinalPlates(state, fresh, nestOptions, nesting);
    }
    if (nesting.guardHit > 0) deterministic = false;
    best = assemble(ctx, state, planId);
    objective = planObjective(ctx, best, unplannedMinutes(ctx, state));
  }

  progress({ phase: 'finish', done: 1, total: 1, message: 'computing KPIs' });
  const { kpis, stats } = computeKpis(ctx, best);
  const result: Plan = {
    id: planId,
    createdAt: options.createdAt ?? input.start,
    strategy,
    status: 'proposal',
    kpis,
    jobs: best.jobs,
    unplanned: best.unplanned.map((u) => ({ partId: u.partId, reason: u.reason })),
  };
  return {
    plan: result,
    kpis,
    stats,
    unplanned: best.unplanned,
    diff: input.previousPlan ? diffPlans(input.previousPlan, result) : null,
    run: {
      strategy,
      seed,
      checker: ctx.checker.name,
      estimator: ctx.estimator.name,
      heuristicMs,
      totalMs: now() - t0,
      heuristicObjective,
      objective,
      mip,
      nesting,
      deterministic,
    },
    warnings,
  };
}

export type { PPart };
