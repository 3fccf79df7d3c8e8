import {
  addDays,
  type CivilDate,
  daysFromCivil,
  formatIsoDate,
  fromZoned,
  isoWeekday,
  offsetAt,
  toZoned,
} from '../../../shared/planning/tz';

/**
 * Pure geometry of the Gantt: instants ↔ pixels, zoom around a pointer, snapping, and the
 * site-zone calendar (days of 23, 24 or 25 hours) the axis and the shift bands are drawn on.
 * Everything is in epoch milliseconds; nothing here touches the DOM.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** Where x = 0 is in time and how many pixels an hour takes. */
export interface TimeScale {
  originMs: number;
  pxPerHour: number;
}

/** From an hour filling a wide screen down to about two months on one. */
export const ZOOM_LIMITS = { minPxPerHour: 0.75, maxPxPerHour: 480 } as const;

/** The zoom presets: how many hours the viewport shows. */
export const ZOOM_PRESETS = {
  day: 24,
  week: 7 * 24,
  month: 28 * 24,
} as const;
export type ZoomPreset = keyof typeof ZOOM_PRESETS;

export function timeToX(scale: TimeScale, ms: number): number {
  return ((ms - scale.originMs) / MS_PER_HOUR) * scale.pxPerHour;
}

export function xToTime(scale: TimeScale, x: number): number {
  return scale.originMs + (x / scale.pxPerHour) * MS_PER_HOUR;
}

/** A duration's width in pixels. */
export function durationToPx(scale: TimeScale, ms: number): number {
  return (ms / MS_PER_HOUR) * scale.pxPerHour;
}

export function clampZoom(pxPerHour: number): number {
  if (!Number.isFinite(pxPerHour)) return ZOOM_LIMITS.minPxPerHour;
  return Math.min(ZOOM_LIMITS.maxPxPerHour, Math.max(ZOOM_LIMITS.minPxPerHour, pxPerHour));
}

/** The zoom at which `hours` fill a viewport of `widthPx`. */
export function pxPerHourForSpan(widthPx: number, hours: number): number {
  return clampZoom(Math.max(1, widthPx) / Math.max(1 / 60, hours));
}

/**
 * Zooms by `factor` keeping the instant under `anchorX` (pixels from the viewport's left edge)
 * where it is: the new scroll position follows from that instant's new x.
 */
export function zoomAt(
  scale: TimeScale,
  scrollLeft: number,
  anchorX: number,
  factor: number,
): { scale: TimeScale; scrollLeft: number } {
  const anchorTime = xToTime(scale, scrollLeft + anchorX);
  const next: TimeScale = {
    originMs: scale.originMs,
    pxPerHour: clampZoom(scale.pxPerHour * factor),
  };
  return { scale: next, scrollLeft: Math.max(0, timeToX(next, anchorTime) - anchorX) };
}

/** Drags snap to 5 minutes when zoomed in (5 min ≥ 8 px), else to 15 minutes. */
export function snapStepMinutes(pxPerHour: number): 5 | 15 {
  return (pxPerHour * 5) / 60 >= 8 ? 5 : 15;
}

/**
 * Rounds an instant to the nearest multiple of `stepMinutes` on the site's wall clock (so a
 * job snaps to 08:15 local even in a zone offset by 30 or 45 minutes).
 */
export function snapMs(ms: number, stepMinutes: number, timeZone: string): number {
  const step = stepMinutes * MS_PER_MINUTE;
  const offset = offsetAt(ms, timeZone);
  const local = Math.round((ms + offset) / step) * step;
  // Re-read the offset at the snapped instant: snapping across a DST change keeps wall time.
  const guess = local - offset;
  const offset2 = offsetAt(guess, timeZone);
  return local - offset2;
}

/** One calendar day in the site's zone: 24 hours, or 23/25 on DST days. */
export interface DaySpan {
  date: CivilDate;
  /** YYYY-MM-DD */
  iso: string;
  startMs: number;
  endMs: number;
  /** ISO weekday 1 = Monday … 7 = Sunday. */
  weekday: number;
  hours: number;
}

export function dayOf(ms: number, timeZone: string): CivilDate {
  const z = toZoned(ms, timeZone);
  return { year: z.year, month: z.month, day: z.day };
}

/** Local midnight starting the day that contains `ms`. */
export function startOfDay(ms: number, timeZone: string): number {
  return fromZoned(dayOf(ms, timeZone), 0, timeZone);
}

export function daySpan(date: CivilDate, timeZone: string): DaySpan {
  const startMs = fromZoned(date, 0, timeZone);
  const endMs = fromZoned(addDays(date, 1), 0, timeZone);
  return {
    date,
    iso: formatIsoDate(date),
    startMs,
    endMs,
    weekday: isoWeekday(date),
    hours: (endMs - startMs) / MS_PER_HOUR,
  };
}

/** Every site-zone day overlapping [fromMs, toMs), in order. */
export function daysInRange(fromMs: number, toMs: number, timeZone: string): DaySpan[] {
  const out: DaySpan[] = [];
  let date = dayOf(fromMs, timeZone);
  // A guard against a runaway loop on a bad zone: ten years of days is plenty.
  for (let i = 0; i < 3660; i++) {
    const d = daySpan(date, timeZone);
    if (d.startMs >= toMs) break;
    if (d.endMs > fromMs) out.push(d);
    date = addDays(date, 1);
  }
  return out;
}

/** Days since the epoch of a civil date (for ISO week numbers and stable keys). */
export function dayNumber(date: CivilDate): number {
  return daysFromCivil(date);
}

/** ISO-8601 week number of a civil date. */
export function isoWeek(date: CivilDate): number {
  const wd = isoWeekday(date);
  // The Thursday of this week decides the year the week belongs to.
  const thursday = addDays(date, 4 - wd);
  const jan1 = { year: thursday.year, month: 1, day: 1 };
  return Math.floor((daysFromCivil(thursday) - daysFromCivil(jan1)) / 7) + 1;
}

/** What the two rows of the time axis show at a zoom. */
export interface AxisPlan {
  top: 'day' | 'week';
  bottom: { unit: 'hour'; step: number } | { unit: 'day' };
}

const HOUR_STEPS = [1, 2, 3, 6, 12] as const;

/** Hour ticks need ~40 px, day labels ~90 px; weeks take over when days get narrow. */
export function axisPlan(pxPerHour: number): AxisPlan {
  const dayPx = pxPerHour * 24;
  if (dayPx >= 90) {
    const step = HOUR_STEPS.find((s) => s * pxPerHour >= 40);
    if (step !== undefined) return { top: 'day', bottom: { unit: 'hour', step } };
  }
  return { top: 'week', bottom: { unit: 'day' } };
}

/**
 * Wall-clock hour ticks of one day every `step` hours. On a spring-forward day the skipped hour
 * has no tick; on a fall-back day the repeated hour is ticked once.
 */
export function hourTicks(day: DaySpan, step: number, timeZone: string): number[] {
  const out: number[] = [];
  for (let h = 0; h < 24; h += step) {
    const ms = fromZoned(day.date, h * 60, timeZone);
    if (ms < day.startMs || ms >= day.endMs) continue;
    if (out.length > 0 && ms <= (out[out.length - 1] as number)) continue;
    // A tick resolved forward out of a DST gap lands off the hour grid: skip it.
    if (toZoned(ms, timeZone).minuteOfDay !== h * 60) continue;
    out.push(ms);
  }
  return out;
}

/** Monday-started weeks overlapping the range, as [startMs, endMs) with their first day. */
export function weeksInRange(
  fromMs: number,
  toMs: number,
  timeZone: string,
): { startMs: number; endMs: number; monday: CivilDate; week: number }[] {
  const first = dayOf(fromMs, timeZone);
  let monday = addDays(first, 1 - isoWeekday(first));
  const out = [];
  for (let i = 0; i < 530; i++) {
    const startMs = fromZoned(monday, 0, timeZone);
    if (startMs >= toMs) break;
    const next = addDays(monday, 7);
    const endMs = fromZoned(next, 0, timeZone);
    if (endMs > fromMs) out.push({ startMs, endMs, monday, week: isoWeek(monday) });
    monday = next;
  }
  return out;
}

/** The span the Gantt's canvas covers: whole site-zone days around the plan and now. */
export function contentRange(
  instants: readonly number[],
  nowMs: number,
  timeZone: string,
  minDays = 28,
): { startMs: number; endMs: number } {
  let lo = nowMs - 2 * MS_PER_DAY;
  let hi = nowMs + minDays * MS_PER_DAY;
  for (const t of instants) {
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  const startMs = startOfDay(lo - MS_PER_DAY, timeZone);
  const endMs = startOfDay(hi + 2 * MS_PER_DAY, timeZone);
  return { startMs, endMs };
}
