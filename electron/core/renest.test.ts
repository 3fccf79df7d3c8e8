import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, Model, Plan, Printer, SiteSettings } from '../../shared/domain';
import { validatePlate } from '../../shared/nesting';
import {
  acceptedFullestJob,
  openTestCore,
  waitForAnalysedModels,
  type TestCore,
} from './test-support/core';

// The hosts' core re-nests a plate in the nesting worker (dist/workers/nesting.cjs, built by
// the unit tests' global setup), so the thread that answers requests stays free meanwhile.
let t: TestCore;
let job: Job;
const ok = <T>(channel: string, input: unknown) => t.ok<T>(channel, input);

beforeAll(async () => {
  t = openTestCore('renest');
  await waitForAnalysedModels(t);
  job = await acceptedFullestJob(t);
}, 180_000);
afterAll(() => t.close());

async function plateViolations(j: Job): Promise<unknown[]> {
  const printer = (await ok<Printer[]>('printers.list', {})).find((p) => p.id === j.printerId)!;
  const settings = await ok<SiteSettings>('settings.get', {});
  const models = new Map((await ok<Model[]>('models.list', {})).map((m) => [m.id, m]));
  return validatePlate(
    { outline: printer.bed, exclusionZones: printer.exclusionZones },
    j.placements.map((p) => ({ id: p.partId, x: p.x, y: p.y, rotationDeg: p.rotationDeg })),
    j.placements.map((p) => {
      const f = models.get(p.modelId)?.facts;
      return { id: p.partId, footprint: f?.footprintOutline ?? f?.footprintHull ?? [] };
    }),
    settings.partSpacingMm,
  );
}

describe('re-nesting a plate in the studio', () => {
  it('keeps a hand-placed part where it is and returns a valid plate with every part', async () => {
    expect(job.placements.length).toBeGreaterThan(2);
    const [first, ...rest] = job.placements;
    const pinned = { ...first!, fixed: true };
    await ok<Job>('jobs.setPlacements', {
      id: job.id,
      placements: [pinned, ...rest.map((p) => ({ ...p, fixed: false }))],
    });
    const progress: number[] = [];
    const stop = t.core.bus.subscribe((name, payload) => {
      const p = payload as { taskId?: string; state?: string; done?: number };
      if (name === 'progress' && p.taskId === 'renest-1' && p.state === 'running' && p.done)
        progress.push(p.done);
    });
    const renested = await ok<Job>('jobs.renest', { id: job.id, taskId: 'renest-1' });
    stop();
    expect(renested.placements.map((p) => p.partId).sort()).toEqual(
      job.placements.map((p) => p.partId).sort(),
    );
    const kept = renested.placements.find((p) => p.partId === pinned.partId);
    expect(kept).toMatchObject({ x: pinned.x, y: pinned.y, rotationDeg: pinned.rotationDeg });
    expect(await plateViolations(renested)).toEqual([]);
    expect(progress.length).toBeGreaterThan(0);
    // Stored, not only answered.
    const current = await ok<Plan>('plans.current', {});
    expect(current.jobs.find((j) => j.id === job.id)?.placements).toEqual(renested.placements);
  }, 60_000);

  it('answers other requests while the worker nests', async () => {
    let renestDone = false;
    const running = t.dispatch('jobs.renest', { id: job.id }).then((r) => {
      renestDone = true;
      return r;
    });
    // Nesting in this thread would hold the event loop: no timer and no other request could
    // run before the re-nest had finished.
    await new Promise((r) => setTimeout(r, 10));
    await ok('workspace.info', {});
    expect(renestDone).toBe(false);
    expect((await running).ok).toBe(true);
  }, 60_000);
});
