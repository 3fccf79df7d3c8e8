import { readFileSync } from 'node:fs';
import { ApiError, type ChangedEntity, type Handlers } from '../../shared/api';
import { validatePlate } from '../../shared/nesting';
import type { EventBus } from './event-bus';
import type { HostKind } from './core';
import type { TaskRegistry } from './tasks';
import { type PlannerService, renestRequestParts } from './services/planner-service';
import { modelMesh } from './services/model-mesh';
import { repairModel } from './services/model-repair';
import type { ModelIntake } from './services/model-intake';
import { planningInputFromStorage } from './services/planning-input';
import { estimateJobPlate } from './services/plate-estimate';
import type { Workspace } from './workspace';
import { listEvents } from './storage/audit';
import { BackupError } from './storage/backup';
import { writeFileAtomic } from './storage/model-files';
import { latestSchemaVersion, schemaVersion } from './storage/migrations';
import * as calendar from './storage/repositories/calendar';
import * as models from './storage/repositories/models';
import * as orders from './storage/repositories/orders';
import { changesSinceCurrentPlan } from './storage/repositories/plan-changes';
import * as plans from './storage/repositories/plans';
import * as printers from './storage/repositories/printers';
import * as profiles from './storage/repositories/profiles';
import * as settings from './storage/repositories/settings';

export interface HandlerDeps {
  ws: Workspace;
  bus: EventBus;
  tasks: TaskRegistry;
  planner: PlannerService;
  intake: ModelIntake;
  host: HostKind;
  /**
   * Asks the user where to save a file (Electron's save dialog); null when cancelled. Absent
   * in browser mode, where the page downloads the bytes itself.
   */
  chooseSavePath?: ((suggestedName: string) => Promise<string | null>) | undefined;
}

function shiftIso(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

/** The receiving end of every channel: thin adapters from the contract to repositories. */
export function createHandlers({
  ws,
  bus,
  tasks,
  planner,
  intake,
  host,
  chooseSavePath,
}: HandlerDeps): Handlers {
  const changed = (entity: ChangedEntity, ...ids: string[]) => bus.emit('changed', { entity, ids });
  /** Only names listed in the backups folder: a request cannot reach any other file. */
  const readBackup = (fileName: string) => {
    const path = ws.backupPath(fileName);
    const file = path ? ws.listBackups().find((b) => b.fileName === fileName) : undefined;
    if (!path || !file) throw new ApiError('not_found', `There is no backup named “${fileName}”.`);
    try {
      return { file, bytes: readFileSync(path) };
    } catch {
      throw new ApiError('not_found', `The backup “${fileName}” cannot be read.`);
    }
  };
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
    'workspace.backup': async (_input, ctx) => ws.backup({ actor: ctx.actor }),
    'workspace.backups': () => ws.listBackups(),
    'workspace.downloadBackup': ({ fileName }) => {
      const { file, bytes } = readBackup(fileName);
      return { ...file, dataBase64: bytes.toString('base64') };
    },
    'workspace.exportBackup': async ({ fileName }) => {
      if (!chooseSavePath) {
        throw new ApiError(
          'unavailable',
          'Saving to a chosen folder is a desktop feature; in the browser the archive downloads.',
        );
      }
      const { file, bytes } = readBackup(fileName);
      const path = await chooseSavePath(file.fileName);
      if (path === null) return { saved: false };
      try {
        writeFileAtomic(path, bytes);
      } catch (err) {
        throw new ApiError(
          'unavailable',
          `The copy could not be written to ${path}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      return { saved: true, path };
    },
    'workspace.restore': async (input, ctx) => {
      const source = 'fileName' in input ? input.fileName : input.archiveName;
      const bytes =
        'fileName' in input
          ? readBackup(input.fileName).bytes
          : Buffer.from(input.dataBase64, 'base64');
      let safetyBackup;
      try {
        ({ safetyBackup } = await ws.restore(bytes, { actor: ctx.actor, source }));
      } catch (err) {
        if (err instanceof BackupError) {
          throw new ApiError(err.reason === 'in_use' ? 'conflict' : 'validation', err.message, {
            reason: err.reason,
          });
        }
        throw err;
      }
      if (schemaVersion(ws.db) !== latestSchemaVersion) {
        throw new ApiError('internal', 'The restored workspace could not be brought up to date.');
      }
      changed('workspace');
      return { restored: true as const, safetyBackup };
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

    'models.rescale': ({ id, scale }, ctx) => intake.rescale(id, scale, ctx.actor),
    'models.repair': ({ id }, ctx) => repairModel({ ws, bus, tasks }, id, ctx.actor),
    'models.layFlat': ({ id }, ctx) => intake.layFlat(id, ctx.actor),
    'models.setStatus': ({ id, status }, ctx) => {
      const m = models.getModel(ws.db, id);
      models.updateModelAnalysis(
        ws.db,
        id,
        { status, verdict: m.verdict, facts: m.facts },
        ctx.actor,
      );
      changed('models', id);
      return { id, status };
    },
    'intake.import': async ({ fileName, dataBase64, orderId, taskId }, ctx) => {
      const bytes = new Uint8Array(Buffer.from(dataBase64, 'base64'));
      return intake.importFile({ fileName, bytes, orderId, taskId }, ctx.actor);
    },
    'models.mesh': ({ id, maxTriangles }) =>
      modelMesh(models.getModel(ws.db, id), ws.models, maxTriangles),

    'plans.current': () => plans.currentPlan(ws.db),
    'plans.changes': () => changesSinceCurrentPlan(ws.db),
    'plans.list': () => plans.listPlans(ws.db),
    'plans.get': ({ id }) => plans.getPlan(ws.db, id),
    'plans.propose': async (input, ctx) => {
      const proposal = await tasks.run(
        { id: input.taskId, kind: 'plan', label: `Planning (${input.strategy})` },
        (task) =>
          planner.propose(
            planningInputFromStorage(ws.db, input.asOf ? new Date(input.asOf) : new Date()),
            input,
            task,
          ),
      );
      const stored = plans.insertProposal(ws.db, proposal.plan, ctx.actor);
      changed('plans', stored.id);
      return { plan: stored, diff: proposal.diff, kpisBefore: proposal.kpisBefore };
    },
    'plans.accept': ({ id, jobIds }, ctx) => {
      const p = plans.acceptProposal(ws.db, id, ctx.actor, jobIds);
      changed('plans', id);
      changed('orders');
      return p;
    },
    'plans.discard': ({ id }, ctx) => {
      plans.discardProposal(ws.db, id, ctx.actor);
      changed('plans', id);
      return { id, deleted: true as const };
    },
    'jobs.update': ({ id, reason, ...patch }, ctx) => {
      const before = plans.getJob(ws.db, id);
      const shift =
        patch.start !== undefined ? Date.parse(patch.start) - Date.parse(before.start) : 0;
      const end =
        patch.end ?? (patch.start !== undefined ? shiftIso(before.end, shift) : undefined);
      // Setup and removal travel with the job; the views then show whether they still fall
      // inside an operator's shift.
      const tasksMoved =
        shift !== 0 && patch.end === undefined
          ? before.tasks.map((t) => ({
              ...t,
              start: shiftIso(t.start, shift),
              end: shiftIso(t.end, shift),
            }))
          : undefined;
      const job = plans.updateJob(ws.db, id, { ...patch, end, tasks: tasksMoved }, ctx.actor, {
        reason: reason ?? '',
      });
      changed('jobs', id);
      // Printing, printed and failed carry the job's parts along (the queue shows their status).
      const statusChanged = patch.status !== undefined && patch.status !== before.status;
      if (statusChanged && plans.PART_STATUS_ON[job.status]) changed('orders');
      return job;
    },
    'jobs.reportQc': ({ jobId, failedPartIds, note }, ctx) => {
      const job = plans.reportQc(ws.db, jobId, failedPartIds, ctx.actor, note ?? '');
      changed('jobs', jobId);
      changed('orders');
      return job;
    },
    'jobs.setPlacements': ({ id, placements }, ctx) => {
      const { job, partStatusesChanged } = plans.setJobPlacements(
        ws.db,
        id,
        placements,
        ctx.actor,
        'arranged by hand',
        (j, p) => estimateJobPlate(ws.db, j, p),
      );
      changed('jobs', id);
      if (partStatusesChanged) changed('orders');
      return job;
    },
    'jobs.renest': async ({ id, taskId }, ctx) => {
      const job = plans.getJob(ws.db, id);
      const arranged = await tasks.run(
        { id: taskId, kind: 'nest', label: 'Re-nesting plate' },
        (task) => planner.renest(job, ws.db, task),
      );
      // The engine is checked, not trusted: the independent validator sees the plate before it
      // is stored, and an invalid one is refused (the stored plate stays as it was).
      const printer = printers.getPrinter(ws.db, job.printerId);
      const violations = validatePlate(
        { outline: printer.bed, exclusionZones: printer.exclusionZones },
        arranged.map((p) => ({ id: p.partId, x: p.x, y: p.y, rotationDeg: p.rotationDeg })),
        renestRequestParts(job, ws.db).parts,
        settings.getSettings(ws.db).partSpacingMm,
      );
      if (violations.length > 0) {
        const pinned = new Set(arranged.filter((p) => p.fixed).map((p) => p.partId));
        const cause = violations.every((v) => v.ids.every((i) => pinned.has(i)))
          ? 'the pinned (hand-placed) parts themselves collide or leave the bed; move or unpin them first'
          : 'the re-nested plate is invalid';
        throw new ApiError(
          'conflict',
          `Re-nesting refused: ${cause} (${violations.length} problem${violations.length === 1 ? '' : 's'}, e.g. ${violations[0]?.message}). Nothing was saved; the plate is unchanged.`,
          {
            kind: 'invalid-plate',
            violations: violations.map(({ kind, ids, message }) => ({ kind, ids, message })),
          },
        );
      }
      const saved = plans.setJobPlacements(ws.db, id, arranged, ctx.actor, 're-nested', (j, p) =>
        estimateJobPlate(ws.db, j, p),
      );
      changed('jobs', id);
      if (saved.partStatusesChanged) changed('orders');
      return saved.job;
    },
  };
}
