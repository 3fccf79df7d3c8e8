import { type TaskSlot } from './calendar';
import { nextPrinter, PlanningCancelled, type RunControl } from './heuristic';
import { ffdhPack, type PlateItem, type PlatePlacement } from './plate';
import { Prng } from './prng';
import { type PlanningContext, type PPart } from './problem';
import { type Composition, PlanState } from './state';
import { EPS, type Minutes } from './time';

/**
 * Seed 003's scheduling strategies, adapted from a one-day Monte-Carlo to multi-day planning so
 * the studio and the benchmarks can show what the shift-aware planner gains. They share the
 * physical rules (setup and removal by an operator on shift, one task at a time, one job at a time
 * per printer) but not the planning: a job starts when a printer and an operator are free, runs as
 * long as its plate needs, and waits for the next operator to be removed.
 *
 * - fcfs: each order line is one submission printed on its own plate; users come in once a day
 *   (the first operator period of the day) and take a free printer, else come back the next day.
 * - olcq: the same submissions in an on-line queue, dispatched whenever a printer is free.
 * - ffdh: parts from all submissions share plates: when a printer is free, the queue (arrival
 *   order) is packed with first-fit decreasing height (2 mm borders in the paper; the site's
 *   spacing here) and everything that fits is printed.
 * - ffdh-ga: as ffdh, with a genetic algorithm choosing 90° re-orientations per part to maximise
 *   covered bed area (population 20, 30 generations: top quarter kept, half mutated, a quarter
 *   new — the paper's proportions at a size that suits planning runs).
 */
export type BaselineName = 'fcfs' | 'olcq' | 'ffdh' | 'ffdh-ga';

interface Submission {
  parts: number[];
  received: Minutes;
}

function submissions(ctx: PlanningContext): Submission[] {
  const byLine = new Map<string, number[]>();
  for (const p of ctx.parts) {
    const list = byLine.get(p.lineId) ?? [];
    list.push(p.idx);
    byLine.set(p.lineId, list);
  }
  return [...byLine.values()]
    .map((parts) => ({ parts, received: (ctx.parts[parts[0] as number] as PPart).received }))
    .sort((a, b) => a.received - b.received);
}

/** The first profile the printer offers that every given part can use. */
function commonProfile(
  state: PlanState,
  printerIdx: number,
  parts: readonly number[],
): string | null {
  const printer = state.ctx.printers[printerIdx];
  for (const profile of printer?.profiles ?? []) {
    if (parts.every((i) => (state.ctx.compat[i]?.[printerIdx] ?? []).includes(profile.id)))
      return profile.id;
  }
  return null;
}

/**
 * Books a plate that starts right after setup and is removed by the first operator free after its
 * end. Trailing parts are dropped until the removal fits inside the horizon (and before the next
 * maintenance window or frozen job).
 */
function bookForward(
  state: PlanState,
  printerIdx: number,
  profileId: string,
  setup: TaskSlot,
  parts: number[],
  given?: PlatePlacement[],
): number[] {
  const printer = state.ctx.printers[printerIdx];
  if (!printer) return [];
  const fill = given
    ? { placed: given, exact: true }
    : state.ctx.checker.fill({
        bed: printer.bed,
        items: parts.map((i) => (state.ctx.parts[i] as PPart).item),
        spacingMm: state.ctx.spacing,
        rotationStepDeg: state.ctx.rotationStep,
      });
  const placements = fill.placed;
  const placedIds = new Set(placements.map((p) => p.id));
  let kept = parts.filter((i) => placedIds.has((state.ctx.parts[i] as PPart).id));
  const limit = state.limitEnd(printerIdx, setup.start);
  while (kept.length > 0) {
    const comp: Composition = state.recount(printerIdx, profileId, kept);
    const estimate = state.overhead(printerIdx, profileId) + comp.partMinutes;
    const unc = state.uncertainty(comp.explicitMinutes, comp.modelMinutes);
    if (setup.end + estimate + unc + state.ctx.buffer + state.ctx.removal <= limit + EPS) {
      const keptIds = new Set(kept.map((i) => (state.ctx.parts[i] as PPart).id));
      const job = state.commit({
        printerIdx,
        profileId,
        comp,
        placements: placements.filter((p) => keptIds.has(p.id)),
        exact: fill.exact,
        setup,
        removalBy: limit,
      });
      if (job) return kept;
    }
    kept = kept.slice(0, -1);
  }
  return [];
}

function fillLine(
  state: PlanState,
  printerIdx: number,
  setup: TaskSlot,
  sub: Submission,
): number[] {
  const open = sub.parts.filter((i) => !state.planned[i]);
  const profileId = commonProfile(state, printerIdx, open);
  if (!profileId || open.length === 0) return [];
  return bookForward(state, printerIdx, profileId, setup, open);
}

function printerFits(state: PlanState, printerIdx: number, sub: Submission): boolean {
  const open = sub.parts.filter((i) => !state.planned[i]);
  return open.length > 0 && commonProfile(state, printerIdx, open) !== null;
}

function runFcfs(state: PlanState, control: RunControl): void {
  const { ctx } = state;
  const queue = submissions(ctx);
  const days = new Set<number>();
  const visits: Minutes[] = [];
  // Users visit at the first operator period of each local day.
  for (const p of state.book.periods(ctx.start, ctx.end)) {
    const day = Math.floor(p.start / 1440);
    if (!days.has(day)) {
      days.add(day);
      visits.push(Math.max(p.start, ctx.start));
    }
  }
  for (const visit of visits) {
    if (control.shouldStop?.()) throw new PlanningCancelled();
    const periodEnd = state.book.periods(visit, visit + 1)[0]?.end ?? visit;
    // Printers cleared since the last visit sat idle until someone came with a print.
    for (const pr of ctx.printers)
      state.freeAt[pr.idx] = Math.max(state.freeAt[pr.idx] ?? visit, visit);
    for (const sub of queue) {
      if (sub.received > visit + EPS || sub.parts.every((i) => state.planned[i])) continue;
      let best: { printerIdx: number; setup: TaskSlot } | null = null;
      for (const pr of ctx.printers) {
        if (state.done[pr.idx] || !printerFits(state, pr.idx, sub)) continue;
        const setup = state.nextSetup(pr.idx);
        if (!setup || setup.start < visit - EPS || setup.start > periodEnd) continue;
        if (!best || setup.start < best.setup.start) best = { printerIdx: pr.idx, setup };
      }
      if (best) fillLine(state, best.printerIdx, best.setup, sub);
    }
    control.onProgress?.(
      state.planned.reduce((s, v) => s + v, 0),
      ctx.parts.length,
      'fcfs',
    );
  }
}

function runQueue(
  state: PlanState,
  control: RunControl,
  take: (printerIdx: number, setup: TaskSlot) => number[],
): void {
  const { ctx } = state;
  for (let guard = 0; guard < 100_000; guard++) {
    if (control.shouldStop?.()) throw new PlanningCancelled();
    const next = nextPrinter(state);
    if (!next) break;
    const placed = take(next.printerIdx, next.setup);
    if (placed.length > 0) {
      control.onProgress?.(
        state.planned.reduce((s, v) => s + v, 0),
        ctx.parts.length,
        'queue',
      );
      continue;
    }
    // Nothing for this printer now: wait for the next arrival it could print, else stop it.
    let nextArrival = Infinity;
    for (const p of ctx.parts) {
      if (
        !state.planned[p.idx] &&
        p.received > next.setup.start + EPS &&
        (ctx.compat[p.idx]?.[next.printerIdx] ?? []).length > 0
      ) {
        nextArrival = Math.min(nextArrival, p.received);
      }
    }
    const block = state.nextBlock(next.printerIdx, next.setup.start);
    const resume = Math.min(
      nextArrival,
      block && block.start > next.setup.start ? block.end : Infinity,
    );
    if (!Number.isFinite(resume) || resume >= ctx.end) state.done[next.printerIdx] = 1;
    else state.freeAt[next.printerIdx] = resume;
  }
}

function queueCandidates(
  state: PlanState,
  printerIdx: number,
  setup: TaskSlot,
  max: number,
): { profileId: string; parts: number[] } | null {
  const { ctx } = state;
  const order = ctx.parts
    .filter(
      (p) =>
        !state.planned[p.idx] &&
        p.received <= setup.start + EPS &&
        (ctx.compat[p.idx]?.[printerIdx] ?? []).length > 0,
    )
    .sort((a, b) => a.received - b.received || a.idx - b.idx);
  const head = order[0];
  if (!head) return null;
  const profileId = (ctx.compat[head.idx]?.[printerIdx] ?? [])[0] as string;
  const parts = order
    .filter((p) => (ctx.compat[p.idx]?.[printerIdx] ?? []).includes(profileId))
    .slice(0, max)
    .map((p) => p.idx);
  return { profileId, parts };
}

function gaRotations(
  items: readonly PlateItem[],
  bed: PlanState['ctx']['printers'][number]['bed'],
  spacing: number,
  rng: Prng,
): Map<string, number> {
  const rotatable = items.filter((i) => i.rotatable);
  const evaluate = (genes: number[]) => {
    const rot = new Map(rotatable.map((it, k) => [it.id, genes[k] ? 90 : 0]));
    return ffdhPack(bed, items, spacing, rot).coveredArea;
  };
  const random = () => rotatable.map(() => (rng.next() < 0.5 ? 1 : 0));
  let population = [rotatable.map(() => 0), ...Array.from({ length: 19 }, random)].map((g) => ({
    g,
    f: evaluate(g),
  }));
  for (let gen = 0; gen < 30; gen++) {
    population.sort((a, b) => b.f - a.f);
    const top = population.slice(0, 5);
    const mutated = Array.from({ length: 10 }, () => {
      const g = [...rng.pick(top).g];
      for (let k = 0; k < 2 && g.length > 0; k++) {
        const i = rng.int(g.length);
        g[i] = 1 - (g[i] ?? 0);
      }
      return { g, f: evaluate(g) };
    });
    const fresh = Array.from({ length: 5 }, () => {
      const g = random();
      return { g, f: evaluate(g) };
    });
    population = [...top, ...mutated, ...fresh];
  }
  population.sort((a, b) => b.f - a.f);
  const best = population[0]?.g ?? [];
  return new Map(rotatable.map((it, k) => [it.id, best[k] ? 90 : 0]));
}

export function runBaseline(
  ctx: PlanningContext,
  name: BaselineName,
  seed: number,
  control: RunControl = {},
): PlanState {
  const state = new PlanState(ctx);
  // Walk-up strategies: nobody plans the next setup when a plate is cleared.
  state.reserveSetups = false;
  const rng = new Prng(seed);
  switch (name) {
    case 'fcfs':
      runFcfs(state, control);
      break;
    case 'olcq': {
      const queue = submissions(ctx);
      runQueue(state, control, (printerIdx, setup) => {
        for (const sub of queue) {
          if (sub.received > setup.start + EPS || !printerFits(state, printerIdx, sub)) continue;
          const placed = fillLine(state, printerIdx, setup, sub);
          if (placed.length > 0) return placed;
        }
        return [];
      });
      break;
    }
    case 'ffdh':
    case 'ffdh-ga':
      runQueue(state, control, (printerIdx, setup) => {
        const cand = queueCandidates(state, printerIdx, setup, 150);
        if (!cand) return [];
        const printer = ctx.printers[printerIdx];
        if (!printer) return [];
        const items = cand.parts.map((i) => (ctx.parts[i] as PPart).item);
        const rotations =
          name === 'ffdh-ga' ? gaRotations(items, printer.bed, ctx.spacing, rng) : undefined;
        const packed = ffdhPack(printer.bed, items, ctx.spacing, rotations);
        const placedIds = new Set(packed.placed.map((p) => p.id));
        // Arrival order decides what is dropped if the plate would outlast the horizon.
        const parts = cand.parts.filter((i) => placedIds.has((ctx.parts[i] as PPart).id));
        return bookForward(state, printerIdx, cand.profileId, setup, parts, packed.placed);
      });
      break;
  }
  return state;
}
