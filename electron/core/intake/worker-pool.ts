import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type IntakeJobMessage, type IntakeWorkerMessage } from './protocol';

/** Finds dist/workers/intake.cjs from a bundle (dist/, dist/electron/) or from the sources. */
export function resolveIntakeWorker(explicit?: string): string {
  if (explicit) return explicit;
  const starts = [__dirname, process.cwd()];
  for (const start of starts) {
    let dir = resolve(start);
    for (let up = 0; up < 6; up++) {
      for (const candidate of [
        join(dir, 'workers', 'intake.cjs'),
        join(dir, 'dist', 'workers', 'intake.cjs'),
      ]) {
        if (existsSync(candidate)) return candidate;
      }
      dir = dirname(dir);
    }
  }
  throw new Error(
    'The intake worker bundle (dist/workers/intake.cjs) is missing: run `node scripts/build.mjs`.',
  );
}

interface Task {
  job: Omit<IntakeJobMessage, 'jobId'>;
  transfer: ArrayBuffer[];
  onMessage: (msg: IntakeWorkerMessage) => void;
  /** Called once when the worker died or was terminated before finishing the task. */
  onLost: (reason: string) => void;
  jobId: number;
  flag: Int32Array;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  killTimer: ReturnType<typeof setTimeout> | null;
}

/**
 * A small pool of intake workers (default min(2, cores)). Tasks queue FIFO; each worker takes
 * one at a time. Cancel sets the task's shared flag — the analysis loops notice it within
 * milliseconds — and, if the worker has not answered after `graceMs`, terminates and replaces it.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly workerPath: string,
    readonly size: number = Math.max(1, Math.min(2, availableParallelism())),
    private readonly graceMs = 2000,
  ) {}

  run(
    job: Omit<IntakeJobMessage, 'jobId' | 'cancel' | 'type'>,
    onMessage: (msg: IntakeWorkerMessage) => void,
    onLost: (reason: string) => void,
  ): { cancel: () => void } {
    if (this.closed) throw new Error('The intake pool is closed.');
    const cancelBuffer = new SharedArrayBuffer(4);
    const task: Task = {
      job: { ...job, type: 'analyse', cancel: cancelBuffer },
      transfer: [job.bytes],
      onMessage,
      onLost,
      jobId: this.nextId++,
      flag: new Int32Array(cancelBuffer),
    };
    this.queue.push(task);
    this.pump();
    return { cancel: () => this.cancel(task) };
  }

  private cancel(task: Task): void {
    Atomics.store(task.flag, 0, 1);
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      task.onLost('cancelled');
      return;
    }
    const slot = this.slots.find((s) => s.task === task);
    if (slot && !slot.killTimer) {
      slot.killTimer = setTimeout(() => this.replace(slot, 'cancelled'), this.graceMs);
      slot.killTimer.unref?.();
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerPath);
    const slot: Slot = { worker, task: null, killTimer: null };
    worker.on('message', (msg: IntakeWorkerMessage) => {
      const task = slot.task;
      if (!task || msg.jobId !== task.jobId) return;
      task.onMessage(msg);
      if (msg.type === 'result' || msg.type === 'error') this.finish(slot);
    });
    worker.on('error', (err) => this.replace(slot, `the intake worker crashed: ${err.message}`));
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot))
        this.replace(slot, `the intake worker stopped (exit code ${code})`);
    });
    worker.unref();
    return slot;
  }

  private finish(slot: Slot): void {
    if (slot.killTimer) clearTimeout(slot.killTimer);
    slot.killTimer = null;
    slot.task = null;
    this.pump();
  }

  private replace(slot: Slot, reason: string): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    if (slot.killTimer) clearTimeout(slot.killTimer);
    const task = slot.task;
    slot.task = null;
    void slot.worker.terminate();
    task?.onLost(reason);
    this.pump();
  }

  private pump(): void {
    if (this.closed) return;
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.task === null);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
        this.slots.push(slot);
      }
      const task = this.queue.shift() as Task;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage({ ...task.job, jobId: task.jobId }, task.transfer);
    }
    // Idle workers must not keep the process alive.
    for (const s of this.slots) if (!s.task) s.worker.unref();
  }

  /** Terminates every worker; queued and running tasks are reported lost. */
  async close(): Promise<void> {
    this.closed = true;
    const pending = [...this.queue];
    this.queue.length = 0;
    for (const t of pending) t.onLost('the intake service was closed');
    const slots = this.slots.splice(0);
    for (const s of slots) {
      if (s.killTimer) clearTimeout(s.killTimer);
      s.task?.onLost('the intake service was closed');
      s.task = null;
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
