import { timeOfDayToMinutes } from '../../../shared/domain/common';

/**
 * `<input type="time">` cannot show 24:00, but a shift may run until midnight. The form shows
 * midnight as 00:00 and an end of 00:00 is read back as 24:00 (the end of that day).
 */
export function toTimeInput(t: string): string {
  return t === '24:00' ? '00:00' : t;
}

export function fromEndTimeInput(value: string): string {
  return value === '00:00' ? '24:00' : value;
}

/** "08:00" → 480; null for anything that is not HH:MM within a day. */
export function parseTime(value: string): number | null {
  if (!/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(value)) return null;
  return timeOfDayToMinutes(value);
}

export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const WEEKDAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export const WEEKDAY_LONG = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

export function weekdayShort(weekday: number): string {
  return WEEKDAY_SHORT[weekday - 1] ?? '?';
}

/** ISO weekday (1 = Monday) of a calendar date "YYYY-MM-DD". */
export function weekdayOfDate(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}
