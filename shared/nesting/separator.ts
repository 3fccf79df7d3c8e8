/*
 * Overlap minimisation after sparrow (Gardeyn & Wauters 2025, arXiv 2509.13329): given a layout
 * where some parts collide, move colliding parts one at a time to the pose minimising their
 * *weighted* loss (samples around the part and over the container, refined by coordinate descent),
 * and raise the weights of pairs that keep colliding (guided local search) until the layout is
 * feasible. Collisions are decided exactly (collision.ts); only their *amount* uses the pole proxy,
 * which gives the search a gradient.
 */
import { outsideRegion, poleOverlap, shapesCollide } from './collision';
import { type Rng } from './prng';
import { ensurePoles, ensureShapePoles, type Problem, type ProblemItem } from './problem';
import { type OShape } from './shape';
import { type StopCheck } from './solution';
import { type World, type WorldSnapshot } from './world';

export interface SepConfig {
  /** Iterations without improvement before a strike. */
  iterNoImprove: number;
  strikes: number;
  containerSamples: number;
  focusSamples: number;
  /** Best samples refined by coordinate descent. */
  refineBest: number;
}

export const SEP_EXPLORE: SepConfig = {
  iterNoImprove: 200,
  strikes: 3,
  containerSamples: 50,
  focusSamples: 25,
  refineBest: 3,
};

export const SEP_COMPRESS: SepConfig = { ...SEP_EXPLORE, iterNoImprove: 100, strikes: 5 };

const W_MIN_INC = 1.2;
const W_MAX_INC = 2;
const W_DECAY = 0.95;
const CD_SUCCESS = 1.1;
const CD_FAIL = 0.5;

/** Shared work counter (pose evaluations) across separators of one run. */
export interface Meter {
  evals: number;
}

interface Sample {
  ori: number;
  x: number;
  y: number;
  loss: number;
}

export class Separator {
  readonly w: World;
  readonly p: Problem;
  readonly rng: Rng;
  readonly stop: StopCheck;
  readonly N: number;
  readonly S: number;
  private readonly ov: Float64Array;
  private readonly wt: Float64Array;
  private readonly ovS: Float64Array;
  private readonly wS: Float64Array;
  private readonly ovC: Float64Array;
  private readonly wC: Float64Array;
  /** sqrt(sqrt(hull area)) per item: pair penalty is the product of the two. */
  private readonly k: Float64Array;
  private readonly diam: Float64Array;
  private readonly minDim: Float64Array;
  readonly meter: Meter;
  cfg: SepConfig;

  constructor(w: World, rng: Rng, stop: StopCheck, meter: Meter, cfg: SepConfig = SEP_EXPLORE) {
    this.meter = meter;
    this.w = w;
    this.p = w.p;
    this.rng = rng;
    this.stop = stop;
    this.cfg = cfg;
    const N = w.p.items.length;
    const S = w.statics.length;
    this.N = N;
    this.S = S;
    this.ov = new Float64Array(N * N);
    this.wt = new Float64Array(N * N).fill(1);
    this.ovS = new Float64Array(Math.max(1, N * S));
    this.wS = new Float64Array(Math.max(1, N * S)).fill(1);
    this.ovC = new Float64Array(N);
    this.wC = new Float64Array(N).fill(1);
    this.k = new Float64Array(N);
    this.diam = new Float64Array(N);
    this.minDim = new Float64Array(N);
    for (const st of w.statics) ensureShapePoles(st.shape);
    w.p.items.forEach((it: ProblemItem, i) => {
      this.k[i] = Math.sqrt(Math.sqrt(Math.max(it.group.hullArea, 1e-12)));
      this.diam[i] = it.group.diameter;
      this.minDim[i] = Math.max(it.group.minDim, it.group.diameter * 1e-3);
    });
  }

  // ---- loss of one pair / hazard -----------------------------------------------------------

  private pairLoss(i: number, s: OShape, x: number, y: number, j: number): number {
    const w = this.w;
    const sj = w.shp[j] as OShape;
    const xj = w.x[j] as number;
    const yj = w.y[j] as number;
    const c = this.p.clearPP;
    if (!shapesCollide(s, x, y, sj, xj, yj, c)) return 0;
    const eps = 0.01 * Math.max(this.diam[i] as number, this.diam[j] as number);
    const raw = Math.PI * poleOverlap(s, x, y, sj, xj, yj, c, eps) + eps * eps;
    return Math.sqrt(raw) * (this.k[i] as number) * (this.k[j] as number);
  }

  private staticLoss(i: number, s: OShape, x: number, y: number, h: number): number {
    const st = this.w.statics[h];
    if (!st) return 0;
    if (!shapesCollide(s, x, y, st.shape, st.x, st.y, st.clear)) return 0;
    const eps = 0.01 * (this.diam[i] as number);
    const raw = Math.PI * poleOverlap(s, x, y, st.shape, st.x, st.y, st.clear, eps) + eps * eps;
    return Math.sqrt(raw) * (this.k[i] as number) * Math.sqrt(Math.sqrt(Math.abs(st.shape.area)));
  }

  private containerLoss(i: number, s: OShape, x: number, y: number): number {
    const w = this.w;
    const e = w.slack;
    const x0 = s.minX + x;
    const x1 = s.maxX + x;
    const y0 = s.minY + y;
    const y1 = s.maxY + y;
    const out = x0 < w.cx0 - e || x1 > w.cx1 + e || y0 < w.cy0 - e || y1 > w.cy1 + e;
    const bed = this.p.bedShape;
    const outBed = !out && bed !== null && outsideRegion(s, x, y, bed, this.p.clearHaz);
    if (!out && !outBed) return 0;
    const ki = this.k[i] as number;
    let raw: number;
    const bw = x1 - x0;
    const bh = y1 - y0;
    const area = bw * bh;
    if (out) {
      const ix = Math.min(x1, w.cx1) - Math.max(x0, w.cx0);
      const iy = Math.min(y1, w.cy1) - Math.max(y0, w.cy0);
      if (ix > 0 && iy > 0) raw = area - ix * iy + 1e-4 * area;
      else {
        const dx = (x0 + x1) / 2 - (w.cx0 + Math.min(w.cx1, 1e300)) / 2;
        const dy = (y0 + y1) / 2 - (w.cy0 + w.cy1) / 2;
        raw = area + Math.hypot(dx, dy);
      }
    } else raw = 1e-4 * area;
    if (bed) {
      const eps = 0.01 * (this.diam[i] as number);
      raw += Math.PI * bedExteriorProxy(s, x, y, bed, this.p.clearHaz, eps);
    }
    return 2 * Math.sqrt(raw) * ki * ki;
  }

  /** Weighted loss of item i if it were at (s, x, y); returns Infinity once above `bound`. */
  evalPose(i: number, s: OShape, x: number, y: number, bound: number): number {
    this.meter.evals++;
    const N = this.N;
    let tot = 0;
    const cl = this.containerLoss(i, s, x, y);
    if (cl > 0) {
      tot += (this.wC[i] as number) * cl;
      if (tot > bound) return Infinity;
    }
    for (let h = 0; h < this.S; h++) {
      const sl = this.staticLoss(i, s, x, y, h);
      if (sl > 0) {
        tot += (this.wS[i * this.S + h] as number) * sl;
        if (tot > bound) return Infinity;
      }
    }
    const w = this.w;
    const c = this.p.clearPP;
    const x0 = s.minX + x - c;
    const x1 = s.maxX + x + c;
    const y0 = s.minY + y - c;
    const y1 = s.maxY + y + c;
    const list = w.list;
    const bx0 = w.bx0;
    const bx1 = w.bx1;
    const by0 = w.by0;
    const by1 = w.by1;
    for (let kk = 0; kk < list.length; kk++) {
      const j = list[kk] as number;
      if (j === i) continue;
      if ((bx0[j] as number) >= x1 || (bx1[j] as number) <= x0) continue;
      if ((by0[j] as number) >= y1 || (by1[j] as number) <= y0) continue;
      const pl = this.pairLoss(i, s, x, y, j);
      if (pl > 0) {
        tot += (this.wt[i * N + j] as number) * pl;
        if (tot > bound) return Infinity;
      }
    }
    return tot;
  }

  // ---- tracker -------------------------------------------------------------------------------

  /** Recompute item i's losses from its current pose. */
  updateRow(i: number): void {
    const w = this.w;
    const N = this.N;
    const s = w.shp[i];
    for (let h = 0; h < this.S; h++) this.ovS[i * this.S + h] = 0;
    for (let j = 0; j < N; j++) {
      this.ov[i * N + j] = 0;
      this.ov[j * N + i] = 0;
    }
    this.ovC[i] = 0;
    if (!s || !w.placed[i]) return;
    ensurePoles(this.p, (this.p.items[i] as ProblemItem).group);
    const x = w.x[i] as number;
    const y = w.y[i] as number;
    this.ovC[i] = this.containerLoss(i, s, x, y);
    for (let h = 0; h < this.S; h++) this.ovS[i * this.S + h] = this.staticLoss(i, s, x, y, h);
    const c = this.p.clearPP;
    for (const j of w.list) {
      if (j === i) continue;
      if (
        (w.bx0[j] as number) >= (w.bx1[i] as number) + c ||
        (w.bx1[j] as number) + c <= (w.bx0[i] as number)
      )
        continue;
      if (
        (w.by0[j] as number) >= (w.by1[i] as number) + c ||
        (w.by1[j] as number) + c <= (w.by0[i] as number)
      )
        continue;
      const v = this.pairLoss(i, s, x, y, j);
      this.ov[i * N + j] = v;
      this.ov[j * N + i] = v;
    }
  }

  /** Recompute all losses (weights kept). */
  rebuild(): void {
    this.ov.fill(0);
    this.ovS.fill(0);
    this.ovC.fill(0);
    for (const i of this.w.list) this.updateRow(i);
  }

  resetWeights(): void {
    this.wt.fill(1);
    this.wS.fill(1);
    this.wC.fill(1);
  }

  /** Restore a snapshot, keep the weights. */
  rollback(snap: WorldSnapshot): void {
    this.w.restore(snap);
    this.rebuild();
  }

  itemLoss(i: number): number {
    const N = this.N;
    let t = this.ovC[i] as number;
    for (let h = 0; h < this.S; h++) t += this.ovS[i * this.S + h] as number;
    for (const j of this.w.list) t += this.ov[i * N + j] as number;
    return t;
  }

  itemWeightedLoss(i: number): number {
    const N = this.N;
    let t = (this.ovC[i] as number) * (this.wC[i] as number);
    for (let h = 0; h < this.S; h++)
      t += (this.ovS[i * this.S + h] as number) * (this.wS[i * this.S + h] as number);
    for (const j of this.w.list)
      t += (this.ov[i * N + j] as number) * (this.wt[i * N + j] as number);
    return t;
  }

  totalLoss(): number {
    const N = this.N;
    let t = 0;
    const list = this.w.list;
    for (let a = 0; a < list.length; a++) {
      const i = list[a] as number;
      t += this.ovC[i] as number;
      for (let h = 0; h < this.S; h++) t += this.ovS[i * this.S + h] as number;
      for (let b = a + 1; b < list.length; b++) t += this.ov[i * N + (list[b] as number)] as number;
    }
    return t;
  }

  colliding(): number[] {
    return this.w.list.filter((i) => this.itemLoss(i) > 0);
  }

  /** GLS: raise weights of colliding pairs (relative to the worst), decay the others to 1. */
  updateWeights(): void {
    const N = this.N;
    const list = this.w.list;
    let maxL = 0;
    for (const i of list) {
      maxL = Math.max(maxL, this.ovC[i] as number);
      for (let h = 0; h < this.S; h++) maxL = Math.max(maxL, this.ovS[i * this.S + h] as number);
      for (const j of list) maxL = Math.max(maxL, this.ov[i * N + j] as number);
    }
    const bump = (w: number, l: number) =>
      Math.max(1, l > 0 ? w * (W_MIN_INC + (W_MAX_INC - W_MIN_INC) * (l / maxL)) : w * W_DECAY);
    for (const i of list) {
      this.wC[i] = bump(this.wC[i] as number, this.ovC[i] as number);
      for (let h = 0; h < this.S; h++) {
        const q = i * this.S + h;
        this.wS[q] = bump(this.wS[q] as number, this.ovS[q] as number);
      }
      for (const j of list) {
        if (j <= i) continue;
        const q = i * N + j;
        const v = bump(this.wt[q] as number, this.ov[q] as number);
        this.wt[q] = v;
        this.wt[j * N + i] = v;
      }
    }
  }

  // ---- search --------------------------------------------------------------------------------

  /**
   * Sample poses for item i (around its current box and over the container), keep the best few
   * distinct ones, refine them by coordinate descent, refine the winner finely.
   */
  searchPose(i: number, current: boolean): Sample {
    const w = this.w;
    const it = this.p.items[i] as ProblemItem;
    ensurePoles(this.p, it.group);
    const oris = it.group.orientations;
    const rng = this.rng;
    const md = this.minDim[i] as number;
    const uniq = 0.05 * md;
    const keep = this.cfg.refineBest;
    const best: Sample[] = [];
    const bound = () => (best.length < keep ? Infinity : (best[best.length - 1] as Sample).loss);
    const report = (sm: Sample) => {
      if (!(sm.loss < bound()) && best.length >= keep) return;
      if (sm.loss === Infinity) return;
      const similar = best.filter(
        (b) => b.ori === sm.ori && Math.abs(b.x - sm.x) < uniq && Math.abs(b.y - sm.y) < uniq,
      );
      if (similar.length > 0) {
        if (!similar.every((b) => sm.loss < b.loss)) return;
        for (const b of similar) best.splice(best.indexOf(b), 1);
      } else if (best.length >= keep) best.pop();
      best.push(sm);
      best.sort((a, b) => a.loss - b.loss);
    };
    const evalS = (ori: number, x: number, y: number): Sample => ({
      ori,
      x,
      y,
      loss: this.evalPose(i, oris[ori] as OShape, x, y, bound()),
    });
    const xHi = Number.isFinite(w.cx1) ? w.cx1 : w.usedMaxX() + (this.diam[i] as number);
    if (current && w.placed[i]) {
      report({
        ori: w.ori[i] as number,
        x: w.x[i] as number,
        y: w.y[i] as number,
        loss: this.itemWeightedLoss(i),
      });
      if ((best[0] as Sample).loss === 0) return best[0] as Sample;
      // Focused: shape centre anywhere in the current bounding box, shape kept in the container.
      const fx0 = w.bx0[i] as number;
      const fx1 = w.bx1[i] as number;
      const fy0 = w.by0[i] as number;
      const fy1 = w.by1[i] as number;
      for (let k = 0; k < this.cfg.focusSamples; k++) {
        const ori = rng.int(oris.length);
        const s = oris[ori] as OShape;
        const hx = (s.minX + s.maxX) / 2;
        const hy = (s.minY + s.maxY) / 2;
        const lo = Math.max(fx0 - hx, w.cx0 - s.minX);
        const hi = Math.min(fx1 - hx, xHi - s.maxX);
        const loY = Math.max(fy0 - hy, w.cy0 - s.minY);
        const hiY = Math.min(fy1 - hy, w.cy1 - s.maxY);
        if (hi < lo || hiY < loY) continue;
        report(evalS(ori, rng.range(lo, hi), rng.range(loY, hiY)));
      }
    }
    for (let k = 0; k < this.cfg.containerSamples; k++) {
      const ori = rng.int(oris.length);
      const s = oris[ori] as OShape;
      const x0 = w.cx0 - s.minX;
      const x1 = xHi - s.maxX;
      const y0 = w.cy0 - s.minY;
      const y1 = w.cy1 - s.maxY;
      if (x1 < x0 || y1 < y0) continue;
      report(evalS(ori, rng.range(x0, x1), rng.range(y0, y1)));
      if (best.length > 0 && (best[0] as Sample).loss === 0 && !current) break;
    }
    if (best.length === 0) {
      // Nothing inside the container (part wider than the shrunk strip): stay, or go to the corner.
      const ori = current && w.placed[i] ? (w.ori[i] as number) : 0;
      const s = oris[ori] as OShape;
      return evalS(ori, w.cx0 - s.minX, w.cy0 - s.minY);
    }
    for (const start of best.slice()) {
      if (start.loss === 0) continue;
      report(this.descend(i, start, 0.25 * md, 0.02 * md));
    }
    const top = best[0] as Sample;
    return top.loss === 0 ? top : this.descend(i, top, 0.01 * md, 0.001 * md);
  }

  /** Coordinate descent with random axes (horizontal, vertical, two diagonals). */
  private descend(i: number, start: Sample, stepInit: number, stepLimit: number): Sample {
    const s = (this.p.items[i] as ProblemItem).group.orientations[start.ori] as OShape;
    let { x, y, loss } = start;
    let sx = stepInit;
    let sy = stepInit;
    let axis = this.rng.int(4);
    let guard = 0;
    while ((sx >= stepLimit || sy >= stepLimit) && loss > 0 && guard++ < 400) {
      let ax: number;
      let ay: number;
      if (axis === 0) [ax, ay] = [sx, 0];
      else if (axis === 1) [ax, ay] = [0, sy];
      else if (axis === 2) [ax, ay] = [sx, sy];
      else [ax, ay] = [-sx, sy];
      const l1 = this.evalPose(i, s, x + ax, y + ay, loss);
      const l2 = this.evalPose(i, s, x - ax, y - ay, loss);
      const sign = l1 <= l2 ? 1 : -1;
      const nl = Math.min(l1, l2);
      const better = nl < loss;
      if (nl <= loss) {
        x += sign * ax;
        y += sign * ay;
        loss = nl;
      }
      const m = better ? CD_SUCCESS : CD_FAIL;
      if (axis === 0) sx *= m;
      else if (axis === 1) sy *= m;
      else {
        const r = Math.sqrt(m);
        sx *= r;
        sy *= r;
      }
      if (!better) axis = this.rng.int(4);
    }
    return { ori: start.ori, x, y, loss };
  }

  /** Move every colliding item (random order) to its best pose. */
  moveItems(): void {
    const coll = this.rng.shuffle(this.colliding());
    const w = this.w;
    for (const i of coll) {
      if (this.itemLoss(i) <= 0) continue;
      const b = this.searchPose(i, true);
      if (b.ori !== w.ori[i] || b.x !== w.x[i] || b.y !== w.y[i]) {
        w.place(i, b.ori, b.x, b.y);
        this.updateRow(i);
      }
    }
  }

  /**
   * Algorithm 9 of the sparrow paper. Returns true when the layout became feasible; otherwise
   * leaves the least-overlapping layout found (weights kept).
   */
  separate(cfg: SepConfig = this.cfg): boolean {
    const prev = this.cfg;
    this.cfg = cfg;
    try {
      let minLoss = this.totalLoss();
      if (minLoss === 0) return true;
      let minSnap = this.w.snapshot();
      let strikes = 0;
      while (strikes < cfg.strikes) {
        if (this.stop()) break;
        let noImprove = 0;
        const initial = this.totalLoss();
        while (noImprove < cfg.iterNoImprove) {
          if (this.stop()) break;
          this.moveItems();
          const loss = this.totalLoss();
          if (loss === 0) return true;
          if (loss < minLoss) {
            if (loss < minLoss * 0.98) noImprove = 0;
            minLoss = loss;
            minSnap = this.w.snapshot();
          } else noImprove++;
          this.updateWeights();
        }
        if (initial * 0.98 <= minLoss) strikes++;
        else strikes = 0;
        this.rollback(minSnap);
      }
      this.rollback(minSnap);
      return this.totalLoss() === 0;
    } finally {
      this.cfg = prev;
    }
  }
}

/** Penetration of a shape's poles through a polygonal bed's boundary (outside or too close). */
function bedExteriorProxy(
  s: OShape,
  x: number,
  y: number,
  bed: OShape,
  clear: number,
  eps: number,
): number {
  let raw = 0;
  for (let k = 0; k < s.nPoles; k++) {
    const px = (s.poles[3 * k] as number) + x;
    const py = (s.poles[3 * k + 1] as number) + y;
    const r = s.poles[3 * k + 2] as number;
    let d2 = Infinity;
    let inside = false;
    for (let e = 0; e < bed.n; e++) {
      const e2 = bed.nxt[e] as number;
      const ax = bed.vx[e] as number;
      const ay = bed.vy[e] as number;
      const bx = bed.vx[e2] as number;
      const by = bed.vy[e2] as number;
      const dx = bx - ax;
      const dy = by - ay;
      const l2 = dx * dx + dy * dy;
      let t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const qx = ax + t * dx - px;
      const qy = ay + t * dy - py;
      d2 = Math.min(d2, qx * qx + qy * qy);
      if (ay > py !== by > py && px < ((bx - ax) * (py - ay)) / (by - ay) + ax) inside = !inside;
    }
    const sd = inside ? Math.sqrt(d2) : -Math.sqrt(d2);
    const pd = r + clear - sd;
    const v = pd >= eps ? pd : (eps * eps) / (2 * eps - pd);
    raw += v * r;
  }
  return raw;
}
