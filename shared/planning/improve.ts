import { PlanningCancelled } from './heuristic';
import { type MipModel, type MipRow, type MipSolver, mipViolation } from './mip';
import { type PPart } from './problem';
import { type Composition, type PlannedJob, type PlanState } from './state';
import { EPS, type Minutes } from './time';

export interface PolishStats {
  chunks: number;
  solved: number;
  accepted: number;
  /** Objective change (negative: better) summed over accepted chunks. */
  gain: number;
  nodes: number;
  solveMs: number;
  timeLimitHit: boolean;
  maxColumns: number;
}

export interface PolishOptions {
  seed: number;
  gap: number;
  now: () => number;
  deadline: number;
  shouldStop: () => boolean;
  onProgress?: (done: number, total: number, message: string) => void;
  /** Jobs re-allocated together. */
  chunkJobs?: number;
  maxNodes?: number;
  maxChunkSeconds?: number;
  /** Chunks solved at most (a work limit: with it the pass ends the same way on any machine). */
  maxChunks?: number;
}

interface JobCap {
  job: PlannedJob;
  /** Print minutes available between setup and removal (before overhead and margin). */
  span: Minutes;
  area: number;
  completion: Minutes;
}

/**
 * Seed 004's allocation ILP as a large-neighbourhood search over a complete plan: the jobs' times
 * and printers stay (so operator tasks stay valid), parts are re-allocated among a chunk of jobs
 * of one profile that finish close together, plus queued parts that fit. Costs are the plan objective's own
 * (tardiness and flow at each job's removal, left-over for parts left out, a cost per job), the
 * current allocation is the warm start, and a chunk is only accepted when the exact objective
 * improves after the plate checker has repaired the result — so the plan only gets better.
 */
export function polishAllocation(
  state: PlanState,
  solver: MipSolver,
  opts: PolishOptions,
): PolishStats {
  const { ctx } = state;
  const w = ctx.weights;
  const stats: PolishStats = {
    chunks: 0,
    solved: 0,
    accepted: 0,
    gain: 0,
    nodes: 0,
    solveMs: 0,
    timeLimitHit: false,
    maxColumns: 0,
  };
  const size = opts.chunkJobs ?? 16;
  // Parts only move between jobs of the same profile, so chunks are taken per profile group:
  // 16 jobs of one profile span several job cycles, enough to bring urgent parts forward.
  const profiles = [...new Set(state.jobs.map((j) => j.profileId))].sort();
  const step = Math.max(1, Math.floor(size / 2));
  const plan: { profileId: string; offset: number }[] = [];
  for (const profileId of profiles) {
    const n = state.jobs.filter((j) => j.profileId === profileId).length;
    for (let offset = 0; offset === 0 || offset + step < n; offset += step)
      plan.push({ profileId, offset });
  }
  // Interleave the groups so an early deadline still improves the start of every group.
  plan.sort((a, b) => a.offset - b.offset || a.profileId.localeCompare(b.profileId));
  for (const { profileId, offset } of plan) {
    if (opts.shouldStop()) throw new PlanningCancelled();
    if (opts.now() >= opts.deadline) {
      stats.timeLimitHit = true;
      break;
    }
    if (stats.chunks >= (opts.maxChunks ?? Infinity)) break;
    const chunk = state.jobs
      .filter((j) => j.profileId === profileId)
      .sort((a, b) => a.removal.end - b.removal.end)
      .slice(offset, offset + size);
    if (chunk.length < 2) continue;
    stats.chunks++;
    polishChunk(state, chunk, solver, opts, stats, w);
    opts.onProgress?.(stats.chunks, plan.length, 'improving allocations');
  }
  return stats;
}

function capOf(state: PlanState, job: PlannedJob): JobCap {
  const printer = state.ctx.printers[job.printerIdx];
  const currentArea = job.partIdxs.reduce(
    (s, i) => s + (state.ctx.parts[i] as PPart).spacedArea,
    0,
  );
  return {
    job,
    span: job.removal.start - state.ctx.buffer - job.setup.end,
    area: Math.max((printer?.usableArea ?? 0) * 0.85, currentArea),
    completion: job.removal.end,
  };
}

/** Minutes a part takes of a job's span: its print time plus its share of the margin. */
function timeCoefficient(state: PlanState, idx: number, job: PlannedJob): number {
  const { ctx } = state;
  const m = ctx.minutes(idx, job.profileId, job.printerIdx);
  const ratio = ctx.explicit(idx, job.profileId)
    ? state.uncertainty(1, 0) - state.uncertainty(0, 0)
    : state.uncertainty(0, 1) - state.uncertainty(0, 0);
  return m * (1 + ratio);
}

/** Whether a part may ride on a job: profile, printer and arrival (planned or not). */
function fits(state: PlanState, idx: number, job: PlannedJob): boolean {
  const part = state.ctx.parts[idx] as PPart;
  return (
    (state.ctx.compat[idx]?.[job.printerIdx] ?? []).includes(job.profileId) &&
    part.received <= job.setup.start + EPS
  );
}

function partCost(state: PlanState, idx: number, completion: Minutes): number {
  const { ctx } = state;
  const part = ctx.parts[idx] as PPart;
  const w = ctx.weights;
  return (
    w.flow * (completion - Math.max(part.received, ctx.start)) +
    (part.due !== null ? w.tardiness * Math.max(0, completion - part.due) : 0)
  );
}

function leftoverCost(state: PlanState, idx: number): number {
  const { ctx } = state;
  const part = ctx.parts[idx] as PPart;
  const ids = part.profileIds.filter((p) => ctx.profiles.has(p));
  const minutes = ids.length > 0 ? Math.min(...ids.map((p) => ctx.minutes(idx, p))) : 0;
  return ctx.weights.unplannedPart + ctx.weights.leftover * minutes;
}

/** Rebuilds a job around a new part list (times re-derived, tasks kept); null if it cannot hold them. */
function rebuild(state: PlanState, job: PlannedJob, parts: number[]): PlannedJob | null {
  const { ctx } = state;
  if (parts.length === 0) return null;
  const printer = ctx.printers[job.printerIdx];
  if (!printer) return null;
  // Same parts: keep the job exactly (a fresh packing in another order might not fit them all).
  if (parts.length === job.partIdxs.length && parts.every((i) => job.partIdxs.includes(i)))
    return job;
  // Pack the parts already on the plate first, in their order, then the newcomers.
  parts = [
    ...job.partIdxs.filter((i) => parts.includes(i)),
    ...parts.filter((i) => !job.partIdxs.includes(i)),
  ];
  const fill = ctx.checker.fill({
    bed: printer.bed,
    items: parts.map((i) => (ctx.parts[i] as PPart).item),
    spacingMm: ctx.spacing,
    rotationStepDeg: ctx.rotationStep,
  });
  const placedIds = new Set(fill.placed.map((p) => p.id));
  const kept = parts.filter((i) => placedIds.has((ctx.parts[i] as PPart).id));
  if (kept.length === 0) return null;
  // Drop the least urgent parts until the plate fits between its setup and its removal.
  const byUrgency = kept
    .slice()
    .sort(
      (a, b) =>
        ((ctx.parts[a] as PPart).due ?? Infinity) - ((ctx.parts[b] as PPart).due ?? Infinity),
    );
  let comp: Composition;
  let estimate: Minutes;
  let unc: Minutes;
  let latestEnd: Minutes;
  let start: Minutes;
  for (;;) {
    comp = state.recount(job.printerIdx, job.profileId, byUrgency);
    estimate =
      Math.ceil((state.overhead(job.printerIdx, job.profileId) + comp.partMinutes) * 60 - 1e-6) /
      60;
    unc = Math.ceil(state.uncertainty(comp.explicitMinutes, comp.modelMinutes) * 60 - 1e-6) / 60;
    latestEnd = job.removal.start - ctx.buffer - unc;
    start = Math.ceil(job.setup.end * 60 - 1e-6) / 60;
    if (start + estimate <= latestEnd + EPS) break;
    byUrgency.pop();
    if (byUrgency.length === 0) return null;
  }
  kept.splice(0, kept.length, ...kept.filter((i) => byUrgency.includes(i)));
  if (ctx.allowDelayedStart) start = Math.max(start, Math.floor((latestEnd - estimate) * 60) / 60);
  const end = start + estimate;
  return {
    ...job,
    partIdxs: kept,
    placements: fill.placed.filter((p) => kept.some((i) => (ctx.parts[i] as PPart).id === p.id)),
    exactPlacements: fill.exact,
    start,
    end,
    estimate,
    uncertainty: unc,
    mode: start > job.setup.end + 1 / 60 ? 'backward' : 'forward',
  };
}

function polishChunk(
  state: PlanState,
  chunk: PlannedJob[],
  solver: MipSolver,
  opts: PolishOptions,
  stats: PolishStats,
  w: PlanState['ctx']['weights'],
): void {
  const { ctx } = state;
  const caps = chunk.map((j) => capOf(state, j));
  // Parts in play: those on the chunk's jobs, plus queued parts that could join one of them.
  const inPlay = new Set<number>(chunk.flatMap((j) => j.partIdxs));
  const queued: number[] = [];
  for (const part of ctx.parts) {
    if (state.planned[part.idx] || queued.length >= 80) continue;
    if (chunk.some((j) => fits(state, part.idx, j))) queued.push(part.idx);
  }
  for (const i of queued) inPlay.add(i);

  // Types: order lines (identical copies), split by whether they are currently planned.
  const byLine = new Map<string, number[]>();
  for (const i of inPlay) {
    const key = (ctx.parts[i] as PPart).lineId;
    byLine.set(key, [...(byLine.get(key) ?? []), i]);
  }
  const types = [...byLine.values()];
  const cost: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const integer: boolean[] = [];
  const rows: MipRow[] = [];
  const col = (c: number, ub: number, int: boolean) => {
    cost.push(c);
    lower.push(0);
    upper.push(ub);
    integer.push(int);
    return cost.length - 1;
  };
  const yCol = caps.map(() => col(w.job, 1, true));
  const timeRows = caps.map((c, k) => {
    // Two seconds of slack cover rounding the estimate and margin up to whole seconds; a job
    // already that full keeps its own load as the limit, so the warm start stays feasible.
    const usage = c.job.partIdxs.reduce((s, i) => s + timeCoefficient(state, i, c.job), 0);
    const fixed = state.overhead(c.job.printerIdx, c.job.profileId) + state.uncertainty(0, 0);
    return {
      lower: -Infinity,
      upper: 0,
      indices: [yCol[k] as number],
      values: [-Math.max(c.span - 2 / 60 - fixed, usage)],
    };
  });
  const areaRows = caps.map((c, k) => ({
    lower: -Infinity,
    upper: 0,
    indices: [yCol[k] as number],
    values: [-c.area],
  }));
  const xs: { t: number; k: number; col: number }[] = [];
  // The left-over cost of every part in play, so the objective is the chunk's real cost and the
  // relative gap means something (without it, 1 % of a large negative number accepts anything).
  let offset = 0;
  types.forEach((parts, t) => {
    const sample = parts[0] as number;
    const left = leftoverCost(state, sample);
    offset += left * parts.length;
    const typeRow: MipRow = { lower: -Infinity, upper: parts.length, indices: [], values: [] };
    caps.forEach((c, k) => {
      if (!fits(state, sample, c.job)) return;
      const tc = timeCoefficient(state, sample, c.job);
      // All integer: a rounded allocation would overfill plates and drop parts (each a left-over).
      const x = col(partCost(state, sample, c.completion) - left, parts.length, true);
      xs.push({ t, k, col: x });
      typeRow.indices.push(x);
      typeRow.values.push(1);
      timeRows[k]?.indices.push(x);
      timeRows[k]?.values.push(tc);
      areaRows[k]?.indices.push(x);
      areaRows[k]?.values.push((ctx.parts[sample] as PPart).spacedArea);
      rows.push({
        lower: -Infinity,
        upper: 0,
        indices: [x, yCol[k] as number],
        values: [1, -parts.length],
      });
    });
    if (typeRow.indices.length > 0) rows.push(typeRow);
  });
  rows.push(...timeRows, ...areaRows);
  const model: MipModel = {
    colCost: cost,
    colLower: lower,
    colUpper: upper,
    integer,
    rows,
    offset,
  };
  stats.maxColumns = Math.max(stats.maxColumns, cost.length);

  // Warm start: the current allocation.
  const start = new Array<number>(cost.length).fill(0);
  caps.forEach((c, k) => {
    if (c.job.partIdxs.length > 0) start[yCol[k] as number] = 1;
    for (const i of c.job.partIdxs) {
      const t = types.findIndex((list) => list.includes(i));
      const x = xs.find((e) => e.t === t && e.k === k);
      if (x) start[x.col] = (start[x.col] ?? 0) + 1;
    }
  });
  const startOk = mipViolation(model, start) === null;
  const t0 = opts.now();
  const remaining = Math.max(0.05, (opts.deadline - t0) / 1000);
  const sol = solver.solve(model, {
    timeLimitSec: Math.min(opts.maxChunkSeconds ?? 3, remaining),
    relativeGap: opts.gap,
    seed: opts.seed,
    maxNodes: opts.maxNodes ?? 60,
    ...(startOk ? { start } : {}),
    shouldStop: opts.shouldStop,
  });
  stats.solveMs += opts.now() - t0;
  stats.nodes += sol.nodes;
  if (sol.timeLimitHit) stats.timeLimitHit = true;
  if (opts.shouldStop()) throw new PlanningCancelled();
  if (!sol.values) return;
  stats.solved++;

  // Decode: whole parts per job. Continuous (small-part) columns are rounded type by type with the
  // largest-remainder rule, so a type keeps its total; parts stay on their current job where the
  // counts allow.
  const counts = new Map<number, number>();
  const byType = new Map<number, { col: number; v: number }[]>();
  for (const x of xs) {
    const v = Math.max(0, sol.values[x.col] ?? 0);
    if (model.integer[x.col]) counts.set(x.col, Math.round(v));
    else byType.set(x.t, [...(byType.get(x.t) ?? []), { col: x.col, v }]);
  }
  for (const [t, cols] of byType) {
    const intTotal = xs
      .filter((x) => x.t === t && model.integer[x.col])
      .reduce((s, x) => s + (counts.get(x.col) ?? 0), 0);
    const want = Math.min(
      (types[t] as number[]).length - intTotal,
      Math.round(cols.reduce((s, c) => s + c.v, 0)),
    );
    let given = 0;
    for (const c of cols) {
      counts.set(c.col, Math.floor(c.v + 1e-6));
      given += Math.floor(c.v + 1e-6);
    }
    for (const c of cols.slice().sort((a, b) => (b.v % 1) - (a.v % 1))) {
      if (given >= want) break;
      counts.set(c.col, (counts.get(c.col) ?? 0) + 1);
      given++;
    }
  }
  const assigned = new Set<number>();
  const newParts: number[][] = caps.map(() => []);
  for (const x of xs) {
    let n = counts.get(x.col) ?? 0;
    if (n <= 0) continue;
    const job = (caps[x.k] as JobCap).job;
    const list = (types[x.t] as number[])
      .slice()
      .sort((a, b) => Number(!job.partIdxs.includes(a)) - Number(!job.partIdxs.includes(b)));
    for (const i of list) {
      if (n <= 0) break;
      if (assigned.has(i)) continue;
      assigned.add(i);
      (newParts[x.k] as number[]).push(i);
      n--;
    }
  }
  // Rebuild each job (plate check, times); parts the plate refuses and parts rounding left out
  // are offered to the chunk's jobs with room, most urgent first.
  const rebuilt: (PlannedJob | null)[] = caps.map((c, k) =>
    newParts[k]?.length ? rebuild(state, c.job, newParts[k] as number[]) : null,
  );
  const placed = new Set(rebuilt.flatMap((j) => j?.partIdxs ?? []));
  const homeless = [...inPlay]
    .filter((i) => !placed.has(i) && chunk.some((j) => j.partIdxs.includes(i)))
    .sort(
      (a, b) =>
        ((ctx.parts[a] as PPart).due ?? Infinity) - ((ctx.parts[b] as PPart).due ?? Infinity),
    );
  for (const i of homeless) {
    for (let k = 0; k < caps.length; k++) {
      const c = caps[k] as JobCap;
      if (!fits(state, i, c.job)) continue;
      const base = rebuilt[k]?.partIdxs ?? [];
      const candidate = rebuild(state, c.job, [...base, i]);
      if (
        candidate &&
        candidate.partIdxs.includes(i) &&
        candidate.partIdxs.length === base.length + 1
      ) {
        rebuilt[k] = candidate;
        placed.add(i);
        break;
      }
    }
  }

  // Accept only a real improvement of the exact objective over the parts in play.
  const objective = (jobs: (PlannedJob | null)[], plannedSet: Set<number>) => {
    let s = 0;
    for (const j of jobs) {
      if (!j) continue;
      s += w.job;
      for (const i of j.partIdxs) s += partCost(state, i, j.removal.end);
    }
    for (const i of inPlay) if (!plannedSet.has(i)) s += leftoverCost(state, i);
    return s;
  };
  const before = objective(chunk, new Set(chunk.flatMap((j) => j.partIdxs)));
  const after = objective(rebuilt, placed);
  if (after >= before - 1e-6) return;
  stats.accepted++;
  stats.gain += after - before;
  // Swap the jobs in the state; emptied jobs disappear (their tasks are simply not carried out).
  for (let k = 0; k < chunk.length; k++) {
    const old = chunk[k] as PlannedJob;
    const pos = state.jobs.indexOf(old);
    const next = rebuilt[k];
    if (pos < 0) continue;
    if (next) state.jobs[pos] = next;
    else {
      state.jobs.splice(pos, 1);
      state.book.release(old.setup);
      state.book.release(old.removal);
    }
  }
  for (const i of inPlay) {
    if (placed.has(i)) state.markPlanned(i);
    else state.unmarkPlanned(i);
  }
}
