import { offsetAt } from '../../../shared/planning/tz';
import { safeTimeZone } from '../lib/zoned-time';
import { axisPlan, daysInRange, hourTicks, weeksInRange } from './gantt-geometry';

/**
 * The two rows of the time axis for the drawn window, labelled in the site's zone: days over
 * hours when zoomed in, ISO weeks over days when zoomed out.
 */

export interface AxisCell {
  key: string;
  startMs: number;
  endMs: number;
  label: string;
  weekend?: boolean;
  /** Why nobody works that day (a holiday), when the calendar says so. */
  closed?: string;
  today?: boolean;
}

export interface Axis {
  top: AxisCell[];
  bottom: AxisCell[];
  /** Vertical grid lines: day starts (strong on Mondays or every day when zoomed in). */
  lines: { ms: number; strong: boolean }[];
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(timeZone: string, key: string, options: Intl.DateTimeFormatOptions) {
  const k = `${timeZone}|${key}`;
  let f = fmtCache.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: safeTimeZone(timeZone), ...options });
    fmtCache.set(k, f);
  }
  return f;
}

const MS_PER_DAY = 86_400_000;

/** Per zone and UTC day: the zone's offset when it is the same all day, else null (a DST day). */
const offsetCache = new Map<string, Map<number, number | null>>();

function steadyOffset(ms: number, timeZone: string): number | null {
  let days = offsetCache.get(timeZone);
  if (!days) {
    days = new Map();
    offsetCache.set(timeZone, days);
  }
  const day = Math.floor(ms / MS_PER_DAY);
  let off = days.get(day);
  if (off === undefined) {
    // Zones change offset at most once a day, so equal offsets at both ends mean no change.
    const a = offsetAt(day * MS_PER_DAY, timeZone);
    const b = offsetAt((day + 1) * MS_PER_DAY - 1, timeZone);
    off = a === b ? a : null;
    days.set(day, off);
  }
  return off;
}

const partsCache = new Map<string, Map<number, Intl.DateTimeFormatPart[]>>();
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * Formats with `options` (which must show at most hours and minutes of the time of day) like
 * Intl does, without calling Intl per instant: the Timeline labels a thousand bars at once and
 * ICU costs tens of microseconds a call. Intl formats one instant per local day (in UTC, on the
 * wall-clock reading) and only the hour and minute are filled in here; DST days take the slow way.
 */
function zonedFormat(
  ms: number,
  timeZone: string,
  key: string,
  options: Intl.DateTimeFormatOptions,
): string {
  const zone = safeTimeZone(timeZone);
  const off = steadyOffset(ms, zone);
  if (off === null || !Number.isFinite(ms)) return fmt(timeZone, key, options).format(ms);
  const local = ms + off;
  const day = Math.floor(local / MS_PER_DAY);
  const k = `${zone}|${key}`;
  let days = partsCache.get(k);
  if (!days) {
    days = new Map();
    partsCache.set(k, days);
  }
  let parts = days.get(day);
  if (!parts) {
    parts = fmt('UTC', key, options).formatToParts(day * MS_PER_DAY);
    days.set(day, parts);
  }
  const minuteOfDay = Math.floor((local - day * MS_PER_DAY) / 60_000);
  let out = '';
  for (const p of parts) {
    if (p.type === 'hour') out += pad2(Math.floor(minuteOfDay / 60));
    else if (p.type === 'minute') out += pad2(minuteOfDay % 60);
    else out += p.value;
  }
  return out;
}

const SHORT: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};
const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const WHEN: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};

/** "Sat 03:00" — short enough for a drag label, unambiguous within a week. */
export function formatShort(ms: number, timeZone: string): string {
  return zonedFormat(ms, timeZone, 'short', SHORT);
}

/** "09:15" */
export function formatClock(ms: number, timeZone: string): string {
  return zonedFormat(ms, timeZone, 'clock', CLOCK);
}

/** "Mon 23 Nov" */
export function formatDay(ms: number, timeZone: string): string {
  return fmt(timeZone, 'day', { weekday: 'short', day: 'numeric', month: 'short' }).format(ms);
}

/** "Mon 23 Nov, 09:15" */
export function formatWhen(ms: number, timeZone: string): string {
  return zonedFormat(ms, timeZone, 'when', WHEN);
}

function dayMonth(ms: number, timeZone: string): string {
  return fmt(timeZone, 'dm', { day: 'numeric', month: 'short' }).format(ms);
}

export function buildAxis(
  fromMs: number,
  toMs: number,
  pxPerHour: number,
  timeZone: string,
  closed: ReadonlyMap<string, string>,
  nowMs: number,
): Axis {
  const plan = axisPlan(pxPerHour);
  const days = daysInRange(fromMs, toMs, timeZone);
  const todayIso = daysInRange(nowMs, nowMs + 1, timeZone)[0]?.iso;
  const dayCell = (d: (typeof days)[number], label: string): AxisCell => {
    const cell: AxisCell = { key: d.iso, startMs: d.startMs, endMs: d.endMs, label };
    if (d.weekday >= 6) cell.weekend = true;
    const c = closed.get(d.iso);
    if (c) cell.closed = c;
    if (d.iso === todayIso) cell.today = true;
    return cell;
  };

  if (plan.top === 'day' && plan.bottom.unit === 'hour') {
    const step = plan.bottom.step;
    const bottom: AxisCell[] = [];
    for (const d of days) {
      const ticks = hourTicks(d, step, timeZone);
      ticks.forEach((t, i) => {
        const next = ticks[i + 1] ?? d.endMs;
        bottom.push({
          key: `${d.iso}-${t}`,
          startMs: t,
          endMs: next,
          label: formatClock(t, timeZone),
          ...(d.weekday >= 6 ? { weekend: true } : {}),
        });
      });
    }
    const dayPx = pxPerHour * 24;
    return {
      top: days.map((d) =>
        dayCell(
          d,
          dayPx >= 160
            ? formatDay(d.startMs, timeZone)
            : fmt(timeZone, 'wd', { weekday: 'short', day: 'numeric' }).format(d.startMs),
        ),
      ),
      bottom,
      lines: days.map((d) => ({ ms: d.startMs, strong: true })),
    };
  }

  const dayPx = pxPerHour * 24;
  const weeks = weeksInRange(fromMs, toMs, timeZone);
  return {
    top: weeks.map((w) => ({
      key: `w${w.startMs}`,
      startMs: w.startMs,
      endMs: w.endMs,
      label:
        pxPerHour * 168 >= 200
          ? `Week ${w.week} · ${dayMonth(w.startMs, timeZone)} – ${dayMonth(w.endMs - 3_600_000, timeZone)}`
          : `W${w.week}`,
    })),
    bottom: days.map((d) =>
      dayCell(
        d,
        dayPx >= 56
          ? fmt(timeZone, 'wd', { weekday: 'short', day: 'numeric' }).format(d.startMs)
          : dayPx >= 18
            ? String(d.date.day)
            : '',
      ),
    ),
    lines: days.map((d) => ({ ms: d.startMs, strong: d.weekday === 1 })),
  };
}
