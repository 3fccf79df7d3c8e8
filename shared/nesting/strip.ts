/*
 * Strip-length minimisation after sparrow: exploration (shrink by a small step after every
 * successful separation; on failure keep the width, pick an infeasible layout from a pool and
 * disrupt it by swapping two large parts) followed by compression (shrink the best layout by a
 * decaying ratio at a random split). Used for strip mode and, with the plate's width as the
 * starting strip, to compact plates before re-inserting parts.
 */
import { type Rng } from './prng';
import { type ProblemItem } from './problem';
import { SEP_COMPRESS, SEP_EXPLORE, type SepConfig, type Separator } from './separator';
import { type OShape } from './shape';
import { type StopCheck } from './solution';
import { TUNING } from './tuning';
import { type World, type WorldSnapshot } from './world';

export interface StripConfig {
  /** Exploration shrink step: starts at the first value, adapts within [min, max]. */
  exploreShrink: [number, number, number];
  compressRange: [number, number];
  /** Share of the time spent exploring (rest: compression). */
  exploreShare: number;
  explore: SepConfig;
  compress: SepConfig;
  poolStddev: number;
  largeCutoff: number;
}

export const STRIP_DEFAULT: StripConfig = {
  exploreShrink: TUNING.exploreShrink,
  compressRange: [0.0005, 0.00001],
  exploreShare: 0.8,
  explore: SEP_EXPLORE,
  compress: SEP_COMPRESS,
  poolStddev: 0.25,
  largeCutoff: 0.75,
};

export class StripOptimizer {
  readonly w: World;
  readonly sep: Separator;
  readonly rng: Rng;
  readonly cfg: StripConfig;
  bestLen: number;
  bestSnap: WorldSnapshot;
  onImprove: (len: number) => void = () => {};
  /** Diagnostics hook (benchmarks): one call per separation attempt. */
  log:
    | ((e: { ok: boolean; length: number; evals: number; step: number; colliding: number }) => void)
    | null = null;

  constructor(w: World, sep: Separator, rng: Rng, cfg: StripConfig = STRIP_DEFAULT) {
    this.w = w;
    this.sep = sep;
    this.rng = rng;
    this.cfg = cfg;
    this.bestLen = this.fit();
    this.bestSnap = w.snapshot();
  }

  /** Shrink the container to the layout's extent; returns the length. */
  fit(): number {
    const w = this.w;
    const len = w.list.length === 0 ? 0 : w.usedMaxX() + w.p.clearBed - w.p.bedBox.minX;
    w.setLength(len);
    return len;
  }

  private record(): void {
    const len = this.w.length;
    if (len < this.bestLen - 1e-12) {
      this.bestLen = len;
      this.bestSnap = this.w.snapshot();
      this.onImprove(len);
    }
  }

  /** Change the length, shifting parts right of `split` (weights reset, as the tracker is new). */
  changeLength(newLen: number, split: number): void {
    const w = this.w;
    const delta = newLen - w.length;
    for (const i of w.list.slice()) {
      const cx = ((w.bx0[i] as number) + (w.bx1[i] as number)) / 2;
      if (cx > split) w.place(i, w.ori[i] as number, (w.x[i] as number) + delta, w.y[i] as number);
    }
    w.setLength(newLen);
    this.sep.resetWeights();
    this.sep.rebuild();
  }

  explore(until: StopCheck): void {
    const w = this.w;
    const pool: { snap: WorldSnapshot; loss: number }[] = [];
    this.sep.resetWeights();
    this.sep.rebuild();
    const [s0, sMin, sMax] = this.cfg.exploreShrink;
    let step = s0;
    while (!until()) {
      const e0 = this.sep.meter.evals;
      const ok = this.sep.separate(this.cfg.explore);
      this.log?.({
        ok,
        length: w.length,
        evals: this.sep.meter.evals - e0,
        step,
        colliding: ok ? 0 : this.sep.colliding().length,
      });
      if (until() && !ok) break;
      if (ok) {
        this.record();
        step = Math.min(sMax, step * 1.1);
        this.changeLength(w.length * (1 - step), w.p.bedBox.minX + w.length / 2);
        pool.length = 0;
      } else if (step > sMin * 1.0001 && this.bestLen < Infinity) {
        // Too ambitious a step: back to the best feasible layout, smaller step.
        step = Math.max(sMin, step * 0.5);
        w.restore(this.bestSnap);
        this.changeLength(this.bestLen * (1 - step), w.p.bedBox.minX + this.bestLen / 2);
        pool.length = 0;
      } else {
        // At the smallest step: stay at this width, restart from a (good) infeasible layout
        // of the pool, disrupted (sparrow's exploration).
        const loss = this.sep.totalLoss();
        let k = pool.findIndex((e) => e.loss > loss);
        if (k < 0) k = pool.length;
        pool.splice(k, 0, { snap: w.snapshot(), loss });
        const u = Math.min(0.999, Math.abs(this.rng.normal() * this.cfg.poolStddev));
        const pick = pool[Math.floor(u * pool.length)] as { snap: WorldSnapshot };
        w.restore(pick.snap);
        this.sep.resetWeights();
        this.disrupt();
        this.sep.rebuild();
      }
    }
    w.restore(this.bestSnap);
    this.sep.resetWeights();
    this.sep.rebuild();
  }

  compress(until: StopCheck, progress: () => number): void {
    const w = this.w;
    const [r0, r1] = this.cfg.compressRange;
    while (!until()) {
      const r = r0 + progress() * (r1 - r0);
      if (r < r1) break;
      w.restore(this.bestSnap);
      const next = this.bestLen * (1 - r);
      this.changeLength(next, w.p.bedBox.minX + this.rng.range(0, this.bestLen));
      if (this.sep.separate(this.cfg.compress)) this.record();
    }
    w.restore(this.bestSnap);
  }

  /** Swap two large parts (and the parts they practically contain) to escape a local optimum. */
  private disrupt(): void {
    const w = this.w;
    const items = w.p.items;
    const list = w.list;
    if (list.length < 2) return;
    const hull = (i: number) => (items[i] as ProblemItem).group.hullArea;
    const sorted = list.slice().sort((a, b) => hull(b) - hull(a));
    const total = sorted.reduce((a, i) => a + hull(i), 0);
    let acc = 0;
    let cutoff = 0;
    for (const i of sorted) {
      acc += hull(i);
      if (acc > total * this.cfg.largeCutoff) {
        cutoff = hull(i);
        break;
      }
    }
    const large = list.filter((i) => hull(i) >= cutoff);
    const a = this.rng.pick(large.length > 0 ? large : list);
    const ga = (items[a] as ProblemItem).group;
    let others = large.filter((i) => {
      const g = (items[i] as ProblemItem).group;
      return (
        i !== a &&
        Math.abs(g.shapeArea - ga.shapeArea) > ga.shapeArea * 0.01 &&
        Math.abs(g.diameter - ga.diameter) > ga.diameter * 0.01
      );
    });
    if (others.length === 0) others = list.filter((i) => i !== a);
    const b = this.rng.pick(others);
    const center = (i: number) => [
      ((w.bx0[i] as number) + (w.bx1[i] as number)) / 2,
      ((w.by0[i] as number) + (w.by1[i] as number)) / 2,
    ];
    const [ax, ay] = center(a) as [number, number];
    const [bx, by] = center(b) as [number, number];
    // Parts whose biggest pole centre lies inside a or b travel with it.
    const contained = (c: number) =>
      list.filter((j) => {
        if (j === a || j === b) return false;
        const s = w.shp[j] as OShape;
        const sc = w.shp[c] as OShape;
        return pointIn(
          sc,
          w.x[c] as number,
          w.y[c] as number,
          (s.poles[0] as number) + (w.x[j] as number),
          (s.poles[1] as number) + (w.y[j] as number),
        );
      });
    const ca = contained(a);
    const cb = contained(b);
    const moveTo = (i: number, cx: number, cy: number) => {
      const s = w.shp[i] as OShape;
      w.place(i, w.ori[i] as number, cx - (s.minX + s.maxX) / 2, cy - (s.minY + s.maxY) / 2);
    };
    moveTo(a, bx, by);
    moveTo(b, ax, ay);
    for (const j of ca)
      w.place(j, w.ori[j] as number, (w.x[j] as number) + bx - ax, (w.y[j] as number) + by - ay);
    for (const j of cb)
      w.place(j, w.ori[j] as number, (w.x[j] as number) + ax - bx, (w.y[j] as number) + ay - by);
  }
}

function pointIn(s: OShape, ox: number, oy: number, x: number, y: number): boolean {
  const lx = x - ox;
  const ly = y - oy;
  if (lx < s.minX || lx > s.maxX || ly < s.minY || ly > s.maxY) return false;
  let inside = false;
  for (let i = 0; i < s.n; i++) {
    const j = s.nxt[i] as number;
    const ay = s.vy[i] as number;
    const by = s.vy[j] as number;
    if (ay > ly !== by > ly) {
      const ax = s.vx[i] as number;
      const bx = s.vx[j] as number;
      if (lx < ((bx - ax) * (ly - ay)) / (by - ay) + ax) inside = !inside;
    }
  }
  return inside;
}
