import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanChanges, PlanProposal } from '../../shared/api/channels/plans';
import type { Job, Order, Plan, Printer } from '../../shared/domain';
import { openTestCore, waitForAnalysedModels, type TestCore } from './test-support/core';

/**
 * The manual job lifecycle and the two triggers it makes reachable (failed QC / printer free, and
 * a printer down and back), end to end through the contract on the demo workspace.
 */
let t: TestCore;
const ok = <T>(channel: string, input: unknown) => t.ok<T>(channel, input);
// ffdh: the fastest strategy; frozen jobs and printer status are handled by the shared problem.
const propose = () => ok<PlanProposal>('plans.propose', { strategy: 'ffdh' });

async function partStatus(): Promise<Map<string, string>> {
  const orders = await ok<Order[]>('orders.list', {});
  return new Map(
    orders.flatMap((o) => o.lines.flatMap((l) => l.parts.map((p) => [p.id, p.status]))),
  );
}

const partsOf = (j: Job) => j.placements.map((p) => p.partId);

beforeAll(async () => {
  t = openTestCore('lifecycle');
  await waitForAnalysedModels(t);
}, 180_000);
afterAll(() => t.close());

describe('job lifecycle and re-planning triggers through the contract', () => {
  // The demo plans two jobs on two printers: `checked` is printed and checked, `sent` is sent.
  let checked: Job;
  let sent: Job;
  let printers: Printer[];
  let failedPart: string;
  const printer = (id: string) => printers.find((p) => p.id === id)!;

  it('marks jobs sent, printing and printed in order, and refuses a skipped step', async () => {
    printers = await ok<Printer[]>('printers.list', {});
    const first = await propose();
    await ok<Plan>('plans.accept', { id: first.plan.id });
    const jobs = [...first.plan.jobs].sort((a, b) => b.placements.length - a.placements.length);
    checked = jobs[0]!;
    expect(checked.placements.length).toBeGreaterThanOrEqual(2);
    sent = jobs.find((j) => j.printerId !== checked.printerId)!;
    expect(sent).toBeDefined();

    const skipped = await t.dispatch('jobs.update', { id: checked.id, status: 'printed' });
    expect(skipped).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const done = await t.dispatch('jobs.update', { id: checked.id, status: 'done' });
    expect(done).toMatchObject({ ok: false, error: { code: 'validation' } });

    for (const status of ['approved', 'sent', 'printing', 'printed']) {
      const job = await ok<Job>('jobs.update', { id: checked.id, status });
      expect(job.status).toBe(status);
    }
    for (const status of ['approved', 'sent'])
      await ok<Job>('jobs.update', { id: sent.id, status });
    const parts = await partStatus();
    expect(partsOf(checked).map((p) => parts.get(p))).toEqual(
      partsOf(checked).map(() => 'printed'),
    );
  });

  it('reports QC: passed parts done, failed parts back in the queue, the job done', async () => {
    failedPart = partsOf(checked)[0]!;
    const job = await ok<Job>('jobs.reportQc', {
      jobId: checked.id,
      failedPartIds: [failedPart],
      note: 'warped corner',
    });
    expect(job.status).toBe('done');
    expect(partsOf(job)).not.toContain(failedPart);
    const parts = await partStatus();
    expect(parts.get(failedPart)).toBe('queued');
    for (const p of partsOf(job)) expect(parts.get(p)).toBe('done');
    const again = await t.dispatch('jobs.reportQc', { jobId: checked.id, failedPartIds: [] });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('lists the QC result and a printer going down as re-planning triggers', async () => {
    // The checked job is done, so nothing frozen holds its printer any more.
    await ok('printers.save', { ...printer(checked.printerId), status: 'offline' });
    const { changes } = await ok<PlanChanges>('plans.changes', {});
    expect(changes.map((c) => [c.kind, c.message])).toEqual([
      ['printer', `${printer(checked.printerId).name} is offline`],
      [
        'qc',
        `QC on ${printer(checked.printerId).name}: 1 part failed, back in the queue; printer free`,
      ],
    ]);
  });

  it('re-plans the failed part, keeps the sent job and leaves the offline printer empty', async () => {
    const next = await propose();
    const jobs = next.plan.jobs;
    expect(jobs.filter((j) => j.printerId === checked.printerId)).toEqual([]);
    const carrier = jobs.find((j) => partsOf(j).includes(failedPart));
    expect(carrier).toMatchObject({ status: 'planned' });
    expect(next.diff?.partsNewlyPlanned).toContain(failedPart);
    // Done parts are not printed twice.
    const doneParts = new Set(partsOf(checked).filter((p) => p !== failedPart));
    expect(jobs.flatMap(partsOf).filter((p) => doneParts.has(p))).toEqual([]);
    expect(jobs.find((j) => j.id === sent.id)).toMatchObject({
      printerId: sent.printerId,
      start: sent.start,
      end: sent.end,
      status: 'sent',
    });

    const inForce = await ok<Plan>('plans.accept', { id: next.plan.id });
    expect(inForce.jobs.find((j) => j.id === sent.id)?.status).toBe('sent');
    expect(inForce.jobs.find((j) => j.id === checked.id)?.status).toBe('done');
    expect((await partStatus()).get(failedPart)).toBe('planned');
    expect((await ok<PlanChanges>('plans.changes', {})).changes).toEqual([]);
  }, 120_000);

  it('reports a failed print and a printer back, and plans on the printer back', async () => {
    const failed = await ok<Job>('jobs.update', { id: sent.id, status: 'failed' });
    expect(failed).toMatchObject({ status: 'failed', placements: [] });
    const parts = await partStatus();
    for (const p of partsOf(sent)) expect(parts.get(p)).toBe('queued');
    await ok('printers.save', { ...printer(checked.printerId), status: 'available' });
    // The failed print's printer goes down, so whatever is planned now lands on the one back.
    await ok('printers.save', { ...printer(sent.printerId), status: 'maintenance' });
    const { changes } = await ok<PlanChanges>('plans.changes', {});
    const n = sent.placements.length;
    expect(changes.map((c) => [c.kind, c.message])).toEqual([
      ['printer', `${printer(sent.printerId).name} is in maintenance`],
      ['printer', `${printer(checked.printerId).name} is available again`],
      [
        'job',
        `Print failed on ${printer(sent.printerId).name}: ${n} ${n === 1 ? 'part' : 'parts'} back in the queue`,
      ],
    ]);
    const next = await propose();
    const back = next.plan.jobs.filter((j) => j.printerId === checked.printerId);
    expect(back.length).toBeGreaterThan(0);
    expect(next.plan.jobs.filter((j) => j.printerId === sent.printerId)).toEqual([]);
    const planned = new Set(next.plan.jobs.flatMap(partsOf));
    expect(back.flatMap(partsOf)).toContain(failedPart);
    // The failed print's parts fit only its own printer, now in maintenance: they wait, and say why.
    const why = new Map(next.plan.unplanned.map((u) => [u.partId, u.reason]));
    for (const p of partsOf(sent))
      expect(planned.has(p) || /offline or in maintenance/.test(why.get(p) ?? '')).toBe(true);
  }, 120_000);
});
