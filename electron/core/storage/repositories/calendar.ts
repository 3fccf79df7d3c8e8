import { notFound } from '../../../../shared/api';
import {
  type Calendar,
  CalendarException,
  Operator,
  OperatorSlot,
} from '../../../../shared/domain';
import { appendEvent } from '../audit';
import type { Db } from '../database';
import { newId } from '../ids';
import { getSettings } from './settings';

interface OperatorRow {
  id: string;
  name: string;
  active: number;
}
interface SlotRow {
  id: string;
  operator_id: string;
  weekday: number;
  start: string;
  end: string;
}
interface ExceptionRow {
  id: string;
  operator_id: string | null;
  date: string;
  kind: 'off' | 'extra';
  start: string;
  end: string;
  note: string;
}

const operatorFromRow = (r: OperatorRow): Operator => ({
  id: r.id,
  name: r.name,
  active: r.active === 1,
});
const slotFromRow = (r: SlotRow): OperatorSlot => ({
  id: r.id,
  operatorId: r.operator_id,
  weekday: r.weekday,
  start: r.start,
  end: r.end,
});
const exceptionFromRow = (r: ExceptionRow): CalendarException => ({
  id: r.id,
  operatorId: r.operator_id,
  date: r.date,
  kind: r.kind,
  start: r.start,
  end: r.end,
  note: r.note,
});

export function getCalendar(db: Db): Calendar {
  return {
    timezone: getSettings(db).timezone,
    operators: (db.prepare('SELECT * FROM operators ORDER BY name').all() as OperatorRow[]).map(
      operatorFromRow,
    ),
    slots: (
      db
        .prepare('SELECT * FROM operator_slots ORDER BY weekday, start, operator_id')
        .all() as SlotRow[]
    ).map(slotFromRow),
    exceptions: (
      db.prepare('SELECT * FROM calendar_exceptions ORDER BY date, start').all() as ExceptionRow[]
    ).map(exceptionFromRow),
  };
}

function requireOperator(db: Db, id: string): void {
  if (!db.prepare('SELECT 1 FROM operators WHERE id = ?').get(id)) throw notFound('operator', id);
}

export function saveOperator(
  db: Db,
  input: Omit<Operator, 'id'> & { id?: string | undefined },
  actor: string,
): Operator {
  return db.transaction(() => {
    if (input.id !== undefined) requireOperator(db, input.id);
    const o = Operator.parse({ ...input, id: input.id ?? newId('op') });
    db.prepare(
      `INSERT INTO operators (id, name, active) VALUES (?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, active = excluded.active`,
    ).run(o.id, o.name, o.active ? 1 : 0);
    appendEvent(db, {
      actor,
      action: input.id ? 'operator.update' : 'operator.create',
      entity: 'operator',
      entityId: o.id,
      data: o,
    });
    return o;
  })();
}

export function deleteOperator(db: Db, id: string, actor: string): void {
  db.transaction(() => {
    requireOperator(db, id);
    db.prepare('DELETE FROM operators WHERE id = ?').run(id);
    appendEvent(db, { actor, action: 'operator.delete', entity: 'operator', entityId: id });
  })();
}

export function saveSlot(
  db: Db,
  input: Omit<OperatorSlot, 'id'> & { id?: string | undefined },
  actor: string,
): OperatorSlot {
  return db.transaction(() => {
    if (
      input.id !== undefined &&
      !db.prepare('SELECT 1 FROM operator_slots WHERE id = ?').get(input.id)
    ) {
      throw notFound('operator slot', input.id);
    }
    requireOperator(db, input.operatorId);
    const s = OperatorSlot.parse({ ...input, id: input.id ?? newId('slot') });
    db.prepare(
      `INSERT INTO operator_slots (id, operator_id, weekday, start, end) VALUES (@id, @operatorId, @weekday, @start, @end)
       ON CONFLICT(id) DO UPDATE SET operator_id = excluded.operator_id, weekday = excluded.weekday,
         start = excluded.start, end = excluded.end`,
    ).run(s);
    appendEvent(db, {
      actor,
      action: input.id ? 'slot.update' : 'slot.create',
      entity: 'calendar',
      entityId: s.id,
      data: s,
    });
    return s;
  })();
}

export function deleteSlot(db: Db, id: string, actor: string): void {
  db.transaction(() => {
    const r = db.prepare('DELETE FROM operator_slots WHERE id = ?').run(id);
    if (r.changes === 0) throw notFound('operator slot', id);
    appendEvent(db, { actor, action: 'slot.delete', entity: 'calendar', entityId: id });
  })();
}

export function saveException(
  db: Db,
  input: Omit<CalendarException, 'id'> & { id?: string | undefined },
  actor: string,
): CalendarException {
  return db.transaction(() => {
    if (
      input.id !== undefined &&
      !db.prepare('SELECT 1 FROM calendar_exceptions WHERE id = ?').get(input.id)
    ) {
      throw notFound('calendar exception', input.id);
    }
    if (input.operatorId !== null) requireOperator(db, input.operatorId);
    const e = CalendarException.parse({ ...input, id: input.id ?? newId('exc') });
    db.prepare(
      `INSERT INTO calendar_exceptions (id, operator_id, date, kind, start, end, note)
       VALUES (@id, @operatorId, @date, @kind, @start, @end, @note)
       ON CONFLICT(id) DO UPDATE SET operator_id = excluded.operator_id, date = excluded.date,
         kind = excluded.kind, start = excluded.start, end = excluded.end, note = excluded.note`,
    ).run(e);
    appendEvent(db, {
      actor,
      action: input.id ? 'exception.update' : 'exception.create',
      entity: 'calendar',
      entityId: e.id,
      data: e,
    });
    return e;
  })();
}

export function deleteException(db: Db, id: string, actor: string): void {
  db.transaction(() => {
    const r = db.prepare('DELETE FROM calendar_exceptions WHERE id = ?').run(id);
    if (r.changes === 0) throw notFound('calendar exception', id);
    appendEvent(db, { actor, action: 'exception.delete', entity: 'calendar', entityId: id });
  })();
}
