import { type TaskSlot } from './calendar';
import { type PlanningContext, type PPart } from './problem';
import { type Composition, PlanState, type PlannedJob, type Window } from './state';
import { EPS, type Minutes } from './time';

/** Thrown out of a run when the caller cancels it. */
export class PlanningCancelled extends Error {
  constructor() {
    super('planning was cancelled');
    this.name = 'PlanningCancelled';
  }
}

export interface RunControl {
  shouldStop?: () => boolean;
  onProgress?: (done: number, total: number, message: string) => void;
}

/** One evaluated choice for a printer: which profile group, which window, which parts. */
export interface Decision {
  printerIdx: number;
  profileId: string;
  setup: TaskSlot;
  printStart: Minutes;
  window: Window;
  comp: Composition;
  score: number;
}

export interface DecideOptions {
  /** Operator periods looked at per decision. */
  maxWindows?: number;
  /** Profile groups compared per decision (most urgent first). */
  groups?: number;
}

const groupPrinterCache = new WeakMap<PlanningContext, Map<string, number[]>>();

function groupPrinters(ctx: PlanningContext, profileId: string): number[] {
  let m = groupPrinterCache.get(ctx);
  if (!m) {
    m = new Map();
    groupPrinterCache.set(ctx, m);
  }
  let list = m.get(profileId);
  if (!list) {
    list = ctx.printers
      .filter((p) => p.available && p.profiles.some((x) => x.id === profileId))
      .map((p) => p.idx);
    m.set(profileId, list);
  }
  return list;
}

/** Completion (removal end), tardiness and flow of a composition ending in a window. */
export function evaluate(
  state: PlanState,
  printerIdx: number,
  profileId: string,
  setup: TaskSlot,
  printStart: Minutes,
  w: Window,
  comp: Composition,
): { completion: Minutes; occupancy: Minutes; tardiness: number; flow: number; score: number } {
  const { ctx } = state;
  const estimate = state.overhead(printerIdx, profileId) + comp.partMinutes;
  const unc = state.uncertainty(comp.explicitMinutes, comp.modelMinutes);
  // The removal the job would really get (other printers may have taken the operator's time).
  const ready = Math.max(w.removalEarliest, printStart + estimate + unc + ctx.buffer);
  const slot = state.removalSlot(
    ready,
    Math.min(w.period.end, state.limitEnd(printerIdx, setup.start)),
  );
  const removalStart = slot ? slot.start : ready;
  const completion = removalStart + ctx.removal;
  let tardiness = 0;
  let flow = 0;
  for (const idx of comp.parts) {
    const part = ctx.parts[idx] as PPart;
    if (part.due !== null) tardiness += Math.max(0, completion - part.due);
    flow += completion - Math.max(part.received, ctx.start);
  }
  // The printer is lost until someone can set up its next plate: a job that ends as the last
  // shift goes home leaves it empty all night, one that ends in the morning does not.
  const nextSetup = state.book.findEarliest({
    after: completion,
    duration: ctx.setup,
    before: ctx.end,
  });
  const occupancy = (nextSetup ? Math.min(nextSetup.start, ctx.end) : ctx.end) - setup.start;
  const wt = ctx.weights;
  const score =
    (comp.partMinutes - wt.tardiness * tardiness - wt.flow * flow) / (occupancy + wt.job);
  return { completion, occupancy, tardiness, flow, score };
}

/** Profile groups the printer can run that have an open part, most urgent first. */
function urgentGroups(
  state: PlanState,
  printerIdx: number,
  receivedBy: Minutes,
  limit: number,
): string[] {
  const { ctx } = state;
  const printer = ctx.printers[printerIdx];
  if (!printer) return [];
  const heads: { profileId: string; part: PPart }[] = [];
  for (const profile of printer.profiles) {
    for (const idx of state.open(profile.id)) {
      if (state.usable(idx, printerIdx, profile.id, receivedBy)) {
        heads.push({ profileId: profile.id, part: ctx.parts[idx] as PPart });
        break;
      }
    }
  }
  heads.sort((a, b) => {
    const da = a.part.due ?? Infinity;
    const db = b.part.due ?? Infinity;
    if (da !== db) return da - db;
    if (a.part.priority !== b.part.priority) return b.part.priority - a.part.priority;
    return (state.remaining.get(b.profileId) ?? 0) - (state.remaining.get(a.profileId) ?? 0);
  });
  return heads.slice(0, limit).map((h) => h.profileId);
}

/**
 * The shift-aware choice for one printer (DESIGN §4, seed 002 Fig. 1 "create print jobs"):
 * candidate windows end where an operator can remove the plate; each is filled in seed 002's order;
 * the window with the best useful-print rate after tardiness and flow penalties wins. Windows much
 * longer than the printer's fair share of the remaining work are only tried when nothing shorter
 * takes a part, so one printer does not swallow the queue while the others idle.
 */
export function decide(
  state: PlanState,
  printerIdx: number,
  setup: TaskSlot,
  options: DecideOptions = {},
): Decision | null {
  const { ctx } = state;
  const printStart = setup.end;
  const limitEnd = state.limitEnd(printerIdx, setup.start);
  const windows = state.windows(printStart, limitEnd, options.maxWindows ?? 24);
  if (windows.length === 0) return null;
  let best: Decision | null = null;
  for (const profileId of urgentGroups(state, printerIdx, setup.start, options.groups ?? 2)) {
    const members = groupPrinters(ctx, profileId);
    const freeSum = members.reduce(
      (s, p) => s + Math.max(state.freeAt[p] ?? ctx.start, ctx.start),
      0,
    );
    const share = (freeSum + (state.remaining.get(profileId) ?? 0)) / Math.max(1, members.length);
    const firstBeyond = windows.findIndex((w) => w.latestEnd >= share);
    const allowed = firstBeyond < 0 ? windows : windows.slice(0, firstBeyond + 1);
    const rest = firstBeyond < 0 ? [] : windows.slice(firstBeyond + 1);
    for (const pass of [allowed, rest]) {
      let found = false;
      let lastMinutes = -1;
      for (const w of pass) {
        const comp = state.compose(printerIdx, profileId, printStart, w.latestEnd, setup.start);
        if (comp.parts.length === 0) continue;
        found = true;
        // A longer window with the same content only adds idle time.
        if (Math.abs(comp.partMinutes - lastMinutes) < EPS) break;
        lastMinutes = comp.partMinutes;
        const ev = evaluate(state, printerIdx, profileId, setup, printStart, w, comp);
        if (!best || ev.score > best.score + 1e-9) {
          best = { printerIdx, profileId, setup, printStart, window: w, comp, score: ev.score };
        }
      }
      if (found) break;
    }
  }
  return best;
}

/** Turns a decision into a booked job (plate check, top-up, delayed start when it helps). */
export function apply(state: PlanState, d: Decision): PlannedJob | null {
  const r = state.realize(
    d.printerIdx,
    d.profileId,
    d.comp,
    d.printStart,
    d.window.latestEnd,
    d.setup.start,
  );
  if (r.comp.parts.length === 0) return null;
  return state.commit({
    printerIdx: d.printerIdx,
    profileId: d.profileId,
    comp: r.comp,
    placements: r.placements,
    exact: r.exact,
    setup: d.setup,
    targetRemoval: d.window.removalEarliest,
    removalBy: d.window.period.end,
  });
}

/**
 * What to do with a printer that got no job now: wait for parts that arrive later, skip past a
 * maintenance window or frozen job, or stop (nothing fits before the horizon).
 */
export function idle(state: PlanState, printerIdx: number, setup: TaskSlot): void {
  const { ctx } = state;
  state.releaseReservation(printerIdx);
  const printer = ctx.printers[printerIdx];
  let nextArrival = Infinity;
  for (const profile of printer?.profiles ?? []) {
    for (const idx of state.open(profile.id)) {
      const part = ctx.parts[idx] as PPart;
      if (
        part.received > setup.start + EPS &&
        (ctx.compat[idx]?.[printerIdx] ?? []).includes(profile.id)
      ) {
        nextArrival = Math.min(nextArrival, part.received);
      }
    }
  }
  const block = state.nextBlock(printerIdx, setup.start);
  const candidates = [
    nextArrival,
    block && block.start > setup.start ? block.end : Infinity,
  ].filter((t) => t > setup.start + EPS && t < ctx.end);
  if (candidates.length === 0) {
    state.done[printerIdx] = 1;
    return;
  }
  state.freeAt[printerIdx] = Math.min(...candidates);
}

/** Picks the printer that can be set up first (ties: printer order). */
export function nextPrinter(state: PlanState): { printerIdx: number; setup: TaskSlot } | null {
  let best: { printerIdx: number; setup: TaskSlot } | null = null;
  for (const pr of state.ctx.printers) {
    if (state.done[pr.idx]) continue;
    const setup = state.nextSetup(pr.idx);
    if (!setup) {
      state.done[pr.idx] = 1;
      continue;
    }
    if (!best || setup.start < best.setup.start - EPS) best = { printerIdx: pr.idx, setup };
  }
  return best;
}

/** The plateshift heuristic: list scheduling over printers with shift-aware decisions. */
export function runShiftAware(
  ctx: PlanningContext,
  control: RunControl = {},
  options: DecideOptions = {},
): PlanState {
  return continueShiftAware(new PlanState(ctx), control, options);
}

/**
 * Runs the heuristic from any state to the end of the horizon (mutates and returns it): the whole
 * plan from an empty state, or the rest of a plan whose beginning was decided otherwise (the MIP
 * pass completes its partial plans this way to compare them with complete ones).
 */
export function continueShiftAware(
  state: PlanState,
  control: RunControl = {},
  options: DecideOptions = {},
  /** Stop before the first decision whose setup starts at or after this instant. */
  until: Minutes = Infinity,
): PlanState {
  const total = state.ctx.parts.length;
  let planned = state.planned.reduce((sum, v) => sum + v, 0);
  for (let guard = 0; guard < 100_000; guard++) {
    if (control.shouldStop?.()) throw new PlanningCancelled();
    const next = nextPrinter(state);
    if (!next || next.setup.start >= until) break;
    const d = decide(state, next.printerIdx, next.setup, options);
    const job = d ? apply(state, d) : null;
    if (job) {
      planned += job.partIdxs.length;
      control.onProgress?.(planned, total, 'composing jobs');
    } else if (d) {
      // The chosen window could not be booked after all: look again from the end of its period.
      state.releaseReservation(next.printerIdx);
      state.freeAt[next.printerIdx] = Math.max(d.window.period.end, next.setup.end + 1);
    } else {
      idle(state, next.printerIdx, next.setup);
    }
  }
  return state;
}

/**
 * Completes a partial plan with the heuristic, then gives printers that stopped early another
 * look: a printer is retired when nothing fits it at that moment, but parts the batch ILP left
 * behind can still fit its idle end of the horizon. Used for the MIP pass's checkpoints, whose
 * beginnings differ from the heuristic's own; the heuristic-only plan is unchanged.
 */
export function completeShiftAware(state: PlanState, control: RunControl = {}): PlanState {
  continueShiftAware(state, control);
  for (let round = 0; round < 2; round++) {
    const open = state.planned.reduce((sum, v) => sum + (v ? 0 : 1), 0);
    if (open === 0) break;
    for (const pr of state.ctx.printers) if (pr.available) state.done[pr.idx] = 0;
    continueShiftAware(state, control);
    if (state.planned.reduce((sum, v) => sum + (v ? 0 : 1), 0) === open) break;
  }
  return state;
}
