import { type Calendar, type CalendarException, type OperatorSlot } from '../domain/calendar';
import { timeOfDayToMinutes } from '../domain/common';
import { EPS, type Minutes, minutesFromMs, msFromMinutes } from './time';
import {
  addDays,
  type CivilDate,
  daysFromCivil,
  fromZoned,
  isoWeekday,
  parseIsoDate,
  toZoned,
} from './tz';

/** A half-open stretch of time [start, end) in epoch minutes. */
export interface Interval {
  start: Minutes;
  end: Minutes;
}

/** When one operator is on shift, as sorted, disjoint, merged intervals. */
export interface OperatorAvailability {
  operatorId: string;
  intervals: Interval[];
}

/** Sorts and merges touching/overlapping intervals; drops empty ones. */
export function mergeIntervals(list: readonly Interval[]): Interval[] {
  const sorted = list.filter((i) => i.end > i.start + EPS).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end + EPS) last.end = Math.max(last.end, i.end);
    else out.push({ start: i.start, end: i.end });
  }
  return out;
}

/** a − b for sorted, merged interval lists. */
export function subtractIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const i of a) {
    let cursor = i.start;
    for (const cut of b) {
      if (cut.end <= cursor || cut.start >= i.end) continue;
      if (cut.start > cursor) out.push({ start: cursor, end: cut.start });
      cursor = Math.max(cursor, cut.end);
    }
    if (cursor < i.end) out.push({ start: cursor, end: i.end });
  }
  return out.filter((i) => i.end > i.start + EPS);
}

function clip(list: Interval[], from: Minutes, to: Minutes): Interval[] {
  return list
    .map((i) => ({ start: Math.max(i.start, from), end: Math.min(i.end, to) }))
    .filter((i) => i.end > i.start + EPS);
}

function wallInterval(date: CivilDate, start: string, end: string, tz: string): Interval {
  return {
    start: minutesFromMs(fromZoned(date, timeOfDayToMinutes(start), tz)),
    end: minutesFromMs(fromZoned(date, timeOfDayToMinutes(end), tz)),
  };
}

/**
 * Expands weekly slots and dated exceptions into concrete shifts between `from` and `to`.
 * Rule: (weekly slots − `off` exceptions) ∪ `extra` exceptions — so "holiday for everyone, but
 * Alice works 10–12" needs an `off` with operator null and an `extra` for Alice. Exceptions with
 * operator null apply to every active operator. Slots are wall-clock times in the calendar's zone,
 * converted per date, so a DST change shortens or lengthens the slots that span it.
 */
export function buildAvailability(
  calendar: Calendar,
  from: Minutes,
  to: Minutes,
): OperatorAvailability[] {
  const tz = calendar.timezone;
  const first = addDays(toZoned(msFromMinutes(from), tz), -1);
  const last = addDays(toZoned(msFromMinutes(to), tz), 1);
  const nDays = daysFromCivil(last) - daysFromCivil(first);
  const active = calendar.operators.filter((o) => o.active !== false);
  const slotsByOperator = new Map<string, OperatorSlot[]>();
  for (const s of calendar.slots) {
    const list = slotsByOperator.get(s.operatorId) ?? [];
    list.push(s);
    slotsByOperator.set(s.operatorId, list);
  }
  const exceptionsByDate = new Map<number, CalendarException[]>();
  for (const e of calendar.exceptions) {
    const day = daysFromCivil(parseIsoDate(e.date));
    const list = exceptionsByDate.get(day) ?? [];
    list.push(e);
    exceptionsByDate.set(day, list);
  }

  return active.map((op) => {
    const weekly: Interval[] = [];
    const off: Interval[] = [];
    const extra: Interval[] = [];
    for (let k = 0; k <= nDays; k++) {
      const date = addDays(first, k);
      const wd = isoWeekday(date);
      for (const s of slotsByOperator.get(op.id) ?? []) {
        if (s.weekday === wd) weekly.push(wallInterval(date, s.start, s.end, tz));
      }
      for (const e of exceptionsByDate.get(daysFromCivil(date)) ?? []) {
        if (e.operatorId !== null && e.operatorId !== op.id) continue;
        (e.kind === 'off' ? off : extra).push(wallInterval(date, e.start, e.end, tz));
      }
    }
    const base = subtractIntervals(mergeIntervals(weekly), mergeIntervals(off));
    return { operatorId: op.id, intervals: clip(mergeIntervals([...base, ...extra]), from, to) };
  });
}

/** One booked operator task. */
export interface Booking extends Interval {
  operatorId: string;
  label: string;
}

export interface TaskQuery {
  /** The task may not start before this. */
  after: Minutes;
  duration: Minutes;
  /** The task must end by this (default: no bound). */
  before?: Minutes;
  /** Restrict to these operators (default: all). */
  operatorIds?: readonly string[];
}

export interface TaskSlot {
  operatorId: string;
  start: Minutes;
  end: Minutes;
}

function lowerBound(list: readonly Interval[], t: Minutes): number {
  // First index whose end is after t.
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as Interval).end < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface OperatorState {
  id: string;
  shifts: Interval[];
  bookings: Booking[];
}

/**
 * The operators' shifts plus the tasks already given to them: one task at a time per operator.
 * Queries answer "the earliest (or latest) moment some operator can spend d minutes", which is
 * what setup and removal tasks need.
 */
export class OperatorBook {
  private readonly ops: OperatorState[];

  constructor(availability: readonly OperatorAvailability[]) {
    this.ops = availability.map((a) => ({
      id: a.operatorId,
      shifts: a.intervals.map((i) => ({ ...i })),
      bookings: [],
    }));
  }

  get operatorIds(): string[] {
    return this.ops.map((o) => o.id);
  }

  clone(): OperatorBook {
    const c = new OperatorBook([]);
    for (const o of this.ops) {
      c.ops.push({ id: o.id, shifts: o.shifts, bookings: o.bookings.map((b) => ({ ...b })) });
    }
    return c;
  }

  shiftsOf(operatorId: string): readonly Interval[] {
    return this.ops.find((o) => o.id === operatorId)?.shifts ?? [];
  }

  bookings(): Booking[] {
    return this.ops.flatMap((o) => o.bookings);
  }

  /** Merged union of every operator's shifts overlapping [from, to): the "operator periods". */
  periods(from: Minutes, to: Minutes): Interval[] {
    const all: Interval[] = [];
    for (const o of this.ops) {
      for (let i = lowerBound(o.shifts, from); i < o.shifts.length; i++) {
        const s = o.shifts[i] as Interval;
        if (s.start >= to) break;
        all.push(s);
      }
    }
    return mergeIntervals(all);
  }

  /** Free stretches of one operator inside [lo, hi] (zero-length ones included). */
  private freeSegments(o: OperatorState, lo: Minutes, hi: Minutes, out: Interval[]): void {
    for (let i = lowerBound(o.shifts, lo); i < o.shifts.length; i++) {
      const s = o.shifts[i] as Interval;
      if (s.start > hi) break;
      const a = Math.max(s.start, lo);
      const b = Math.min(s.end, hi);
      if (b < a) continue;
      let cursor = a;
      for (let j = lowerBound(o.bookings, a); j < o.bookings.length; j++) {
        const bk = o.bookings[j] as Booking;
        if (bk.start >= b) break;
        if (bk.end <= cursor) continue;
        if (bk.start >= cursor - EPS) out.push({ start: cursor, end: Math.max(cursor, bk.start) });
        cursor = Math.max(cursor, bk.end);
      }
      if (cursor <= b) out.push({ start: cursor, end: b });
    }
  }

  private candidates(q: TaskQuery): OperatorState[] {
    return q.operatorIds ? this.ops.filter((o) => q.operatorIds?.includes(o.id)) : this.ops;
  }

  /** The earliest start ≥ `after` at which some operator is on shift and free for `duration`. */
  findEarliest(q: TaskQuery): TaskSlot | null {
    const before = q.before ?? Infinity;
    let best: TaskSlot | null = null;
    const segs: Interval[] = [];
    for (const o of this.candidates(q)) {
      segs.length = 0;
      const hi = Math.min(before, best ? best.start + q.duration : Infinity);
      this.freeSegments(o, q.after, hi === Infinity ? Number.MAX_VALUE : hi, segs);
      for (const seg of segs) {
        const s = Math.max(seg.start, q.after);
        if (s + q.duration <= seg.end + EPS && s + q.duration <= before + EPS) {
          if (!best || s < best.start - EPS)
            best = { operatorId: o.id, start: s, end: s + q.duration };
          break;
        }
      }
    }
    return best;
  }

  /** The latest start with the task ending by `before` and starting at or after `after`. */
  findLatest(q: TaskQuery & { before: Minutes }): TaskSlot | null {
    let best: TaskSlot | null = null;
    const segs: Interval[] = [];
    for (const o of this.candidates(q)) {
      segs.length = 0;
      this.freeSegments(o, q.after, q.before, segs);
      for (let i = segs.length - 1; i >= 0; i--) {
        const seg = segs[i] as Interval;
        const e = Math.min(seg.end, q.before);
        const s = e - q.duration;
        if (s >= Math.max(seg.start, q.after) - EPS) {
          if (!best || s > best.start + EPS) best = { operatorId: o.id, start: s, end: e };
          break;
        }
      }
    }
    return best;
  }

  /** True when the operator is on shift and has nothing else to do during [start, end]. */
  isFree(operatorId: string, start: Minutes, end: Minutes): boolean {
    const o = this.ops.find((x) => x.id === operatorId);
    if (!o) return false;
    const segs: Interval[] = [];
    this.freeSegments(o, start, end, segs);
    return segs.some((s) => s.start <= start + EPS && s.end >= end - EPS);
  }

  /** True when the operator is on shift for the whole of [start, end] (bookings ignored). */
  onShift(operatorId: string, start: Minutes, end: Minutes): boolean {
    const o = this.ops.find((x) => x.id === operatorId);
    if (!o) return false;
    const i = lowerBound(o.shifts, start);
    const s = o.shifts[i];
    return !!s && s.start <= start + EPS && s.end >= end - EPS;
  }

  /**
   * Gives an operator a task. Existing work (locked jobs) may be booked without a shift check via
   * `force`, so a hand-placed task outside the calendar still blocks that operator.
   */
  book(slot: TaskSlot, label: string, force = false): void {
    const o = this.ops.find((x) => x.id === slot.operatorId);
    if (!o) {
      if (force) return;
      throw new Error(`unknown operator ${slot.operatorId}`);
    }
    if (!force && !this.isFree(slot.operatorId, slot.start, slot.end)) {
      throw new Error(`operator ${slot.operatorId} is not free for ${label}`);
    }
    const b: Booking = { ...slot, label };
    const i = lowerBound(o.bookings, slot.start);
    let k = i;
    while (k < o.bookings.length && (o.bookings[k] as Booking).start < slot.start) k++;
    o.bookings.splice(k, 0, b);
  }

  /** Takes back a booking made with `book` (same operator, start and end). */
  release(slot: TaskSlot): boolean {
    const o = this.ops.find((x) => x.id === slot.operatorId);
    if (!o) return false;
    const i = o.bookings.findIndex(
      (b) => Math.abs(b.start - slot.start) < EPS && Math.abs(b.end - slot.end) < EPS,
    );
    if (i < 0) return false;
    o.bookings.splice(i, 1);
    return true;
  }

  /** "The next moment an operator can spend `duration` minutes after t" (the query from the UI). */
  nextFree(after: Minutes, duration: Minutes, before?: Minutes): TaskSlot | null {
    return this.findEarliest({ after, duration, ...(before !== undefined ? { before } : {}) });
  }
}
