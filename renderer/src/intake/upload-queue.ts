/**
 * The intake's upload queue: a few files in flight at once, each through its own little state
 * machine, each cancellable, none able to block or fail the others.
 *
 * It knows nothing about files or the contract: a job is a function that receives an abort
 * signal and a way to report its stage. The intake controller supplies jobs that read a file,
 * encode it and call `intake.import`.
 */

export type UploadState =
  'queued' | 'reading' | 'uploading' | 'analysing' | 'done' | 'failed' | 'cancelled';

export type UploadEvent =
  | { type: 'start' }
  | { type: 'read' }
  | { type: 'progress'; stage?: string | undefined; fraction?: number | undefined }
  | { type: 'succeed' }
  | { type: 'fail' }
  | { type: 'cancel' };

export const TERMINAL_STATES: ReadonlySet<UploadState> = new Set(['done', 'failed', 'cancelled']);

export function isTerminal(state: UploadState): boolean {
  return TERMINAL_STATES.has(state);
}

/**
 * queued → reading → uploading → analysing (repeats with each progress report) → done | failed,
 * and any unfinished state → cancelled. Anything else leaves the state as it is, so a progress
 * report arriving after the end cannot bring a finished file back to life.
 */
export function transition(state: UploadState, event: UploadEvent): UploadState {
  if (isTerminal(state)) return state;
  switch (event.type) {
    case 'cancel':
      return 'cancelled';
    case 'start':
      return state === 'queued' ? 'reading' : state;
    case 'read':
      return state === 'reading' ? 'uploading' : state;
    case 'progress':
      // The host may report before the upload's reply; reading never skips ahead.
      return state === 'uploading' || state === 'analysing' ? 'analysing' : state;
    case 'succeed':
      return state === 'queued' ? state : 'done';
    case 'fail':
      return 'failed';
  }
}

export interface UploadEntry<R> {
  id: string;
  state: UploadState;
  /** Last stage text reported while analysing ("welding vertices"). */
  stage: string | undefined;
  /** 0…1 of the current stage when known. */
  fraction: number | undefined;
  cancelRequested: boolean;
  result: R | undefined;
  error: unknown;
  /** Milliseconds (the queue's clock) when the job started and ended. */
  startedAt: number | undefined;
  endedAt: number | undefined;
}

export interface JobContext {
  signal: AbortSignal;
  /** The bytes are read and encoded: the upload begins. */
  read(): void;
  progress(stage?: string, fraction?: number): void;
}

export type JobRunner<R> = (ctx: JobContext) => Promise<R>;

export interface UploadQueueOptions {
  concurrency: number;
  /** Ask the far side to stop a running job (e.g. `tasks.cancel`). Errors are ignored. */
  onCancelRunning?: (id: string, state: UploadState) => void;
  /** Did this error come from a cancellation? (Abort errors always count.) */
  isCancelError?: (err: unknown) => boolean;
  now?: () => number;
}

type Listener<R> = (entry: UploadEntry<R>) => void;

function isAbortError(err: unknown): boolean {
  return (
    typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError'
  );
}

export class UploadQueue<R> {
  private readonly entries = new Map<string, UploadEntry<R>>();
  private readonly runners = new Map<string, JobRunner<R>>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly waiting: string[] = [];
  private readonly listeners = new Set<Listener<R>>();
  private readonly idleWaiters: (() => void)[] = [];
  private running = 0;
  /** Exclusive sections waiting or running; while > 0 no new job starts. */
  private exclusiveHolds = 0;
  private exclusiveChain: Promise<unknown> = Promise.resolve();
  private drainWaiters: (() => void)[] = [];

  constructor(private readonly options: UploadQueueOptions) {
    if (!(options.concurrency >= 1)) throw new RangeError('concurrency must be at least 1');
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  subscribe(listener: Listener<R>): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get(id: string): UploadEntry<R> | undefined {
    return this.entries.get(id);
  }

  list(): UploadEntry<R>[] {
    return [...this.entries.values()];
  }

  get activeCount(): number {
    return this.running;
  }

  /** Adds jobs in order; ids must be new. They start as slots free up. */
  add(jobs: readonly { id: string; run: JobRunner<R> }[]): void {
    for (const job of jobs) {
      if (this.entries.has(job.id)) throw new Error(`duplicate upload id ${job.id}`);
      this.entries.set(job.id, {
        id: job.id,
        state: 'queued',
        stage: undefined,
        fraction: undefined,
        cancelRequested: false,
        result: undefined,
        error: undefined,
        startedAt: undefined,
        endedAt: undefined,
      });
      this.runners.set(job.id, job.run);
      this.waiting.push(job.id);
      this.emit(job.id);
    }
    this.pump();
  }

  /**
   * A job that has not started is cancelled at once. A running one gets its signal aborted and
   * the far side is asked to stop; its final state is whatever its outcome says (a host that
   * finished first has stored the file, and the list must say so).
   */
  cancel(id: string): void {
    const entry = this.entries.get(id);
    if (!entry || isTerminal(entry.state)) return;
    if (entry.state === 'queued') {
      const at = this.waiting.indexOf(id);
      if (at >= 0) this.waiting.splice(at, 1);
      this.runners.delete(id);
      this.update(id, { type: 'cancel' }, { cancelRequested: true, endedAt: this.now() });
      this.checkIdle();
      return;
    }
    if (entry.cancelRequested) return;
    this.patch(id, { cancelRequested: true });
    this.controllers.get(id)?.abort();
    try {
      this.options.onCancelRunning?.(id, entry.state);
    } catch {
      // Best effort: the abort signal already stops everything on this side.
    }
  }

  cancelAll(): void {
    for (const id of [...this.waiting]) this.cancel(id);
    for (const e of this.entries.values()) if (!isTerminal(e.state)) this.cancel(e.id);
  }

  /** Progress reported from outside the job (pushed events keyed by the job's task id). */
  progress(id: string, stage?: string, fraction?: number): void {
    this.update(id, { type: 'progress', stage, fraction });
  }

  /**
   * Runs `fn` while no job is in flight: waits for running jobs to finish, keeps new ones from
   * starting, then resumes. Writes that replace a whole order (its lines included) use this so
   * an import finishing meanwhile cannot lose its line.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.exclusiveHolds++;
    const run = this.exclusiveChain.then(async () => {
      await this.drained();
      try {
        return await fn();
      } finally {
        this.exclusiveHolds--;
        // Resume on a later turn so a queued exclusive section chained behind us goes first.
        queueMicrotask(() => this.pump());
      }
    });
    this.exclusiveChain = run.catch(() => undefined);
    return run;
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private drained(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private pump(): void {
    while (
      this.exclusiveHolds === 0 &&
      this.running < this.options.concurrency &&
      this.waiting.length > 0
    ) {
      const id = this.waiting.shift() as string;
      const runner = this.runners.get(id);
      if (!runner) continue;
      this.start(id, runner);
    }
    this.checkIdle();
  }

  private start(id: string, runner: JobRunner<R>): void {
    this.running++;
    const controller = new AbortController();
    this.controllers.set(id, controller);
    this.update(id, { type: 'start' }, { startedAt: this.now() });
    const ctx: JobContext = {
      signal: controller.signal,
      read: () => this.update(id, { type: 'read' }),
      progress: (stage, fraction) => this.progress(id, stage, fraction),
    };
    let promise: Promise<R>;
    try {
      promise = runner(ctx);
    } catch (err) {
      promise = Promise.reject(err);
    }
    promise.then(
      (result) => this.finish(id, { type: 'succeed' }, { result }),
      (error: unknown) => {
        const entry = this.entries.get(id);
        const cancelled =
          (entry?.cancelRequested ?? false) &&
          (isAbortError(error) || (this.options.isCancelError?.(error) ?? false));
        this.finish(id, cancelled ? { type: 'cancel' } : { type: 'fail' }, { error });
      },
    );
  }

  private finish(id: string, event: UploadEvent, patch: Partial<UploadEntry<R>>): void {
    this.running--;
    this.controllers.delete(id);
    this.runners.delete(id);
    this.update(id, event, { ...patch, endedAt: this.now() });
    if (this.running === 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const w of waiters) w();
    }
    this.pump();
  }

  private checkIdle(): void {
    if (this.running !== 0 || this.waiting.length !== 0) return;
    const waiters = this.idleWaiters.splice(0);
    for (const w of waiters) w();
  }

  private update(id: string, event: UploadEvent, extra: Partial<UploadEntry<R>> = {}): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    const state = transition(entry.state, event);
    const next: UploadEntry<R> = { ...entry, ...extra, state };
    if (event.type === 'progress' && state === 'analysing') {
      if (event.stage !== undefined) next.stage = event.stage;
      next.fraction = event.fraction;
    } else if (state !== entry.state) {
      next.fraction = undefined;
    }
    if (
      next.state === entry.state &&
      next.stage === entry.stage &&
      next.fraction === entry.fraction &&
      Object.keys(extra).length === 0
    ) {
      return;
    }
    this.entries.set(id, next);
    this.emit(id);
  }

  private patch(id: string, extra: Partial<UploadEntry<R>>): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.set(id, { ...entry, ...extra });
    this.emit(id);
  }

  private emit(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    for (const l of [...this.listeners]) l(entry);
  }
}
