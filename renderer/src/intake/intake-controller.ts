import type { IntakeItem } from '../../../shared/api/channels/intake';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/api/contract';
import type { PushEventPayload } from '../../../shared/api/events';
import type { Model } from '../../../shared/domain/model';
import type { Order } from '../../../shared/domain/order';
import { applyOrderPatch, patchLine, type LinePatch, type OrderPatch } from '../queue/order-patch';
import { encodeBase64Async } from './base64';
import { precheck, type Collected, type DroppedFile } from './drop-files';
import { stageText } from './facts-format';
import { plural } from '../lib/format';
import { isTerminal, UploadQueue, type UploadEntry, type UploadState } from './upload-queue';

/**
 * The intake session logic behind the Queue's drop target: one order per drop, up to three
 * files in flight, progress from pushed events, per-file cancel, facts fetched as each file is
 * judged, and line edits that never race an import. It talks to the host only through the
 * injected `call`, so it runs under test with a fake host.
 */

export type Call = <K extends ChannelName>(
  channel: K,
  input: ChannelInput<K>,
) => Promise<ChannelOutput<K>>;
export type ProgressPayload = PushEventPayload<'progress'>;

export interface IntakeDeps {
  call: Call;
  onProgress: (listener: (p: ProgressPayload) => void) => () => void;
  now?: () => number;
  newId?: () => string;
  concurrency?: number;
  encode?: (bytes: Uint8Array, signal: AbortSignal) => Promise<string>;
  /** An edit or clean-up failed: show it (a toast). */
  onError?: (message: string) => void;
}

export interface ErrorShape {
  code: string;
  message: string;
}

export interface IntakeSession {
  id: string;
  reference: string;
  orderId: string | null;
  /** The drop's order could not be created; every file says so. */
  orderError: ErrorShape | null;
  createdAt: number;
  /** Set once every file has finished; the time the technician waited. */
  finishedAt: number | null;
  /**
   * Set once every file has finished and every stored model's facts (footprint, fit) are in:
   * from here on each row shows all it will show.
   */
  settledAt: number | null;
  fileIds: string[];
  skipped: string[];
  unreadable: { path: string; message: string }[];
  /** Nothing was readable, so the empty order was removed again. */
  orderRemoved: boolean;
}

export interface IntakeFile {
  id: string;
  sessionId: string;
  path: string;
  size: number;
  taskId: string;
  state: UploadState;
  stage: string | undefined;
  fraction: number | undefined;
  cancelRequested: boolean;
  /** What the host answered: one item, or several for a zip. */
  items: IntakeItem[] | null;
  error: ErrorShape | null;
  startedAt: number | undefined;
  endedAt: number | undefined;
}

export interface PendingLineEdit {
  patch: LinePatch;
  saving: boolean;
}

export interface IntakeSnapshot {
  /** Newest first. */
  sessions: IntakeSession[];
  files: Readonly<Record<string, IntakeFile>>;
  /** Models of finished files, with facts (from models.get). */
  models: Readonly<Record<string, Model>>;
  /** Line edits not yet confirmed by the host, by order line id. */
  lineEdits: Readonly<Record<string, PendingLineEdit>>;
  /** Model ids whose accept/reject is being saved. */
  statusSaving: readonly string[];
  /** Model ids being rescaled (the ×25.4 inch fix) and analysed again. */
  rescaling: readonly string[];
}

export interface DropOptions {
  /** "Drop 2025-11-22 10:31" in the site's zone. */
  reference: string;
  maxFileBytes: number;
}

type ImportResult = ChannelOutput<'intake.import'>;

function toErrorShape(err: unknown): ErrorShape {
  if (typeof err === 'object' && err !== null) {
    const e = err as { code?: unknown; message?: unknown; name?: unknown };
    if (e.name === 'AbortError') return { code: 'cancelled', message: 'Cancelled.' };
    if (typeof e.message === 'string') {
      return { code: typeof e.code === 'string' ? e.code : 'internal', message: e.message };
    }
  }
  return { code: 'internal', message: String(err) };
}

class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const MAX_NAME = 260;

/** The contract accepts names up to 260 characters: keep the end (the file name) of long paths. */
export function wireFileName(path: string): string {
  return path.length <= MAX_NAME ? path : `…${path.slice(path.length - MAX_NAME + 1)}`;
}

let seq = 0;
const defaultId = () => {
  seq += 1;
  const rnd = Math.floor(Math.random() * 0x100000000).toString(36);
  return `intake-${Date.now().toString(36)}-${seq}-${rnd}`;
};

export class IntakeController {
  private readonly call: Call;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly encode: (bytes: Uint8Array, signal: AbortSignal) => Promise<string>;
  private readonly onError: (message: string) => void;
  private readonly queue: UploadQueue<ImportResult>;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribeProgress: () => void;

  private sessions: IntakeSession[] = [];
  private files: Record<string, IntakeFile> = {};
  private models: Record<string, Model> = {};
  private lineEdits: Record<string, PendingLineEdit> = {};
  private statusSaving: string[] = [];
  private rescaling: string[] = [];
  private readonly byTask = new Map<string, string>();
  private readonly orderPromises = new Map<string, Promise<string>>();
  /** models.get calls in flight, by session. */
  private readonly factFetches = new Map<string, number>();
  private snapshot: IntakeSnapshot | null = null;

  constructor(deps: IntakeDeps) {
    this.call = deps.call;
    this.now = deps.now ?? Date.now;
    this.newId = deps.newId ?? defaultId;
    this.encode = deps.encode ?? ((bytes, signal) => encodeBase64Async(bytes, { signal }));
    this.onError = deps.onError ?? (() => undefined);
    this.queue = new UploadQueue<ImportResult>({
      concurrency: deps.concurrency ?? 3,
      now: this.now,
      onCancelRunning: (id) => this.askHostToCancel(id),
      isCancelError: (err) => toErrorShape(err).code === 'cancelled',
    });
    this.queue.subscribe((entry) => this.onEntry(entry));
    this.unsubscribeProgress = deps.onProgress((p) => this.onProgress(p));
  }

  dispose(): void {
    this.unsubscribeProgress();
    this.queue.cancelAll();
  }

  // ------------------------------------------------------------------ reading state

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  getSnapshot = (): IntakeSnapshot => {
    if (!this.snapshot) {
      this.snapshot = {
        sessions: this.sessions,
        files: this.files,
        models: this.models,
        lineEdits: this.lineEdits,
        statusSaving: this.statusSaving,
        rescaling: this.rescaling,
      };
    }
    return this.snapshot;
  };

  /** Resolves when no file is waiting or in flight. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** A drop is still uploading, being judged or fetching facts. */
  busy(): boolean {
    return this.sessions.some((s) => s.settledAt === null);
  }

  private changed(): void {
    this.snapshot = null;
    for (const l of [...this.listeners]) l();
  }

  private setFile(id: string, patch: Partial<IntakeFile>): void {
    const f = this.files[id];
    if (!f) return;
    this.files = { ...this.files, [id]: { ...f, ...patch } };
  }

  private setSession(id: string, patch: Partial<IntakeSession>): void {
    this.sessions = this.sessions.map((s) => (s.id === id ? { ...s, ...patch } : s));
  }

  // ------------------------------------------------------------------ dropping

  /**
   * Every file shows at once; the order is created first and each upload waits for it, so the
   * whole drop lands in one order. Returns the session id.
   */
  drop(collected: Collected, options: DropOptions): string {
    const sessionId = this.newId();
    const files: IntakeFile[] = collected.files.map((f) => ({
      id: this.newId(),
      sessionId,
      path: f.path,
      size: f.size,
      taskId: this.newId(),
      state: 'queued',
      stage: undefined,
      fraction: undefined,
      cancelRequested: false,
      items: null,
      error: null,
      startedAt: undefined,
      endedAt: undefined,
    }));
    const session: IntakeSession = {
      id: sessionId,
      reference: options.reference,
      orderId: null,
      orderError: null,
      createdAt: this.now(),
      finishedAt: null,
      settledAt: null,
      fileIds: files.map((f) => f.id),
      skipped: collected.skipped,
      unreadable: collected.unreadable,
      orderRemoved: false,
    };
    this.sessions = [session, ...this.sessions];
    const next = { ...this.files };
    for (const f of files) {
      next[f.id] = f;
      this.byTask.set(f.taskId, f.id);
    }
    this.files = next;
    this.changed();
    if (files.length === 0) {
      const now = this.now();
      this.setSession(sessionId, { finishedAt: now, settledAt: now });
      this.changed();
      return sessionId;
    }

    // Only files that pass the checks need an order; a drop of one PNG creates none.
    const uploadable = collected.files.filter((f) => !precheck(f, options.maxFileBytes));
    if (uploadable.length > 0) {
      const orderPromise = this.call('orders.save', {
        reference: options.reference,
        notes: `Dropped ${plural(collected.files.length, 'file')}.`,
      }).then(
        (order) => {
          this.setSession(sessionId, { orderId: order.id });
          this.changed();
          return order.id;
        },
        (err: unknown) => {
          const shape = toErrorShape(err);
          this.setSession(sessionId, { orderError: shape });
          this.changed();
          throw new CodedError(
            shape.code,
            `The order for this drop could not be created: ${shape.message}`,
          );
        },
      );
      // Each job awaits it; an unobserved rejection here would only be noise.
      orderPromise.catch(() => undefined);
      this.orderPromises.set(sessionId, orderPromise);
    }

    this.queue.add(
      collected.files.map((source, i) => {
        const file = files[i] as IntakeFile;
        return { id: file.id, run: (ctx) => this.runFile(sessionId, file, source, options, ctx) };
      }),
    );
    return sessionId;
  }

  private async runFile(
    sessionId: string,
    file: IntakeFile,
    source: DroppedFile,
    options: DropOptions,
    ctx: { signal: AbortSignal; read(): void },
  ): Promise<ImportResult> {
    const problem = precheck(source, options.maxFileBytes);
    if (problem) throw new CodedError(problem.code, problem.message);
    const orderPromise = this.orderPromises.get(sessionId);
    if (!orderPromise) throw new CodedError('internal', 'The drop has no order.');
    const orderId = await orderPromise;
    if (ctx.signal.aborted) throw new CodedError('cancelled', 'Cancelled.');
    let bytes: Uint8Array;
    try {
      bytes = await source.read();
    } catch (err) {
      throw new CodedError(
        'unreadable',
        `“${file.path}” could not be read from disk: ${toErrorShape(err).message}`,
      );
    }
    const dataBase64 = await this.encode(bytes, ctx.signal);
    ctx.read();
    return this.call('intake.import', {
      fileName: wireFileName(file.path),
      dataBase64,
      orderId,
      taskId: file.taskId,
    });
  }

  private onEntry(entry: UploadEntry<ImportResult>): void {
    const file = this.files[entry.id];
    if (!file) return;
    const patch: Partial<IntakeFile> = {
      state: entry.state,
      stage: entry.stage,
      fraction: entry.fraction,
      cancelRequested: entry.cancelRequested,
      startedAt: entry.startedAt,
      endedAt: entry.endedAt,
    };
    if (entry.state === 'done' && entry.result && !file.items) {
      patch.items = entry.result.items;
      for (const item of entry.result.items) {
        if (item.modelId) void this.fetchModel(item.modelId, file.sessionId);
      }
    }
    if ((entry.state === 'failed' || entry.state === 'cancelled') && !file.error) {
      patch.error =
        entry.state === 'cancelled'
          ? { code: 'cancelled', message: 'Cancelled before it was stored.' }
          : toErrorShape(entry.error);
    }
    this.setFile(entry.id, patch);
    if (isTerminal(entry.state)) this.byTask.delete(file.taskId);
    this.maybeFinishSession(file.sessionId);
    this.changed();
  }

  private async fetchModel(id: string, sessionId: string): Promise<void> {
    this.factFetches.set(sessionId, (this.factFetches.get(sessionId) ?? 0) + 1);
    try {
      const model = await this.call('models.get', { id });
      this.models = { ...this.models, [id]: model };
    } catch {
      // The row keeps the verdict from the import; facts stay unknown.
    } finally {
      const left = (this.factFetches.get(sessionId) ?? 1) - 1;
      if (left > 0) this.factFetches.set(sessionId, left);
      else this.factFetches.delete(sessionId);
      this.maybeSettleSession(sessionId);
      this.changed();
    }
  }

  private maybeSettleSession(sessionId: string): void {
    const session = this.sessions.find((s) => s.id === sessionId);
    if (!session || session.finishedAt === null || session.settledAt !== null) return;
    if (this.factFetches.has(sessionId)) return;
    this.setSession(sessionId, { settledAt: this.now() });
  }

  private maybeFinishSession(sessionId: string): void {
    const session = this.sessions.find((s) => s.id === sessionId);
    if (!session || session.finishedAt !== null) return;
    const files = session.fileIds.map((id) => this.files[id]);
    if (!files.every((f) => f && isTerminal(f.state))) return;
    this.setSession(sessionId, { finishedAt: this.now() });
    this.maybeSettleSession(sessionId);
    const addedLine = files.some((f) => f?.items?.some((i) => i.orderLineId));
    if (!addedLine) void this.removeEmptyOrder(sessionId);
  }

  /** A drop where nothing could be read leaves no empty "Drop …" order behind. */
  private async removeEmptyOrder(sessionId: string): Promise<void> {
    const promise = this.orderPromises.get(sessionId);
    if (!promise) return;
    let orderId: string;
    try {
      orderId = await promise;
    } catch {
      return;
    }
    try {
      await this.queue.exclusive(async () => {
        const order = await this.call('orders.get', { id: orderId });
        if (order.lines.length > 0) return;
        await this.call('orders.delete', { id: orderId });
        this.setSession(sessionId, { orderRemoved: true });
        this.changed();
      });
    } catch (err) {
      this.onError(
        `The empty order of this drop could not be removed: ${toErrorShape(err).message}`,
      );
    }
  }

  // ------------------------------------------------------------------ progress and cancel

  private onProgress(p: ProgressPayload): void {
    const fileId = this.byTask.get(p.taskId);
    if (!fileId) return;
    const file = this.files[fileId];
    if (!file || isTerminal(file.state)) return;
    if (p.state !== 'running') return; // the call's own answer settles the row
    if (file.cancelRequested) {
      // The host registers the task only once the upload has arrived: ask again now.
      this.askHostToCancel(fileId);
    }
    const fraction = p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : undefined;
    this.queue.progress(fileId, stageText(p.message), fraction);
  }

  private askHostToCancel(fileId: string): void {
    const file = this.files[fileId];
    if (!file) return;
    this.call('tasks.cancel', { taskId: file.taskId }).catch(() => undefined);
  }

  cancel(fileId: string): void {
    this.queue.cancel(fileId);
  }

  cancelSession(sessionId: string): void {
    const session = this.sessions.find((s) => s.id === sessionId);
    for (const id of session?.fileIds ?? []) this.queue.cancel(id);
  }

  /** Removes a finished drop from the list (its order stays in the queue). */
  dismiss(sessionId: string): void {
    const session = this.sessions.find((s) => s.id === sessionId);
    if (!session || session.finishedAt === null) return;
    this.sessions = this.sessions.filter((s) => s.id !== sessionId);
    const files = { ...this.files };
    for (const id of session.fileIds) delete files[id];
    this.files = files;
    this.orderPromises.delete(sessionId);
    this.factFetches.delete(sessionId);
    this.changed();
  }

  // ------------------------------------------------------------------ edits

  /**
   * Quantity or profile of one line. Shown at once; saved from the stored order while no
   * import is in flight (orders.save replaces the lines, so a concurrent import's line must
   * already be in what we send back).
   */
  async editLine(orderId: string, lineId: string, patch: LinePatch): Promise<boolean> {
    const before = this.lineEdits[lineId];
    this.lineEdits = {
      ...this.lineEdits,
      [lineId]: { patch: { ...before?.patch, ...patch }, saving: true },
    };
    this.changed();
    try {
      await this.queue.exclusive(async () => {
        const order = await this.call('orders.get', { id: orderId });
        const input = patchLine(order, lineId, this.lineEdits[lineId]?.patch ?? patch);
        if (!input) throw new CodedError('not_found', 'This line was removed from its order.');
        await this.call('orders.save', input);
      });
      const { [lineId]: _done, ...rest } = this.lineEdits;
      this.lineEdits = rest;
      this.changed();
      return true;
    } catch (err) {
      const { [lineId]: _failed, ...rest } = this.lineEdits;
      this.lineEdits = rest;
      this.changed();
      this.onError(toErrorShape(err).message);
      return false;
    }
  }

  /** Due date, priority or reference of a drop's order (the order carries them for all lines). */
  async editOrder(orderId: string, patch: OrderPatch): Promise<Order | null> {
    try {
      return await this.queue.exclusive(async () => {
        const order = await this.call('orders.get', { id: orderId });
        return this.call('orders.save', applyOrderPatch(order, patch));
      });
    } catch (err) {
      this.onError(toErrorShape(err).message);
      return null;
    }
  }

  /** Runs a whole-order write (a bulk edit) without racing in-flight imports. */
  withOrderWrites<T>(fn: () => Promise<T>): Promise<T> {
    return this.queue.exclusive(fn);
  }

  /**
   * The one-click inch fix: the host scales the stored file's coordinates and judges it again;
   * the row then shows the new size and verdict (the model's, no longer the import's).
   */
  async rescaleModel(modelId: string, scale: number): Promise<boolean> {
    if (this.rescaling.includes(modelId)) return false;
    this.rescaling = [...this.rescaling, modelId];
    this.changed();
    try {
      const model = await this.call('models.rescale', { id: modelId, scale });
      this.models = { ...this.models, [modelId]: model };
      return true;
    } catch (err) {
      this.onError(toErrorShape(err).message);
      return false;
    } finally {
      this.rescaling = this.rescaling.filter((id) => id !== modelId);
      this.changed();
    }
  }

  async setModelStatus(modelId: string, status: 'ready' | 'rejected'): Promise<boolean> {
    this.statusSaving = [...this.statusSaving, modelId];
    this.changed();
    try {
      await this.call('models.setStatus', { id: modelId, status });
      const m = this.models[modelId];
      if (m) this.models = { ...this.models, [modelId]: { ...m, status } };
      return true;
    } catch (err) {
      this.onError(toErrorShape(err).message);
      return false;
    } finally {
      this.statusSaving = this.statusSaving.filter((id) => id !== modelId);
      this.changed();
    }
  }
}
