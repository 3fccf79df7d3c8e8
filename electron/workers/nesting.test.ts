import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  nest,
  type NestProgress,
  type NestRequest,
  Rng,
  validatePlate,
} from '../../shared/nesting';
import { NestWorkerError, type NestWorkerOut, runNestingWorker } from './nesting';

const WORKER = resolve(__dirname, '..', '..', 'dist', 'workers', 'nesting.cjs');

const rect = (w: number, h: number) => [
  { x: 0, y: 0 },
  { x: w, y: 0 },
  { x: w, y: h },
  { x: 0, y: h },
];

function request(n: number, extra: Partial<NestRequest> = {}): NestRequest {
  const rng = new Rng(4);
  return {
    bed: { outline: rect(250, 210) },
    parts: Array.from({ length: n }, (_, i) => ({
      id: `p${i}`,
      footprint: rect(Math.round(rng.range(10, 40)), Math.round(rng.range(10, 40))),
    })),
    seed: 5,
    ...extra,
  };
}

describe('nesting worker', () => {
  it('returns the same result as an in-process run, with progress', async () => {
    const req = request(40, { workLimit: 20_000, timeLimitMs: 600_000 });
    const progress: NestProgress[] = [];
    const res = await runNestingWorker(WORKER, req, { onProgress: (p) => progress.push(p) });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1]?.phase).toBe('done');
    expect(res.placements).toEqual(nest(req).placements);
    expect(validatePlate(req.bed, res.placements, req.parts, 6)).toEqual([]);
  });

  it('cancels through the shared flag and still returns a valid partial result', async () => {
    const req = request(150, { timeLimitMs: 600_000 });
    const ctl = new AbortController();
    const res = await runNestingWorker(WORKER, req, {
      onProgress: (p) => {
        if (p.phase === 'improve') ctl.abort();
      },
      signal: ctl.signal,
    });
    expect(res.cancelled).toBe(true);
    expect(res.placements.length).toBeGreaterThan(0);
    expect(validatePlate(req.bed, res.placements, req.parts, 6)).toEqual([]);
  });

  it('reports invalid input as a validation error', async () => {
    const bad = request(2);
    bad.parts[0] = {
      id: 'flat',
      footprint: [
        { x: 0, y: 0 },
        { x: 1, y: 1 },
        { x: 2, y: 2 },
      ],
    };
    await expect(runNestingWorker(WORKER, bad)).rejects.toThrow(NestWorkerError);
    await expect(runNestingWorker(WORKER, bad)).rejects.toThrow(/Part “flat”.*zero area/);
    // A malformed envelope is answered too (never a crash).
    const out = await new Promise<NestWorkerOut>((done) => {
      const w = new Worker(WORKER);
      w.on('message', (m: NestWorkerOut) => {
        void w.terminate();
        done(m);
      });
      w.postMessage({ type: 'nest', requestId: 'x', request: { parts: 3 } });
    });
    expect(out.type).toBe('error');
    if (out.type === 'error') expect(out.error.code).toBe('validation');
  });
});
