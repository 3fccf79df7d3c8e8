import { createHash } from 'node:crypto';
import {
  DEFAULT_LIMITS,
  IntakeError,
  limitsFromSettings,
  quantityFromFileName,
  verdictForError,
  type IntakeErrorShape,
  type IntakeLimits,
  type PrinterEnvelope,
} from '../../../shared/geometry';
import { type ExpandedItem, expandPaths, expandZip, isModelArchive } from './expand';
import {
  type IntakeFailure,
  type IntakeOptions,
  type IntakeOutcome,
  type IntakeResult,
} from './protocol';
import { WorkerPool, resolveIntakeWorker } from './worker-pool';

/** SHA-256 of the file bytes, hex: the model id (same file twice → same model). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface IntakeServiceOptions {
  /** Path of the worker bundle; found automatically (dist/workers/intake.cjs). */
  workerPath?: string;
  /** Workers in the pool; default min(2, cores). */
  poolSize?: number;
  /** Limits; see limitsFromSettings(SiteSettings). Default DEFAULT_LIMITS. */
  limits?: Partial<IntakeLimits>;
  /** Printers used when a call does not pass its own. */
  printers?: PrinterEnvelope[];
  /** How long a cancelled worker may take to stop before it is terminated (ms). */
  cancelGraceMs?: number;
}

export interface AnalyseCall {
  printers?: PrinterEnvelope[];
  /** Limits for this call (e.g. limitsFromSettings of the current SiteSettings); default the service's. */
  limits?: Partial<IntakeLimits>;
  options?: IntakeOptions;
  /** Fraction in [0, 1] and a stage label ("welding vertices"…), throttled by the worker. */
  onProgress?: (fraction: number, stage: string) => void;
  signal?: AbortSignal;
}

/**
 * Intake off the main thread: a small worker pool parses and analyses each file, reports
 * progress and can be cancelled per file. Never writes files; the caller stores results.
 *
 *   const intake = new IntakeService({ limits: limitsFromSettings(settings), printers });
 *   const outcome = await intake.analyse(bytes, 'bracket_x2.stl', { onProgress });
 *   if (outcome.ok) store(outcome.sha256, outcome.facts, outcome.verdict);
 *   else storeRejected(outcome.sha256, outcome.verdict); // verdict level 'error'
 *
 * analyse() never rejects for bad input: every failure (including cancellation, code
 * 'cancelled') resolves as { ok: false, error, verdict }.
 */
export class IntakeService {
  readonly limits: IntakeLimits;
  private printers: PrinterEnvelope[];
  private readonly pool: WorkerPool;

  constructor(options: IntakeServiceOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...(options.limits ?? {}) };
    this.printers = options.printers ?? [];
    this.pool = new WorkerPool(
      resolveIntakeWorker(options.workerPath),
      options.poolSize,
      options.cancelGraceMs,
    );
  }

  static limitsFromSettings = limitsFromSettings;

  get poolSize(): number {
    return this.pool.size;
  }

  setPrinters(printers: PrinterEnvelope[]): void {
    this.printers = printers;
  }

  /**
   * Analyses one file. The bytes are copied before they go to the worker unless
   * `transfer` is true (then the caller's buffer is handed over and becomes unusable).
   */
  analyse(
    bytes: Uint8Array,
    fileName: string,
    call: AnalyseCall = {},
    transfer = false,
  ): Promise<IntakeOutcome> {
    const { name, quantity } = quantityFromFileName(fileName);
    const fail = (error: IntakeErrorShape, sha256: string | null): IntakeOutcome => {
      const failure: IntakeFailure = {
        sha256,
        fileName,
        name,
        quantity,
        sizeBytes: bytes.byteLength,
        error,
        verdict: verdictForError(error),
      };
      return { ok: false, ...failure };
    };
    if (call.signal?.aborted) return Promise.resolve(fail(cancelled(), null));
    const limits: IntakeLimits = { ...this.limits, ...(call.limits ?? {}) };
    // Refuse oversize files before copying them anywhere.
    if (bytes.byteLength > limits.maxFileBytes) {
      const err = new IntakeError(
        'file-too-large',
        `“${fileName}” is ${(bytes.byteLength / 1048576).toFixed(1)} MB, more than the ${(limits.maxFileBytes / 1048576).toFixed(0)} MB accepted.`,
      );
      return Promise.resolve(fail(err.toShape(), sha256Hex(bytes)));
    }
    const buffer =
      transfer &&
      bytes.byteOffset === 0 &&
      bytes.byteLength === bytes.buffer.byteLength &&
      bytes.buffer instanceof ArrayBuffer
        ? bytes.buffer
        : bytes.slice().buffer;
    return new Promise<IntakeOutcome>((resolvePromise) => {
      let done = false;
      const settle = (outcome: IntakeOutcome): void => {
        if (done) return;
        done = true;
        call.signal?.removeEventListener('abort', onAbort);
        resolvePromise(outcome);
      };
      const handle = this.pool.run(
        {
          bytes: buffer,
          fileName,
          printers: call.printers ?? this.printers,
          limits,
          options: call.options ?? {},
        },
        (msg) => {
          if (msg.type === 'progress') call.onProgress?.(msg.fraction, msg.stage);
          else if (msg.type === 'result') settle({ ok: true, ...(msg.result as IntakeResult) });
          else settle(fail(msg.error, msg.sha256));
        },
        (reason) =>
          settle(
            fail(
              reason === 'cancelled'
                ? cancelled()
                : { code: 'internal', message: `Intake of “${fileName}” failed: ${reason}.` },
              null,
            ),
          ),
      );
      const onAbort = (): void => handle.cancel();
      call.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Expands a dropped zip in memory (see expandZip); a .3mf is not expanded. */
  expandArchive(bytes: Uint8Array, fileName: string): ExpandedItem[] {
    if (!isModelArchive(fileName, bytes)) return [{ ok: true, fileName, bytes }];
    try {
      return expandZip(bytes, fileName, this.limits);
    } catch (err) {
      const error =
        err instanceof IntakeError
          ? err.toShape()
          : { code: 'internal' as const, message: String(err) };
      return [{ ok: false, fileName, error }];
    }
  }

  /** Expands files, folders and zips from disk (for the CLI and folder drops). */
  expandPaths(paths: readonly string[]): Promise<ExpandedItem[]> {
    return expandPaths(paths, this.limits);
  }

  /** Analyses many inputs through the pool; errors of one never block the others. */
  async analyseAll(
    items: readonly ExpandedItem[],
    call: Omit<AnalyseCall, 'onProgress'> & {
      onProgress?: (fileName: string, fraction: number, stage: string) => void;
    } = {},
  ): Promise<IntakeOutcome[]> {
    return Promise.all(
      items.map((item): Promise<IntakeOutcome> => {
        if (!item.ok) {
          const { name, quantity } = quantityFromFileName(item.fileName);
          return Promise.resolve({
            ok: false,
            sha256: null,
            fileName: item.fileName,
            name,
            quantity,
            sizeBytes: 0,
            error: item.error,
            verdict: verdictForError(item.error),
          });
        }
        const { onProgress, ...rest } = call;
        return this.analyse(item.bytes, item.fileName, {
          ...rest,
          ...(onProgress
            ? { onProgress: (f: number, s: string) => onProgress(item.fileName, f, s) }
            : {}),
        });
      }),
    );
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

function cancelled(): IntakeErrorShape {
  return { code: 'cancelled', message: 'Intake was cancelled.' };
}
