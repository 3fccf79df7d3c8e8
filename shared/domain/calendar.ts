import { z } from 'zod';
import { Id, IsoDate, TimeOfDay, timeOfDayToMinutes } from './common';

export const Operator = z.object({
  id: Id,
  name: z.string().min(1).max(120),
  active: z.boolean().default(true),
});
export type Operator = z.infer<typeof Operator>;

/** Refinement shared by every start/end pair of times of day. */
export function endsAfterStart(s: { start: string; end: string }): boolean {
  return timeOfDayToMinutes(s.end) > timeOfDayToMinutes(s.start);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const Weekday = z.number().int().min(1).max(7);
export type Weekday = z.infer<typeof Weekday>;

/** A weekly recurring stretch of time an operator is on shift. */
export const OperatorSlotFields = z.object({
  id: Id,
  operatorId: Id,
  weekday: Weekday,
  start: TimeOfDay,
  end: TimeOfDay,
});
export const OperatorSlot = OperatorSlotFields.refine(endsAfterStart, {
  message: 'slot must end after it starts',
  path: ['end'],
});
export type OperatorSlot = z.infer<typeof OperatorSlot>;

/**
 * A dated exception: `off` removes an operator's time (a holiday; all operators when
 * operatorId is null), `extra` adds a shift on that date.
 */
export const CalendarExceptionFields = z.object({
  id: Id,
  operatorId: Id.nullable(),
  date: IsoDate,
  kind: z.enum(['off', 'extra']),
  start: TimeOfDay.default('00:00'),
  end: TimeOfDay.default('24:00'),
  note: z.string().max(200).default(''),
});
export const CalendarException = CalendarExceptionFields.refine(endsAfterStart, {
  message: 'exception must end after it starts',
  path: ['end'],
});
export type CalendarException = z.infer<typeof CalendarException>;

export const Calendar = z.object({
  timezone: z.string().min(1),
  operators: z.array(Operator),
  slots: z.array(OperatorSlot),
  exceptions: z.array(CalendarException),
});
export type Calendar = z.infer<typeof Calendar>;
