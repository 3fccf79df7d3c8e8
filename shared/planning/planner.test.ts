import { describe, expect, it } from 'vitest';
import { type Job } from '../domain/plan';
import { randomScenario } from './fixtures';
import { plan, STRATEGIES } from './planner';
import { buildContext } from './problem';
import { applyTrigger } from './replan';
import { scenarioToInput } from './scenario';
import { validatePlan } from './validate';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

describe('property: every strategy gives a valid plan on random scenarios', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}`, () => {
      const input = scenarioToInput(randomScenario(seed));
      const ctx = buildContext(input);
      for (const strategy of STRATEGIES) {
        const r = plan(input, { strategy, seed });
        // No overlaps per printer, tasks inside shifts and one at a time per operator, every part
        // planned once or unplanned with a reason, profiles and placements valid.
        expect(validatePlan(ctx, r.plan), `${strategy} on seed ${seed}`).toEqual([]);
        expect(r.kpis.partsPlanned + r.kpis.partsUnplanned).toBe(ctx.parts.length + ctx.excluded.size);
        for (const u of r.unplanned) expect(u.reason.length, u.partId).toBeGreaterThan(5);
      }
    });
  }

  it('reports an oversized part as too large, with sizes', () => {
    const r = plan(scenarioToInput(randomScenario(3)));
    const big = r.unplanned.find((u) => u.partId.startsWith('order-big'));
    expect(big?.code).toBe('too-large');
    expect(big?.reason).toMatch(/larger than the bed: 400×380 mm/);
  });
});

function frozenCopy(job: Job): Omit<Job, 'planId'> {
  const { planId: _planId, ...rest } = job;
  return rest;
}

describe('property: re-planning never moves locked, approved, sent or running jobs', () => {
  for (const seed of SEEDS.slice(0, 8)) {
    it(`seed ${seed}`, () => {
      const input = scenarioToInput(randomScenario(seed));
      const first = plan(input, { seed });
      const jobs = first.plan.jobs;
      if (jobs.length < 3) return;
      // Lock one job, approve another, mark a third as printing.
      const statuses: Job['status'][] = ['planned', 'approved', 'printing'];
      const pinned = jobs.filter((_, i) => i % 3 === 0).slice(0, 3);
      const previousPlan = {
        ...first.plan,
        status: 'current' as const,
        jobs: jobs.map((j) => {
          const k = pinned.indexOf(j);
          if (k < 0) return j;
          return { ...j, locked: k === 0, status: statuses[k] ?? 'planned' };
        }),
      };
      const frozen = previousPlan.jobs.filter((j) => j.locked || j.status !== 'planned');
      // Something changes: a printer goes down for a day and a new urgent order arrives.
      let next = applyTrigger({ ...input, previousPlan }, {
        kind: 'printer-down',
        printerId: input.printers[input.printers.length - 1]!.id,
        from: input.start,
        until: new Date(Date.parse(input.start) + 86_400_000).toISOString(),
      });
      next = {
        ...next,
        orders: [
          ...next.orders,
          {
            ...next.orders[0]!,
            id: 'urgent',
            reference: 'urgent',
            dueAt: new Date(Date.parse(input.start) + 2 * 86_400_000).toISOString(),
            priority: 10,
            lines: next.orders[0]!.lines.map((l) => ({ ...l, id: `urgent-${l.id}`, orderId: 'urgent', parts: [] })),
          },
        ],
      };
      const second = plan(next, { seed });
      for (const job of frozen) {
        const after = second.plan.jobs.find((j) => j.id === job.id);
        expect(after, job.id).toBeDefined();
        expect(frozenCopy(after!)).toEqual(frozenCopy(job));
      }
      expect(validatePlan(buildContext(next), second.plan)).toEqual([]);
      expect(second.diff).not.toBeNull();
      expect(second.diff!.unchanged).toEqual(expect.arrayContaining(frozen.map((j) => j.id)));
    });
  }
});
