import type { z } from 'zod';
import type { OperatorSlotInput } from '../../../shared/api/channels/resources';
import { minutesToTimeOfDay } from '../../../shared/domain/common';
import type { OperatorSlot } from '../../../shared/domain/calendar';
import type { FieldErrors, FormResult } from '../lib/numbers';
import { fromEndTimeInput, parseTime, toTimeInput } from './time-input';

export type SlotInputValue = z.input<typeof OperatorSlotInput>;

export interface SlotForm {
  id?: string;
  operatorId: string;
  /** "1" … "7" as in the select. */
  weekday: string;
  /** As shown by `<input type="time">`. */
  start: string;
  end: string;
}
export type SlotField = Exclude<keyof SlotForm, 'id'>;

export function slotToForm(slot: OperatorSlot): SlotForm {
  return {
    id: slot.id,
    operatorId: slot.operatorId,
    weekday: String(slot.weekday),
    start: toTimeInput(slot.start),
    end: toTimeInput(slot.end),
  };
}

/** A new slot, optionally where the user clicked in the week grid (one hour long by default). */
export function newSlotForm(
  operatorId: string,
  weekday = 1,
  startMinutes = 8 * 60,
  lengthMinutes = 8 * 60,
): SlotForm {
  const start = Math.max(0, Math.min(23 * 60 + 30, startMinutes));
  const end = Math.min(24 * 60, start + lengthMinutes);
  return {
    operatorId,
    weekday: String(weekday),
    start: minutesToTimeOfDay(start),
    end: toTimeInput(minutesToTimeOfDay(end)),
  };
}

export function formToSlotInput(form: SlotForm): FormResult<SlotInputValue, SlotField> {
  const errors: FieldErrors<SlotField> = {};
  if (!form.operatorId) errors.operatorId = 'Pick the operator on shift.';
  const weekday = Number(form.weekday);
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) errors.weekday = 'Pick a day.';
  const end = fromEndTimeInput(form.end);
  const startMin = parseTime(form.start);
  const endMin = parseTime(end);
  if (startMin === null) errors.start = 'Enter a start time (HH:MM).';
  if (endMin === null) errors.end = 'Enter an end time (HH:MM).';
  if (startMin !== null && endMin !== null && endMin <= startMin) {
    errors.end = 'The slot must end after it starts (use 00:00 for midnight).';
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      ...(form.id ? { id: form.id } : {}),
      operatorId: form.operatorId,
      weekday,
      start: form.start,
      end,
    },
  };
}
