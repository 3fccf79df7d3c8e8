import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { IntakeService } from '../core/intake';
import { type IntakeJobMessage, type IntakeWorkerMessage } from '../core/intake/protocol';
import { box, encodeBinaryStl, sphere, torus } from '../../shared/geometry';
import { rectangleBed } from '../../shared/domain';

const workerPath = resolve(__dirname, '../../dist/workers/intake.cjs');

function job(
  bytes: Uint8Array,
  fileName: string,
  jobId = 1,
): { msg: IntakeJobMessage; flag: Int32Array } {
  const cancel = new SharedArrayBuffer(4);
  const buffer = bytes.slice().buffer;
  return {
    msg: {
      type: 'analyse',
      jobId,
      bytes: buffer,
      fileName,
      printers: [],
      limits: {},
      options: { returnMesh: true },
      cancel,
    },
    flag: new Int32Array(cancel),
  };
}

function runInWorker(
  msg: IntakeJobMessage,
  onProgress?: (m: IntakeWorkerMessage) => void,
): Promise<{ final: IntakeWorkerMessage; progress: number[] }> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(workerPath);
    const progress: number[] = [];
    worker.on('message', (m: IntakeWorkerMessage) => {
      if (m.type === 'progress') {
        progress.push(m.fraction);
        onProgress?.(m);
        return;
      }
      void worker.terminate();
      resolvePromise({ final: m, progress });
    });
    worker.on('error', reject);
    worker.postMessage(msg, [msg.bytes]);
  });
}

describe('intake worker (dist/workers/intake.cjs)', () => {
  it('is built', () => {
    expect(existsSync(workerPath)).toBe(true);
  });

  it('analyses a transferred STL and reports progress up to 1', async () => {
    const { msg } = job(encodeBinaryStl(sphere(20, 128, 64)), 'ball_x3.stl');
    const { final, progress } = await runInWorker(msg);
    expect(final.type).toBe('result');
    if (final.type !== 'result') return;
    expect(final.result.name).toBe('ball');
    expect(final.result.quantity).toBe(3);
    expect(final.result.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(final.result.facts.triangles).toBe(2 * 128 * 63);
    expect(final.result.facts.watertight).toBe(true);
    expect(final.result.positions?.length).toBe(final.result.facts.triangles * 9);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress[progress.length - 1]).toBe(1);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1] as number);
  });

  it('posts a typed error for bad input', async () => {
    const png = new Uint8Array(100);
    png.set([0x89, 0x50, 0x4e, 0x47]);
    const { final } = await runInWorker(job(png, 'photo.stl').msg);
    expect(final).toMatchObject({ type: 'error', error: { code: 'wrong-content' } });
  });

  it('stops when the shared cancel flag is set', async () => {
    const { msg, flag } = job(encodeBinaryStl(torus(50, 10, 800, 400)), 'big.stl');
    const { final } = await runInWorker(msg, (m) => {
      if (m.type === 'progress' && m.fraction > 0.2) Atomics.store(flag, 0, 1);
    });
    expect(final).toMatchObject({ type: 'error', error: { code: 'cancelled' } });
  });
});

describe('IntakeService pool', () => {
  const service = new IntakeService({
    workerPath,
    printers: [{ id: 'mk3', name: 'MK3S', bed: rectangleBed(250, 210), maxHeightMm: 210 }],
  });
  afterAll(() => service.close());

  it('uses min(2, cores) workers', () => {
    expect(service.poolSize).toBeGreaterThanOrEqual(1);
    expect(service.poolSize).toBeLessThanOrEqual(2);
  });

  it('runs several files with per-file progress; one bad file does not block the others', async () => {
    const seen = new Map<string, number[]>();
    const items = [
      { ok: true as const, fileName: 'a.stl', bytes: encodeBinaryStl(box(10, 10, 10)) },
      {
        ok: true as const,
        fileName: 'broken.stl',
        bytes: encodeBinaryStl(box(10, 10, 10)).slice(0, 300),
      },
      { ok: true as const, fileName: 'c_x2.stl', bytes: encodeBinaryStl(sphere(30, 64, 32)) },
      { ok: true as const, fileName: 'tall.stl', bytes: encodeBinaryStl(box(10, 10, 300)) },
    ];
    const out = await service.analyseAll(items, {
      onProgress: (file, f) => seen.set(file, [...(seen.get(file) ?? []), f]),
    });
    expect(out.map((o) => o.ok)).toEqual([true, false, true, true]);
    expect(out[1]).toMatchObject({
      ok: false,
      error: { code: 'stl-truncated' },
      verdict: { level: 'error' },
    });
    expect(out[2]).toMatchObject({ ok: true, name: 'c', quantity: 2 });
    expect(out[3]).toMatchObject({ ok: true, verdict: { level: 'error' } });
    expect(seen.get('c_x2.stl')?.at(-1)).toBe(1);
  });

  it('gives the same sha256 for the same bytes', async () => {
    const bytes = encodeBinaryStl(box(12, 12, 12));
    const [a, b] = await Promise.all([
      service.analyse(bytes, 'x.stl'),
      service.analyse(bytes, 'y.stl'),
    ]);
    expect(a?.sha256).toBe(b?.sha256);
  });

  it('cancels one file through an AbortSignal and keeps serving the next', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const big = service.analyse(encodeBinaryStl(torus(50, 10, 800, 400)), 'big.stl', {
      signal: controller.signal,
      onProgress: (f) => {
        if (f > 0.2) controller.abort();
      },
    });
    const outcome = await big;
    expect(outcome).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(Date.now() - started).toBeLessThan(60_000);
    const next = await service.analyse(encodeBinaryStl(box(5, 5, 5)), 'small.stl');
    expect(next.ok).toBe(true);
  });

  it('cancels a queued file without running it', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await service.analyse(encodeBinaryStl(box(5, 5, 5)), 'never.stl', {
      signal: controller.signal,
    });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('applies the ×25.4 inch fix as an option', async () => {
    const bytes = encodeBinaryStl(box(2, 3, 1));
    const before = await service.analyse(bytes, 'inch.stl');
    const after = await service.analyse(bytes, 'inch.stl', { options: { scale: 25.4 } });
    expect(before.ok && before.verdict.reasons.some((r) => r.code === 'inch-units')).toBe(true);
    expect(after.ok && after.facts.bbox.max.x).toBeCloseTo(50.8, 3);
    expect(after.ok && after.verdict.reasons.some((r) => r.code === 'inch-units')).toBe(false);
  });
});
