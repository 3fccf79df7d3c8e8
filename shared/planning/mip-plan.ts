import { type TaskSlot } from './calendar';
import {
  apply,
  completeShiftAware,
  continueShiftAware,
  decide,
  evaluate,
  idle,
  nextPrinter,
  PlanningCancelled,
} from './heuristic';
import { type PolishStats } from './improve';
import { type MipModel, type MipRow, type MipSolver, mipViolation } from './mip';
import { type PlanningContext, type PPart } from './problem';
import { type Composition, PlanState, type Window } from './state';
import { EPS, type Minutes } from './time';
import { volumeCm3 } from './input';

export interface MipRunStats {
  batches: number;
  /** Batches where the solver returned a solution that was used. */
  solved: number;
  optimal: number;
  /** Batches that fell back to the heuristic's decisions (no solution, error, tiny batch). */
  fallbacks: number;
  /** Batches whose MIP choice differed from the heuristic's warm start. */
  changed: number;
  nodes: number;
  maxColumns: number;
  maxRows: number;
  solveMs: number;
  timeLimitHit: boolean;
  /** Partial plans completed by the heuristic and scored (anytime checkpoints). */
  checkpoints: number;
  /** Batch ILPs solved (over all passes) before the best checkpoint (null: none scored). */
  bestAfterSolves: number | null;
  /** Every checkpoint: pass, batch ILPs solved so far (all passes) and the completed plan's objective. */
  trace: { pass: number; solves: number; objective: number }[];
  /** The passes run (see runMipPasses): where each starts and the best objective it reached. */
  passes: { start: number; batches: number; objective: number | null; cut: boolean }[];
  /** Objective of the MIP-guided plan (set by the planner). */
  objective: number | null;
  /** The returned plan is better than the heuristic's. */
  improved: boolean;
  /** The re-allocation pass over the chosen plan (improve.ts). */
  polish?: PolishStats;
}

export interface MipRunOptions {
  seed: number;
  timeLimitSec: number;
  gap: number;
  now: () => number;
  shouldStop: () => boolean;
  onProgress?: (done: number, total: number, message: string) => void;
  /** Printers decided together (seed 004 plans all free printers of a day in one ILP). */
  maxBatch?: number;
  /** Candidate windows per printer and profile group. */
  windowsPerGroup?: number;
  /** Order lines offered to a batch per profile group. */
  typesPerGroup?: number;
  /** Deterministic work limit per solve. */
  maxNodes?: number;
  /** Wall-clock cap per solve (s): a safety net, normally the node limit ends a solve first. */
  maxBatchSeconds?: number;
  /** Batch ILPs solved at most; the heuristic plans the rest (a deterministic cut). */
  maxSolves?: number;
  /** Complete and score the partial plan after every this many batch ILPs (0: only at the end). */
  checkpointEvery?: number;
  /** The exact objective of a complete plan (lower is better); needed for checkpoints. */
  score?: (state: PlanState) => number;
  /**
   * Re-plan only the end of the horizon: the heuristic decides every job set up before this
   * instant, the batch ILPs the rest (default: the horizon start, i.e. everything).
   */
  from?: Minutes;
}

interface Member {
  printerIdx: number;
  setup: TaskSlot;
  printStart: Minutes;
}

interface Tray {
  member: Member;
  profileId: string;
  window: Window;
  span: Minutes;
  areaBudget: number;
  completion: Minutes;
  occupancy: Minutes;
}

interface PartType {
  profileId: string;
  lineId: string;
  parts: number[];
}

/** What one printer of a batch will print (null: nothing now). */
interface Choice {
  member: Member;
  profileId: string;
  window: Window;
  parts: number[];
}

/**
 * Seed 004's allocation ILP, decomposed in time: the printers that become free in the same
 * operator period (a "batch", ≤ 6 printers) are decided by one small ILP (a few hundred columns),
 * then booked with the same machinery as the heuristic, and the next batch is solved on the
 * resulting state (a rolling horizon). Trays are (printer, profile group, window) candidates; part
 * types are order lines (identical copies). The heuristic's sequential decisions for the batch are
 * the warm start, so the solver starts from a feasible allocation and only returns something else
 * when it is cheaper under the linear costs.
 *
 * Anytime: a partial plan is only worth something once the rest of the horizon is planned, and a
 * different beginning can make the heuristic's ending much worse (parts left over at the horizon).
 * So every `checkpointEvery` solved batches the partial plan is completed by the heuristic on a
 * copy and scored with `score` (the exact plan objective); the best complete plan seen is returned.
 * When the budget (`timeLimitSec`) or `maxSolves` ends the pass, the current partial plan is
 * completed and scored once more. Which plans are compared depends only on the number of batches
 * solved, so a cut by `maxSolves` is deterministic; a cut by the clock is reported in
 * `stats.timeLimitHit`.
 */
export function runMipGuided(
  ctx: PlanningContext,
  solver: MipSolver,
  opts: MipRunOptions,
): { state: PlanState; stats: MipRunStats } {
  const stats = emptyStats();
  const control = { shouldStop: opts.shouldStop };
  const state =
    opts.from !== undefined && opts.from > ctx.start
      ? continueShiftAware(new PlanState(ctx), control, {}, opts.from)
      : new PlanState(ctx);
  const deadline = opts.now() + opts.timeLimitSec * 1000;
  let best: { state: PlanState; score: number } | null = null;
  let solves = 0;
  let sinceCheckpoint = 0;
  const consider = (candidate: PlanState) => {
    stats.checkpoints++;
    const score = opts.score ? opts.score(candidate) : 0;
    if (opts.score) stats.trace.push({ pass: 0, solves, objective: score });
    if (!best || score < best.score - 1e-6) {
      best = { state: candidate, score };
      stats.bestAfterSolves = solves;
    }
  };
  let planned = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    if (opts.shouldStop()) throw new PlanningCancelled();
    const first = nextPrinter(state);
    if (!first) break;
    if (solves >= (opts.maxSolves ?? Infinity)) break;
    const remainingMs = deadline - opts.now();
    if (remainingMs <= 50) {
      stats.timeLimitHit = true;
      break;
    }
    const batch = gatherBatch(state, first, opts.maxBatch ?? 6);
    stats.batches++;
    solves++;
    sinceCheckpoint++;
    const choices = solveBatch(state, batch, solver, opts, remainingMs, stats);
    if (!choices) stats.fallbacks++;
    for (const member of batch) {
      const reserved = new Set<number>();
      for (const [p, c] of choices ?? [])
        if (p !== member.printerIdx) for (const i of c.parts) reserved.add(i);
      const job = choices
        ? applyChoice(state, member, choices.get(member.printerIdx) ?? null, reserved)
        : applyGreedy(state, member);
      if (job) planned += job;
    }
    opts.onProgress?.(planned, ctx.parts.length, 'optimising allocations');
    if (opts.checkpointEvery && opts.score && sinceCheckpoint >= opts.checkpointEvery) {
      sinceCheckpoint = 0;
      consider(completeShiftAware(state.fork(), control));
    }
  }
  // The pass ran to the end of the horizon, or was cut: the heuristic plans the rest (and takes a
  // second look at printers retired early). Right after a checkpoint, that checkpoint already
  // completed this very state.
  if (sinceCheckpoint > 0 || !best) consider(completeShiftAware(state, control));
  const found = best as { state: PlanState; score: number } | null;
  stats.passes.push({
    // runMipPasses replaces this with the pass's fraction of the span.
    start: 0,
    batches: stats.batches,
    objective: found?.score ?? null,
    cut: stats.timeLimitHit,
  });
  return { state: found?.state ?? state, stats };
}

export interface MipPassesOptions extends Omit<MipRunOptions, 'from' | 'score'> {
  score: (state: PlanState) => number;
  /**
   * Where the passes start, as fractions of the span from the horizon start to the heuristic
   * plan's last setup, in the order they run (default 0.6, 0.4, 0.2, 0).
   */
  starts?: readonly number[];
  /** The heuristic plan's last setup (the span the fractions refer to). */
  lastSetup: Minutes;
}

/**
 * Large-neighbourhood search over the horizon's end: pass k keeps the heuristic's jobs set up
 * before a start T_k and re-plans everything after T_k with the rolling batch ILPs (above). The
 * first passes re-plan a short end of the horizon, so they are cheap (a few batch ILPs) and give
 * an improved complete plan within seconds; later passes start earlier and re-plan more. Each
 * pass's plan is complete (the batch ILPs run to the horizon end, where they also take care of
 * the parts the heuristic's ending would leave over), and the best one by `score` is returned,
 * so a pass can only help. When the budget ends inside a pass, that pass is completed by the
 * heuristic (runMipGuided's checkpoints) and no further pass starts. Which passes run depends
 * only on the budget, and each pass only on its start and the solver's node limit.
 */
export function runMipPasses(
  ctx: PlanningContext,
  solver: MipSolver,
  opts: MipPassesOptions,
): { state: PlanState | null; stats: MipRunStats } {
  const deadline = opts.now() + opts.timeLimitSec * 1000;
  let best: { state: PlanState; score: number } | null = null;
  let total: MipRunStats | null = null;
  const starts = opts.starts ?? [0.6, 0.4, 0.2, 0];
  let solvesLeft = opts.maxSolves ?? Infinity;
  for (let k = 0; k < starts.length; k++) {
    if (opts.shouldStop()) throw new PlanningCancelled();
    const remainingMs = deadline - opts.now();
    if (remainingMs <= 50 || solvesLeft <= 0) {
      if (total) total.timeLimitHit = total.timeLimitHit || remainingMs <= 50;
      break;
    }
    const from = ctx.start + (starts[k] ?? 0) * Math.max(0, opts.lastSetup - ctx.start);
    const run = runMipGuided(ctx, solver, {
      ...opts,
      timeLimitSec: remainingMs / 1000,
      ...(Number.isFinite(solvesLeft) ? { maxSolves: solvesLeft } : {}),
      from,
    });
    solvesLeft -= run.stats.batches;
    for (const p of run.stats.passes) p.start = starts[k] ?? 0;
    const score = opts.score(run.state);
    if (!best || score < best.score - 1e-6) best = { state: run.state, score };
    total = total ? mergeStats(total, run.stats, k) : { ...run.stats, trace: [...run.stats.trace] };
    if (run.stats.timeLimitHit) break;
  }
  // No pass ran (no budget left): the heuristic plan stands.
  if (!best || !total) return { state: null, stats: emptyStats() };
  return { state: best.state, stats: total };
}

function emptyStats(): MipRunStats {
  return {
    batches: 0,
    solved: 0,
    optimal: 0,
    fallbacks: 0,
    changed: 0,
    nodes: 0,
    maxColumns: 0,
    maxRows: 0,
    solveMs: 0,
    timeLimitHit: false,
    checkpoints: 0,
    bestAfterSolves: null,
    trace: [],
    passes: [],
    objective: null,
    improved: false,
  };
}

function mergeStats(a: MipRunStats, b: MipRunStats, pass: number): MipRunStats {
  const bestSoFar = Math.min(...a.trace.map((t) => t.objective));
  const bBest = b.trace.length > 0 ? Math.min(...b.trace.map((t) => t.objective)) : Infinity;
  return {
    ...a,
    batches: a.batches + b.batches,
    solved: a.solved + b.solved,
    optimal: a.optimal + b.optimal,
    fallbacks: a.fallbacks + b.fallbacks,
    changed: a.changed + b.changed,
    nodes: a.nodes + b.nodes,
    maxColumns: Math.max(a.maxColumns, b.maxColumns),
    maxRows: Math.max(a.maxRows, b.maxRows),
    solveMs: a.solveMs + b.solveMs,
    timeLimitHit: a.timeLimitHit || b.timeLimitHit,
    checkpoints: a.checkpoints + b.checkpoints,
    bestAfterSolves:
      bBest < bestSoFar - 1e-6 && b.bestAfterSolves !== null
        ? a.batches + b.bestAfterSolves
        : a.bestAfterSolves,
    trace: [
      ...a.trace,
      ...b.trace.map((t) => ({ pass, solves: a.batches + t.solves, objective: t.objective })),
    ],
    passes: [...a.passes, ...b.passes],
  };
}

function gatherBatch(
  state: PlanState,
  first: { printerIdx: number; setup: TaskSlot },
  max: number,
): Member[] {
  const period = state.book.periods(first.setup.start, first.setup.start + EPS)[0];
  // Printers that can be set up in the same operator period are decided together (seed 004
  // plans all printers free on a day in one ILP).
  const horizon = period ? period.end : first.setup.end;
  const members: Member[] = [
    { printerIdx: first.printerIdx, setup: first.setup, printStart: first.setup.end },
  ];
  const others: Member[] = [];
  for (const pr of state.ctx.printers) {
    if (pr.idx === first.printerIdx || state.done[pr.idx]) continue;
    const setup = state.nextSetup(pr.idx);
    if (setup && setup.start <= horizon + EPS)
      others.push({ printerIdx: pr.idx, setup, printStart: setup.end });
  }
  others.sort((a, b) => a.setup.start - b.setup.start || a.printerIdx - b.printerIdx);
  return members.concat(others.slice(0, max - 1));
}

/** Greedy for one printer (used when the MIP has nothing to say). Returns parts planned. */
function applyGreedy(state: PlanState, member: Member): number {
  const setup = state.nextSetup(member.printerIdx);
  if (!setup) {
    state.done[member.printerIdx] = 1;
    return 0;
  }
  const d = decide(state, member.printerIdx, setup);
  const job = d ? apply(state, d) : null;
  if (job) return job.partIdxs.length;
  if (d) {
    state.releaseReservation(member.printerIdx);
    state.freeAt[member.printerIdx] = Math.max(d.window.period.end, setup.end + 1);
  } else idle(state, member.printerIdx, setup);
  return 0;
}

/** Books a MIP choice; re-fits it if an earlier booking in the batch moved this printer's setup. */
function applyChoice(
  state: PlanState,
  member: Member,
  choice: Choice | null,
  reserved: ReadonlySet<number>,
): number {
  if (!choice || choice.parts.length === 0) return applyGreedy(state, member);
  const setup = state.nextSetup(member.printerIdx);
  if (!setup) return 0;
  let window = choice.window;
  if (setup.end > member.printStart + EPS) {
    const again = state
      .windows(setup.end, state.limitEnd(member.printerIdx, setup.start))
      .find((w) => Math.abs(w.period.start - choice.window.period.start) < EPS);
    if (!again) return applyGreedy(state, member);
    window = again;
  }
  const comp = state.compose(
    member.printerIdx,
    choice.profileId,
    setup.end,
    window.latestEnd,
    setup.start,
    {
      first: choice.parts,
      // Fill what rounding left free, but not with parts the MIP gave to another printer.
      exclude: reserved,
    },
  );
  if (comp.parts.length === 0) return applyGreedy(state, member);
  const r = state.realize(
    member.printerIdx,
    choice.profileId,
    comp,
    setup.end,
    window.latestEnd,
    setup.start,
  );
  if (r.comp.parts.length === 0) return applyGreedy(state, member);
  const job = state.commit({
    printerIdx: member.printerIdx,
    profileId: choice.profileId,
    comp: r.comp,
    placements: r.placements,
    exact: r.exact,
    setup,
    targetRemoval: window.removalEarliest,
    removalBy: window.period.end,
  });
  return job ? job.partIdxs.length : applyGreedy(state, member);
}

function solveBatch(
  state: PlanState,
  batch: Member[],
  solver: MipSolver,
  opts: MipRunOptions,
  remainingMs: number,
  stats: MipRunStats,
): Map<number, Choice> | null {
  const { ctx } = state;
  const w = ctx.weights;
  const perGroup = opts.windowsPerGroup ?? 5;

  // 1. Warm start: the heuristic's sequential decisions on a scratch copy.
  const scratch = state.fork();
  const warm = new Map<number, Choice>();
  for (const member of batch) {
    const setup = scratch.nextSetup(member.printerIdx);
    if (!setup) continue;
    const d = decide(scratch, member.printerIdx, setup);
    if (!d) continue;
    const job = apply(scratch, d);
    if (!job) continue;
    warm.set(member.printerIdx, {
      member,
      profileId: d.profileId,
      window: d.window,
      parts: job.partIdxs,
    });
  }

  // 2. Candidate trays: windows worth considering per printer and profile group.
  const trays: Tray[] = [];
  const candidates = new Map<string, Set<number>>();
  for (const member of batch) {
    const printer = ctx.printers[member.printerIdx];
    if (!printer) continue;
    const limitEnd = state.limitEnd(member.printerIdx, member.setup.start);
    const windows = state.windows(member.printStart, limitEnd, 16);
    for (const profile of printer.profiles) {
      const scored: { w: Window; score: number; comp: Composition }[] = [];
      let last = -1;
      for (const win of windows) {
        const comp = state.compose(
          member.printerIdx,
          profile.id,
          member.printStart,
          win.latestEnd,
          member.setup.start,
        );
        if (comp.parts.length === 0) continue;
        if (Math.abs(comp.partMinutes - last) < EPS) break;
        last = comp.partMinutes;
        const ev = evaluate(
          state,
          member.printerIdx,
          profile.id,
          member.setup,
          member.printStart,
          win,
          comp,
        );
        scored.push({ w: win, score: ev.score, comp });
      }
      const warmChoice = warm.get(member.printerIdx);
      const keep = scored
        .slice()
        .sort((a, b) => b.score - a.score)
        .slice(0, perGroup)
        .concat(
          scored.filter(
            (s) =>
              warmChoice &&
              warmChoice.profileId === profile.id &&
              s.w.period.start === warmChoice.window.period.start,
          ),
        );
      const seen = new Set<number>();
      for (const s of keep) {
        if (seen.has(s.w.period.start)) continue;
        seen.add(s.w.period.start);
        const estimate = state.overhead(member.printerIdx, profile.id) + s.comp.partMinutes;
        const unc = state.uncertainty(s.comp.explicitMinutes, s.comp.modelMinutes);
        const completion =
          Math.max(s.w.removalEarliest, member.printStart + estimate + unc + ctx.buffer) +
          ctx.removal;
        trays.push({
          member,
          profileId: profile.id,
          window: s.w,
          span: s.w.latestEnd - member.printStart,
          areaBudget: printer.usableArea * 0.85,
          completion,
          occupancy: completion - member.setup.start,
        });
        const set = candidates.get(profile.id) ?? new Set<number>();
        for (const i of s.comp.parts) set.add(i);
        candidates.set(profile.id, set);
      }
    }
  }
  if (trays.length === 0) return warm.size > 0 ? warm : null;
  // The warm start must satisfy the area rows: the checker's top-up may fill beyond the estimate.
  for (const [printerIdx, choice] of warm) {
    const area = choice.parts.reduce((s, i) => s + (ctx.parts[i] as PPart).spacedArea, 0);
    for (const t of trays) {
      if (
        t.member.printerIdx === printerIdx &&
        t.profileId === choice.profileId &&
        t.window.period.start === choice.window.period.start
      ) {
        t.areaBudget = Math.max(t.areaBudget, area + 1);
      }
    }
  }

  // 3. Part types: order lines among the candidates, plus the next open parts of each group.
  const types: PartType[] = [];
  const typeCap = opts.typesPerGroup ?? 60;
  for (const [profileId, set] of candidates) {
    for (const choice of warm.values())
      if (choice.profileId === profileId) for (const i of choice.parts) set.add(i);
    let extra = 0;
    for (const idx of state.open(profileId)) {
      if (extra >= 40) break;
      if (!set.has(idx)) {
        set.add(idx);
        extra++;
      }
    }
    const byLine = new Map<string, number[]>();
    for (const idx of set) {
      const part = ctx.parts[idx] as PPart;
      const list = byLine.get(part.lineId) ?? [];
      list.push(idx);
      byLine.set(part.lineId, list);
    }
    const group = state.groups.get(profileId) ?? [];
    const rank = new Map(group.map((idx, k) => [idx, k]));
    const lines = [...byLine.entries()]
      .map(([lineId, parts]) => ({
        lineId,
        parts: parts.sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0)),
      }))
      .sort((a, b) => (rank.get(a.parts[0] as number) ?? 0) - (rank.get(b.parts[0] as number) ?? 0))
      .slice(0, typeCap);
    for (const l of lines) types.push({ profileId, lineId: l.lineId, parts: l.parts });
  }

  // 4. The model.
  const cost: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const integer: boolean[] = [];
  const rows: MipRow[] = [];
  const addCol = (c: number, ub: number, isInteger = true) => {
    cost.push(c);
    lower.push(0);
    upper.push(ub);
    integer.push(isInteger);
    return cost.length - 1;
  };
  const longest = Math.max(...trays.map((t) => t.occupancy));
  // Seed 004's γ, adapted to rolling planning: a part left now is printed by a later job, about
  // two job cycles from now (the warm start's trays tell how long a cycle is here).
  const warmTrays = trays.filter((t) => {
    const c = warm.get(t.member.printerIdx);
    return c && c.profileId === t.profileId && c.window.period.start === t.window.period.start;
  });
  const cycle =
    warmTrays.length > 0
      ? warmTrays.reduce((s, t) => s + t.occupancy, 0) / warmTrays.length
      : longest;
  const uCol = trays.map((t) => addCol(w.job + w.idle * t.occupancy, 1));
  const xCols: { type: number; tray: number; col: number }[] = [];
  const trayRows = trays.map(() => ({
    time: { lower: -Infinity, upper: 0, indices: [] as number[], values: [] as number[] },
    area: { lower: -Infinity, upper: 0, indices: [] as number[], values: [] as number[] },
  }));
  const typeRows = types.map((t) => ({
    lower: -Infinity,
    upper: t.parts.length,
    indices: [] as number[],
    values: [] as number[],
  }));
  types.forEach((type, ti) => {
    const sample = ctx.parts[type.parts[0] as number] as PPart;
    const now = batch[0]?.setup.start ?? ctx.start;
    const deferred = now + 2 * cycle;
    const leftover =
      w.leftoverPerCm3 * volumeCm3(sample.model) +
      w.flow * 2 * cycle +
      (sample.due !== null ? w.tardiness * Math.max(0, deferred - sample.due) : 0) +
      (deferred > ctx.end
        ? w.unplannedPart + w.leftover * ctx.minutes(sample.idx, type.profileId)
        : 0);
    trays.forEach((tray, k) => {
      if (tray.profileId !== type.profileId) return;
      if (
        !state.usable(sample.idx, tray.member.printerIdx, tray.profileId, tray.member.setup.start)
      )
        return;
      const m = ctx.minutes(sample.idx, type.profileId, tray.member.printerIdx);
      const tard = sample.due !== null ? Math.max(0, tray.completion - sample.due) : 0;
      const flow = tray.completion - Math.max(sample.received, ctx.start);
      const c = w.tardiness * tard + w.flow * flow - w.idle * m - leftover;
      // Integrality only where rounding would matter: parts that take a real share of the tray.
      // Small parts stay continuous (rounded down on decoding, the top-up refills the slack),
      // which keeps branch-and-bound to the tray choice and the big parts.
      const col = addCol(c, type.parts.length, m > 0.1 * tray.span);
      xCols.push({ type: ti, tray: k, col });
      const ratio = ctx.explicit(sample.idx, type.profileId)
        ? state.uncertainty(1, 0) - state.uncertainty(0, 0)
        : state.uncertainty(0, 1) - state.uncertainty(0, 0);
      const tr = trayRows[k];
      tr?.time.indices.push(col);
      tr?.time.values.push(m * (1 + ratio));
      tr?.area.indices.push(col);
      tr?.area.values.push(sample.spacedArea);
      typeRows[ti]?.indices.push(col);
      typeRows[ti]?.values.push(1);
      // x ≤ n·u: redundant for integers but tightens the LP relaxation a lot.
      rows.push({
        lower: -Infinity,
        upper: 0,
        indices: [col, uCol[k] as number],
        values: [1, -type.parts.length],
      });
    });
  });
  trays.forEach((tray, k) => {
    const tr = trayRows[k];
    if (!tr) return;
    const fixed = state.overhead(tray.member.printerIdx, tray.profileId) + state.uncertainty(0, 0);
    tr.time.indices.push(uCol[k] as number);
    tr.time.values.push(-(tray.span - fixed));
    tr.area.indices.push(uCol[k] as number);
    tr.area.values.push(-tray.areaBudget);
    rows.push(tr.time, tr.area);
  });
  rows.push(...typeRows.filter((r) => r.indices.length > 0));
  for (const member of batch) {
    const idx = trays
      .map((t, k) => (t.member === member ? (uCol[k] as number) : -1))
      .filter((c) => c >= 0);
    if (idx.length > 1)
      rows.push({ lower: -Infinity, upper: 1, indices: idx, values: idx.map(() => 1) });
  }
  // Operator time in each removal period shared by several printers.
  const byPeriod = new Map<number, number[]>();
  trays.forEach((t, k) => {
    const list = byPeriod.get(t.window.period.start) ?? [];
    list.push(k);
    byPeriod.set(t.window.period.start, list);
  });
  for (const ks of byPeriod.values()) {
    const printers = new Set(ks.map((k) => trays[k]?.member.printerIdx));
    if (printers.size < 2 || ctx.removal <= 0) continue;
    const period = (trays[ks[0] as number] as Tray).window.period;
    const free = freeOperatorMinutes(state, period.start, period.end, ctx.removal);
    rows.push({
      lower: -Infinity,
      upper: free,
      indices: ks.map((k) => uCol[k] as number),
      values: ks.map(() => ctx.removal),
    });
  }
  const model: MipModel = { colCost: cost, colLower: lower, colUpper: upper, integer, rows };
  stats.maxColumns = Math.max(stats.maxColumns, cost.length);
  stats.maxRows = Math.max(stats.maxRows, rows.length);

  // 5. Warm start vector from the heuristic's choices.
  const start = new Array<number>(cost.length).fill(0);
  for (const [printerIdx, choice] of warm) {
    const k = trays.findIndex(
      (t) =>
        t.member.printerIdx === printerIdx &&
        t.profileId === choice.profileId &&
        t.window.period.start === choice.window.period.start,
    );
    if (k < 0) continue;
    start[uCol[k] as number] = 1;
    for (const i of choice.parts) {
      const ti = types.findIndex((t) => t.profileId === choice.profileId && t.parts.includes(i));
      const x = xCols.find((c) => c.type === ti && c.tray === k);
      if (x) start[x.col] = (start[x.col] ?? 0) + 1;
    }
  }
  const startOk = mipViolation(model, start) === null;

  // 6. Solve. The node limit is meant to end each solve (same answer on any machine); the time
  // cap only guards against a pathological root, and the phase budget against a slow machine.
  const timeLimitSec = Math.min(opts.maxBatchSeconds ?? 3, Math.max(0.05, remainingMs / 1000));
  const t0 = opts.now();
  const sol = solver.solve(model, {
    timeLimitSec,
    relativeGap: opts.gap,
    seed: opts.seed,
    maxNodes: opts.maxNodes ?? 150,
    ...(startOk ? { start } : {}),
    shouldStop: opts.shouldStop,
  });
  stats.solveMs += opts.now() - t0;
  stats.nodes += sol.nodes;
  if (sol.timeLimitHit) stats.timeLimitHit = true;
  if (opts.shouldStop()) throw new PlanningCancelled();
  if (!sol.values) return warm.size > 0 ? warm : null;
  stats.solved++;
  if (sol.status === 'optimal') stats.optimal++;

  // 7. Decode: per chosen tray, the parts of each type (most urgent copies first).
  const taken = new Set<number>();
  const out = new Map<number, Choice>();
  trays.forEach((tray, k) => {
    if ((sol.values?.[uCol[k] as number] ?? 0) < 0.5) return;
    const parts: number[] = [];
    for (const x of xCols) {
      if (x.tray !== k) continue;
      const v = sol.values?.[x.col] ?? 0;
      let n = model.integer[x.col] ? Math.round(v) : Math.floor(v + 1e-6);
      for (const idx of (types[x.type] as PartType).parts) {
        if (n <= 0) break;
        if (taken.has(idx)) continue;
        taken.add(idx);
        parts.push(idx);
        n--;
      }
    }
    if (parts.length === 0) return;
    const group = state.groups.get(tray.profileId) ?? [];
    const rank = new Map(group.map((idx, r) => [idx, r]));
    parts.sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
    out.set(tray.member.printerIdx, {
      member: tray.member,
      profileId: tray.profileId,
      window: tray.window,
      parts,
    });
  });
  const differs = [...out.entries()].some(([p, c]) => {
    const wc = warm.get(p);
    return (
      !wc || wc.window.period.start !== c.window.period.start || wc.parts.length !== c.parts.length
    );
  });
  if (differs) stats.changed++;
  return out;
}

/** Operator minutes free for tasks of at least `minTask` minutes in [from, to). */
function freeOperatorMinutes(
  state: PlanState,
  from: Minutes,
  to: Minutes,
  minTask: number,
): number {
  let total = 0;
  for (const id of state.book.operatorIds) {
    let t = from;
    for (let guard = 0; guard < 200; guard++) {
      const slot = state.book.findEarliest({
        after: t,
        duration: minTask,
        before: to,
        operatorIds: [id],
      });
      if (!slot) break;
      total += minTask;
      t = slot.end;
    }
  }
  return total;
}
