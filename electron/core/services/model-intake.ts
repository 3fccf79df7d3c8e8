import { basename } from 'node:path';
import type { IntakeItem } from '../../../shared/api/channels/intake';
import { ApiError } from '../../../shared/api';
import type { Model } from '../../../shared/domain';
import { limitsFromSettings, type PrinterEnvelope } from '../../../shared/geometry';
import type { EventBus } from '../event-bus';
import { expandZip, IntakeService, isModelArchive, type IntakeOutcome } from '../intake';
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

const FORMAT_BY_EXT: Record<string, Model['format']> = { stl: 'stl', '3mf': '3mf', obj: 'obj' };

/**
 * From dropped bytes to stored models and order lines. Files are read and judged in the intake
 * worker pool first; only a readable file becomes a model, so a broken upload changes nothing.
 */
export class ModelIntake {
  private readonly service: IntakeService;
  private closed = false;

  constructor(
    private readonly ws: Workspace,
    private readonly bus: EventBus,
    private readonly tasks: TaskRegistry,
    private readonly log: (m: string) => void,
    workerPath?: string,
  ) {
    this.service = new IntakeService(workerPath === undefined ? {} : { workerPath });
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
  ) {
    return this.service.analyse(bytes, fileName, {
      ...(scale !== 1 ? { options: { scale } } : {}),
      printers: this.printers(),
      // Read on every call: the site's limits can change while the studio runs.
      limits: limitsFromSettings(getSettings(this.ws.db)),
      signal: task.signal,
      onProgress: (fraction, stage) =>
        task.progress(index + fraction, count, `${basename(fileName)}: ${stage}`),
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
          this.bus.emit('changed', { entity: 'models', ids: [m.id] });
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

    // One transaction: the files' models and lines appear together or not at all.
    const stored = this.ws.db.transaction(() => {
      const results: IntakeItem[] = [];
      const lines: { modelId: string; quantity: number }[] = [];
      for (const { fileName, outcome, bytes } of readable) {
        if (!outcome.ok) continue;
        const id = this.ws.models.put(bytes);
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
    this.bus.emit('changed', { entity: 'models', ids: stored.results.map((r) => r.modelId ?? '') });
    this.bus.emit('changed', { entity: 'orders', ids: [orderId] });
    return { orderId, items };
  }

  close(): void {
    this.closed = true;
    void this.service.close();
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
