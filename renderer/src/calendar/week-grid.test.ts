import { describe, expect, it } from 'vitest';
import type { OperatorSlot } from '../../../shared/domain/calendar';
import {
  layoutDay,
  layoutWeek,
  minutesAt,
  operatorColorIndex,
  sortSlots,
  weeklyMinutes,
} from './week-grid';

let n = 0;
const slot = (operatorId: string, start: string, end: string, weekday = 1): OperatorSlot => ({
  id: `s${++n}`,
  operatorId,
  weekday,
  start,
  end,
});

describe('week grid layout', () => {
  it('gives slots that do not overlap the full width', () => {
    const blocks = layoutDay([slot('a', '08:00', '12:00'), slot('b', '12:00', '16:00')]);
    expect(blocks.map((b) => [b.lane, b.lanes])).toEqual([
      [0, 1],
      [0, 1],
    ]);
  });

  it('puts overlapping slots side by side, per overlapping group', () => {
    // The seed's staggered shifts: Anna 08:00–12:00 / 12:30–16:00, Ben 08:30–12:30 / 13:00–16:00.
    const blocks = layoutDay([
      slot('anna', '08:00', '12:00'),
      slot('anna', '12:30', '16:00'),
      slot('ben', '08:30', '12:30'),
      slot('ben', '13:00', '16:00'),
      slot('cleo', '18:00', '20:00'),
    ]);
    const byOp = blocks.map((b) => `${b.slot.operatorId}@${b.slot.start}:${b.lane}/${b.lanes}`);
    expect(byOp).toEqual([
      'anna@08:00:0/2',
      'ben@08:30:1/2',
      'anna@12:30:0/2',
      'ben@13:00:1/2',
      'cleo@18:00:0/1',
    ]);
    expect(blocks.every((b) => !b.clash)).toBe(true);
  });

  it('reuses a freed lane inside a group', () => {
    const blocks = layoutDay([
      slot('a', '08:00', '16:00'),
      slot('b', '08:00', '10:00'),
      slot('c', '10:00', '12:00'),
    ]);
    expect(blocks.map((b) => `${b.slot.operatorId}:${b.lane}/${b.lanes}`)).toEqual([
      'a:0/2',
      'b:1/2',
      'c:1/2',
    ]);
  });

  it('flags overlapping slots of the same operator', () => {
    const blocks = layoutDay([
      slot('a', '08:00', '12:00'),
      slot('a', '11:00', '13:00'),
      slot('b', '09:00', '10:00'),
    ]);
    expect(blocks.filter((b) => b.clash).map((b) => b.slot.start)).toEqual(['08:00', '11:00']);
  });

  it('spreads slots over the seven days and sums weekly hours', () => {
    const slots = [
      slot('a', '08:00', '12:00', 1),
      slot('a', '08:00', '16:00', 7),
      slot('b', '00:00', '24:00', 3),
    ];
    const week = layoutWeek(slots);
    expect(week.map((d) => d.length)).toEqual([1, 0, 1, 0, 0, 0, 1]);
    expect(weeklyMinutes(slots)).toEqual(
      new Map([
        ['a', 12 * 60],
        ['b', 24 * 60],
      ]),
    );
  });

  it('maps a click height to a snapped start time', () => {
    expect(minutesAt(0)).toBe(0);
    expect(minutesAt(0.5)).toBe(720);
    expect(minutesAt(0.3456)).toBe(480);
    expect(minutesAt(1)).toBe(1410);
    expect(minutesAt(-2)).toBe(0);
  });

  it('sorts the list by day, time, operator and keeps operator colours stable', () => {
    const ops = [
      { id: 'b', name: 'Ben', active: true },
      { id: 'a', name: 'Anna', active: true },
    ];
    const list = sortSlots(
      [
        slot('b', '08:00', '10:00', 2),
        slot('b', '08:00', '10:00', 1),
        slot('a', '08:00', '10:00', 1),
      ],
      ops,
    );
    expect(list.map((s) => `${s.weekday}${s.operatorId}`)).toEqual(['1a', '1b', '2b']);
    expect(operatorColorIndex(ops, 'a')).toBe(1);
    expect(operatorColorIndex(ops, 'zz')).toBe(0);
  });
});
