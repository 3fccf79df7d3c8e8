/**
 * Mesh repair worker (worker_threads): parse, repair, manifold-3d's proof and the analysis of
 * the repaired bytes, off the thread that answers requests. Bundled to dist/workers/repair.cjs.
 *
 * Protocol: in { type: 'repair', input, cancel? } → out 'progress'*, then exactly one of
 * 'result' | 'error' (an ApiError's code, message and details: the refusal a person reads).
 * The core spawns one worker per repair; a repair is rare and seconds long.
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { ApiError, type ApiErrorCode } from '../../shared/api';
import {
  prepareRepair,
  type PreparedRepair,
  type RepairInput,
  type RepairRunner,
} from '../core/services/model-repair-proof';

interface RepairWorkerRequest {
  type: 'repair';
  input: RepairInput;
  /** 4 bytes; the host stores 1 at index 0 to cancel. */
  cancel: SharedArrayBuffer;
}

type RepairWorkerOut =
  | { type: 'progress'; done: number; total: number; stage: string }
  | { type: 'result'; result: PreparedRepair }
  | { type: 'error'; error: { code: ApiErrorCode; message: string; details?: unknown } };

async function handle(msg: RepairWorkerRequest, post: (m: RepairWorkerOut) => void) {
  const flag = new Int32Array(msg.cancel);
  try {
    const result = await prepareRepair(msg.input, {
      signal: {
        get aborted() {
          return Atomics.load(flag, 0) === 1;
        },
      },
      onProgress: (done, total, stage) => post({ type: 'progress', done, total, stage }),
    });
    post({ type: 'result', result });
  } catch (err) {
    post({
      type: 'error',
      error:
        err instanceof ApiError
          ? { code: err.code, message: err.message, details: err.details }
          : { code: 'internal', message: err instanceof Error ? err.message : String(err) },
    });
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (m: RepairWorkerRequest) => void handle(m, (out) => port.postMessage(out)));
}

/** Host side: runs one repair in a fresh worker; an abort cancels it (the promise rejects). */
export const runRepairWorker = (
  workerPath: string,
  input: RepairInput,
  options: Parameters<RepairRunner>[1],
): Promise<PreparedRepair> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(workerPath);
    const cancel = new SharedArrayBuffer(4);
    const flag = new Int32Array(cancel);
    const onAbort = () => Atomics.store(flag, 0, 1);
    if (options.signal.aborted) onAbort();
    options.signal.addEventListener('abort', onAbort, { once: true });
    const finish = () => {
      options.signal.removeEventListener('abort', onAbort);
      void worker.terminate();
    };
    worker.on('message', (m: RepairWorkerOut) => {
      if (m.type === 'progress') options.onProgress(m.done, m.total, m.stage);
      else if (m.type === 'result') {
        finish();
        resolve(m.result);
      } else {
        finish();
        reject(new ApiError(m.error.code, m.error.message, m.error.details));
      }
    });
    worker.on('error', (err) => {
      finish();
      reject(err);
    });
    const req: RepairWorkerRequest = { type: 'repair', input, cancel };
    worker.postMessage(req);
  });
