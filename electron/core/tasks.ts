import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/api';
import type { EventBus } from './event-bus';

export interface TaskHandle {
  readonly id: string;
  readonly signal: AbortSignal;
  /** Reports progress to every connected view (throttled to keep sockets quiet). */
  progress(done: number, total: number, message?: string): void;
}

interface Running {
  controller: AbortController;
  kind: string;
  label: string;
}

/**
 * Long work (intake, nesting, planning) runs as a task: it has an id the view knows before
 * the work starts, reports progress on the bus, and can be cancelled by that id.
 */
export class TaskRegistry {
  private readonly running = new Map<string, Running>();

  constructor(private readonly bus: EventBus) {}

  async run<T>(
    opts: { id?: string | undefined; kind: string; label: string },
    work: (task: TaskHandle) => Promise<T>,
  ): Promise<T> {
    const id = opts.id ?? randomUUID();
    if (this.running.has(id))
      throw new ApiError('conflict', `A task with id “${id}” is already running.`);
    const controller = new AbortController();
    this.running.set(id, { controller, kind: opts.kind, label: opts.label });
    let last = 0;
    const emit = (
      state: 'running' | 'done' | 'failed' | 'cancelled',
      done: number,
      total: number,
      message?: string,
    ) =>
      this.bus.emit('progress', {
        taskId: id,
        kind: opts.kind,
        label: opts.label,
        done,
        total,
        state,
        ...(message === undefined ? {} : { message }),
      });
    const handle: TaskHandle = {
      id,
      signal: controller.signal,
      progress: (done, total, message) => {
        const now = Date.now();
        if (now - last < 100 && done < total) return;
        last = now;
        emit('running', done, total, message);
      },
    };
    emit('running', 0, 1);
    try {
      const result = await work(handle);
      // Cancelled while the work was finishing: nothing is returned either (a proposal must not
      // be stored after its Cancel was accepted); the catch below reports it.
      if (controller.signal.aborted)
        throw new ApiError('cancelled', `${opts.label} was cancelled.`);
      emit('done', 1, 1);
      return result;
    } catch (err) {
      if (controller.signal.aborted) {
        emit('cancelled', 0, 1);
        throw new ApiError('cancelled', `${opts.label} was cancelled.`);
      }
      emit('failed', 0, 1, err instanceof ApiError ? err.message : undefined);
      throw err;
    } finally {
      this.running.delete(id);
    }
  }

  cancel(id: string): boolean {
    const t = this.running.get(id);
    if (!t) return false;
    t.controller.abort();
    return true;
  }

  list(): { id: string; kind: string; label: string }[] {
    return [...this.running].map(([id, t]) => ({ id, kind: t.kind, label: t.label }));
  }

  cancelAll(): void {
    for (const t of this.running.values()) t.controller.abort();
  }
}
