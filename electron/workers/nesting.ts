/**
 * Nesting worker (worker_threads): runs shared/nesting off the main thread with progress and
 * cancellation. Bundled to dist/workers/nesting.cjs by scripts/build.mjs.
 *
 * The engine is synchronous, so a cancel cannot arrive as a message while it runs: the host
 * passes an Int32Array flag on a SharedArrayBuffer that the engine polls (anytime: a cancelled
 * run still returns the best valid layout found so far, with `cancelled: true`).
 *
 * Protocol: in { type: 'nest', requestId, request, cancel? } → out 'progress'*, then exactly one
 * of 'result' | 'error'. `runNestingWorker` below is the host side.
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { z } from 'zod';
import {
  nest,
  NestInputError,
  type NestProgress,
  type NestRequest,
  type NestResult,
} from '../../shared/nesting';

export interface NestWorkerRequest {
  type: 'nest';
  requestId: string;
  request: NestRequest;
  /** 4 bytes; the host stores 1 at index 0 to cancel. */
  cancel?: SharedArrayBuffer;
}

export type NestWorkerOut =
  | { type: 'progress'; requestId: string; progress: NestProgress }
  | { type: 'result'; requestId: string; result: NestResult }
  | {
      type: 'error';
      requestId: string;
      error: { code: 'validation' | 'internal'; message: string };
    };

const Envelope = z.object({
  type: z.literal('nest'),
  requestId: z.string().min(1).max(200),
  request: z
    .object({ bed: z.object({ outline: z.array(z.unknown()) }), parts: z.array(z.unknown()) })
    .loose(),
  cancel: z.instanceof(SharedArrayBuffer).optional(),
});

function handle(raw: unknown, post: (m: NestWorkerOut) => void): void {
  const env = Envelope.safeParse(raw);
  const requestId =
    raw && typeof raw === 'object' && typeof (raw as { requestId?: unknown }).requestId === 'string'
      ? (raw as { requestId: string }).requestId
      : '?';
  if (!env.success) {
    post({
      type: 'error',
      requestId,
      error: {
        code: 'validation',
        message: `invalid nesting request: ${env.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.') || 'message'}: ${i.message}`)
          .join('; ')}`,
      },
    });
    return;
  }
  const msg = raw as NestWorkerRequest;
  const flag = msg.cancel ? new Int32Array(msg.cancel) : null;
  let last = 0;
  try {
    const result = nest(msg.request, {
      shouldStop: flag ? () => Atomics.load(flag, 0) === 1 : undefined,
      onProgress: (progress) => {
        const now = Date.now();
        // The engine reports up to ten times a second; keep the channel quiet beyond that.
        if (now - last < 90 && progress.phase !== 'done') return;
        last = now;
        post({ type: 'progress', requestId: msg.requestId, progress });
      },
    });
    post({ type: 'result', requestId: msg.requestId, result });
  } catch (err) {
    post({
      type: 'error',
      requestId: msg.requestId,
      error:
        err instanceof NestInputError
          ? { code: 'validation', message: err.message }
          : { code: 'internal', message: err instanceof Error ? err.message : String(err) },
    });
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (m: unknown) => handle(m, (out) => port.postMessage(out)));
}

/** Error from the worker, with the engine's code ('validation' for bad input). */
export class NestWorkerError extends Error {
  readonly code: 'validation' | 'internal';

  constructor(code: 'validation' | 'internal', message: string) {
    super(message);
    this.name = 'NestWorkerError';
    this.code = code;
  }
}

/**
 * Host side: runs one request in a fresh worker (`workerPath` = dist/workers/nesting.cjs).
 * Aborting `signal` makes the engine return its best layout so far (the promise still resolves,
 * with `cancelled: true`).
 */
export function runNestingWorker(
  workerPath: string,
  request: NestRequest,
  options: { onProgress?: (p: NestProgress) => void; signal?: AbortSignal } = {},
): Promise<NestResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerPath);
    const cancel = new SharedArrayBuffer(4);
    const flag = new Int32Array(cancel);
    const onAbort = () => Atomics.store(flag, 0, 1);
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = () => {
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
    };
    worker.on('message', (m: NestWorkerOut) => {
      if (m.type === 'progress') options.onProgress?.(m.progress);
      else if (m.type === 'result') {
        finish();
        resolve(m.result);
      } else {
        finish();
        reject(new NestWorkerError(m.error.code, m.error.message));
      }
    });
    worker.on('error', (err) => {
      finish();
      reject(err);
    });
    const req: NestWorkerRequest = { type: 'nest', requestId: 'nest-1', request, cancel };
    worker.postMessage(req);
  });
}
