import { z } from 'zod';
import {
  Calendar,
  CalendarExceptionFields,
  endsAfterStart,
  Id,
  Operator,
  OperatorSlotFields,
  Printer,
  Profile,
  CalendarException,
  OperatorSlot,
} from '../../domain';
import { ById, channel, Deleted, Empty } from '../channel';

/** Create when id is absent, update otherwise. */
const withOptionalId = { id: Id.optional() };

export const ProfileInput = Profile.extend(withOptionalId).strict();
export const PrinterInput = Printer.extend(withOptionalId).strict();
export const OperatorInput = Operator.extend(withOptionalId).strict();
export const OperatorSlotInput = OperatorSlotFields.extend(withOptionalId)
  .strict()
  .refine(endsAfterStart, { message: 'slot must end after it starts', path: ['end'] });
export const CalendarExceptionInput = CalendarExceptionFields.extend(withOptionalId)
  .strict()
  .refine(endsAfterStart, { message: 'exception must end after it starts', path: ['end'] });

export const resourceChannels = {
  'profiles.list': channel(Empty, z.array(Profile), 'All print profiles.'),
  'profiles.save': channel(ProfileInput, Profile, 'Create or update a profile.'),
  'profiles.delete': channel(ById, Deleted, 'Delete a profile no printer or order line uses.'),

  'printers.list': channel(Empty, z.array(Printer), 'All printers.'),
  'printers.save': channel(PrinterInput, Printer, 'Create or update a printer.'),
  'printers.delete': channel(ById, Deleted, 'Delete a printer.'),

  'calendar.get': channel(Empty, Calendar, 'Operators, weekly slots and dated exceptions.'),
  'operators.save': channel(OperatorInput, Operator, 'Create or update an operator.'),
  'operators.delete': channel(ById, Deleted, 'Delete an operator and their slots.'),
  'slots.save': channel(
    OperatorSlotInput,
    OperatorSlot,
    'Create or update a weekly operator slot.',
  ),
  'slots.delete': channel(ById, Deleted, 'Delete a weekly operator slot.'),
  'exceptions.save': channel(
    CalendarExceptionInput,
    CalendarException,
    'Create or update a dated calendar exception.',
  ),
  'exceptions.delete': channel(ById, Deleted, 'Delete a calendar exception.'),
};
