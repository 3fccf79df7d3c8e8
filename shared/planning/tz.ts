/**
 * Wall-clock ↔ UTC conversion for one IANA time zone, built on Intl.DateTimeFormat (no date
 * library). Operator slots are wall-clock rules ("Mondays 08:00–09:00 in Europe/Berlin"), so every
 * slot occurrence is converted here; DST changes are why this cannot be a fixed offset.
 *
 * Conventions (the same as Temporal's `disambiguation: 'compatible'`):
 * - a wall-clock time that does not exist (spring-forward gap, e.g. 02:30 on the last Sunday of
 *   March in Berlin) resolves forward by the length of the gap (→ 03:30 CEST);
 * - a wall-clock time that occurs twice (autumn fall-back, e.g. 02:30 on the last Sunday of
 *   October) resolves to the earlier instant (02:30 CEST, not 02:30 CET).
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** A civil (calendar) date without a time zone. */
export interface CivilDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

/** Wall-clock reading of an instant in some zone. */
export interface ZonedParts extends CivilDate {
  /** Minutes since local midnight (0 ≤ m < 1440). */
  minuteOfDay: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows the zone (an unknown zone makes Intl throw a RangeError). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian; Howard Hinnant's algorithm). */
export function daysFromCivil(d: CivilDate): number {
  const y = d.month <= 2 ? d.year - 1 : d.year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (d.month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d.day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a civil date. */
export function isoWeekday(d: CivilDate): number {
  // 1970-01-01 was a Thursday (ISO 4).
  const w = (((daysFromCivil(d) + 3) % 7) + 7) % 7;
  return w + 1;
}

export function addDays(d: CivilDate, n: number): CivilDate {
  return civilFromDays(daysFromCivil(d) + n);
}

export function parseIsoDate(s: string): CivilDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`expected a date YYYY-MM-DD, got “${s}”`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function formatIsoDate(d: CivilDate): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.year, 4)}-${p(d.month)}-${p(d.day)}`;
}

/** The zone's offset from UTC (ms, east positive) at an instant. */
export function offsetAt(utcMs: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  // formatToParts drops milliseconds; compare against the instant truncated to the second.
  return asUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/** The wall-clock reading of an instant in a zone. */
export function toZoned(utcMs: number, timeZone: string): ZonedParts {
  const local = utcMs + offsetAt(utcMs, timeZone);
  const days = Math.floor(local / MS_PER_DAY);
  const civil = civilFromDays(days);
  return {
    ...civil,
    minuteOfDay: (local - days * MS_PER_DAY) / MS_PER_MINUTE,
    weekday: isoWeekday(civil),
  };
}

/**
 * The instant of a wall-clock time in a zone. `minuteOfDay` may be 1440 (24:00 = next midnight) or
 * beyond; gaps and overlaps follow the conventions at the top of this file.
 */
export function fromZoned(date: CivilDate, minuteOfDay: number, timeZone: string): number {
  const local = daysFromCivil(date) * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE;
  // Offsets a day either side bracket any single transition near this wall-clock time.
  const before = offsetAt(local - MS_PER_DAY, timeZone);
  const after = offsetAt(local + MS_PER_DAY, timeZone);
  const candidates = before === after ? [before] : [before, after];
  const valid = candidates
    .map((o) => local - o)
    .filter((utc) => offsetAt(utc, timeZone) === local - utc)
    .sort((a, b) => a - b);
  const first = valid[0];
  if (first !== undefined) return first;
  // In a gap: interpret with the offset in force before it, which lands after the gap.
  return local - before;
}

/** Parses "YYYY-MM-DDTHH:MM[:SS]" as wall-clock time in a zone, or any ISO string with an offset. */
export function parseLocalDateTime(s: string, timeZone: string): number {
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const ms = Date.parse(s);
    if (Number.isNaN(ms)) throw new Error(`not a date-time: “${s}”`);
    return ms;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (!m) throw new Error(`expected YYYY-MM-DDTHH:MM, got “${s}”`);
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const minutes = Number(m[4] ?? 0) * 60 + Number(m[5] ?? 0) + Number(m[6] ?? 0) / 60;
  return fromZoned(date, minutes, timeZone);
}

/** "Mon 2024-03-04 08:00" in the zone: for tables and messages. */
export function formatLocal(utcMs: number, timeZone: string, withSeconds = false): string {
  const z = toZoned(Math.round(utcMs / 1000) * 1000, timeZone);
  const names = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const totalSec = Math.round(z.minuteOfDay * 60);
  const h = Math.floor(totalSec / 3600);
  const mi = Math.floor((totalSec % 3600) / 60);
  const se = totalSec % 60;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${names[z.weekday - 1] ?? '?'} ${formatIsoDate(z)} ${p(h)}:${p(mi)}${withSeconds ? `:${p(se)}` : ''}`;
}
