import { describe, expect, it } from 'vitest';
import example from '../../resources/scenarios/example.json';
import { plan } from './planner';
import { applyTrigger, diffPlans } from './replan';
import { type ScenarioInput, scenarioToInput } from './scenario';

const input = scenarioToInput(example as unknown as ScenarioInput);

describe('re-planning triggers', () => {
  const first = plan(input);
  const running = first.plan.jobs[0]!;
  const current = {
    ...first.plan,
    status: 'current' as const,
    jobs: first.plan.jobs.map((j) =>
      j.id === running.id ? { ...j, status: 'printing' as const } : j,
    ),
  };

  it('an unchanged input re-plans to the same jobs (stable ids)', () => {
    const again = plan({ ...input, previousPlan: current });
    expect(again.diff?.unchanged.length).toBe(first.plan.jobs.length);
    expect(again.diff?.added).toEqual([]);
    expect(again.diff?.summary).toMatch(/^\d+ unchanged, 0 moved, 0 added, 0 removed/);
  });

  it('failed QC sends the failed parts back to the queue and frees the printer', () => {
    const failed = running.placements.slice(0, 2).map((p) => p.partId);
    const next = applyTrigger(
      { ...input, previousPlan: current },
      { kind: 'qc-failed', jobId: running.id, failedPartIds: failed },
    );
    const r = plan(next);
    const planned = r.plan.jobs.flatMap((j) => j.placements.map((p) => p.partId));
    for (const id of failed) expect(planned).toContain(id);
    // The parts that passed QC are done: no longer planned anywhere.
    const passed = running.placements.slice(2).map((p) => p.partId);
    for (const id of passed) expect(planned).not.toContain(id);
    expect(r.plan.jobs.find((j) => j.id === running.id)).toBeUndefined();
  });

  it('printer down moves its unfrozen jobs to other printers or later', () => {
    const next = applyTrigger(
      { ...input, previousPlan: first.plan },
      { kind: 'printer-down', printerId: 'printer-2' },
    );
    const r = plan(next);
    expect(r.plan.jobs.every((j) => j.printerId === 'printer-1')).toBe(true);
    expect(r.diff!.removed.length + r.diff!.moved.length).toBeGreaterThan(0);
    const back = plan(
      applyTrigger(
        { ...next, previousPlan: r.plan },
        { kind: 'printer-back', printerId: 'printer-2' },
      ),
    );
    expect(back.plan.jobs.some((j) => j.printerId === 'printer-2')).toBe(true);
  });

  it('diffs report moved jobs by their parts', () => {
    const a = first.plan;
    const moved = {
      ...a,
      jobs: a.jobs.map((j, i) => (i === 0 ? { ...j, id: 'other', printerId: 'printer-9' } : j)),
    };
    const d = diffPlans(a, moved);
    expect(d.moved).toHaveLength(1);
    expect(d.moved[0]?.to.printerId).toBe('printer-9');
    expect(d.unchanged).toHaveLength(a.jobs.length - 1);
  });
});
