import { describe, expect, it } from 'vitest';
import { areaForShortcut, formatHash, parseHash } from './routes';

describe('parseHash', () => {
  it('defaults to the queue for an empty hash', () => {
    for (const h of ['', '#', '#/', '#//']) {
      expect(parseHash(h)).toEqual({ area: 'queue', path: [], query: {} });
    }
  });

  it('reads area, decoded path segments and query', () => {
    expect(parseHash('#/printers')).toEqual({ area: 'printers', path: [], query: {} });
    expect(parseHash('#/plates/job%2F12?printer=p1&zoom=2')).toEqual({
      area: 'plates',
      path: ['job/12'],
      query: { printer: 'p1', zoom: '2' },
    });
    expect(parseHash('#/calendar/slot/new?weekday=3&start=480').path).toEqual(['slot', 'new']);
  });

  it('is lenient about a missing slash, case and hashbangs', () => {
    expect(parseHash('#timeline').area).toBe('timeline');
    expect(parseHash('#/Reports').area).toBe('reports');
    expect(parseHash('#!/queue/order/o1').path).toEqual(['order', 'o1']);
  });

  it('marks unknown areas instead of guessing', () => {
    expect(parseHash('#/settings/x')).toEqual({ area: null, path: ['settings', 'x'], query: {} });
  });

  it('keeps malformed escapes as typed', () => {
    expect(parseHash('#/queue/%E0%A4%A').path).toEqual(['%E0%A4%A']);
  });
});

describe('formatHash', () => {
  it('round-trips through parseHash', () => {
    const hash = formatHash('calendar', ['slot', 'a b/c'], {
      weekday: '2',
      empty: '',
      gone: undefined,
    });
    expect(hash).toBe('#/calendar/slot/a%20b%2Fc?weekday=2');
    expect(parseHash(hash)).toEqual({
      area: 'calendar',
      path: ['slot', 'a b/c'],
      query: { weekday: '2' },
    });
  });
});

describe('areaForShortcut', () => {
  it('maps 1…7 to the rail order', () => {
    expect(areaForShortcut('1')).toBe('queue');
    expect(areaForShortcut('4')).toBe('printers');
    expect(areaForShortcut('6')).toBe('reports');
    expect(areaForShortcut('7')).toBe('workspace');
    expect(areaForShortcut('8')).toBeNull();
    expect(areaForShortcut('x')).toBeNull();
  });
});
