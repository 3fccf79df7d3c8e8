import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, Plan } from '../../shared/domain';
import { createInProcessPlanner } from './services/in-process-planner';
import type { PlannerService } from './services/planner-service';
import {
  acceptedFullestJob,
  openTestCore,
  waitForAnalysedModels,
  type TestCore,
} from './test-support/core';

// The core must not trust the nesting engine: a re-nested plate goes through the independent
// validator before it is stored. A planner whose re-nest returns overlapping parts stands in for
// an engine bug.
let mode: 'overlap' | 'honest' = 'honest';
let job: Job;

const planner: PlannerService = (() => {
  const real = createInProcessPlanner();
  return {
    propose: (input, options, task) => real.propose(input, options, task),
    async renest(j, db, task) {
      const arranged = await real.renest(j, db, task);
      if (mode === 'honest') return arranged;
      // Every part stacked on the first one's pose.
      const [first] = arranged;
      return arranged.map((p) => ({ ...p, x: first?.x ?? 0, y: first?.y ?? 0 }));
    },
    close: () => real.close(),
  };
})();

let t: TestCore;
const ok = <T>(channel: string, input: unknown) => t.ok<T>(channel, input);

beforeAll(async () => {
  t = openTestCore('renest-validate', { planner });
  await waitForAnalysedModels(t);
  job = await acceptedFullestJob(t);
}, 180_000);
afterAll(() => t.close());

describe('jobs.renest checks the arrangement before storing it', () => {
  it('refuses an invalid plate with a typed error and keeps the stored plate', async () => {
    expect(job.placements.length).toBeGreaterThan(1);
    const before = (await ok<Plan>('plans.current', {})).jobs.find((j) => j.id === job.id);
    mode = 'overlap';
    const r = await t.dispatch('jobs.renest', { id: job.id });
    mode = 'honest';
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('conflict');
    expect(r.error.message).toMatch(
      /^Re-nesting refused: the re-nested plate is invalid \(\d+ problems?, e\.g\. /,
    );
    expect(r.error.message).toMatch(/Nothing was saved; the plate is unchanged\.$/);
    const details = r.error.details as {
      kind: string;
      violations: { kind: string; ids: string[] }[];
    };
    expect(details.kind).toBe('invalid-plate');
    expect(details.violations.length).toBeGreaterThan(0);
    expect(details.violations.some((v) => v.kind === 'overlap')).toBe(true);
    const after = (await ok<Plan>('plans.current', {})).jobs.find((j) => j.id === job.id);
    expect(after?.placements).toEqual(before?.placements);
  }, 60_000);

  it('stores a valid plate as before', async () => {
    const renested = await ok<Job>('jobs.renest', { id: job.id });
    expect(renested.placements.map((p) => p.partId).sort()).toEqual(
      job.placements.map((p) => p.partId).sort(),
    );
    const current = await ok<Plan>('plans.current', {});
    expect(current.jobs.find((j) => j.id === job.id)?.placements).toEqual(renested.placements);
  }, 60_000);
});
