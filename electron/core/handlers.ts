import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError, type ChangedEntity, type Handlers } from '../../shared/api';
import type { EventBus } from './event-bus';
import type { HostKind } from './core';
import type { TaskRegistry } from './tasks';
import type { Workspace } from './workspace';
import { listEvents } from './storage/audit';
import { latestSchemaVersion, schemaVersion } from './storage/migrations';
import * as calendar from './storage/repositories/calendar';
import * as models from './storage/repositories/models';
import * as orders from './storage/repositories/orders';
import * as plans from './storage/repositories/plans';
import * as printers from './storage/repositories/printers';
import * as profiles from './storage/repositories/profiles';
import * as settings from './storage/repositories/settings';

export interface HandlerDeps {
  ws: Workspace;
  bus: EventBus;
  tasks: TaskRegistry;
  host: HostKind;
}

/** The receiving end of every channel: thin adapters from the contract to repositories. */
export function createHandlers({ ws, bus, tasks, host }: HandlerDeps): Handlers {
  const changed = (entity: ChangedEntity, ...ids: string[]) => bus.emit('changed', { entity, ids });
  const count = (table: string) =>
    (ws.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

  return {
    'workspace.info': () => ({
      name: ws.meta('name') ?? settings.getSettings(ws.db).siteName,
      location: ws.dir,
      schemaVersion: schemaVersion(ws.db),
      host,
      demo: ws.meta('demo') === 'true',
      counts: {
        printers: count('printers'),
        orders: count('orders'),
        models: count('models'),
        operators: count('operators'),
      },
    }),
    'workspace.backup': async () => ws.backup(),
    'workspace.backups': () => ws.listBackups(),
    'workspace.restore': async ({ fileName }) => {
      const known = ws.listBackups().find((b) => b.fileName === fileName);
      if (!known) throw new ApiError('not_found', `There is no backup named “${fileName}”.`);
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(ws.backupsDir, known.fileName));
      } catch {
        throw new ApiError('not_found', `The backup “${fileName}” cannot be read.`);
      }
      try {
        await ws.restore(bytes);
      } catch (err) {
        throw new ApiError(
          'validation',
          err instanceof Error ? err.message : 'The backup cannot be restored.',
        );
      }
      if (schemaVersion(ws.db) !== latestSchemaVersion) {
        throw new ApiError('internal', 'The restored workspace could not be brought up to date.');
      }
      changed('workspace');
      return { restored: true as const };
    },
    'settings.get': () => settings.getSettings(ws.db),
    'settings.update': (patch, ctx) => {
      const s = settings.updateSettings(ws.db, patch, ctx.actor);
      changed('settings');
      if (patch.timezone !== undefined) changed('calendar');
      return s;
    },
    'events.list': (q) => listEvents(ws.db, q),
    'tasks.cancel': ({ taskId }) => ({ cancelled: tasks.cancel(taskId) }),
    'tasks.list': () => tasks.list(),

    'profiles.list': () => profiles.listProfiles(ws.db),
    'profiles.save': (input, ctx) => {
      const p = profiles.saveProfile(ws.db, input, ctx.actor);
      changed('profiles', p.id);
      return p;
    },
    'profiles.delete': ({ id }, ctx) => {
      profiles.deleteProfile(ws.db, id, ctx.actor);
      changed('profiles', id);
      return { id, deleted: true as const };
    },

    'printers.list': () => printers.listPrinters(ws.db),
    'printers.save': (input, ctx) => {
      const p = printers.savePrinter(ws.db, input, ctx.actor);
      changed('printers', p.id);
      return p;
    },
    'printers.delete': ({ id }, ctx) => {
      printers.deletePrinter(ws.db, id, ctx.actor);
      changed('printers', id);
      return { id, deleted: true as const };
    },

    'calendar.get': () => calendar.getCalendar(ws.db),
    'operators.save': (input, ctx) => {
      const o = calendar.saveOperator(ws.db, input, ctx.actor);
      changed('calendar', o.id);
      return o;
    },
    'operators.delete': ({ id }, ctx) => {
      calendar.deleteOperator(ws.db, id, ctx.actor);
      changed('calendar', id);
      return { id, deleted: true as const };
    },
    'slots.save': (input, ctx) => {
      const s = calendar.saveSlot(ws.db, input, ctx.actor);
      changed('calendar', s.id);
      return s;
    },
    'slots.delete': ({ id }, ctx) => {
      calendar.deleteSlot(ws.db, id, ctx.actor);
      changed('calendar', id);
      return { id, deleted: true as const };
    },
    'exceptions.save': (input, ctx) => {
      const e = calendar.saveException(ws.db, input, ctx.actor);
      changed('calendar', e.id);
      return e;
    },
    'exceptions.delete': ({ id }, ctx) => {
      calendar.deleteException(ws.db, id, ctx.actor);
      changed('calendar', id);
      return { id, deleted: true as const };
    },

    'orders.list': (q) => orders.listOrders(ws.db, q),
    'orders.get': ({ id }) => orders.getOrder(ws.db, id),
    'orders.save': (input, ctx) => {
      const o = orders.saveOrder(ws.db, input, ctx.actor);
      changed('orders', o.id);
      return o;
    },
    'orders.delete': ({ id }, ctx) => {
      orders.deleteOrder(ws.db, id, ctx.actor);
      changed('orders', id);
      return { id, deleted: true as const };
    },

    'models.list': () => models.listModels(ws.db),
    'models.get': ({ id }) => models.getModel(ws.db, id),

    'plans.current': () => plans.currentPlan(ws.db),
    'plans.list': () => plans.listPlans(ws.db),
  };
}
