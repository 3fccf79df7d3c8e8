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
 * calendar, profiles, site settings, model facts). The plan does not re-plan itself — a running
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
       WHERE seq > ? AND entity IN ('order', 'printer', 'calendar', 'operator', 'profile', 'settings', 'model')
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
  operator(id: string): string | undefined;
  order(id: string): string | undefined;
  model(id: string): string | undefined;
}

function lookups(db: Db): Names {
  const one = (sql: string) => {
    const stmt = db.prepare(sql);
    return (id: string) => (stmt.get(id) as { name: string } | undefined)?.name;
  };
  return {
    printer: one('SELECT name FROM printers WHERE id = ?'),
    operator: one('SELECT name FROM operators WHERE id = ?'),
    order: one('SELECT reference AS name FROM orders WHERE id = ?'),
    model: one('SELECT name FROM models WHERE id = ?'),
  };
}

function describeChange(r: EventRow, names: Names): PlanChange | null {
  let d: Data = {};
  try {
    const parsed: unknown = r.data === null ? null : JSON.parse(r.data);
    if (parsed && typeof parsed === 'object') d = parsed as Data;
  } catch {
    // An unreadable payload still counts as a change; the message is just less specific.
  }
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
      const message =
        status === 'maintenance'
          ? `${name} is in maintenance`
          : status === 'offline'
            ? `${name} is offline`
            : `${name} changed`;
      return { ...base, kind: 'printer', message };
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
