/*
 * Array nesting for many copies of one part (the common "30× bracket" order): the plate is
 * filled with rows of equally spaced copies. A row type is an orientation and a phase (where
 * along the row the first copy sits, which decides how many copies fit and how the next row
 * interlocks). The vertical offset between consecutive rows is computed exactly for rows of the
 * same period (same orientation or turned 180°, so the shapes interlock when they can) and as
 * stacked bands otherwise. A dynamic programme over the (finely discretised) height then picks
 * the row sequence with the most copies, e.g. six rows of rotated copies plus one row the other
 * way round in the band left at the top. Rows run along X and along Y; the better layout wins.
 * The caller re-checks every copy exactly before using it.
 */
import { shapesCollide } from './collision';
import { type ProblemItem } from './problem';
import { type OShape } from './shape';
import { type StopCheck } from './solution';
import { type World } from './world';

export interface RowPose {
  ori: number;
  x: number;
  y: number;
}

interface Frame {
  /** Along-row axis is X (true) or Y. */
  alongX: boolean;
  u0: number;
  u1: number;
  v0: number;
  v1: number;
}

interface RowType {
  ori: number;
  shape: OShape;
  /** Period along the row. */
  period: number;
  minU: number;
  maxU: number;
  minV: number;
  maxV: number;
}

interface Sig {
  type: RowType;
  typeIndex: number;
  phase: number;
  /** Reference position of the first copy along the row. */
  u: number;
  count: number;
}

const PHASES = 8;

function toXY(f: Frame, u: number, v: number): [number, number] {
  return f.alongX ? [u, v] : [v, u];
}

/** Best row layout (along X or along Y) for copies of `item` on an empty plate. */
export function rowLayouts(world: World, item: ProblemItem, stop: StopCheck): RowPose[] {
  let best: RowPose[] = [];
  for (const alongX of [true, false]) {
    if (stop()) break;
    const poses = rowLayout(world, item, alongX, stop);
    if (poses.length > best.length) best = poses;
  }
  return best;
}

function rowLayout(world: World, item: ProblemItem, alongX: boolean, stop: StopCheck): RowPose[] {
  const c = world.p.clearPP;
  const f: Frame = alongX
    ? { alongX, u0: world.cx0, u1: world.cx1, v0: world.cy0, v1: world.cy1 }
    : { alongX, u0: world.cy0, u1: world.cy1, v0: world.cx0, v1: world.cx1 };
  if (!Number.isFinite(f.u1) || !Number.isFinite(f.v1)) return [];
  const collide = (a: RowType, ua: number, va: number, b: RowType, ub: number, vb: number) => {
    const [ax, ay] = toXY(f, ua, va);
    const [bx, by] = toXY(f, ub, vb);
    return shapesCollide(a.shape, ax, ay, b.shape, bx, by, c);
  };

  const types: RowType[] = [];
  for (let ori = 0; ori < item.group.orientations.length; ori++) {
    const s = item.group.orientations[ori] as OShape;
    const t: RowType = {
      ori,
      shape: s,
      period: 0,
      minU: alongX ? s.minX : s.minY,
      maxU: alongX ? s.maxX : s.maxY,
      minV: alongX ? s.minY : s.minX,
      maxV: alongX ? s.maxY : s.maxX,
    };
    if (t.maxU - t.minU > f.u1 - f.u0 + 1e-9 || t.maxV - t.minV > f.v1 - f.v0 + 1e-9) continue;
    t.period = minPeriod(t, c, collide);
    types.push(t);
  }
  if (types.length === 0 || stop()) return [];
  // Fine rotation sets: keep the orientations with the densest rows.
  const useTypes = types
    .sort((a, b) => a.period * (a.maxV - a.minV) - b.period * (b.maxV - b.minV))
    .slice(0, 8);

  const sigs: Sig[] = [];
  for (const [ti, t] of useTypes.entries()) {
    for (let ph = 0; ph < PHASES; ph++) {
      const u = f.u0 - t.minU + (t.period * ph) / PHASES;
      if (u + t.maxU > f.u1 + world.slack) continue;
      const count = Math.floor((f.u1 + world.slack - t.maxU - u) / t.period) + 1;
      sigs.push({ type: t, typeIndex: ti, phase: ph, u, count });
    }
  }
  const S = sigs.length;
  if (S === 0) return [];

  // dv[a*S+b]: offset of row b above row a (reference to reference).
  // Rows of one period repeat: the offset depends on the two types and the phase difference.
  const dv = new Float64Array(S * S);
  const memo = new Map<number, number>();
  for (let a = 0; a < S; a++) {
    if (stop()) return [];
    const sa = sigs[a] as Sig;
    for (let b = 0; b < S; b++) {
      const sb = sigs[b] as Sig;
      const key =
        (sa.typeIndex * 64 + sb.typeIndex) * PHASES + ((sb.phase - sa.phase + PHASES) % PHASES);
      let d = memo.get(key);
      if (d === undefined) {
        d = rowOffset(sa, sb, c, collide);
        memo.set(key, d);
      }
      dv[a * S + b] = d;
    }
  }

  // Search over row sequences, lowest bottoms first (Dijkstra-like); per row signature only
  // states with more copies than every lower state of that signature survive.
  interface Node {
    v: number;
    sig: number;
    n: number;
    parent: Node | null;
  }
  const heap: Node[] = [];
  const push = (x: Node) => {
    heap.push(x);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((heap[p] as Node).v <= x.v) break;
      heap[i] = heap[p] as Node;
      i = p;
    }
    heap[i] = x;
  };
  const pop = (): Node => {
    const top = heap[0] as Node;
    const last = heap.pop() as Node;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= heap.length) break;
        const r = l + 1;
        const m = r < heap.length && (heap[r] as Node).v < (heap[l] as Node).v ? r : l;
        if ((heap[m] as Node).v >= last.v) break;
        heap[i] = heap[m] as Node;
        i = m;
      }
      heap[i] = last;
    }
    return top;
  };
  // Bottom of a row = reference v + minV; rows are compared by their bottoms.
  const fitsAt = (s: Sig, bottom: number) =>
    bottom + (s.type.maxV - s.type.minV) <= f.v1 + world.slack;
  const bestN = new Int32Array(S).fill(-1);
  for (let s = 0; s < S; s++) {
    const sg = sigs[s] as Sig;
    if (fitsAt(sg, f.v0)) push({ v: f.v0, sig: s, n: sg.count, parent: null });
  }
  let top: Node | null = null;
  let pops = 0;
  while (heap.length > 0) {
    if ((++pops & 255) === 0 && stop()) break;
    const x = pop();
    if (x.n <= (bestN[x.sig] as number)) continue;
    bestN[x.sig] = x.n;
    if (!top || x.n > top.n) top = x;
    const sa = sigs[x.sig] as Sig;
    for (let b = 0; b < S; b++) {
      const sb = sigs[b] as Sig;
      const d = Math.max((dv[x.sig * S + b] as number) + sb.type.minV - sa.type.minV, 1e-9);
      const bottom = x.v + d;
      const n = x.n + sb.count;
      if (!fitsAt(sb, bottom) || n <= (bestN[b] as number)) continue;
      push({ v: bottom, sig: b, n, parent: x });
    }
  }
  if (!top) return [];
  const chain: Node[] = [];
  for (let q: Node | null = top; q; q = q.parent) chain.push(q);
  chain.reverse();
  const poses: RowPose[] = [];
  for (const node of chain) {
    const sg = sigs[node.sig] as Sig;
    const v = node.v - sg.type.minV;
    for (let k = 0; k < sg.count; k++) {
      const [x, y] = toXY(f, sg.u + k * sg.type.period, v);
      poses.push({ ori: sg.type.ori, x, y });
    }
  }
  return poses;
}

type Collide = (a: RowType, ua: number, va: number, b: RowType, ub: number, vb: number) => boolean;

/**
 * Offset of row b above row a. Same period: exact (one copy of b against the infinite row a),
 * scanning up from a's bottom and bisecting, so rows interlock. Different periods: stacked bands.
 */
function rowOffset(a: Sig, b: Sig, c: number, collide: Collide): number {
  const ta = a.type;
  const tb = b.type;
  const band = ta.maxV - tb.minV + c;
  if (Math.abs(ta.period - tb.period) > 1e-9 * (ta.period + 1)) return band;
  const p = ta.period;
  // One copy of b near the middle; copies of a that can reach it.
  const ub = b.u + Math.floor(b.count / 2) * p;
  const clash = (v: number) => {
    const lo = Math.floor((ub + tb.minU - c - ta.maxU - a.u) / p);
    const hi = Math.ceil((ub + tb.maxU + c - ta.minU - a.u) / p);
    for (let m = lo; m <= hi; m++) if (collide(tb, ub, v, ta, a.u + m * p, 0)) return true;
    return false;
  };
  const h = tb.maxV - tb.minV;
  const step = Math.max(h / 24, 1e-6);
  let lo = ta.minV - tb.minV;
  if (!clash(lo)) return lo;
  let hi = lo + step;
  while (hi < band && clash(hi)) {
    lo = hi;
    hi += step;
  }
  if (hi >= band) return band;
  for (let i = 0; i < 64 && hi - lo > 1e-12 * (h + 1); i++) {
    const mid = (lo + hi) / 2;
    if (clash(mid)) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Smallest along-row period with copies 1, 2 and 3 periods apart all clear. */
function minPeriod(t: RowType, c: number, collide: Collide): number {
  const w = t.maxU - t.minU;
  const clear = (p: number) =>
    !collide(t, 0, 0, t, p, 0) && !collide(t, 0, 0, t, 2 * p, 0) && !collide(t, 0, 0, t, 3 * p, 0);
  const step = Math.max(w / 48, 1e-6);
  let lo = 0;
  let hi = step;
  while (hi < w + c && !clear(hi)) {
    lo = hi;
    hi += step;
  }
  if (hi >= w + c) return w + c + 1e-9 * (w + 1);
  for (let i = 0; i < 64 && hi - lo > 1e-12 * (w + 1); i++) {
    const mid = (lo + hi) / 2;
    if (clear(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
