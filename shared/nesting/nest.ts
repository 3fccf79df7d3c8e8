import { solveFfdh, solveFfdhGa } from './ffdh';
import { solvePlateshift, type RunCtl } from './plateshift';
import { buildProblem, type Problem } from './problem';
import { type Solution, toResult } from './solution';
import {
  type NestCheckpoint,
  type NestRequest,
  type NestResult,
  type NestRunControl,
} from './types';

function defaultNow(): () => number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? () => perf.now() : () => Date.now();
}

/**
 * Arrange parts on a bed (fill one plate, pack onto plates, or strip packing). Synchronous and
 * pure: run it in a worker for long budgets. Anytime: when `shouldStop`/`signal` fires or the time
 * budget ends, the best valid layout found so far is returned (`cancelled` says which).
 * Throws NestInputError for invalid input (degenerate polygons, bad options).
 */
export function nest(request: NestRequest, control: NestRunControl = {}): NestResult {
  const now = control.now ?? defaultNow();
  const t0 = now();
  const p = buildProblem(request);
  let firstAnswerMs = -1;
  const meter = { evals: 0 };
  let cancelled = false;
  let lastProgress = -Infinity;
  const budget = p.timeLimitMs;
  const external = () =>
    (control.signal?.aborted ?? false) || (control.shouldStop ? control.shouldStop() : false);
  // Work done when the clock first passes each checkpoint (stop() is polled between moves).
  const cps = [...new Set(control.checkpointsMs ?? [])]
    .filter((t) => Number.isFinite(t) && t >= 0)
    .sort((a, b) => a - b);
  const cpWork: number[] = [];
  const stop = (): boolean => {
    if (cpWork.length < cps.length) {
      const t = now() - t0;
      while (cpWork.length < cps.length && t >= (cps[cpWork.length] as number))
        cpWork.push(meter.evals);
    }
    if (cancelled) return true;
    if (external()) {
      cancelled = true;
      return true;
    }
    if (meter.evals >= p.workLimit) return true;
    return now() - t0 >= budget;
  };
  const ctl: RunCtl = {
    stop,
    remainingMs: () => Math.max(0, budget - (now() - t0)),
    elapsedMs: () => now() - t0,
    firstAnswer: () => {
      if (firstAnswerMs < 0) firstAnswerMs = now() - t0;
    },
    progress: (placed, density, extra) => {
      if (!control.onProgress) return;
      const t = now() - t0;
      if (t - lastProgress < 100) return;
      lastProgress = t;
      control.onProgress({
        phase: firstAnswerMs < 0 ? 'construct' : 'improve',
        elapsedMs: t,
        placed,
        total: p.items.length,
        density,
        ...(extra?.stripLength !== undefined ? { stripLength: extra.stripLength } : {}),
        ...(extra?.plates !== undefined ? { plates: extra.plates } : {}),
      });
    },
    meter,
    fraction: () =>
      Math.max(
        budget > 0 ? (now() - t0) / budget : 1,
        Number.isFinite(p.workLimit) ? meter.evals / Math.max(1, p.workLimit) : 0,
      ),
  };
  let sol: Solution;
  if (p.strategy === 'ffdh') sol = solveFfdh(p, stop);
  else if (p.strategy === 'ffdh-ga') sol = solveFfdhGa(p, stop);
  else sol = solvePlateshift(p, ctl);
  if (firstAnswerMs < 0) firstAnswerMs = now() - t0;
  sol.cancelled = sol.cancelled || cancelled;
  if (p.strategy === 'plateshift') sol.work = meter.evals;
  const timing = { timeMs: now() - t0, firstAnswerMs };
  const result = toResult(p, sol, timing);
  if (cps.length > 0 && sol.history && sol.history.length > 0) {
    result.checkpoints = checkpoints(p, sol, cps, cpWork, meter.evals, timing);
  }
  control.onProgress?.({
    phase: 'done',
    elapsedMs: result.timeMs,
    placed: result.placements.length,
    total: p.items.length,
    density: result.density,
    ...(result.stripLength !== undefined ? { stripLength: result.stripLength } : {}),
    plates: result.plateCount,
  });
  return result;
}

/** The best layout at each checkpoint, rebuilt from the run's improvement history. */
function checkpoints(
  p: Problem,
  sol: Solution,
  cps: number[],
  cpWork: number[],
  finalWork: number,
  timing: { timeMs: number; firstAnswerMs: number },
): NestCheckpoint[] {
  const history = sol.history ?? [];
  const world = (sol.plates[0] as Solution['plates'][number]).world;
  const final = world.snapshot();
  const out = cps.map((atMs, k) => {
    let h = history[0] as (typeof history)[number];
    for (const e of history) if (e.t <= atMs) h = e;
    world.restore(h.snap);
    const r = toResult(p, { ...sol, stripLength: h.len }, timing);
    const cp: NestCheckpoint = {
      atMs,
      work: cpWork[k] ?? finalWork,
      foundAtMs: h.t,
      density: r.density,
      placements: r.placements,
    };
    if (r.stripLength !== undefined) cp.stripLength = r.stripLength;
    return cp;
  });
  world.restore(final);
  return out;
}
