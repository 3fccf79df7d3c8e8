import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  type PlanningInputRaw,
  type PlanningProgress,
  type PlanningResult,
} from '../../../shared/planning';
import { type EventBus } from '../event-bus';
import { type PlanRequest, type WorkerOut, type WorkerPlanOptions } from './protocol';

export type { WorkerPlanOptions } from './protocol';

/** Thrown by `PlanRun.result` when the run was cancelled. */
export class PlanRunCancelled extends Error {
  constructor() {
    super('planning was cancelled');
    this.name = 'PlanRunCancelled';
  }
}

export interface PlanRun {
  /** The progress task id (also the `taskId` of pushed `progress` events). */
  readonly id: string;
  readonly result: Promise<PlanningResult>;
  /** Stops the run; `result` rejects with PlanRunCancelled. Safe to call twice or after the end. */
  cancel(): void;
  /** Progress of this run; returns an unsubscribe function. */
  onProgress(listener: (p: PlanningProgress) => void): () => void;
}

export interface PlannerHostOptions {
  /** Path of the bundled worker (default: found next to the running bundle or in dist/). */
  workerPath?: string;
  /** Pushes `progress` events (kind "planning") to every connected view. */
  bus?: EventBus;
  /** After a cancel, how long the worker may take to notice before it is terminated (ms). */
  cancelGraceMs?: number;
}

/** Where `scripts/build.mjs` puts a bundled worker (`dist/workers/<name>.cjs`), seen from wherever this code runs. */
export function findWorker(name: 'planning' | 'nesting' | 'intake' | 'repair'): string {
  const file = `${name}.cjs`;
  const candidates = [
    join(__dirname, 'workers', file), // dist/cli.cjs → dist/workers
    join(__dirname, '..', 'workers', file), // dist/electron/main.cjs → dist/workers
    resolve(__dirname, '..', '..', '..', 'dist', 'workers', file), // sources (tests)
    resolve(process.cwd(), 'dist', 'workers', file),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`the ${name} worker is not built (run node scripts/build.mjs)`);
  return found;
}

export function findPlanningWorker(): string {
  return findWorker('planning');
}

/**
 * Runs planning in worker threads: one worker per run (a run is seconds of CPU; start-up is tens of
 * milliseconds), progress as events, cancellation through a shared flag with a terminate fallback.
 */
export class PlannerHost {
  private readonly runs = new Map<string, { worker: Worker; cancel: () => void }>();

  constructor(private readonly options: PlannerHostOptions = {}) {}

  start(input: PlanningInputRaw, options: WorkerPlanOptions = {}, label = 'Planning'): PlanRun {
    const id = `plan-${randomUUID()}`;
    const worker = new Worker(this.options.workerPath ?? findPlanningWorker());
    const flag = new SharedArrayBuffer(4);
    const listeners = new Set<(p: PlanningProgress) => void>();
    const bus = this.options.bus;
    const emit = (
      state: 'running' | 'done' | 'failed' | 'cancelled',
      done: number,
      total: number,
      message?: string,
    ) =>
      bus?.emit('progress', {
        taskId: id,
        kind: 'planning',
        label,
        done,
        total,
        state,
        ...(message ? { message } : {}),
      });
    let settled = false;
    let killTimer: ReturnType<typeof setTimeout> | null = null;

    const result = new Promise<PlanningResult>((resolvePromise, reject) => {
      const finish = () => {
        settled = true;
        if (killTimer) clearTimeout(killTimer);
        this.runs.delete(id);
        void worker.terminate();
      };
      worker.on('message', (msg: WorkerOut) => {
        if (msg.requestId !== id || settled) return;
        switch (msg.type) {
          case 'progress':
            for (const l of listeners) l(msg.progress);
            emit('running', msg.progress.done, msg.progress.total, msg.progress.message);
            break;
          case 'result':
            finish();
            emit(
              'done',
              1,
              1,
              `${msg.result.kpis.partsPlanned} parts on ${msg.result.stats.jobs} jobs`,
            );
            resolvePromise(msg.result);
            break;
          case 'cancelled':
            finish();
            emit('cancelled', 0, 1);
            reject(new PlanRunCancelled());
            break;
          case 'error':
            finish();
            emit('failed', 0, 1, msg.message);
            reject(new Error(msg.message));
            break;
        }
      });
      worker.on('error', (err) => {
        if (settled) return;
        finish();
        emit('failed', 0, 1, err.message);
        reject(err);
      });
      worker.on('exit', (code) => {
        if (settled) return;
        finish();
        const cancelled = Atomics.load(new Int32Array(flag), 0) === 1;
        emit(cancelled ? 'cancelled' : 'failed', 0, 1);
        reject(
          cancelled
            ? new PlanRunCancelled()
            : new Error(`the planning worker stopped (exit code ${code})`),
        );
      });
    });
    // Callers may only look at progress; an unobserved rejection must not crash the host.
    result.catch(() => undefined);

    const cancel = () => {
      if (settled) return;
      Atomics.store(new Int32Array(flag), 0, 1);
      // The planner polls the flag between decisions and HiGHS between nodes; terminate if a
      // long step (a big MIP root, a nesting call) keeps it from noticing.
      killTimer ??= setTimeout(() => void worker.terminate(), this.options.cancelGraceMs ?? 3000);
    };
    this.runs.set(id, { worker, cancel });
    emit('running', 0, 1, 'starting');
    const request: PlanRequest = { type: 'plan', requestId: id, input, options, cancel: flag };
    worker.postMessage(request);
    return {
      id,
      result,
      cancel,
      onProgress(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  }

  cancel(id: string): boolean {
    const run = this.runs.get(id);
    run?.cancel();
    return !!run;
  }

  /** Running run ids. */
  get active(): string[] {
    return [...this.runs.keys()];
  }

  /** Cancels every run (on shutdown). */
  close(): void {
    for (const run of this.runs.values()) run.cancel();
  }
}
