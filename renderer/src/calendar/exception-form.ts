import type { z } from 'zod';
import { CalendarExceptionInput } from '../../../shared/api/channels/resources';
import type { CalendarException } from '../../../shared/domain/calendar';
import type { FieldErrors, FormResult } from '../lib/numbers';
import { fromEndTimeInput, parseTime, toTimeInput } from './time-input';

export type ExceptionInputValue = z.input<typeof CalendarExceptionInput>;
export type ExceptionKind = CalendarException['kind'];

export const EXCEPTION_LABELS: Record<ExceptionKind, string> = {
  off: 'Holiday / off',
  extra: 'Extra shift',
};

export interface ExceptionForm {
  id?: string;
  kind: ExceptionKind;
  date: string;
  /** '' = everyone (a site holiday). */
  operatorId: string;
  allDay: boolean;
  start: string;
  end: string;
  note: string;
}
export type ExceptionField = Exclude<keyof ExceptionForm, 'id'>;

export function exceptionToForm(e: CalendarException): ExceptionForm {
  const allDay = e.start === '00:00' && e.end === '24:00';
  return {
    id: e.id,
    kind: e.kind,
    date: e.date,
    operatorId: e.operatorId ?? '',
    allDay,
    start: allDay ? '08:00' : toTimeInput(e.start),
    end: allDay ? '16:00' : toTimeInput(e.end),
    note: e.note,
  };
}

export function newExceptionForm(date: string): ExceptionForm {
  return {
    kind: 'off',
    date,
    operatorId: '',
    allDay: true,
    start: '08:00',
    end: '16:00',
    note: '',
  };
}

export function formToExceptionInput(
  form: ExceptionForm,
): FormResult<ExceptionInputValue, ExceptionField> {
  const errors: FieldErrors<ExceptionField> = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.date)) errors.date = 'Pick a date.';
  if (form.kind === 'extra' && !form.operatorId) {
    errors.operatorId = 'An extra shift belongs to one operator.';
  }
  let start = '00:00';
  let end = '24:00';
  if (!form.allDay) {
    start = form.start;
    end = fromEndTimeInput(form.end);
    const s = parseTime(start);
    const e = parseTime(end);
    if (s === null) errors.start = 'Enter a start time (HH:MM).';
    if (e === null) errors.end = 'Enter an end time (HH:MM).';
    if (s !== null && e !== null && e <= s) errors.end = 'It must end after it starts.';
  }
  if (form.note.length > 200) errors.note = 'Keep the note under 200 characters.';
  if (Object.keys(errors).length) return { ok: false, errors };
  const value: ExceptionInputValue = {
    ...(form.id ? { id: form.id } : {}),
    kind: form.kind,
    date: form.date,
    operatorId: form.operatorId || null,
    start,
    end,
    note: form.note.trim(),
  };
  const checked = CalendarExceptionInput.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const key = String(issue?.path[0] ?? 'date');
    const field: ExceptionField =
      key === 'start' || key === 'end' || key === 'note' || key === 'operatorId' ? key : 'date';
    return { ok: false, errors: { [field]: issue?.message ?? 'Invalid value.' } };
  }
  return { ok: true, value };
}

/** "All day" or "08:00–12:00". */
export function exceptionTimeLabel(e: Pick<CalendarException, 'start' | 'end'>): string {
  return e.start === '00:00' && e.end === '24:00' ? 'All day' : `${e.start}–${e.end}`;
}
