/*
 * PlateShift's own strategy. Construction: left-bottom fill with exact collision tests (fast first
 * answer); for many copies of one part, rows of copies (array nesting) when they fit more.
 * Improvement within the time budget (anytime: the best feasible layout is kept):
 *  - strip mode: sparrow-style exploration and compression of the strip length;
 *  - fill/plates: left-over parts, most important first, are inserted beside the plate and the
 *    layout's length is then squeezed back onto the plate by the same strip optimiser (overlap
 *    minimisation with guided local search); polygonal beds insert at the least-overlapping pose
 *    and separate in place.
 */
import { findLbfPose, DEFAULT_LBF, type LbfOptions } from './lbf';
import { rowLayouts } from './rows';
import { Rng } from './prng';
import { type Problem, type ProblemItem, staticsForPlate } from './problem';
import { type Meter, SEP_EXPLORE, type SepConfig, Separator } from './separator';
import { type Solution, type SolvedPlate, type StopCheck } from './solution';
import { STRIP_DEFAULT, StripOptimizer } from './strip';
import { TUNING } from './tuning';
import { World } from './world';

export interface RunCtl {
  stop: StopCheck;
  /** Milliseconds left in the budget. */
  remainingMs: () => number;
  elapsedMs: () => number;
  firstAnswer: () => void;
  progress: (
    placed: number,
    density: number,
    extra?: { stripLength?: number; plates?: number },
  ) => void;
  /** Pose evaluations so far (the work unit of `workLimit`). */
  meter: Meter;
  /** Share of the budget used, 0…1 (the larger of time and work). */
  fraction: () => number;
}

function constructOrder(p: Problem, idx: number[]): number[] {
  const it = (i: number) => p.items[i] as ProblemItem;
  const must = idx.filter((i) => it(i).mustPlace);
  const fill = idx.filter((i) => !it(i).mustPlace);
  const key = (i: number) => it(i).group.hullArea * it(i).group.diameter;
  // Must-place parts big first (best chance that all fit); fill parts keep the list order
  // (the planner's priority), except when every part has to go somewhere (strip, plates).
  must.sort((a, b) => key(b) - key(a) || a - b);
  if (p.mode === 'strip' || p.mode === 'plates') fill.sort((a, b) => key(b) - key(a) || a - b);
  return must.concat(fill);
}

/** LBF-place the given items in order; returns the ones that did not fit. */
function construct(w: World, order: number[], rng: Rng, opts: LbfOptions): number[] {
  const failedGroups = new Set<number>();
  const left: number[] = [];
  for (const i of order) {
    const it = w.p.items[i] as ProblemItem;
    if (failedGroups.has(it.group.key)) {
      left.push(i);
      continue;
    }
    const pose = findLbfPose(w, it, rng, opts);
    if (pose) w.place(i, pose.ori, pose.x, pose.y);
    else {
      failedGroups.add(it.group.key);
      left.push(i);
    }
  }
  return left;
}

function placedArea(w: World): number {
  let a = 0;
  for (const i of w.list) a += (w.p.items[i] as ProblemItem).trueArea;
  return a;
}

/** Separator effort scaled down for short budgets (sparrow's defaults are for 20-minute runs). */
function scaledSep(base: SepConfig, budgetMs: number, cap = TUNING.sepScaleMax): SepConfig {
  const f = Math.min(cap, Math.max(TUNING.sepScaleMin, budgetMs / 60000));
  return {
    ...base,
    containerSamples: TUNING.sepSamples[0],
    focusSamples: TUNING.sepSamples[1],
    iterNoImprove: Math.max(TUNING.sepIterMin, Math.round(base.iterNoImprove * f)),
    strikes: Math.min(base.strikes, TUNING.sepStrikes),
  };
}

// ---- strip mode --------------------------------------------------------------------------

/** Diagnostics hook for benchmarks (null in normal use). */
export const STRIP_LOG: { fn: StripOptimizer['log'] } = { fn: null };

function solveStrip(p: Problem, ctl: RunCtl, rng: Rng): Solution {
  const w = new World(p, staticsForPlate(p, 0));
  const idx = p.items.filter((it) => !it.impossible && !it.fixed).map((it) => it.index);
  construct(w, constructOrder(p, idx), rng, {
    ...DEFAULT_LBF,
    samples: TUNING.lbfStripSamples,
    refine: 3,
  });
  const sep = new Separator(w, rng, ctl.stop, ctl.meter);
  // Effort scale: the time budget, or the work budget at ~300 evaluations per ms.
  const budget = Number.isFinite(p.workLimit) ? p.workLimit / 300 : ctl.remainingMs();
  const cfg = {
    ...STRIP_DEFAULT,
    exploreShrink: TUNING.exploreShrink,
    explore: scaledSep(STRIP_DEFAULT.explore, budget, TUNING.sepScaleMaxStrip),
    compress: scaledSep(STRIP_DEFAULT.compress, budget, TUNING.sepScaleMaxStrip),
  };
  const opt = new StripOptimizer(w, sep, rng, cfg);
  opt.log = STRIP_LOG.fn;
  ctl.firstAnswer();
  const report = () =>
    ctl.progress(w.list.length, placedArea(w) / (opt.bestLen * p.stripHeight), {
      stripLength: opt.bestLen,
    });
  // Every improvement, with its time: the best layout at any earlier budget (anytime benches).
  const history = [{ t: ctl.elapsedMs(), len: opt.bestLen, snap: opt.bestSnap }];
  opt.onImprove = (len) => {
    history.push({ t: ctl.elapsedMs(), len, snap: opt.bestSnap });
    report();
  };
  report();
  opt.explore(() => {
    report();
    return ctl.stop() || ctl.fraction() >= cfg.exploreShare;
  });
  const f1 = ctl.fraction();
  opt.compress(
    () => {
      report();
      return ctl.stop();
    },
    () => Math.min(1, (ctl.fraction() - f1) / Math.max(1e-9, 1 - f1)),
  );
  w.restore(opt.bestSnap);
  report();
  return {
    plates: [{ plate: 0, world: w }],
    stripLength: opt.bestLen,
    work: ctl.meter.evals,
    cancelled: false,
    history,
  };
}

// ---- fill / plates -------------------------------------------------------------------------

/** Insert at the least-overlapping pose on the plate, then separate. */
function separateInsert(w: World, sep: Separator, cand: number): boolean {
  sep.resetWeights();
  sep.rebuild();
  const pose = sep.searchPose(cand, false);
  w.place(cand, pose.ori, pose.x, pose.y);
  sep.rebuild();
  return sep.separate();
}

/**
 * Insert beside the plate (the container temporarily extends to the right), then compress the
 * layout's length back onto the plate with the strip optimiser. True when it fits; the world is
 * then feasible on the plate.
 */
function squeezeInsert(w: World, sep: Separator, rng: Rng, cand: number, over: StopCheck): boolean {
  const p = w.p;
  const plateLength = p.bedBox.maxX - p.bedBox.minX;
  w.setLength(Infinity);
  const pose = findLbfPose(w, p.items[cand] as ProblemItem, rng, { ...DEFAULT_LBF, samples: 32 });
  if (!pose) {
    w.setLength(plateLength);
    return false;
  }
  w.place(cand, pose.ori, pose.x, pose.y);
  const opt = new StripOptimizer(w, sep, rng, {
    ...STRIP_DEFAULT,
    exploreShrink: [0.01, 0.002, 0.03],
  });
  if (opt.bestLen > plateLength + w.slack) {
    opt.explore(() => over() || opt.bestLen <= plateLength + w.slack);
  }
  const ok = opt.bestLen <= plateLength + w.slack;
  w.restore(opt.bestSnap);
  w.setLength(plateLength);
  sep.resetWeights();
  sep.rebuild();
  return ok && sep.totalLoss() === 0;
}

/** Fill one plate from `idx` (priority order kept for fill parts). Returns the items left over. */
function fillPlate(
  p: Problem,
  plate: number,
  idx: number[],
  ctl: RunCtl,
  rng: Rng,
  deadline: StopCheck,
  first: boolean,
  budgetMs: number,
): { world: World; left: number[] } {
  // Progress never goes backwards when two starting layouts are improved in turn.
  let shown = 0;
  const outer = ctl;
  ctl = {
    ...outer,
    progress: (placed, density, extra) => {
      if (placed < shown) return;
      shown = placed;
      outer.progress(placed, density, extra);
    },
  };
  const w = new World(p, staticsForPlate(p, plate));
  const order = constructOrder(p, idx);
  const left = construct(w, order, rng, DEFAULT_LBF);
  if (first) ctl.firstAnswer();
  ctl.progress(w.list.length, placedArea(w) / p.usableArea, { plates: plate + 1 });
  if (left.length === 0 || deadline()) return { world: w, left };

  // Many copies of one part: rows of copies (array nesting) often beat free placement; the
  // better start is improved. (Improving both with half the time each did worse.)
  const group0 = (p.items[idx[0] as number] as ProblemItem).group;
  const identical =
    idx.length >= 6 && idx.every((i) => (p.items[i] as ProblemItem).group === group0);
  const roomy = budgetMs >= 400 && (!Number.isFinite(p.workLimit) || p.workLimit >= 50_000);
  let start = { w, left };
  if (identical && roomy) {
    const w2 = new World(p, w.statics);
    const poses = rowLayouts(w2, p.items[idx[0] as number] as ProblemItem, deadline);
    let k = 0;
    for (const pose of poses) {
      const i = order[k];
      if (i === undefined) break;
      const sh = group0.orientations[pose.ori];
      if (sh && w2.feasible(sh, pose.x, pose.y, i)) {
        w2.place(i, pose.ori, pose.x, pose.y);
        k++;
      }
    }
    if (w2.list.length > w.list.length) {
      const placedSet = new Set(w2.list);
      // Leftover space (row ends, the top band) may still take copies placed freely.
      const left2 = construct(
        w2,
        order.filter((i) => !placedSet.has(i)),
        rng,
        DEFAULT_LBF,
      );
      start = { w: w2, left: left2 };
      ctl.progress(w2.list.length, placedArea(w2) / p.usableArea, { plates: plate + 1 });
    }
  }
  const r = improveFill(p, plate, start.w, order, start.left, ctl, rng, deadline, budgetMs);
  return { world: r.w, left: r.left };
}

/** Add left-over parts to a feasible plate, most important first, until the deadline. */
function improveFill(
  p: Problem,
  plate: number,
  w: World,
  order: number[],
  leftIn: number[],
  ctl: RunCtl,
  rng: Rng,
  deadline: StopCheck,
  budgetMs: number,
): { w: World; left: number[] } {
  let left = leftIn;
  if (left.length === 0 || deadline()) return { w, left };
  const sep = new Separator(w, rng, deadline, ctl.meter, scaledSep(SEP_EXPLORE, budgetMs));
  const rank = new Map(order.map((i, k) => [i, k]));
  const tries = new Map<number, number>();
  let best = w.snapshot();
  while (left.length > 0 && !deadline()) {
    // The most important left-over part whose shape has been tried least.
    left.sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
    const tryCount = (i: number) => tries.get((p.items[i] as ProblemItem).group.key) ?? 0;
    const minTries = Math.min(...left.map(tryCount));
    const cand = left.find((i) => tryCount(i) === minTries) as number;
    const key = (p.items[cand] as ProblemItem).group.key;
    // Cheap first: a feasible LBF spot.
    const lbf = findLbfPose(w, p.items[cand] as ProblemItem, rng, { ...DEFAULT_LBF, samples: 32 });
    if (lbf) {
      w.place(cand, lbf.ori, lbf.x, lbf.y);
    } else {
      // Budget of this attempt: a quarter of what is left (time and work), at least a little.
      const t0 = ctl.elapsedMs();
      const e0 = ctl.meter.evals;
      const msCap = Math.max(300, ctl.remainingMs() / 4);
      const workCap = Number.isFinite(p.workLimit)
        ? Math.max(20_000, (p.workLimit - e0) / 4)
        : Infinity;
      const attemptOver = () =>
        deadline() || ctl.elapsedMs() - t0 > msCap || ctl.meter.evals - e0 > workCap;
      const ok =
        p.bedShape === null
          ? squeezeInsert(w, sep, rng, cand, attemptOver)
          : separateInsert(w, sep, cand);
      if (!ok) {
        w.restore(best);
        tries.set(key, (tries.get(key) ?? 0) + 1);
        ctl.progress(w.list.length, placedArea(w) / p.usableArea, { plates: plate + 1 });
        continue;
      }
    }
    left = left.filter((i) => i !== cand);
    best = w.snapshot();
    ctl.progress(w.list.length, placedArea(w) / p.usableArea, { plates: plate + 1 });
  }
  w.restore(best);
  return { w, left };
}

export function solvePlateshift(p: Problem, ctl: RunCtl): Solution {
  const rng = new Rng(p.seed);
  if (p.mode === 'strip') return solveStrip(p, ctl, rng);
  const idx = p.items.filter((it) => !it.impossible && !it.fixed).map((it) => it.index);
  if (p.mode === 'fill') {
    const { world } = fillPlate(p, 0, idx, ctl, rng, ctl.stop, true, ctl.remainingMs());
    return {
      plates: [{ plate: 0, world }],
      stripLength: undefined,
      work: ctl.meter.evals,
      cancelled: false,
    };
  }
  // Plates: fill plate after plate; each gets a share of the remaining time.
  const plates: SolvedPlate[] = [];
  let rest = idx;
  const maxFixedPlate = p.items.reduce((m, it) => (it.fixed ? Math.max(m, it.fixed.plate) : m), -1);
  for (let plate = 0; rest.length > 0 || plate <= maxFixedPlate; plate++) {
    const restArea = rest.reduce((a, i) => a + (p.items[i] as ProblemItem).group.shapeArea, 0);
    const estPlates = Math.max(1, Math.ceil(restArea / (0.6 * p.usableArea)));
    const share = ctl.remainingMs() / estPlates;
    const t0 = ctl.elapsedMs();
    const deadline = () => ctl.stop() || ctl.elapsedMs() - t0 > share;
    const { world, left } = fillPlate(p, plate, rest, ctl, rng, deadline, plate === 0, share);
    plates.push({ plate, world });
    if (left.length === rest.length && plate > maxFixedPlate) break;
    rest = left;
    if (plate > p.items.length) break;
  }
  return { plates, stripLength: undefined, work: ctl.meter.evals, cancelled: false };
}
