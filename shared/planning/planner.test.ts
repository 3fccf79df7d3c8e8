import { describe, expect, it } from 'vitest';
import { type Job } from '../domain/plan';
import { randomScenario } from './fixtures';
import { plan, STRATEGIES } from './planner';
import { buildContext } from './problem';
import { applyTrigger } from './replan';
import { scenarioToInput } from './scenario';
import { validatePlan } from './validate';
import { createVolumetricEstimator, type Estimator } from './estimator';
import { PlanningCancelled } from './heuristic';
import { createNestingPlateChecker } from './nesting-checker';
import { createAreaPlateChecker } from './plate';
import { toZoned } from './tz';

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
        expect(r.kpis.partsPlanned + r.kpis.partsUnplanned).toBe(
          ctx.parts.length + ctx.excluded.size,
        );
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
      // Every fixture gives enough jobs to pin three: the property is never checked vacuously.
      expect(jobs.length).toBeGreaterThanOrEqual(3);
      // Lock one job, approve another, mark a third as printing (first, middle and last).
      const statuses: Job['status'][] = ['planned', 'approved', 'printing'];
      const pinned = [0, Math.floor(jobs.length / 2), jobs.length - 1].map((i) => jobs[i]!);
      expect(pinned).toHaveLength(3);
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
      expect(frozen).toHaveLength(3);
      // Something changes: a printer goes down for a day and a new urgent order arrives.
      let next = applyTrigger(
        { ...input, previousPlan },
        {
          kind: 'printer-down',
          printerId: input.printers[input.printers.length - 1]!.id,
          from: input.start,
          until: new Date(Date.parse(input.start) + 86_400_000).toISOString(),
        },
      );
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
            lines: next.orders[0]!.lines.map((l) => ({
              ...l,
              id: `urgent-${l.id}`,
              orderId: 'urgent',
              parts: [],
            })),
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
      // The re-plan really re-planned: the urgent order's parts are on new jobs or reported.
      const urgentParts = second.plan.jobs
        .flatMap((j) => j.placements)
        .filter((p) => p.partId.startsWith('urgent-'));
      const urgentUnplanned = second.unplanned.filter((u) => u.partId.startsWith('urgent-'));
      expect(urgentParts.length + urgentUnplanned.length).toBeGreaterThan(0);
    });
  }
});

describe('time zones end to end', () => {
  for (const [label, start] of [
    ['spring DST change (Europe/Berlin, 2024-03-31)', '2024-03-27T07:00'],
    ['autumn DST change (Europe/Berlin, 2024-10-27)', '2024-10-23T07:00'],
  ] as const) {
    it(`keeps every task inside the local 08:00–10:00 shift across the ${label}`, () => {
      const scenario = {
        timezone: 'Europe/Berlin',
        start,
        horizonDays: 10,
        settings: { setupMinutes: 15, removalMinutes: 20, bufferMinutes: 10 },
        printers: [
          { id: 'a', bed: { width: 200, depth: 200 }, maxHeightMm: 200 },
          { id: 'b', bed: { width: 200, depth: 200 }, maxHeightMm: 200 },
        ],
        operators: [
          {
            id: 'ann',
            slots: [
              {
                days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
                start: '08:00',
                end: '10:00',
              },
            ],
          },
        ],
        models: [
          { name: 'short.stl', widthMm: 30, depthMm: 30, heightMm: 10, printTime: '3:00' },
          { name: 'long.stl', widthMm: 40, depthMm: 40, heightMm: 30, printTime: '19:00' },
        ],
        orders: [
          {
            id: 'o1',
            lines: [
              { model: 'short.stl', quantity: 12 },
              { model: 'long.stl', quantity: 4 },
            ],
          },
        ],
      };
      const input = scenarioToInput(scenario);
      const r = plan(input);
      expect(validatePlan(buildContext(input), r.plan)).toEqual([]);
      expect(r.kpis.partsPlanned).toBe(16);
      for (const job of r.plan.jobs) {
        for (const t of job.tasks) {
          const a = toZoned(Date.parse(t.start), 'Europe/Berlin');
          const b = toZoned(Date.parse(t.end), 'Europe/Berlin');
          expect(a.minuteOfDay, `${t.kind} at ${t.start}`).toBeGreaterThanOrEqual(8 * 60);
          expect(b.minuteOfDay, `${t.kind} until ${t.end}`).toBeLessThanOrEqual(10 * 60);
        }
      }
    });
  }
});

describe('plate checkers and estimators are pluggable', () => {
  const input = scenarioToInput(randomScenario(5));

  it('plans with the nesting engine as plate checker', () => {
    const r = plan(input, {
      checker: createNestingPlateChecker({ timeLimitMs: 30, workLimit: 200 }),
    });
    expect(r.run.checker).toBe('nesting-plateshift');
    expect(
      validatePlan(buildContext(input, { checker: createNestingPlateChecker() }), r.plan),
    ).toEqual([]);
  });

  it('plans with the area check (no layouts) when asked', () => {
    const checker = createAreaPlateChecker(0.6);
    const r = plan(input, { checker });
    expect(validatePlan(buildContext(input, { checker }), r.plan)).toEqual([]);
  });

  it('uses a slicer-backed estimator’s exact plate time', () => {
    const base = createVolumetricEstimator(input.estimator);
    const sliced: Estimator = {
      ...base,
      name: 'sliced',
      // The "slicer" finds plates 20 % slower than the sum of their parts.
      refinePlate: (parts, profile, printer) =>
        5 + 1.2 * parts.reduce((s, p) => s + base.part(p, profile, printer).minutes, 0),
    };
    const r = plan(input, { estimator: sliced });
    expect(r.run.estimator).toBe('sliced');
    const ctx = buildContext(input, { estimator: sliced });
    expect(validatePlan(ctx, r.plan)).toEqual([]);
    for (const job of r.plan.jobs) {
      const sum = job.placements.reduce(
        (s, p) =>
          s +
          ctx.minutes(
            ctx.parts.findIndex((x) => x.id === p.partId),
            job.profileId!,
          ),
        0,
      );
      expect(job.estimateMinutes).toBeCloseTo(Math.ceil((5 + 1.2 * sum) * 60 - 1e-6) / 60, 3);
    }
  });

  it('stops when cancelled', () => {
    let calls = 0;
    expect(() => plan(input, { shouldStop: () => ++calls > 2 })).toThrow(PlanningCancelled);
  });
});
