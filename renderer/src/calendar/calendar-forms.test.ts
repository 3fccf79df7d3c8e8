import { describe, expect, it } from 'vitest';
import { CalendarException, OperatorSlot } from '../../../shared/domain/calendar';
import {
  exceptionTimeLabel,
  exceptionToForm,
  formToExceptionInput,
  newExceptionForm,
} from './exception-form';
import { draftOf } from './slot-draft';
import { formToSlotInput, newSlotForm, slotToForm } from './slot-form';
import { fromEndTimeInput, toTimeInput, weekdayOfDate } from './time-input';

describe('slot form', () => {
  it('round-trips a slot, showing midnight as 00:00 and reading it back as 24:00', () => {
    const slot = OperatorSlot.parse({
      id: 's1',
      operatorId: 'o1',
      weekday: 5,
      start: '16:00',
      end: '24:00',
    });
    const form = slotToForm(slot);
    expect(form).toEqual({
      id: 's1',
      operatorId: 'o1',
      weekday: '5',
      start: '16:00',
      end: '00:00',
    });
    const result = formToSlotInput(form);
    expect(result.ok && OperatorSlot.parse(result.value)).toEqual(slot);
  });

  it('prefills a new slot from a grid click, clamped to the day', () => {
    expect(newSlotForm('o1', 3, 9 * 60, 4 * 60)).toEqual({
      operatorId: 'o1',
      weekday: '3',
      start: '09:00',
      end: '13:00',
    });
    expect(newSlotForm('o1', 7, 22 * 60, 4 * 60).end).toBe('00:00');
    expect(newSlotForm('o1', 1, 24 * 60).start).toBe('23:30');
  });

  it('refuses slots that end before they start or lack an operator', () => {
    const bad = formToSlotInput({ operatorId: '', weekday: '8', start: '12:00', end: '08:00' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['end', 'operatorId', 'weekday']);
    const noTime = formToSlotInput({ operatorId: 'o', weekday: '1', start: '', end: '10:00' });
    expect(!noTime.ok && noTime.errors.start).toBeTruthy();
  });

  it('converts the time input values at the edges', () => {
    expect(toTimeInput('24:00')).toBe('00:00');
    expect(toTimeInput('08:15')).toBe('08:15');
    expect(fromEndTimeInput('00:00')).toBe('24:00');
    expect(fromEndTimeInput('17:45')).toBe('17:45');
  });
});

describe('exception form', () => {
  it('makes an all-day site holiday by default', () => {
    const result = formToExceptionInput({
      ...newExceptionForm('2025-12-24'),
      note: ' Christmas Eve ',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(CalendarException.parse({ ...result.value, id: 'e' })).toEqual({
      id: 'e',
      operatorId: null,
      date: '2025-12-24',
      kind: 'off',
      start: '00:00',
      end: '24:00',
      note: 'Christmas Eve',
    });
    expect(exceptionTimeLabel(result.value as { start: string; end: string })).toBe('All day');
  });

  it('needs an operator and sensible times for an extra shift', () => {
    const form = { ...newExceptionForm('2025-12-27'), kind: 'extra' as const, allDay: false };
    const missing = formToExceptionInput({ ...form, start: '14:00', end: '10:00' });
    expect(!missing.ok && Object.keys(missing.errors).sort()).toEqual(['end', 'operatorId']);
    const ok = formToExceptionInput({ ...form, operatorId: 'o1', start: '09:00', end: '00:00' });
    expect(ok.ok && ok.value).toMatchObject({
      kind: 'extra',
      operatorId: 'o1',
      start: '09:00',
      end: '24:00',
    });
  });

  it('round-trips a timed exception', () => {
    const e = CalendarException.parse({
      id: 'e1',
      operatorId: 'o2',
      date: '2026-01-02',
      kind: 'off',
      start: '12:00',
      end: '16:00',
      note: 'Dentist',
    });
    const form = exceptionToForm(e);
    expect(form.allDay).toBe(false);
    const result = formToExceptionInput(form);
    expect(result.ok && CalendarException.parse(result.value)).toEqual(e);
    expect(exceptionTimeLabel(e)).toBe('12:00–16:00');
  });

  it('rejects an impossible date', () => {
    const result = formToExceptionInput({ ...newExceptionForm(''), date: '2025-02-30' });
    expect(result.ok).toBe(false);
  });

  it('knows the weekday of a date', () => {
    expect(weekdayOfDate('2025-12-25')).toBe(4);
    expect(weekdayOfDate('2025-11-23')).toBe(7);
  });
});

describe('slot draft for the grid preview', () => {
  it('follows the form while it describes a real slot', () => {
    expect(draftOf({ operatorId: 'o', weekday: '2', start: '22:00', end: '00:00' })).toEqual({
      id: undefined,
      operatorId: 'o',
      weekday: 2,
      startMin: 1320,
      endMin: 1440,
    });
    expect(draftOf({ operatorId: 'o', weekday: '2', start: '10:00', end: '09:00' })).toBeNull();
    expect(draftOf({ operatorId: 'o', weekday: '', start: '10:00', end: '11:00' })).toBeNull();
  });
});
