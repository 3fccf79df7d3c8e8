import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WireResult } from '../../shared/api';
import type { Job, Model, Plan } from '../../shared/domain';
import { openCore, type Core } from './index';
import { createInProcessPlanner } from './services/in-process-planner';
import type { PlannerService } from './services/planner-service';

// The core must not trust the nesting engine: a re-nested plate goes through the independent
// validator before it is stored. A planner whose re-nest returns overlapping parts stands in for
// an engine bug.
let core: Core;
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

const dispatch = (channel: string, input: unknown): Promise<WireResult> =>
  core.dispatcher.dispatch(channel, input, { actor: 'test' });
async function ok<T>(channel: string, input: unknown): Promise<T> {
  const r = await dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

beforeAll(async () => {
  core = openCore({
    workspaceDir: mkdtempSync(join(tmpdir(), 'ps-renest-validate-')),
    host: 'browser',
    log: () => {},
    planner,
  });
  for (;;) {
    const models = await ok<Model[]>('models.list', {});
    if (models.every((m) => m.facts !== null || m.status === 'rejected')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const proposal = await ok<{ plan: Plan }>('plans.propose', {
    strategy: 'ffdh',
    timeLimitSeconds: 2,
  });
  const plan = await ok<Plan>('plans.accept', { id: proposal.plan.id });
  job = [...plan.jobs].sort((a, b) => b.placements.length - a.placements.length)[0] as Job;
}, 180_000);
afterAll(() => core.close());

describe('jobs.renest checks the arrangement before storing it', () => {
  it('refuses an invalid plate with a typed error and keeps the stored plate', async () => {
    expect(job.placements.length).toBeGreaterThan(1);
    const before = (await ok<Plan>('plans.current', {})).jobs.find((j) => j.id === job.id);
    mode = 'overlap';
    const r = await dispatch('jobs.renest', { id: job.id });
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
