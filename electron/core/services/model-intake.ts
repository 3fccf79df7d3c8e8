import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { ChangedEntity } from '../../../shared/api/events';
import type { IntakeItem, ModelLayFlatResult } from '../../../shared/api/channels/intake';
import { ApiError } from '../../../shared/api';
import type { Model, Verdict } from '../../../shared/domain';
import {
  encodeBinaryStl,
  limitsFromSettings,
  type PrinterEnvelope,
} from '../../../shared/geometry';
import { storeDerivedModel } from './derived-model';
import type { EventBus } from '../event-bus';
import {
  expandZip,
  IntakeService,
  isModelArchive,
  type IntakeOptions,
  type IntakeOutcome,
} from '../intake';
import type { TaskHandle, TaskRegistry } from '../tasks';
import type { Workspace } from '../workspace';
import {
  findModel,
  getModel,
  insertModel,
  listModels,
  updateModelAnalysis,
} from '../storage/repositories/models';
import { getOrder, saveOrder } from '../storage/repositories/orders';
import { listPrinters } from '../storage/repositories/printers';
import { getSettings } from '../storage/repositories/settings';
import type { ModelFileStore } from '../storage/model-files';

const FORMAT_BY_EXT: Record<string, Model['format']> = { stl: 'stl', '3mf': '3mf', obj: 'obj' };

/**
 * From dropped bytes to stored models and order lines. Files are read and judged in the intake
 * worker pool first; only a readable file becomes a model, so a broken upload changes nothing.
 */
export class ModelIntake {
  private readonly service: IntakeService;
  private readonly changes: ChangeBatcher;
  private closed = false;

  constructor(
    private readonly ws: Workspace,
    private readonly bus: EventBus,
    private readonly tasks: TaskRegistry,
    private readonly log: (m: string) => void,
    workerPath?: string,
  ) {
    this.service = new IntakeService(workerPath === undefined ? {} : { workerPath });
    this.changes = new ChangeBatcher(bus);
  }

  private printers(): PrinterEnvelope[] {
    return listPrinters(this.ws.db).map((p) => ({
      id: p.id,
      name: p.name,
      bed: p.bed,
      exclusionZones: p.exclusionZones,
      maxHeightMm: p.maxHeightMm,
    }));
  }

  private analyse(
    bytes: Uint8Array,
    fileName: string,
    task: TaskHandle,
    index: number,
    count: number,
    scale = 1,
    extra: Omit<IntakeOptions, 'scale' | 'overhangAngleDeg'> = {},
  ) {
    let lastReport = performance.now();
    // Read on every call: the site's limits and overhang angle can change while the studio runs.
    const settings = getSettings(this.ws.db);
    return this.service.analyse(bytes, fileName, {
      options: {
        overhangAngleDeg: settings.overhangAngleDeg,
        ...(scale !== 1 ? { scale } : {}),
        ...extra,
      },
      printers: this.printers(),
      limits: limitsFromSettings(settings),
      signal: task.signal,
      onProgress: (fraction, stage) => {
        // Every report is a frame to every open view (and a repaint there); most files are
        // judged in well under a quarter of a second, so only slow ones say how far they are.
        const now = performance.now();
        if (now - lastReport < PROGRESS_INTERVAL_MS) return;
        lastReport = now;
        task.progress(index + fraction, count, `${basename(fileName)}: ${stage}`);
      },
    });
  }

  /** Models stored before they were analysed (the demo seed, an interrupted intake). */
  async analysePending(): Promise<void> {
    const pending = listModels(this.ws.db).filter(
      (m) => m.status === 'pending' || m.status === 'analysing',
    );
    if (pending.length === 0) return;
    await this.tasks.run(
      { kind: 'intake', label: `Analysing ${pending.length} models` },
      async (task) => {
        for (const [i, m] of pending.entries()) {
          if (this.closed || task.signal.aborted) return;
          if (!this.ws.models.has(m.id)) {
            this.log(`model file of ${m.name} is missing; leaving it pending`);
            continue;
          }
          const outcome = await this.analyse(
            new Uint8Array(this.ws.models.read(m.id)),
            m.fileName,
            task,
            i,
            pending.length,
            m.unitScale,
          );
          if (this.closed) return;
          updateModelAnalysis(
            this.ws.db,
            m.id,
            outcome.ok
              ? { status: 'ready', verdict: outcome.verdict, facts: outcome.facts }
              : { status: 'ready', verdict: outcome.verdict, facts: null },
            'intake',
          );
          this.changes.add('models', [m.id]);
        }
      },
    );
  }

  /** The one-click inch fix (×25.4), or any other uniform scale: same file, new facts. */
  async rescale(id: string, scale: number, actor: string): Promise<Model> {
    const model = getModel(this.ws.db, id);
    if (!this.ws.models.has(id))
      throw new ApiError('not_found', `The file of “${model.name}” is missing.`);
    const bytes = new Uint8Array(this.ws.models.read(id));
    const outcome = await this.tasks.run(
      { kind: 'intake', label: `Rescaling ${model.name}` },
      (task) => this.analyse(bytes, model.fileName, task, 0, 1, scale),
    );
    if (!outcome.ok) throw new ApiError('validation', outcome.error.message);
    const updated = updateModelAnalysis(
      this.ws.db,
      id,
      { status: model.status, verdict: outcome.verdict, facts: outcome.facts, unitScale: scale },
      actor,
    );
    this.bus.emit('changed', { entity: 'models', ids: [id] });
    return updated;
  }

  /**
   * "Lay flat", on request: the auto-orientation suggestion (largest flat face on the bed)
   * applied as a new model "<name> (laid flat)" whose file is the rotated mesh. A model is its
   * file's SHA-256, and every consumer (thumbnails, plates, slicing) reads that file, so the
   * rotation is baked into a new file like a repair rather than stored beside the old one. The
   * original stays; unplanned order lines move to the new model in the transaction that records
   * the `model.layFlat` audit event. Refuses, changing nothing, when the part already lies on
   * its best face.
   */
  async layFlat(id: string, actor: string): Promise<ModelLayFlatResult> {
    const original = getModel(this.ws.db, id);
    if (!this.ws.models.has(id))
      throw new ApiError('not_found', `The file of “${original.name}” is missing.`);
    const bytes = new Uint8Array(this.ws.models.read(id));
    const prepared = await this.tasks.run(
      { kind: 'intake', label: `Laying ${original.name} flat` },
      async (task) => {
        const judged = await this.analyse(
          bytes,
          original.fileName,
          task,
          0,
          3,
          original.unitScale,
          {
            suggestOrientation: true,
          },
        );
        if (!judged.ok) throw new ApiError('validation', judged.error.message);
        const o = judged.details.orientation;
        if (!o?.better) {
          throw new ApiError(
            'validation',
            `“${original.name}” already lies on its largest flat face: nothing to change.`,
          );
        }
        const turned = await this.analyse(
          bytes,
          original.fileName,
          task,
          1,
          3,
          original.unitScale,
          {
            rotation: o.rotation,
            returnMesh: true,
            suggestOrientation: false,
          },
        );
        if (!turned.ok || !turned.positions) {
          throw new ApiError(
            'internal',
            `“${original.name}” could not be turned. Nothing was changed.`,
          );
        }
        // The scale (an inch fix) is baked in too: the new file is in millimetres.
        const file = encodeBinaryStl(
          { positions: turned.positions, triangleCount: turned.positions.length / 9 },
          `PlateShift lay-flat of ${id.slice(0, 16)}`,
        );
        const fileName = laidFlatFileName(original.fileName);
        // Judge the very bytes that will be stored, as any dropped file.
        const check = await this.analyse(file, fileName, task, 2, 3);
        if (!check.ok) {
          throw new ApiError(
            'internal',
            `The laid-flat “${original.name}” does not read back: ${check.error.message}`,
          );
        }
        return { o, file, fileName, check };
      },
    );
    const { o, file, fileName, check } = prepared;
    const verdict: Verdict = {
      level: check.verdict.level,
      reasons: [
        ...check.verdict.reasons.filter((r) => r.code !== 'orientation'),
        {
          level: 'ok',
          code: 'laid-flat',
          message:
            `Laid flat from “${original.name}”: ${(o.areaMm2 / 100).toFixed(1)} cm² on the bed instead of ${(o.currentAreaMm2 / 100).toFixed(1)} cm².`.slice(
              0,
              500,
            ),
        },
      ],
    };
    const stored = storeDerivedModel(this.ws, this.bus, {
      from: original,
      file,
      fileName,
      name: original.name.slice(0, 260 - LAID_FLAT_SUFFIX.length) + LAID_FLAT_SUFFIX,
      verdict,
      facts: check.facts,
      actor,
      action: 'model.layFlat',
      reason: `lay flat of ${original.name}`,
      data: {
        rotation: o.rotation,
        contactBeforeMm2: o.currentAreaMm2,
        contactAfterMm2: o.areaMm2,
      },
    });
    return {
      model: stored.model,
      fromModelId: id,
      contactBeforeMm2: o.currentAreaMm2,
      contactAfterMm2: o.areaMm2,
      orderLinesSwitched: stored.switched.map((l) => l.id),
      orderLinesKept: stored.kept.map((l) => l.id),
    };
  }

  async importFile(
    input: {
      fileName: string;
      bytes: Uint8Array;
      orderId?: string | null | undefined;
      taskId?: string | undefined;
    },
    actor: string,
  ): Promise<{ orderId: string | null; items: IntakeItem[] }> {
    const limits = limitsFromSettings(getSettings(this.ws.db));
    if (input.orderId) getOrder(this.ws.db, input.orderId); // not_found before any work
    const files = isModelArchive(input.fileName, input.bytes)
      ? expandZipSafely(input.bytes, input.fileName, limits)
      : [{ ok: true as const, fileName: input.fileName, bytes: input.bytes }];
    const items: IntakeItem[] = [];
    const outcomes: { fileName: string; outcome: IntakeOutcome; bytes: Uint8Array }[] = [];
    await this.tasks.run(
      { id: input.taskId, kind: 'intake', label: `Reading ${basename(input.fileName)}` },
      async (task) => {
        for (const [i, f] of files.entries()) {
          if (!f.ok) {
            items.push({ fileName: f.fileName, ok: false, error: f.error });
            continue;
          }
          const outcome = await this.analyse(f.bytes, f.fileName, task, i, files.length);
          outcomes.push({ fileName: f.fileName, outcome, bytes: f.bytes });
        }
      },
    );
    let orderId = input.orderId ?? null;
    const readable = outcomes.filter((o) => o.outcome.ok);
    for (const o of outcomes) {
      if (!o.outcome.ok) {
        items.push({
          fileName: o.fileName,
          ok: false,
          verdict: o.outcome.verdict,
          error: o.outcome.error,
        });
      }
    }
    if (readable.length === 0) return { orderId, items };

    // The files go to the store before the transaction, off the event loop: an fsync per file
    // on the main thread stalled every other call (and the next upload) for tens of ms each.
    for (const { outcome, bytes } of readable) {
      if (outcome.ok) await storeFileAsync(this.ws.models, outcome.sha256, bytes);
    }

    // One transaction: the files' models and lines appear together or not at all.
    const stored = this.ws.db.transaction(() => {
      const results: IntakeItem[] = [];
      const lines: { modelId: string; quantity: number }[] = [];
      for (const { fileName, outcome, bytes } of readable) {
        if (!outcome.ok) continue;
        // The worker hashed the bytes already; put() is only the fallback (and hashes again).
        const id = this.ws.models.has(outcome.sha256) ? outcome.sha256 : this.ws.models.put(bytes);
        const existing = findModel(this.ws.db, id);
        const ext = (fileName.split('.').pop() ?? '').toLowerCase();
        const { model, created } = existing
          ? { model: existing, created: false }
          : insertModel(
              this.ws.db,
              {
                id,
                name: outcome.name,
                fileName: basename(fileName),
                format: FORMAT_BY_EXT[ext] ?? outcome.format,
                sizeBytes: bytes.byteLength,
                createdAt: new Date().toISOString(),
                status: 'ready',
                verdict: outcome.verdict,
                facts: outcome.facts,
              },
              actor,
            );
        lines.push({ modelId: model.id, quantity: outcome.quantity });
        results.push({
          fileName,
          ok: true,
          modelId: model.id,
          created,
          quantity: outcome.quantity,
          verdict: model.verdict ?? outcome.verdict,
        });
      }
      const before = orderId ? getOrder(this.ws.db, orderId) : null;
      const order = saveOrder(
        this.ws.db,
        {
          ...(before
            ? {
                id: before.id,
                reference: before.reference,
                requester: before.requester,
                receivedAt: before.receivedAt,
                dueAt: before.dueAt,
                priority: before.priority,
                status: before.status,
                notes: before.notes,
              }
            : {
                reference: `Drop ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`,
                requester: '',
                dueAt: null,
                priority: 5,
                status: 'open' as const,
                notes: `Dropped ${readable.length} file(s)`,
              }),
          lines: [
            ...(before?.lines ?? []).map((l) => ({
              id: l.id,
              modelId: l.modelId,
              quantity: l.quantity,
              profileId: l.profileId,
              material: l.material,
              color: l.color,
            })),
            ...lines.map((l) => ({ ...l, profileId: null, material: '', color: '' })),
          ],
        },
        actor,
      );
      const newLines = order.lines.slice(before?.lines.length ?? 0);
      results.forEach((r, i) => (r.orderLineId = newLines[i]?.id));
      return { orderId: order.id, results };
    })();
    orderId = stored.orderId;
    items.unshift(...stored.results);
    this.changes.add(
      'models',
      stored.results.map((r) => r.modelId ?? ''),
    );
    this.changes.add('orders', [orderId]);
    return { orderId, items };
  }

  close(): void {
    this.closed = true;
    this.changes.close();
    void this.service.close();
  }
}

const LAID_FLAT_SUFFIX = ' (laid flat)';

/** "bracket.stl" → "bracket (laid flat).stl" (always STL: the rotated mesh is written as one). */
function laidFlatFileName(fileName: string): string {
  const stem = basename(fileName).replace(/\.[^.]*$/, '');
  return stem.slice(0, 260 - LAID_FLAT_SUFFIX.length - 4) + LAID_FLAT_SUFFIX + '.stl';
}

/** Progress of one file is forwarded at most this often. */
const PROGRESS_INTERVAL_MS = 250;
/** A burst of imports (a 45-file drop) tells the views at most this often that things changed. */
export const CHANGE_INTERVAL_MS = 1000;

/**
 * Coalesces `changed` events. Each one makes every open view re-read the model and order lists
 * (100 kB of facts for a workspace of 50 models); one per file of a large drop kept the host
 * and the page busy re-reading instead of judging files. The first change goes out at once, the
 * rest of a burst together at most every `intervalMs`, ids merged. "At once" is the end of the
 * current turn, so the models and the order line of one import go out together.
 */
export class ChangeBatcher {
  private readonly pending = new Map<ChangedEntity, Set<string>>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private scheduled = false;
  private lastFlush = -Infinity;

  constructor(
    private readonly bus: EventBus,
    private readonly intervalMs = CHANGE_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  add(entity: ChangedEntity, ids: readonly string[]): void {
    let set = this.pending.get(entity);
    if (!set) this.pending.set(entity, (set = new Set()));
    for (const id of ids) if (id) set.add(id);
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.lastFlush + this.intervalMs - this.now();
    if (wait <= 0) {
      queueMicrotask(() => this.flush());
      return;
    }
    this.timer = setTimeout(() => this.flush(), wait);
    this.timer.unref?.();
  }

  /** Sends what is pending now (also on close, so no change is ever dropped). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.scheduled = false;
    if (this.pending.size === 0) return;
    this.lastFlush = this.now();
    const batch = [...this.pending];
    this.pending.clear();
    for (const [entity, ids] of batch) this.bus.emit('changed', { entity, ids: [...ids] });
  }

  close(): void {
    this.flush();
  }
}

/**
 * Same layout and guarantees as ModelFileStore.put (temp file, fsync, rename), but on the
 * thread pool. `id` is the SHA-256 of `bytes` (computed by the intake worker).
 */
async function storeFileAsync(store: ModelFileStore, id: string, bytes: Uint8Array): Promise<void> {
  if (store.has(id)) return;
  const target = store.pathOf(id);
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

function expandZipSafely(
  bytes: Uint8Array,
  fileName: string,
  limits: ReturnType<typeof limitsFromSettings>,
) {
  try {
    return expandZip(bytes, fileName, limits);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return [
      {
        ok: false as const,
        fileName,
        error: {
          code: e.code ?? 'zip-corrupt',
          message: e.message ?? 'The archive cannot be read.',
        },
      },
    ];
  }
}
