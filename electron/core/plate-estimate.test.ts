import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, Plan } from '../../shared/domain';
import {
  acceptedFullestJob,
  openTestCore,
  waitForAnalysedModels,
  type TestCore,
} from './test-support/core';

// A plate edited by hand keeps an honest span: the job's estimate, margin and end follow what is
// on the plate, estimated the way the planner estimated it.
let t: TestCore;
let job: Job;
const ok = <T>(channel: string, input: unknown) => t.ok<T>(channel, input);
const minutes = (j: Job) => (Date.parse(j.end) - Date.parse(j.start)) / 60_000;

beforeAll(async () => {
  t = openTestCore('plate-estimate');
  await waitForAnalysedModels(t);
  job = await acceptedFullestJob(t);
}, 180_000);
afterAll(() => t.close());

describe('a plate edited by hand', () => {
  it('is re-estimated: fewer parts, shorter job; the planner’s figure comes back with them', async () => {
    expect(job.placements.length).toBeGreaterThan(1);
    const [kept, ...dropped] = job.placements;
    const fewer = await ok<Job>('jobs.setPlacements', { id: job.id, placements: [kept] });
    expect(fewer.estimateMinutes).toBeLessThan(job.estimateMinutes);
    expect(fewer.uncertaintyMinutes).toBeLessThanOrEqual(job.uncertaintyMinutes);
    expect(minutes(fewer)).toBeCloseTo(fewer.estimateMinutes, 1);
    expect(fewer.start).toBe(job.start);

    const back = await ok<Job>('jobs.setPlacements', {
      id: job.id,
      placements: [kept, ...dropped],
    });
    // The same estimator over the same parts: the planner's own figure, to the second.
    expect(back.estimateMinutes).toBeCloseTo(job.estimateMinutes, 1);
    // (the planner's end comes from the unrounded minutes: within a second)
    expect(Math.abs(Date.parse(back.end) - Date.parse(job.end))).toBeLessThanOrEqual(1000);
    const stored = (await ok<Plan>('plans.current', {})).jobs.find((j) => j.id === job.id);
    expect(stored).toMatchObject({ estimateMinutes: back.estimateMinutes, end: back.end });
  });

  it('moving or turning parts changes no time and reports no queue change', async () => {
    const seen: string[] = [];
    const stop = t.core.bus.subscribe((name, payload) => {
      if (name === 'changed') seen.push((payload as { entity: string }).entity);
    });
    const current = (await ok<Plan>('plans.current', {})).jobs.find((j) => j.id === job.id)!;
    const turned = await ok<Job>('jobs.setPlacements', {
      id: job.id,
      placements: current.placements.map((p, i) =>
        i === 0 ? { ...p, rotationDeg: (p.rotationDeg + 90) % 360 } : p,
      ),
    });
    stop();
    expect(turned.estimateMinutes).toBe(current.estimateMinutes);
    expect(seen).toEqual(['jobs']);
  });
});
