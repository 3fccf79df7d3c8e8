import { describe, expect, it } from 'vitest';
import {
  addDays,
  civilFromDays,
  daysFromCivil,
  formatLocal,
  fromZoned,
  isoWeekday,
  isValidTimeZone,
  offsetAt,
  parseLocalDateTime,
  toZoned,
} from './tz';

const BER = 'Europe/Berlin';
const H = 3_600_000;

describe('civil date arithmetic', () => {
  it('round-trips days and knows weekdays', () => {
    expect(daysFromCivil({ year: 1970, month: 1, day: 1 })).toBe(0);
    for (const d of [-1000, -1, 0, 59, 60, 365, 11016, 19782, 20000, 50000]) {
      expect(daysFromCivil(civilFromDays(d))).toBe(d);
    }
    expect(isoWeekday({ year: 2024, month: 3, day: 4 })).toBe(1); // a Monday
    expect(isoWeekday({ year: 2024, month: 3, day: 10 })).toBe(7); // a Sunday
    expect(addDays({ year: 2024, month: 2, day: 28 }, 1)).toEqual({
      year: 2024,
      month: 2,
      day: 29,
    });
    expect(addDays({ year: 2023, month: 12, day: 31 }, 1)).toEqual({
      year: 2024,
      month: 1,
      day: 1,
    });
  });
});

describe('time zone conversion (Europe/Berlin)', () => {
  it('knows winter and summer offsets', () => {
    expect(offsetAt(Date.parse('2024-01-15T12:00:00Z'), BER)).toBe(1 * H);
    expect(offsetAt(Date.parse('2024-07-15T12:00:00Z'), BER)).toBe(2 * H);
    expect(offsetAt(Date.parse('2024-07-15T12:00:00Z'), 'UTC')).toBe(0);
  });

  it('converts ordinary wall-clock times both ways', () => {
    const t = fromZoned({ year: 2024, month: 3, day: 4 }, 8 * 60, BER);
    expect(new Date(t).toISOString()).toBe('2024-03-04T07:00:00.000Z');
    const z = toZoned(t, BER);
    expect(z).toMatchObject({ year: 2024, month: 3, day: 4, minuteOfDay: 480, weekday: 1 });
  });

  it('spring forward: 02:30 does not exist and resolves to 03:30 CEST', () => {
    // 2024-03-31: 02:00 CET jumps to 03:00 CEST.
    const t = fromZoned({ year: 2024, month: 3, day: 31 }, 150, BER);
    expect(new Date(t).toISOString()).toBe('2024-03-31T01:30:00.000Z');
    expect(toZoned(t, BER).minuteOfDay).toBe(210); // 03:30 local
    // 01:00 and 04:00 that day are only 2 real hours apart.
    const a = fromZoned({ year: 2024, month: 3, day: 31 }, 60, BER);
    const b = fromZoned({ year: 2024, month: 3, day: 31 }, 240, BER);
    expect((b - a) / H).toBe(2);
  });

  it('fall back: 02:30 occurs twice and resolves to the earlier (CEST) instant', () => {
    // 2024-10-27: 03:00 CEST goes back to 02:00 CET.
    const t = fromZoned({ year: 2024, month: 10, day: 27 }, 150, BER);
    expect(new Date(t).toISOString()).toBe('2024-10-27T00:30:00.000Z');
    const a = fromZoned({ year: 2024, month: 10, day: 27 }, 60, BER);
    const b = fromZoned({ year: 2024, month: 10, day: 27 }, 240, BER);
    expect((b - a) / H).toBe(4);
  });

  it('24:00 is the next midnight, even across a DST change', () => {
    const end = fromZoned({ year: 2024, month: 3, day: 30 }, 1440, BER);
    expect(end).toBe(fromZoned({ year: 2024, month: 3, day: 31 }, 0, BER));
  });

  it('parses local and offset date-times and formats for people', () => {
    expect(new Date(parseLocalDateTime('2024-03-04T08:00', BER)).toISOString()).toBe(
      '2024-03-04T07:00:00.000Z',
    );
    expect(parseLocalDateTime('2024-03-04T08:00:00Z', BER)).toBe(
      Date.parse('2024-03-04T08:00:00Z'),
    );
    expect(formatLocal(Date.parse('2024-03-07T08:19:59Z'), BER, true)).toBe(
      'Thu 2024-03-07 09:19:59',
    );
    expect(isValidTimeZone(BER)).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });

  it('handles a southern-hemisphere zone and a half-hour zone', () => {
    // Sydney leaves DST on 2024-04-07 at 03:00 → 02:00.
    const syd = fromZoned({ year: 2024, month: 4, day: 7 }, 150, 'Australia/Sydney');
    expect(new Date(syd).toISOString()).toBe('2024-04-06T15:30:00.000Z');
    const kol = fromZoned({ year: 2024, month: 6, day: 1 }, 600, 'Asia/Kolkata');
    expect(new Date(kol).toISOString()).toBe('2024-06-01T04:30:00.000Z');
  });
});
