import type { PlanChange, PlanChanges } from '../../../../shared/api/channels/plans';
import type { Db } from '../database';

const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

interface EventRow {
  seq: number;
  at: string;
  action: string;
  entity: string;
  entity_id: string;
  data: string | null;
}

type Data = Record<string, unknown>;

function str(d: Data, key: string): string | undefined {
  const v = d[key];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Seed 002's re-planning triggers, read from the audit log: everything written since the plan in
 * force was accepted that the planner reads (orders, printers and their status, the operators'
 * calendar, profiles, site settings, model facts) and what came back from the printers (a quality
 * check returning parts to the queue and freeing the printer, a failed print). The plan does not re-plan itself — a running
 * farm wants a person to decide when — but the studio must say that the plan no longer matches
 * the workshop, and why.
 */
export function changesSinceCurrentPlan(db: Db): PlanChanges {
  const accepted = db
    .prepare(
      `SELECT e.seq, e.at, p.id AS plan_id FROM plans p
       JOIN events e ON e.entity = 'plan' AND e.entity_id = p.id AND e.action = 'plan.accept'
       WHERE p.status = 'current' ORDER BY e.seq DESC LIMIT 1`,
    )
    .get() as { seq: number; at: string; plan_id: string } | undefined;
  if (!accepted) return { planId: null, since: null, changes: [] };
  const rows = db
    .prepare(
      `SELECT seq, at, action, entity, entity_id, data FROM events
       WHERE seq > ? AND (entity IN ('order', 'printer', 'calendar', 'operator', 'profile', 'settings', 'model')
         OR (entity = 'job' AND action IN ('job.qc', 'job.status')))
       ORDER BY seq`,
    )
    .all(accepted.seq) as EventRow[];
  const names = lookups(db);
  // One line per thing changed: its latest change says the most (created then edited = created).
  const byKey = new Map<string, PlanChange>();
  for (const r of rows) {
    const change = describeChange(r, names);
    if (!change) continue;
    const key = `${r.entity}:${r.entity_id}`;
    const earlier = byKey.get(key);
    if (earlier?.action.endsWith('.create') && r.action.endsWith('.update')) {
      byKey.set(key, { ...change, action: earlier.action, message: earlier.message });
    } else {
      byKey.delete(key);
      byKey.set(key, change);
    }
  }
  return { planId: accepted.plan_id, since: accepted.at, changes: [...byKey.values()].reverse() };
}

interface Names {
  printer(id: string): string | undefined;
  /** The printer's status as last recorded before event `seq` (undefined: never recorded). */
  printerStatusBefore(id: string, seq: number): string | undefined;
  operator(id: string): string | undefined;
  order(id: string): string | undefined;
  model(id: string): string | undefined;
}

function lookups(db: Db): Names {
  const one = (sql: string) => {
    const stmt = db.prepare(sql);
    return (id: string) => (stmt.get(id) as { name: string } | undefined)?.name;
  };
  const lastPrinterEvent = db.prepare(
    `SELECT data FROM events WHERE entity = 'printer' AND entity_id = ? AND seq < ?
     ORDER BY seq DESC LIMIT 1`,
  );
  return {
    printerStatusBefore: (id, seq) => {
      const row = lastPrinterEvent.get(id, seq) as { data: string | null } | undefined;
      return row?.data ? str(parseData(row.data), 'status') : undefined;
    },
    printer: one('SELECT name FROM printers WHERE id = ?'),
    operator: one('SELECT name FROM operators WHERE id = ?'),
    order: one('SELECT reference AS name FROM orders WHERE id = ?'),
    model: one('SELECT name FROM models WHERE id = ?'),
  };
}

function parseData(text: string | null): Data {
  try {
    const parsed: unknown = text === null ? null : JSON.parse(text);
    if (parsed && typeof parsed === 'object') return parsed as Data;
  } catch {
    // An unreadable payload still counts as a change; the message is just less specific.
  }
  return {};
}

function count(d: Data, key: string): number {
  const v = d[key];
  return Array.isArray(v) ? v.length : 0;
}

const parts = (n: number) => `${n} ${n === 1 ? 'part' : 'parts'}`;

function describeChange(r: EventRow, names: Names): PlanChange | null {
  const d = parseData(r.data);
  const verb = r.action.slice(r.action.indexOf('.') + 1);
  const base = { action: r.action, entityId: r.entity_id, at: r.at };
  switch (r.entity) {
    case 'order': {
      const ref = str(d, 'reference') ?? names.order(r.entity_id) ?? 'an order';
      const what = { create: 'added', update: 'changed', delete: 'removed' }[verb] ?? verb;
      return { ...base, kind: 'order', message: `Order ${ref} ${what}` };
    }
    case 'printer': {
      const name = str(d, 'name') ?? names.printer(r.entity_id) ?? 'A printer';
      if (verb === 'delete') return { ...base, kind: 'printer', message: `${name} removed` };
      if (verb === 'create') return { ...base, kind: 'printer', message: `${name} added` };
      const status = str(d, 'status');
      const was = names.printerStatusBefore(r.entity_id, r.seq);
      const message =
        status === 'maintenance'
          ? `${name} is in maintenance`
          : status === 'offline'
            ? `${name} is offline`
            : status === 'available' && was !== undefined && was !== 'available'
              ? `${name} is available again`
              : `${name} changed`;
      return { ...base, kind: 'printer', message };
    }
    case 'job': {
      const printer = names.printer(str(d, 'printerId') ?? '') ?? 'a printer';
      if (r.action === 'job.qc') {
        const failed = count(d, 'failedPartIds');
        const message =
          failed > 0
            ? `QC on ${printer}: ${parts(failed)} failed, back in the queue; printer free`
            : `QC passed on ${printer} (${parts(count(d, 'passedPartIds'))}); printer free`;
        return { ...base, kind: 'qc', message };
      }
      // Sent, printing and printed go as planned; only a failed print changes what is left.
      if (str(d, 'to') !== 'failed') return null;
      return {
        ...base,
        kind: 'job',
        message: `Print failed on ${printer}: ${parts(count(d, 'partIds'))} back in the queue`,
      };
    }
    case 'operator': {
      const name = str(d, 'name') ?? names.operator(r.entity_id) ?? 'An operator';
      const what = { create: 'added', update: 'changed', delete: 'removed' }[verb] ?? verb;
      return { ...base, kind: 'calendar', message: `Operator ${name} ${what}` };
    }
    case 'calendar': {
      const who = str(d, 'operatorId');
      const name = who ? (names.operator(who) ?? 'an operator') : 'everyone';
      if (r.action.startsWith('slot.')) {
        const day = typeof d.weekday === 'number' ? WEEKDAYS[d.weekday] : undefined;
        const span = day ? ` (${day} ${str(d, 'start')}–${str(d, 'end')})` : '';
        const what = { create: 'added', update: 'changed', delete: 'removed' }[verb] ?? verb;
        return { ...base, kind: 'calendar', message: `Shift of ${name} ${what}${span}` };
      }
      const date = str(d, 'date');
      const kind = str(d, 'kind') === 'extra' ? 'Extra shift' : 'Time off';
      const what = { create: 'added', update: 'changed', delete: 'removed' }[verb] ?? verb;
      return {
        ...base,
        kind: 'calendar',
        message: `${kind} for ${name}${date ? ` on ${date}` : ''} ${what}`,
      };
    }
    case 'profile': {
      const name = str(d, 'name') ?? 'A profile';
      return { ...base, kind: 'profile', message: `Profile ${name} ${verb}d` };
    }
    case 'settings':
      return { ...base, kind: 'settings', message: 'Site settings changed' };
    case 'model': {
      // New files arrive with their order (counted there); an analysis or a rescale changes
      // what the planner knows about parts already queued.
      if (verb === 'create') return null;
      const name = str(d, 'name') ?? names.model(r.entity_id) ?? 'A model';
      return { ...base, kind: 'model', message: `${name}: geometry facts updated` };
    }
    default:
      return null;
  }
}
