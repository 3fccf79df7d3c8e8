import { describe, expect, it } from 'vitest';
import { formatClock, formatShort, formatWhen } from './gantt-axis';

// The fast formatters fill hours and minutes into Intl's own pattern; they must read exactly
// like Intl, DST days and half-hour zones included.
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'UTC',
];

const reference = new Map<string, Intl.DateTimeFormat>();
function intl(ms: number, timeZone: string, options: Intl.DateTimeFormatOptions): string {
  const key = `${timeZone} ${JSON.stringify(options)}`;
  let f = reference.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, ...options });
    reference.set(key, f);
  }
  return f.format(ms);
}

const WHEN: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};
const SHORT: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};
const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

describe('zoned formatting without Intl per instant', () => {
  it('matches Intl every 17 minutes around the 2026 DST changes', () => {
    const spans = [
      [Date.UTC(2026, 2, 27), Date.UTC(2026, 3, 7)],
      [Date.UTC(2026, 9, 23), Date.UTC(2026, 10, 3)],
    ] as const;
    for (const tz of ZONES) {
      for (const [from, to] of spans) {
        for (let ms = from; ms < to; ms += 17 * 60_000) {
          expect(formatWhen(ms, tz)).toBe(intl(ms, tz, WHEN));
          expect(formatShort(ms, tz)).toBe(intl(ms, tz, SHORT));
          expect(formatClock(ms, tz)).toBe(intl(ms, tz, CLOCK));
        }
      }
    }
  });

  it('drops seconds the way Intl does and falls back to UTC for unknown zones', () => {
    const ms = Date.UTC(2026, 6, 14, 9, 59, 59, 999);
    expect(formatWhen(ms, 'Europe/Berlin')).toBe(intl(ms, 'Europe/Berlin', WHEN));
    expect(formatWhen(ms, 'Not/AZone')).toBe(intl(ms, 'UTC', WHEN));
    expect(formatClock(-1, 'UTC')).toBe(intl(-1, 'UTC', CLOCK));
  });
});
