import { type Interval, type OperatorBook, type TaskSlot } from './calendar';
import { type PlatePlacement } from './plate';
import { compareParts, type PlanningContext, type PPart } from './problem';
import { ceilSecond, EPS, type Minutes } from './time';

/** A job as planning builds it (indices, epoch minutes); output.ts turns it into a domain Job. */
export interface PlannedJob {
  printerIdx: number;
  profileId: string;
  partIdxs: number[];
  placements: PlatePlacement[];
  /** Placements come from a real packer (false: the area check only). */
  exactPlacements: boolean;
  setup: TaskSlot;
  /** Print start and (estimated) end. */
  start: Minutes;
  end: Minutes;
  estimate: Minutes;
  uncertainty: Minutes;
  removal: TaskSlot;
  /** forward: starts right after setup · backward: delayed start so the end meets an operator. */
  mode: 'forward' | 'backward';
}

/** A candidate end for a job: removal inside one operator period. */
export interface Window {
  period: Interval;
  /** Earliest and latest removal start still free in the period. */
  removalEarliest: Minutes;
  removalLatest: Minutes;
  /** Latest print end (before the uncertainty margin) that leaves room for buffer and removal. */
  latestEnd: Minutes;
}

export interface Composition {
  parts: number[];
  /** Σ part minutes (no plate overhead). */
  partMinutes: Minutes;
  explicitMinutes: Minutes;
  modelMinutes: Minutes;
  area: number;
  /** The plate's exact print minutes (overhead included) from a slicer-backed estimator. */
  exactMinutes?: Minutes;
}

/** Mutable planning state shared by the strategies: operator bookings, printers, parts. */
export class PlanState {
  readonly book: OperatorBook;
  readonly planned: Uint8Array;
  readonly jobs: PlannedJob[] = [];
  readonly freeAt: Float64Array;
  readonly done: Uint8Array;
  /** Parts of each profile group, in seed 002's order. */
  readonly groups: Map<string, number[]> = new Map();
  private readonly cursor = new Map<string, number>();
  /** Σ minutes of unplanned parts per group (fair-share estimate). */
  readonly remaining = new Map<string, number>();
  /**
   * Setup time kept free right after each removal, so the operator who clears a plate loads the
   * next one straight away (remove P1, load P1, remove P2, …) instead of every removal of the
   * morning being booked back to back and the printers waiting empty until the last one is done.
   */
  readonly reserved: (TaskSlot | null)[];
  reserveSetups = true;

  constructor(
    readonly ctx: PlanningContext,
    from?: PlanState,
  ) {
    if (from) {
      // A scratch copy for what-if evaluation (MIP warm starts): shares the read-only groups.
      this.book = from.book.clone();
      this.planned = from.planned.slice();
      this.freeAt = from.freeAt.slice();
      this.done = from.done.slice();
      this.groups = from.groups;
      this.reserved = [...from.reserved];
      this.reserveSetups = from.reserveSetups;
      for (const [k, v] of from.cursor) this.cursor.set(k, v);
      for (const [k, v] of from.remaining) this.remaining.set(k, v);
      this.jobs.push(...from.jobs);
      return;
    }
    this.book = ctx.newBook();
    this.reserved = ctx.printers.map(() => null);
    this.planned = new Uint8Array(ctx.parts.length);
    this.freeAt = new Float64Array(ctx.printers.length).fill(ctx.start);
    this.done = new Uint8Array(ctx.printers.length);
    for (const pr of ctx.printers) if (!pr.available) this.done[pr.idx] = 1;
    for (const profile of ctx.profiles.values()) {
      const members = ctx.parts.filter((p) => p.profileIds.includes(profile.id));
      if (members.length === 0) continue;
      members.sort(compareParts(ctx, profile.id));
      this.groups.set(
        profile.id,
        members.map((p) => p.idx),
      );
      this.cursor.set(profile.id, 0);
      this.remaining.set(
        profile.id,
        members.reduce((s, p) => s + ctx.minutes(p.idx, profile.id), 0),
      );
    }
  }

  fork(): PlanState {
    return new PlanState(this.ctx, this);
  }

  markPlanned(partIdx: number): void {
    if (this.planned[partIdx]) return;
    this.planned[partIdx] = 1;
    const part = this.ctx.parts[partIdx] as PPart;
    for (const g of part.profileIds) {
      const r = this.remaining.get(g);
      if (r !== undefined) this.remaining.set(g, r - this.ctx.minutes(partIdx, g));
    }
  }

  /** Puts a part back in the queue (an improvement step took it off its job). */
  unmarkPlanned(partIdx: number): void {
    if (!this.planned[partIdx]) return;
    this.planned[partIdx] = 0;
    const part = this.ctx.parts[partIdx] as PPart;
    for (const g of part.profileIds) {
      const r = this.remaining.get(g);
      if (r !== undefined) this.remaining.set(g, r + this.ctx.minutes(partIdx, g));
      this.cursor.set(g, 0);
    }
  }

  /** Unplanned members of a group, from the first that may still be open. */
  *open(profileId: string): Generator<number> {
    const list = this.groups.get(profileId) ?? [];
    let c = this.cursor.get(profileId) ?? 0;
    while (c < list.length && this.planned[list[c] as number]) c++;
    this.cursor.set(profileId, c);
    for (let i = c; i < list.length; i++) {
      const idx = list[i] as number;
      if (!this.planned[idx]) yield idx;
    }
  }

  /** The first blocked interval of a printer that ends after t. */
  nextBlock(printerIdx: number, t: Minutes): Interval | null {
    for (const b of this.ctx.printers[printerIdx]?.blocked ?? []) if (b.end > t + EPS) return b;
    return null;
  }

  /** The end of the stretch in which a job starting at t must finish (next block or horizon). */
  limitEnd(printerIdx: number, t: Minutes): Minutes {
    const b = this.nextBlock(printerIdx, t);
    if (!b) return this.ctx.end;
    // Inside (or at the start of) a block there is no room at all.
    return b.start > t + EPS ? Math.min(b.start, this.ctx.end) : t;
  }

  /**
   * The earliest setup task for a printer: free (no job, no maintenance) and an operator on shift.
   * Null when nothing remains within the horizon.
   */
  nextSetup(printerIdx: number): TaskSlot | null {
    const r = this.reserved[printerIdx];
    if (r && r.start >= (this.freeAt[printerIdx] ?? 0) - EPS) return r;
    let t = Math.max(this.freeAt[printerIdx] ?? this.ctx.start, this.ctx.start);
    for (let guard = 0; guard < 1000; guard++) {
      const b = this.nextBlock(printerIdx, t);
      if (b && b.start <= t + EPS) {
        t = b.end;
        continue;
      }
      const before = b ? b.start : this.ctx.end;
      if (t >= this.ctx.end) return null;
      const slot = this.book.findEarliest({ after: t, duration: this.ctx.setup, before });
      // A setup must leave time before the block; one touching its start is no setup at all.
      if (slot && slot.start < before - EPS) return slot;
      if (!b) return null;
      t = b.end;
    }
    return null;
  }

  /** Gives back a printer's reserved setup time (it gets no job now). */
  releaseReservation(printerIdx: number): void {
    const r = this.reserved[printerIdx];
    if (!r) return;
    this.book.release(r);
    this.reserved[printerIdx] = null;
  }

  /** Candidate job ends for a print starting at `printStart`, one per operator period. */
  windows(printStart: Minutes, limitEnd: Minutes, max = 24): Window[] {
    const out: Window[] = [];
    const { removal, buffer } = this.ctx;
    for (const q of this.book.periods(printStart, limitEnd)) {
      if (out.length >= max) break;
      const lo = Math.max(q.start, printStart);
      const hi = Math.min(q.end, limitEnd);
      if (hi < lo + removal - EPS) continue;
      const latest = this.book.findLatest({ after: lo, before: hi, duration: removal });
      if (!latest || latest.start - buffer <= printStart + EPS) continue;
      const earliest = this.book.findEarliest({ after: lo, duration: removal, before: hi });
      out.push({
        period: q,
        removalEarliest: earliest?.start ?? latest.start,
        removalLatest: latest.start,
        latestEnd: latest.start - buffer,
      });
    }
    return out;
  }

  uncertainty(explicitMinutes: Minutes, modelMinutes: Minutes): Minutes {
    return this.ctx.estimator.uncertaintyMinutes(explicitMinutes, modelMinutes);
  }

  overhead(printerIdx: number, profileId: string): Minutes {
    const profile = this.ctx.profiles.get(profileId);
    const printer = this.ctx.printers[printerIdx]?.printer;
    if (!profile || !printer) return 0;
    return this.ctx.estimator.plateOverheadMinutes(profile, {
      id: printer.id,
      nozzleMm: printer.nozzleMm,
    });
  }

  /** Whether a part may go on this printer with this profile and is known by `receivedBy`. */
  usable(partIdx: number, printerIdx: number, profileId: string, receivedBy: Minutes): boolean {
    if (this.planned[partIdx]) return false;
    const part = this.ctx.parts[partIdx] as PPart;
    if (part.received > receivedBy + EPS) return false;
    return (this.ctx.compat[partIdx]?.[printerIdx] ?? []).includes(profileId);
  }

  /**
   * Seed 002's composition: walk the group in order and add each part that still fits the time
   * (print start + minutes + overhead + uncertainty ≤ latestEnd) and the plate's area budget.
   * `first` parts (already chosen, e.g. by the MIP) come before the walk.
   */
  compose(
    printerIdx: number,
    profileId: string,
    printStart: Minutes,
    latestEnd: Minutes,
    receivedBy: Minutes,
    opts: {
      first?: readonly number[];
      exclude?: ReadonlySet<number>;
      areaBudget?: number;
      scanLimit?: number;
    } = {},
  ): Composition {
    const printer = this.ctx.printers[printerIdx];
    const comp: Composition = {
      parts: [],
      partMinutes: 0,
      explicitMinutes: 0,
      modelMinutes: 0,
      area: 0,
    };
    if (!printer) return comp;
    const budget = opts.areaBudget ?? printer.usableArea * 0.85;
    const overhead = this.overhead(printerIdx, profileId);
    const span = latestEnd - printStart;
    const taken = new Set<number>();
    const tryAdd = (idx: number): boolean => {
      if (taken.has(idx) || opts.exclude?.has(idx)) return false;
      if (!this.usable(idx, printerIdx, profileId, receivedBy)) return false;
      const part = this.ctx.parts[idx] as PPart;
      if (comp.area + part.spacedArea > budget + EPS) return false;
      const m = this.ctx.minutes(idx, profileId, printerIdx);
      const explicit = this.ctx.explicit(idx, profileId);
      const e = comp.explicitMinutes + (explicit ? m : 0);
      const mm = comp.modelMinutes + (explicit ? 0 : m);
      if (overhead + e + mm + this.uncertainty(e, mm) > span + EPS) return false;
      comp.parts.push(idx);
      comp.partMinutes += m;
      comp.explicitMinutes = e;
      comp.modelMinutes = mm;
      comp.area += part.spacedArea;
      taken.add(idx);
      return true;
    };
    for (const idx of opts.first ?? []) tryAdd(idx);
    let scanned = 0;
    const limit = opts.scanLimit ?? 5000;
    for (const idx of this.open(profileId)) {
      if (++scanned > limit) break;
      tryAdd(idx);
      if (comp.area >= budget * 0.995) break;
    }
    return comp;
  }

  /**
   * Asks the plate checker which of the composed parts fit (in order); rejected parts stay in the
   * queue and the freed time is offered to further parts (two rounds at most).
   */
  realize(
    printerIdx: number,
    profileId: string,
    comp: Composition,
    printStart: Minutes,
    latestEnd: Minutes,
    receivedBy: Minutes,
  ): { comp: Composition; placements: PlatePlacement[]; exact: boolean } {
    const printer = this.ctx.printers[printerIdx];
    if (!printer || comp.parts.length === 0) return { comp, placements: [], exact: true };
    const rejectedAll = new Set<number>();
    let current = comp;
    let placements: PlatePlacement[] = [];
    let exact = true;
    for (let round = 0; round < 3; round++) {
      const fill = this.ctx.checker.fill({
        bed: printer.bed,
        items: current.parts.map((i) => (this.ctx.parts[i] as PPart).item),
        spacingMm: this.ctx.spacing,
        rotationStepDeg: this.ctx.rotationStep,
      });
      exact = fill.exact;
      const placedIds = new Set(fill.placed.map((p) => p.id));
      const kept = current.parts.filter((i) => placedIds.has((this.ctx.parts[i] as PPart).id));
      for (const i of current.parts)
        if (!placedIds.has((this.ctx.parts[i] as PPart).id)) rejectedAll.add(i);
      placements = fill.placed;
      if (kept.length === current.parts.length) {
        current = this.recount(printerIdx, profileId, kept);
        break;
      }
      current = this.recount(printerIdx, profileId, kept);
      if (round === 2) break;
      // Offer the freed time to parts the checker has not rejected yet.
      const topped = this.compose(printerIdx, profileId, printStart, latestEnd, receivedBy, {
        first: kept,
        exclude: rejectedAll,
        areaBudget: printer.usableArea,
      });
      if (topped.parts.length === kept.length) break;
      current = topped;
    }
    current = this.refine(printerIdx, profileId, current, latestEnd - printStart);
    // Keep only placements of parts that stayed on the plate (the last fill placed exactly those).
    const keptIds = new Set(current.parts.map((i) => (this.ctx.parts[i] as PPart).id));
    return { comp: current, placements: placements.filter((p) => keptIds.has(p.id)), exact };
  }

  /**
   * With a slicer-backed estimator, asks for the composed plate's exact time and drops the last
   * parts while it no longer fits the window (DESIGN §4: "the composed plate is then sliced for the
   * exact time, and the schedule is corrected").
   */
  refine(printerIdx: number, profileId: string, comp: Composition, span: Minutes): Composition {
    const refinePlate = this.ctx.estimator.refinePlate?.bind(this.ctx.estimator);
    const profile = this.ctx.profiles.get(profileId);
    const printer = this.ctx.printers[printerIdx]?.printer;
    if (!refinePlate || !profile || !printer) return comp;
    let current = comp;
    while (current.parts.length > 0) {
      const exact = refinePlate(
        current.parts.map((i) => (this.ctx.parts[i] as PPart).estimatePart),
        profile,
        { id: printer.id, nozzleMm: printer.nozzleMm },
      );
      if (exact === null) return current;
      if (exact + this.uncertainty(current.explicitMinutes, current.modelMinutes) <= span + EPS) {
        return { ...current, exactMinutes: exact };
      }
      current = this.recount(printerIdx, profileId, current.parts.slice(0, -1));
    }
    return current;
  }

  recount(printerIdx: number, profileId: string, parts: number[]): Composition {
    const comp: Composition = {
      parts,
      partMinutes: 0,
      explicitMinutes: 0,
      modelMinutes: 0,
      area: 0,
    };
    for (const idx of parts) {
      const m = this.ctx.minutes(idx, profileId, printerIdx);
      comp.partMinutes += m;
      if (this.ctx.explicit(idx, profileId)) comp.explicitMinutes += m;
      else comp.modelMinutes += m;
      comp.area += (this.ctx.parts[idx] as PPart).spacedArea;
    }
    return comp;
  }

  /**
   * The removal task for a plate ready at `ready`. Taking the first free minute would scatter
   * removals through a shift (10:22–10:52 leaves no half hour in a 10:00–11:00 slot), so the start
   * snaps to the grid of removal lengths from the shift's start when that costs less than one
   * removal of extra waiting.
   */
  removalSlot(ready: Minutes, before: Minutes): TaskSlot | null {
    const d = this.ctx.removal;
    const first = this.book.findEarliest({ after: ready, duration: d, before });
    if (!first || d <= 0) return first;
    const period = this.book.periods(first.start, first.start + EPS)[0];
    if (!period || first.start <= period.start + EPS) return first;
    const steps = Math.ceil((first.start - period.start) / d - 1e-9);
    const aligned = period.start + steps * d;
    if (aligned - first.start < EPS) return first;
    const snapped = this.book.findEarliest({ after: aligned, duration: d, before });
    return snapped && snapped.start - first.start < d - EPS ? snapped : first;
  }

  /**
   * Books a job: setup task, print (forward, or delayed so it ends just before `targetRemoval`
   * when delayed starts are allowed), removal task in the first operator time after the end,
   * buffer and uncertainty margin. Null (nothing booked) when no removal fits before `removalBy`.
   */
  commit(args: {
    printerIdx: number;
    profileId: string;
    comp: Composition;
    placements: PlatePlacement[];
    exact: boolean;
    setup: TaskSlot;
    /** Aim the end at an operator arriving at this instant (backward scheduling). */
    targetRemoval?: Minutes;
    /** The removal must end by this (period end, next block, horizon). */
    removalBy: Minutes;
  }): PlannedJob | null {
    const { ctx } = this;
    // Whole seconds, so start + estimate = end exactly in the ISO output.
    const estimate = ceilSecond(
      args.comp.exactMinutes ??
        this.overhead(args.printerIdx, args.profileId) + args.comp.partMinutes,
    );
    const unc = ceilSecond(this.uncertainty(args.comp.explicitMinutes, args.comp.modelMinutes));
    let setup = args.setup;
    // The printer's reserved setup (right after its last removal) is already booked.
    const reservation = this.reserved[args.printerIdx] ?? null;
    const sameSlot = (a: TaskSlot, b: TaskSlot) =>
      a.operatorId === b.operatorId && Math.abs(a.start - b.start) < EPS;
    let setupBooked = reservation !== null && sameSlot(reservation, setup);
    if (reservation && !setupBooked) this.releaseReservation(args.printerIdx);
    let start = ceilSecond(setup.end);
    let end = start + estimate;
    let mode: PlannedJob['mode'] = 'forward';
    if (
      ctx.allowDelayedStart &&
      args.targetRemoval !== undefined &&
      end + unc + ctx.buffer < args.targetRemoval - 1
    ) {
      const delayedEnd = Math.floor((args.targetRemoval - unc - ctx.buffer) * 60) / 60;
      const delayedStart = Math.floor((delayedEnd - estimate) * 60) / 60;
      // Set the plate up as late as possible: newly arrived parts could still join, and the
      // printer stays empty (and safe) until then.
      if (setupBooked) {
        this.releaseReservation(args.printerIdx);
        setupBooked = false;
      }
      const late = this.book.findLatest({
        after: setup.start,
        before: delayedStart,
        duration: ctx.setup,
      });
      if (late && late.start > setup.start) setup = late;
      start = delayedStart;
      end = delayedStart + estimate;
      mode = 'backward';
    }
    const removal = this.removalSlot(
      end + unc + ctx.buffer,
      Math.min(args.removalBy, this.limitEnd(args.printerIdx, setup.start)),
    );
    if (!removal) {
      if (setupBooked) this.releaseReservation(args.printerIdx);
      return null;
    }
    if (setupBooked) this.reserved[args.printerIdx] = null;
    else this.book.book(setup, `setup ${ctx.printers[args.printerIdx]?.id}`);
    this.book.book(removal, `removal ${ctx.printers[args.printerIdx]?.id}`);
    if (this.reserveSetups && ctx.setup > 0) {
      const next = {
        operatorId: removal.operatorId,
        start: removal.end,
        end: removal.end + ctx.setup,
      };
      if (
        next.end <= this.limitEnd(args.printerIdx, removal.end) + EPS &&
        this.book.isFree(next.operatorId, next.start, next.end)
      ) {
        this.book.book(next, `reserved setup ${ctx.printers[args.printerIdx]?.id}`);
        this.reserved[args.printerIdx] = next;
      }
    }
    const job: PlannedJob = {
      printerIdx: args.printerIdx,
      profileId: args.profileId,
      partIdxs: [...args.comp.parts],
      placements: args.placements,
      exactPlacements: args.exact,
      setup,
      start,
      end,
      estimate,
      uncertainty: unc,
      removal,
      mode,
    };
    for (const idx of job.partIdxs) this.markPlanned(idx);
    this.jobs.push(job);
    this.freeAt[args.printerIdx] = removal.end;
    return job;
  }
}
