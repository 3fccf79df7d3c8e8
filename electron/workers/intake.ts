// Intake worker: parses and analyses one model file at a time, off the main thread.
// Protocol: electron/core/intake/protocol.ts. Cancellation reads a shared flag inside the
// analysis loops, so a long file stops within milliseconds without terminating the thread.
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import {
  type IntakeJobMessage,
  type IntakeResult,
  type IntakeWorkerMessage,
} from '../core/intake/protocol';
import {
  IntakeError,
  analyseModel,
  parseModelFile,
  quantityFromFileName,
  rotateMesh,
  scaleMesh,
  type CancelSignal,
  type ParsedModel,
} from '../../shared/geometry';

function post(msg: IntakeWorkerMessage, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(msg, transfer);
}

export function runJob(job: IntakeJobMessage, send: typeof post = post): void {
  const started = performance.now();
  const flag = new Int32Array(job.cancel);
  const signal: CancelSignal = {
    get aborted() {
      return Atomics.load(flag, 0) === 1;
    },
  };
  const bytes = new Uint8Array(job.bytes);
  let sha256: string | null = null;
  let lastStage = '';
  let lastTime = 0;
  const progress = (fraction: number, stage: string): void => {
    const now = performance.now();
    // Throttle: a message per stage or per 100 ms is plenty for a progress bar (a message per
    // 2 % cost ~50 structured clones per file, most of them for files judged in 30 ms).
    if (fraction < 1 && stage === lastStage && now - lastTime < 100) return;
    lastStage = stage;
    lastTime = now;
    send({ type: 'progress', jobId: job.jobId, fraction, stage });
  };
  try {
    progress(0, 'hashing');
    sha256 = createHash('sha256').update(bytes).digest('hex');
    progress(0.02, 'reading file');
    let parsed: ParsedModel = parseModelFile(bytes, job.fileName, { limits: job.limits, signal });
    const { scale, rotation } = job.options;
    if (scale !== undefined && scale !== 1) parsed = scaleMesh(parsed, scale);
    if (rotation && rotation.length === 9) parsed = rotateMesh(parsed, rotation);
    progress(0.15, 'analysing');
    const analysis = analyseModel(parsed, {
      printers: job.printers,
      signal,
      onProgress: (f, stage) => progress(0.15 + 0.85 * f, stage),
      ...(job.options.overhangAngleDeg !== undefined
        ? { overhangAngleDeg: job.options.overhangAngleDeg }
        : {}),
      ...(job.options.supportAreaThresholdMm2 !== undefined
        ? { supportAreaThresholdMm2: job.options.supportAreaThresholdMm2 }
        : {}),
      ...(job.options.footprintToleranceMm !== undefined
        ? { footprintToleranceMm: job.options.footprintToleranceMm }
        : {}),
      ...(job.options.weldToleranceMm !== undefined
        ? { weldToleranceMm: job.options.weldToleranceMm }
        : {}),
      ...(job.options.suggestOrientation !== undefined
        ? { suggestOrientation: job.options.suggestOrientation }
        : {}),
    });
    const { name, quantity } = quantityFromFileName(job.fileName);
    const result: IntakeResult = {
      sha256,
      fileName: job.fileName,
      name,
      quantity,
      format: parsed.format,
      ...(parsed.encoding ? { encoding: parsed.encoding } : {}),
      sizeBytes: bytes.byteLength,
      facts: analysis.facts,
      verdict: analysis.verdict,
      details: analysis.details,
      notes: parsed.notes,
      parts: parsed.parts,
      elapsedMs: Math.round((performance.now() - started) * 100) / 100,
    };
    const transfer: ArrayBuffer[] = [];
    if (job.options.returnMesh) {
      const positions = parsed.positions.slice(0, parsed.triangleCount * 9);
      result.positions = positions;
      transfer.push(positions.buffer);
    }
    send({ type: 'progress', jobId: job.jobId, fraction: 1, stage: 'done' });
    send({ type: 'result', jobId: job.jobId, result }, transfer);
  } catch (err) {
    const error =
      err instanceof IntakeError
        ? err.toShape()
        : {
            code: 'internal' as const,
            message:
              `Intake of “${job.fileName}” failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`.slice(
                0,
                500,
              ),
          };
    send({ type: 'error', jobId: job.jobId, sha256, error });
  }
}

if (parentPort) {
  parentPort.on('message', (msg: unknown) => {
    if (typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === 'analyse') {
      runJob(msg as IntakeJobMessage);
    }
  });
}
