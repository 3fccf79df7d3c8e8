/*
 * Baselines from seed 003 (Gopsill & Hicks): first-fit decreasing height (FFDH) on bounding
 * rectangles with a border, and FFDH + a genetic algorithm over 90° re-orientations
 * (population 100, keep 25, 50 mutants of the kept, 25 fresh, 100 generations).
 *
 * Seed 003 draws a "print border" 2 mm outside each part's bounding box and packs the bordered
 * rectangles edge to edge, so parts end up 2 × 2 = 4 mm apart and 2 mm from the bed edge. We do
 * exactly that with `ffdhBorderMm` (default 2, the seed's setting; 0 in strip mode, where ESICUP
 * coordinates have no unit). When the requested spacing needs more than twice the border, the
 * rectangles grow by half the spacing instead, so the spacing always holds (the seed's border
 * then lies inside it): inflation per side = max(border, spacing / 2); that extra may reach past
 * the bed edge, where the seed's border (or the edge margin) is the distance kept.
 */
import { Rng } from './prng';
import { type Problem } from './problem';
import { type OShape } from './shape';
import { type Solution, type SolvedPlate, type StopCheck } from './solution';
import { World } from './world';
import { staticsForPlate } from './problem';

interface RectItem {
  index: number;
  ori: number;
}

/** Orientation choices that change the bounding box (0° vs 90°), within the allowed set. */
function gaChoices(p: Problem, index: number): number[] {
  const g = (p.items[index] as Problem['items'][number]).group;
  const out: number[] = [];
  const seen = new Set<string>();
  g.orientations.forEach((o, k) => {
    const r = o.rotDeg;
    if (Math.abs(r % 90) > 1e-9) return;
    const key = `${o.width.toFixed(9)}x${o.height.toFixed(9)}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(k);
  });
  return out.length > 0 ? out : [0];
}

/** The first orientation whose bordered rectangle fits the plate (strip: the strip height). */
function defaultOri(p: Problem, index: number): number {
  const choices = gaChoices(p, index);
  const g = (p.items[index] as Problem['items'][number]).group;
  const { u: U, v: V } = capacity(p);
  const fits = (k: number) => {
    const { u, v } = rectDims(p, g.orientations[k] as OShape);
    return u <= U + 1e-12 && v <= V + 1e-12;
  };
  return choices.find(fits) ?? choices[0] ?? 0;
}

/** Per-side inflation of every bounding box: the seed's border, or half the spacing if more. */
function borderOf(p: Problem): number {
  return Math.max(p.ffdhBorder, p.clearPP / 2);
}

/** How far rectangles may reach past the usable bed: only the part of the inflation that comes
 * from the spacing (spacing is between parts; the edge distance is the seed's border or the
 * edge margin). */
function overhangOf(p: Problem): number {
  return borderOf(p) - p.ffdhBorder;
}

/** Size of an orientation's bordered rectangle; u along a level, v across levels. */
function rectDims(p: Problem, s: OShape): { u: number; v: number } {
  const b = borderOf(p);
  const w = s.width + 2 * b;
  const h = s.height + 2 * b;
  return p.mode === 'strip' ? { u: h, v: w } : { u: w, v: h };
}

/** Room for bordered rectangles: the usable bed (strip: its height) plus the overhang. */
function capacity(p: Problem): { u: number; v: number } {
  const o = 2 * overhangOf(p);
  const W = p.bedBox.maxX - p.bedBox.minX - 2 * p.clearBed + o;
  const H =
    (p.mode === 'strip' ? p.stripHeight : p.bedBox.maxY - p.bedBox.minY) - 2 * p.clearBed + o;
  return p.mode === 'strip' ? { u: H, v: Infinity } : { u: W, v: H };
}

/**
 * One FFDH pass on one plate (or the strip). Returns the items placed (with positions) in the
 * world, and the ones left over.
 */
function ffdhPass(p: Problem, world: World, items: RectItem[]): RectItem[] {
  const strip = p.mode === 'strip';
  const b = borderOf(p);
  const over = overhangOf(p);
  // u: along a level (capacity U), v: across levels. Bordered rectangles touch each other and
  // the usable bed grown by the overhang.
  const U = (strip ? world.cy1 - world.cy0 : world.cx1 - world.cx0) + 2 * over;
  const V = strip ? Infinity : world.cy1 - world.cy0 + 2 * over;
  const dims = items.map((it) => {
    const s = (p.items[it.index] as Problem['items'][number]).group.orientations[it.ori] as OShape;
    return { it, s, ...rectDims(p, s) };
  });
  const mustRank = (i: number) => ((p.items[i] as Problem['items'][number]).mustPlace ? 0 : 1);
  dims.sort(
    (a, b) => mustRank(a.it.index) - mustRank(b.it.index) || b.v - a.v || a.it.index - b.it.index,
  );
  const levels: { v0: number; height: number; used: number }[] = [];
  let top = 0;
  const left: RectItem[] = [];
  for (const d of dims) {
    if (d.u > U + 1e-12) {
      left.push(d.it);
      continue;
    }
    let done = false;
    const tryAt = (lv: { v0: number; height: number; used: number }): boolean => {
      if (d.v > lv.height + 1e-12 || lv.used + d.u > U + 1e-12) return false;
      const u0 = lv.used;
      const bx = (strip ? world.cx0 + lv.v0 : world.cx0 + u0) - over;
      const by = (strip ? world.cy0 + u0 : world.cy0 + lv.v0) - over;
      const x = bx + b - d.s.minX;
      const y = by + b - d.s.minY;
      if (!world.inContainer(d.s, x, y) || world.hitsStatic(d.s, x, y)) return false;
      world.place(d.it.index, d.it.ori, x, y);
      lv.used += d.u;
      return true;
    };
    for (const lv of levels) {
      if (tryAt(lv)) {
        done = true;
        break;
      }
    }
    if (!done && top + d.v <= V + 1e-12) {
      const lv = { v0: top, height: d.v, used: 0 };
      levels.push(lv);
      top += d.v;
      done = tryAt(lv);
    }
    if (!done) left.push(d.it);
  }
  return left;
}

function placedArea(p: Problem, world: World): number {
  let a = 0;
  for (const i of world.list) a += (p.items[i] as Problem['items'][number]).trueArea;
  return a;
}

function stripLength(p: Problem, world: World): number {
  return world.list.length === 0 ? 0 : world.usedMaxX() + p.clearBed - p.bedBox.minX;
}

function platesFor(
  p: Problem,
  items: RectItem[],
  stop: StopCheck,
  maxPlates: number,
): SolvedPlate[] {
  const plates: SolvedPlate[] = [];
  let rest = items;
  // A plate filled by locked parts takes nothing; the plates after it still can.
  const lastLocked = p.items.reduce((m, it) => (it.fixed ? Math.max(m, it.fixed.plate) : m), 0);
  for (let plate = 0; plate < maxPlates && (rest.length > 0 || plate === 0); plate++) {
    const world = new World(p, staticsForPlate(p, plate));
    const left = ffdhPass(p, world, rest);
    plates.push({ plate, world });
    if (left.length === rest.length && plate > lastLocked) break;
    rest = left;
    if (p.mode !== 'plates' || stop()) break;
  }
  return plates;
}

/** Enough plates for one part each, after the last plate holding a locked part. */
function maxPlatesOf(p: Problem): number {
  const lastLocked = p.items.reduce((m, it) => (it.fixed ? Math.max(m, it.fixed.plate) : m), 0);
  return lastLocked + p.items.length + 1;
}

function candidates(p: Problem): number[] {
  return p.items.filter((it) => !it.fixed && !it.impossible).map((it) => it.index);
}

export function solveFfdh(p: Problem, stop: StopCheck): Solution {
  const items = candidates(p).map((index) => ({ index, ori: defaultOri(p, index) }));
  const plates = platesFor(p, items, stop, p.mode === 'plates' ? maxPlatesOf(p) : 1);
  const first = plates[0] as SolvedPlate;
  return {
    plates,
    stripLength: p.mode === 'strip' ? stripLength(p, first.world) : undefined,
    work: 1,
    cancelled: false,
  };
}

/** Seed 003's GA over orientations; fitness = bed coverage (strip: shorter strip). */
export function solveFfdhGa(p: Problem, stop: StopCheck): Solution {
  const idx = candidates(p);
  const choices = idx.map((i) => gaChoices(p, i));
  const rng = new Rng(p.seed);
  const POP = 100;
  const KEEP = 25;
  const MUTANTS = 50;
  const GENERATIONS = 100;
  type Genome = Int32Array;
  const fresh = (): Genome => Int32Array.from(choices, (c) => rng.pick(c));
  const decode = (gnm: Genome): RectItem[] =>
    idx.map((index, k) => ({ index, ori: gnm[k] as number }));
  const maxPlates = p.mode === 'plates' ? maxPlatesOf(p) : 1;
  // Fitness: higher is better.
  const fitness = (gnm: Genome): number => {
    if (p.mode === 'strip') {
      const world = new World(p, staticsForPlate(p, 0));
      const left = ffdhPass(p, world, decode(gnm));
      return left.length > 0 ? -Infinity : -stripLength(p, world);
    }
    if (p.mode === 'fill') {
      const world = new World(p, staticsForPlate(p, 0));
      ffdhPass(p, world, decode(gnm));
      return placedArea(p, world);
    }
    const plates = platesFor(p, decode(gnm), () => false, maxPlates);
    const last = plates[plates.length - 1] as SolvedPlate;
    // Fewer plates first, then the emptiest last plate (room for the next job).
    return -plates.length * 1e12 - placedArea(p, last.world);
  };
  let pop: { g: Genome; f: number }[] = [];
  const first = Int32Array.from(idx, (i) => defaultOri(p, i));
  pop.push({ g: first, f: fitness(first) });
  while (pop.length < POP) {
    const g = fresh();
    pop.push({ g, f: fitness(g) });
  }
  let gen = 0;
  let cancelled = false;
  for (; gen < GENERATIONS; gen++) {
    if (stop()) {
      cancelled = true;
      break;
    }
    pop.sort((a, b) => b.f - a.f);
    const kept = pop.slice(0, KEEP);
    const next = kept.slice();
    for (let m = 0; m < MUTANTS; m++) {
      const parent = rng.pick(kept);
      const g = Int32Array.from(parent.g);
      // "mutating a couple of part orientations"
      for (let k = 0; k < 2 && g.length > 0; k++) {
        const pos = rng.int(g.length);
        g[pos] = rng.pick(choices[pos] as number[]);
      }
      next.push({ g, f: fitness(g) });
    }
    while (next.length < POP) {
      const g = fresh();
      next.push({ g, f: fitness(g) });
    }
    pop = next;
  }
  pop.sort((a, b) => b.f - a.f);
  const best = (pop[0] as { g: Genome }).g;
  const plates = platesFor(p, decode(best), () => false, maxPlates);
  const firstPlate = plates[0] as SolvedPlate;
  return {
    plates,
    stripLength: p.mode === 'strip' ? stripLength(p, firstPlate.world) : undefined,
    work: gen,
    cancelled,
  };
}
