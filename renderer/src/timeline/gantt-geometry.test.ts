import { describe, expect, it } from 'vitest';
import {
  axisPlan,
  clampZoom,
  contentRange,
  daysInRange,
  hourTicks,
  isoWeek,
  MS_PER_HOUR,
  pxPerHourForSpan,
  snapMs,
  snapStepMinutes,
  startOfDay,
  timeToX,
  type TimeScale,
  weeksInRange,
  xToTime,
  ZOOM_LIMITS,
  zoomAt,
} from './gantt-geometry';

const BER = 'Europe/Berlin';
const iso = (ms: number) => new Date(ms).toISOString();

describe('time ↔ pixels', () => {
  const scale: TimeScale = { originMs: Date.parse('2025-03-24T00:00:00Z'), pxPerHour: 37.5 };

  it('maps the origin to 0 and an hour to pxPerHour', () => {
    expect(timeToX(scale, scale.originMs)).toBe(0);
    expect(timeToX(scale, scale.originMs + MS_PER_HOUR)).toBe(37.5);
    expect(timeToX(scale, scale.originMs - 2 * MS_PER_HOUR)).toBe(-75);
  });

  it('round-trips instants and pixels at every zoom', () => {
    for (const px of [ZOOM_LIMITS.minPxPerHour, 1, 8.33, 60, 240, ZOOM_LIMITS.maxPxPerHour]) {
      const s = { ...scale, pxPerHour: px };
      for (const dt of [0, 1, 59_999, 3_600_000, 7 * 86_400_000 + 12_345, -86_400_000]) {
        const t = scale.originMs + dt;
        expect(Math.abs(xToTime(s, timeToX(s, t)) - t)).toBeLessThan(1e-3);
      }
      for (const x of [0, 0.5, 123.25, 40_000]) {
        expect(timeToX(s, xToTime(s, x))).toBeCloseTo(x, 6);
      }
    }
  });

  it('clamps the zoom and sizes presets to the viewport', () => {
    expect(clampZoom(1e9)).toBe(ZOOM_LIMITS.maxPxPerHour);
    expect(clampZoom(0)).toBe(ZOOM_LIMITS.minPxPerHour);
    expect(clampZoom(Number.NaN)).toBe(ZOOM_LIMITS.minPxPerHour);
    expect(pxPerHourForSpan(1680, 168)).toBe(10);
    expect(pxPerHourForSpan(1440, 24)).toBe(60);
  });
});

describe('zoom anchoring', () => {
  const scale: TimeScale = { originMs: Date.parse('2025-06-01T00:00:00Z'), pxPerHour: 10 };

  it('keeps the instant under the pointer in place when zooming in and out', () => {
    const scrollLeft = 2400;
    for (const anchorX of [0, 137, 800]) {
      const before = xToTime(scale, scrollLeft + anchorX);
      for (const factor of [1.25, 2, 0.5, 0.8]) {
        const z = zoomAt(scale, scrollLeft, anchorX, factor);
        expect(z.scale.pxPerHour).toBeCloseTo(10 * factor, 9);
        expect(xToTime(z.scale, z.scrollLeft + anchorX)).toBeCloseTo(before, 0);
      }
    }
  });

  it('stops at the limits and never scrolls before the start', () => {
    const z = zoomAt(scale, 0, 0, 1e6);
    expect(z.scale.pxPerHour).toBe(ZOOM_LIMITS.maxPxPerHour);
    expect(zoomAt(scale, 10, 500, 0.1).scrollLeft).toBeGreaterThanOrEqual(0);
  });
});

describe('snapping', () => {
  it('snaps to 5 minutes zoomed in and to 15 minutes zoomed out', () => {
    expect(snapStepMinutes(240)).toBe(5);
    expect(snapStepMinutes(96)).toBe(5);
    expect(snapStepMinutes(60)).toBe(15);
    expect(snapStepMinutes(2)).toBe(15);
  });

  it('snaps on the site wall clock', () => {
    const t = Date.parse('2025-06-02T06:07:00Z'); // 08:07 in Berlin (CEST)
    expect(iso(snapMs(t, 15, BER))).toBe('2025-06-02T06:00:00.000Z');
    expect(iso(snapMs(t, 5, BER))).toBe('2025-06-02T06:05:00.000Z');
    // Kathmandu is UTC+05:45: a quarter-hour on its clock is not one in UTC minus 45 min only.
    const k = Date.parse('2025-06-02T03:20:00Z'); // 09:05 local
    expect(iso(snapMs(k, 15, 'Asia/Kathmandu'))).toBe('2025-06-02T03:15:00.000Z'); // 09:00
  });
});

describe('site-zone days (DST in Europe/Berlin)', () => {
  it('has a 23-hour day in spring and a 25-hour day in autumn', () => {
    const spring = daysInRange(
      Date.parse('2025-03-29T12:00:00Z'),
      Date.parse('2025-03-31T12:00:00Z'),
      BER,
    );
    expect(spring.map((d) => [d.iso, d.hours])).toEqual([
      ['2025-03-29', 24],
      ['2025-03-30', 23],
      ['2025-03-31', 24],
    ]);
    expect(iso(spring[1]!.startMs)).toBe('2025-03-29T23:00:00.000Z');
    expect(iso(spring[1]!.endMs)).toBe('2025-03-30T22:00:00.000Z');

    const autumn = daysInRange(
      Date.parse('2025-10-26T06:00:00Z'),
      Date.parse('2025-10-26T07:00:00Z'),
      BER,
    );
    expect(autumn).toHaveLength(1);
    expect(autumn[0]).toMatchObject({ iso: '2025-10-26', hours: 25, weekday: 7 });
    expect(iso(autumn[0]!.startMs)).toBe('2025-10-25T22:00:00.000Z');
  });

  it('draws day boundaries wider or narrower on DST days', () => {
    const days = daysInRange(
      Date.parse('2025-10-25T00:00:00Z'),
      Date.parse('2025-10-28T00:00:00Z'),
      BER,
    );
    const scale: TimeScale = { originMs: days[0]!.startMs, pxPerHour: 4 };
    const widths = days.map((d) => timeToX(scale, d.endMs) - timeToX(scale, d.startMs));
    expect(widths).toEqual([96, 100, 96, 96]);
  });

  it('ticks wall-clock hours, skipping the missing hour and ticking the repeated one once', () => {
    const [spring] = daysInRange(
      Date.parse('2025-03-30T10:00:00Z'),
      Date.parse('2025-03-30T11:00:00Z'),
      BER,
    );
    const ticks = hourTicks(spring!, 1, BER);
    expect(ticks).toHaveLength(23);
    const localHours = ticks.map((t) =>
      Number(
        new Intl.DateTimeFormat('en-GB', { timeZone: BER, hour: '2-digit', hourCycle: 'h23' })
          .format(t)
          .slice(0, 2),
      ),
    );
    expect(localHours).not.toContain(2);
    const [autumn] = daysInRange(
      Date.parse('2025-10-26T10:00:00Z'),
      Date.parse('2025-10-26T11:00:00Z'),
      BER,
    );
    expect(hourTicks(autumn!, 6, BER).map(iso)).toEqual([
      '2025-10-25T22:00:00.000Z',
      '2025-10-26T05:00:00.000Z',
      '2025-10-26T11:00:00.000Z',
      '2025-10-26T17:00:00.000Z',
    ]);
  });

  it('finds local midnight and Monday-started ISO weeks', () => {
    expect(iso(startOfDay(Date.parse('2025-07-01T21:59:00Z'), BER))).toBe(
      '2025-06-30T22:00:00.000Z',
    );
    expect(isoWeek({ year: 2025, month: 1, day: 1 })).toBe(1);
    expect(isoWeek({ year: 2024, month: 12, day: 30 })).toBe(1);
    expect(isoWeek({ year: 2021, month: 1, day: 3 })).toBe(53);
    const weeks = weeksInRange(
      Date.parse('2025-03-26T00:00:00Z'),
      Date.parse('2025-04-02T00:00:00Z'),
      BER,
    );
    expect(weeks.map((w) => [w.week, (w.endMs - w.startMs) / MS_PER_HOUR])).toEqual([
      [13, 167],
      [14, 168],
    ]);
  });
});

describe('axis levels and content range', () => {
  it('shows hours under days when zoomed in and days under weeks when zoomed out', () => {
    expect(axisPlan(60)).toEqual({ top: 'day', bottom: { unit: 'hour', step: 1 } });
    expect(axisPlan(10)).toEqual({ top: 'day', bottom: { unit: 'hour', step: 6 } });
    expect(axisPlan(2)).toEqual({ top: 'week', bottom: { unit: 'day' } });
  });

  it('covers now, the plan and four weeks, in whole days', () => {
    const now = Date.parse('2025-06-04T10:00:00Z');
    const r = contentRange([Date.parse('2025-07-20T10:00:00Z')], now, BER);
    expect(iso(r.startMs)).toBe('2025-05-31T22:00:00.000Z'); // midnight of 1 June, Berlin
    expect(iso(r.endMs)).toBe('2025-07-21T22:00:00.000Z');
    const short = contentRange([], now, BER);
    expect((short.endMs - short.startMs) / 86_400_000).toBeGreaterThanOrEqual(30);
  });
});
