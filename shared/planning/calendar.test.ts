import { describe, expect, it } from 'vitest';
import { type Calendar } from '../domain/calendar';
import { buildAvailability, mergeIntervals, OperatorBook, subtractIntervals } from './calendar';
import { isoFromMinutes, minutesFromIso } from './time';

const at = (iso: string) => minutesFromIso(iso);
const iso = (m: number) => isoFromMinutes(m);

function cal(partial: Partial<Calendar>): Calendar {
  return {
    timezone: 'Europe/Berlin',
    operators: [{ id: 'ann', name: 'Ann', active: true }],
    slots: [],
    exceptions: [],
    ...partial,
  };
}

describe('interval helpers', () => {
  it('merges and subtracts', () => {
    expect(
      mergeIntervals([
        { start: 5, end: 7 },
        { start: 0, end: 2 },
        { start: 2, end: 3 },
        { start: 6, end: 9 },
      ]),
    ).toEqual([
      { start: 0, end: 3 },
      { start: 5, end: 9 },
    ]);
    expect(
      subtractIntervals(
        [{ start: 0, end: 10 }],
        [
          { start: 2, end: 3 },
          { start: 8, end: 12 },
        ],
      ),
    ).toEqual([
      { start: 0, end: 2 },
      { start: 3, end: 8 },
    ]);
  });
});

describe('buildAvailability', () => {
  const weekly = cal({
    slots: [
      { id: 's1', operatorId: 'ann', weekday: 1, start: '08:00', end: '09:00' },
      { id: 's2', operatorId: 'ann', weekday: 4, start: '10:00', end: '11:00' },
    ],
  });

  it('expands weekly slots into wall-clock shifts in the zone', () => {
    const [ann] = buildAvailability(weekly, at('2024-03-04T00:00:00Z'), at('2024-03-12T00:00:00Z'));
    expect(ann?.intervals.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ['2024-03-04T07:00:00Z', '2024-03-04T08:00:00Z'],
      ['2024-03-07T09:00:00Z', '2024-03-07T10:00:00Z'],
      ['2024-03-11T07:00:00Z', '2024-03-11T08:00:00Z'],
    ]);
  });

  it('keeps wall-clock times across the spring DST change (Berlin, 2024-03-31)', () => {
    const [ann] = buildAvailability(weekly, at('2024-03-25T00:00:00Z'), at('2024-04-02T00:00:00Z'));
    expect(ann?.intervals.map((i) => iso(i.start))).toEqual([
      '2024-03-25T07:00:00Z', // Monday 08:00 CET
      '2024-03-28T09:00:00Z', // Thursday 10:00 CET
      '2024-04-01T06:00:00Z', // Monday 08:00 CEST
    ]);
  });

  it('a slot spanning the spring gap is an hour shorter, one spanning the autumn overlap an hour longer', () => {
    const night = cal({
      slots: [{ id: 's', operatorId: 'ann', weekday: 7, start: '01:00', end: '04:00' }],
    });
    const [spring] = buildAvailability(
      night,
      at('2024-03-30T00:00:00Z'),
      at('2024-04-01T00:00:00Z'),
    );
    const [autumn] = buildAvailability(
      night,
      at('2024-10-26T00:00:00Z'),
      at('2024-10-28T00:00:00Z'),
    );
    const len = (i: { start: number; end: number } | undefined) => (i ? i.end - i.start : NaN);
    expect(len(spring?.intervals[0])).toBe(120);
    expect(len(autumn?.intervals[0])).toBe(240);
    expect(iso(autumn?.intervals[0]?.start ?? 0)).toBe('2024-10-26T23:00:00Z'); // 01:00 CEST
  });

  it('a slot that starts inside the spring gap starts when the clock reads 03:00', () => {
    const gap = cal({
      slots: [{ id: 's', operatorId: 'ann', weekday: 7, start: '02:30', end: '05:00' }],
    });
    const [a] = buildAvailability(gap, at('2024-03-30T00:00:00Z'), at('2024-04-01T00:00:00Z'));
    expect(iso(a?.intervals[0]?.start ?? 0)).toBe('2024-03-31T01:30:00Z'); // 03:30 CEST
    expect(iso(a?.intervals[0]?.end ?? 0)).toBe('2024-03-31T03:00:00Z'); // 05:00 CEST
  });

  it('applies off and extra exceptions, per operator and for everyone', () => {
    const c = cal({
      operators: [
        { id: 'ann', name: 'Ann', active: true },
        { id: 'bob', name: 'Bob', active: true },
        { id: 'cid', name: 'Cid', active: false },
      ],
      slots: [
        { id: 'a', operatorId: 'ann', weekday: 1, start: '08:00', end: '16:00' },
        { id: 'b', operatorId: 'bob', weekday: 1, start: '12:00', end: '20:00' },
        { id: 'c', operatorId: 'cid', weekday: 1, start: '08:00', end: '16:00' },
      ],
      exceptions: [
        {
          id: 'x1',
          operatorId: null,
          date: '2024-03-04',
          kind: 'off',
          start: '00:00',
          end: '24:00',
          note: 'holiday',
        },
        {
          id: 'x2',
          operatorId: 'bob',
          date: '2024-03-04',
          kind: 'extra',
          start: '10:00',
          end: '12:00',
          note: '',
        },
        {
          id: 'x3',
          operatorId: 'ann',
          date: '2024-03-11',
          kind: 'off',
          start: '12:00',
          end: '14:00',
          note: '',
        },
        {
          id: 'x4',
          operatorId: 'ann',
          date: '2024-03-09',
          kind: 'extra',
          start: '09:00',
          end: '10:00',
          note: '',
        },
      ],
    });
    const av = buildAvailability(c, at('2024-03-04T00:00:00Z'), at('2024-03-12T00:00:00Z'));
    expect(av.map((a) => a.operatorId)).toEqual(['ann', 'bob']); // inactive operators have no shifts
    const [ann, bob] = av;
    expect(ann?.intervals.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ['2024-03-09T08:00:00Z', '2024-03-09T09:00:00Z'],
      ['2024-03-11T07:00:00Z', '2024-03-11T11:00:00Z'],
      ['2024-03-11T13:00:00Z', '2024-03-11T15:00:00Z'],
    ]);
    expect(bob?.intervals.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ['2024-03-04T09:00:00Z', '2024-03-04T11:00:00Z'],
      ['2024-03-11T11:00:00Z', '2024-03-11T19:00:00Z'],
    ]);
  });
});

describe('OperatorBook', () => {
  const c = cal({
    operators: [
      { id: 'ann', name: 'Ann', active: true },
      { id: 'bob', name: 'Bob', active: true },
    ],
    slots: [
      { id: 'a', operatorId: 'ann', weekday: 1, start: '08:00', end: '09:00' },
      { id: 'b', operatorId: 'bob', weekday: 1, start: '08:30', end: '10:00' },
      { id: 'a2', operatorId: 'ann', weekday: 2, start: '08:00', end: '09:00' },
    ],
  });
  const from = at('2024-03-04T00:00:00Z');
  const book = () => new OperatorBook(buildAvailability(c, from, from + 14 * 1440));

  it('finds the next moment an operator can spend 15 minutes', () => {
    const b = book();
    const s = b.nextFree(at('2024-03-04T05:00:00Z'), 15);
    expect(s).toMatchObject({ operatorId: 'ann', start: at('2024-03-04T07:00:00Z') });
    const late = b.nextFree(at('2024-03-04T07:50:00Z'), 15);
    expect(late).toMatchObject({ operatorId: 'bob', start: at('2024-03-04T07:50:00Z') });
    const afterAll = b.nextFree(at('2024-03-04T08:50:00Z'), 15);
    expect(afterAll).toMatchObject({ operatorId: 'ann', start: at('2024-03-05T07:00:00Z') });
    expect(b.nextFree(at('2024-03-04T08:50:00Z'), 15, at('2024-03-04T09:00:00Z'))).toBeNull();
  });

  it('gives one task at a time per operator', () => {
    const b = book();
    const t1 = b.findEarliest({ after: at('2024-03-04T07:00:00Z'), duration: 30 });
    expect(t1).toMatchObject({ operatorId: 'ann', start: at('2024-03-04T07:00:00Z') });
    b.book(t1!, 'removal P1');
    const t2 = b.findEarliest({ after: at('2024-03-04T07:00:00Z'), duration: 30 });
    expect(t2).toMatchObject({ operatorId: 'ann', start: at('2024-03-04T07:30:00Z') });
    b.book(t2!, 'removal P2');
    const t3 = b.findEarliest({ after: at('2024-03-04T07:00:00Z'), duration: 30 });
    expect(t3).toMatchObject({ operatorId: 'bob', start: at('2024-03-04T07:30:00Z') });
    expect(() => b.book({ operatorId: 'ann', start: t1!.start, end: t1!.end }, 'clash')).toThrow();
    expect(b.isFree('ann', at('2024-03-04T07:15:00Z'), at('2024-03-04T07:20:00Z'))).toBe(false);
  });

  it('finds the latest moment before a deadline', () => {
    const b = book();
    const t = b.findLatest({ after: from, duration: 30, before: at('2024-03-05T12:00:00Z') });
    expect(t).toMatchObject({ operatorId: 'ann', start: at('2024-03-05T07:30:00Z') });
    b.book(t!, 'x');
    const u = b.findLatest({ after: from, duration: 30, before: at('2024-03-05T12:00:00Z') });
    expect(u).toMatchObject({ operatorId: 'ann', start: at('2024-03-05T07:00:00Z') });
  });

  it('lists operator periods as the union of shifts', () => {
    const b = book();
    const p = b.periods(from, from + 2 * 1440);
    expect(p.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ['2024-03-04T07:00:00Z', '2024-03-04T09:00:00Z'],
      ['2024-03-05T07:00:00Z', '2024-03-05T08:00:00Z'],
    ]);
  });

  it('allows zero-length tasks at slot edges and between adjacent bookings', () => {
    const b = book();
    b.book(
      { operatorId: 'ann', start: at('2024-03-05T07:00:00Z'), end: at('2024-03-05T07:30:00Z') },
      'a',
    );
    b.book(
      { operatorId: 'ann', start: at('2024-03-05T07:30:00Z'), end: at('2024-03-05T08:00:00Z') },
      'b',
    );
    const z = b.findEarliest({
      after: at('2024-03-05T07:10:00Z'),
      duration: 0,
      operatorIds: ['ann'],
    });
    expect(z?.start).toBe(at('2024-03-05T07:30:00Z'));
  });
});
