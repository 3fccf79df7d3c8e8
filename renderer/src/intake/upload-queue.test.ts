import { describe, expect, it } from 'vitest';
import { transition, UploadQueue, type JobContext, type UploadState } from './upload-queue';

/** A job the test finishes by hand. */
function deferredJob<R>() {
  let ctx: JobContext | undefined;
  let resolve!: (r: R) => void;
  let reject!: (e: unknown) => void;
  const run = (c: JobContext) => {
    ctx = c;
    return new Promise<R>((res, rej) => {
      resolve = res;
      reject = rej;
    });
  };
  return {
    run,
    get ctx() {
      if (!ctx) throw new Error('job has not started');
      return ctx;
    },
    get started() {
      return ctx !== undefined;
    },
    resolve: (r: R) => resolve(r),
    reject: (e: unknown) => reject(e),
  };
}

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

describe('the per-file state machine', () => {
  const walk = (events: Parameters<typeof transition>[1][]) =>
    events.reduce<UploadState>((s, e) => transition(s, e), 'queued');

  it('follows queued → reading → uploading → analysing → done', () => {
    expect(walk([{ type: 'start' }])).toBe('reading');
    expect(walk([{ type: 'start' }, { type: 'read' }])).toBe('uploading');
    expect(
      walk([{ type: 'start' }, { type: 'read' }, { type: 'progress', stage: 'parsing' }]),
    ).toBe('analysing');
    expect(
      walk([
        { type: 'start' },
        { type: 'read' },
        { type: 'progress' },
        { type: 'progress' },
        { type: 'succeed' },
      ]),
    ).toBe('done');
  });

  it('lets a file succeed without progress reports (a tiny file) and fail from any stage', () => {
    expect(walk([{ type: 'start' }, { type: 'read' }, { type: 'succeed' }])).toBe('done');
    expect(walk([{ type: 'start' }, { type: 'fail' }])).toBe('failed');
    expect(
      walk([{ type: 'start' }, { type: 'read' }, { type: 'progress' }, { type: 'fail' }]),
    ).toBe('failed');
  });

  it('ignores progress while still reading, and everything after the end', () => {
    expect(walk([{ type: 'start' }, { type: 'progress' }])).toBe('reading');
    expect(
      walk([{ type: 'start' }, { type: 'read' }, { type: 'succeed' }, { type: 'progress' }]),
    ).toBe('done');
    expect(walk([{ type: 'cancel' }, { type: 'start' }])).toBe('cancelled');
    expect(walk([{ type: 'start' }, { type: 'fail' }, { type: 'succeed' }])).toBe('failed');
  });
});

describe('the upload queue', () => {
  it('runs at most `concurrency` jobs and starts the next as one ends', async () => {
    const q = new UploadQueue<string>({ concurrency: 3 });
    const jobs = Array.from({ length: 7 }, () => deferredJob<string>());
    q.add(jobs.map((j, i) => ({ id: `f${i}`, run: j.run })));
    expect(jobs.map((j) => j.started)).toEqual([true, true, true, false, false, false, false]);
    expect(q.activeCount).toBe(3);
    jobs[1]!.resolve('one');
    await tick();
    expect(jobs.map((j) => j.started)).toEqual([true, true, true, true, false, false, false]);
    expect(q.get('f1')).toMatchObject({ state: 'done', result: 'one' });
    for (const j of jobs) if (j.started) j.resolve('x');
    await tick();
    for (const j of jobs) if (j.started) j.resolve('x');
    await tick();
    for (const j of jobs) if (j.started) j.resolve('x');
    await q.idle();
    expect(q.list().map((e) => e.state)).toEqual(Array(7).fill('done'));
  });

  it('keeps going when a job throws, synchronously or not', async () => {
    const q = new UploadQueue<number>({ concurrency: 1 });
    q.add([
      {
        id: 'sync-throw',
        run: () => {
          throw new Error('cannot read');
        },
      },
      { id: 'reject', run: () => Promise.reject(new Error('bad file')) },
      { id: 'ok', run: () => Promise.resolve(42) },
    ]);
    await q.idle();
    expect(q.list().map((e) => [e.id, e.state])).toEqual([
      ['sync-throw', 'failed'],
      ['reject', 'failed'],
      ['ok', 'done'],
    ]);
    expect((q.get('reject')?.error as Error).message).toBe('bad file');
  });

  it('reports stages and keeps the last stage text', async () => {
    const q = new UploadQueue<string>({ concurrency: 1 });
    const j = deferredJob<string>();
    const seen: string[] = [];
    q.subscribe((e) => seen.push(`${e.state}${e.stage ? `:${e.stage}` : ''}`));
    q.add([{ id: 'a', run: j.run }]);
    j.ctx.read();
    j.ctx.progress('parsing', 0.2);
    q.progress('a', 'welding vertices', 0.6);
    q.progress('a', undefined, 0.8);
    expect(q.get('a')).toMatchObject({
      state: 'analysing',
      stage: 'welding vertices',
      fraction: 0.8,
    });
    j.resolve('ok');
    await q.idle();
    expect(seen).toEqual([
      'queued',
      'reading',
      'uploading',
      'analysing:parsing',
      'analysing:welding vertices',
      'analysing:welding vertices',
      'done:welding vertices',
    ]);
  });

  it('cancels a waiting job at once without running it', async () => {
    const q = new UploadQueue<string>({ concurrency: 1 });
    const a = deferredJob<string>();
    const b = deferredJob<string>();
    q.add([
      { id: 'a', run: a.run },
      { id: 'b', run: b.run },
    ]);
    q.cancel('b');
    expect(q.get('b')?.state).toBe('cancelled');
    a.resolve('done');
    await q.idle();
    expect(b.started).toBe(false);
  });

  it('aborts a running job, asks the host to stop, and trusts the outcome', async () => {
    const asked: string[] = [];
    const q = new UploadQueue<string>({
      concurrency: 2,
      onCancelRunning: (id, state) => asked.push(`${id}@${state}`),
      isCancelError: (e) => (e as { code?: string }).code === 'cancelled',
    });
    const a = deferredJob<string>();
    const b = deferredJob<string>();
    q.add([
      { id: 'a', run: a.run },
      { id: 'b', run: b.run },
    ]);
    a.ctx.read();
    b.ctx.read();
    q.cancel('a');
    q.cancel('a'); // twice is once
    q.cancel('b');
    expect(a.ctx.signal.aborted).toBe(true);
    expect(asked).toEqual(['a@uploading', 'b@uploading']);
    // The host stopped a; b had already been stored when the cancel arrived.
    a.reject({ code: 'cancelled' });
    b.resolve('stored');
    await q.idle();
    expect(q.get('a')?.state).toBe('cancelled');
    expect(q.get('b')).toMatchObject({ state: 'done', result: 'stored', cancelRequested: true });
  });

  it('calls a failure a failure even if a cancel was asked for', async () => {
    const q = new UploadQueue<string>({ concurrency: 1 });
    const a = deferredJob<string>();
    q.add([{ id: 'a', run: a.run }]);
    q.cancel('a');
    a.reject(new Error('disk full'));
    await q.idle();
    expect(q.get('a')?.state).toBe('failed');
  });

  it('runs an exclusive section only when nothing is in flight, holding new starts', async () => {
    const q = new UploadQueue<string>({ concurrency: 2 });
    const jobs = Array.from({ length: 4 }, () => deferredJob<string>());
    q.add(jobs.map((j, i) => ({ id: `j${i}`, run: j.run })));
    const log: string[] = [];
    const section = q.exclusive(() => {
      log.push(`exclusive with ${q.activeCount} running`);
      return Promise.resolve('saved');
    });
    jobs[0]!.resolve('a');
    await tick();
    // j2 must not start while the section waits.
    expect(jobs[2]!.started).toBe(false);
    expect(log).toEqual([]);
    jobs[1]!.resolve('b');
    expect(await section).toBe('saved');
    expect(log).toEqual(['exclusive with 0 running']);
    await tick();
    expect(jobs[2]!.started && jobs[3]!.started).toBe(true);
    jobs[2]!.resolve('c');
    jobs[3]!.resolve('d');
    await q.idle();
  });

  it('runs exclusive sections one after the other, even when one fails', async () => {
    const q = new UploadQueue<string>({ concurrency: 2 });
    const order: string[] = [];
    const first = q.exclusive(async () => {
      order.push('first:start');
      await tick();
      order.push('first:end');
      throw new Error('conflict');
    });
    const second = q.exclusive(() => {
      order.push('second');
      return Promise.resolve(2);
    });
    await expect(first).rejects.toThrow('conflict');
    expect(await second).toBe(2);
    expect(order).toEqual(['first:start', 'first:end', 'second']);
    const j = deferredJob<string>();
    q.add([{ id: 'after', run: j.run }]);
    await tick();
    expect(j.started).toBe(true);
    j.resolve('x');
    await q.idle();
  });
});
