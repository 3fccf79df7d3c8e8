import { describe, expect, it } from 'vitest';
import example from '../../resources/scenarios/example.json';
import { type Plan } from '../domain/plan';
import { plan, type PlanningResult } from './planner';
import { buildContext } from './problem';
import { type ScenarioInput, scenarioToInput } from './scenario';
import { minutesFromIso } from './time';
import { formatLocal, toZoned } from './tz';
import { validatePlan } from './validate';

/**
 * Seed 002's worked example (Tables 2–5): two printers, one operator with the hours of Table 2,
 * 30-minute removal, the parts with Table 4's print times. The paper's last removal (Table 3,
 * job 4) is Monday 08:00–08:30 of the following week.
 */
const TZ = 'Europe/Berlin';
const PAPER_LAST_REMOVAL_END = Date.parse('2024-03-11T07:30:00Z'); // Mon 2024-03-11 08:30 CET

/** Table 2 as (ISO weekday → [start, end] minutes of the local day). */
const TABLE_2: Record<number, [number, number] | undefined> = {
  1: [480, 540],
  2: [480, 540],
  3: [480, 540],
  4: [600, 660],
  5: [780, 840],
};

function insideTable2(isoStart: string, isoEnd: string): boolean {
  const a = toZoned(Date.parse(isoStart), TZ);
  const b = toZoned(Date.parse(isoEnd), TZ);
  const slot = TABLE_2[a.weekday];
  if (!slot || a.day !== b.day) return false;
  return a.minuteOfDay >= slot[0] - 1e-6 && b.minuteOfDay <= slot[1] + 1e-6;
}

function checkAcceptance(result: PlanningResult, scenario: ScenarioInput, parts: number): void {
  const p: Plan = result.plan;
  const ctx = buildContext(scenarioToInput(scenario));
  expect(validatePlan(ctx, p)).toEqual([]);
  expect(result.kpis.partsPlanned).toBe(parts);
  expect(result.unplanned).toEqual([]);
  // Every setup and removal inside an operator slot of Table 2.
  for (const job of p.jobs) {
    for (const t of job.tasks) {
      expect(
        insideTable2(t.start, t.end),
        `${t.kind} ${formatLocal(Date.parse(t.start), TZ)}`,
      ).toBe(true);
    }
  }
  // One task at a time for the single operator.
  const tasks = p.jobs
    .flatMap((j) => j.tasks)
    .sort(
      (a, b) => Date.parse(a.start) - Date.parse(b.start) || Date.parse(a.end) - Date.parse(b.end),
    );
  for (let i = 1; i < tasks.length; i++) {
    expect(Date.parse(tasks[i]!.start)).toBeGreaterThanOrEqual(Date.parse(tasks[i - 1]!.end));
  }
  // No printer runs two jobs at once (setup to removal).
  for (const printerId of ['printer-1', 'printer-2']) {
    const spans = p.jobs
      .filter((j) => j.printerId === printerId)
      .map((j) => ({
        from: Math.min(...j.tasks.map((t) => Date.parse(t.start))),
        to: Math.max(...j.tasks.map((t) => Date.parse(t.end))),
      }))
      .sort((a, b) => a.from - b.from);
    for (let i = 1; i < spans.length; i++)
      expect(spans[i]!.from).toBeGreaterThanOrEqual(spans[i - 1]!.to);
  }
  // The last removal is no later than the paper's (Monday 08:00–08:30).
  const lastRemovalEnd = Math.max(
    ...p.jobs.flatMap((j) =>
      j.tasks.filter((t) => t.kind === 'removal').map((t) => Date.parse(t.end)),
    ),
  );
  expect(lastRemovalEnd).toBeLessThanOrEqual(PAPER_LAST_REMOVAL_END);
}

describe("seed 002's worked example", () => {
  const scenario = example as unknown as ScenarioInput;

  it('is the paper’s data: Table 4 print times, Table 5 quantities, Table 2 hours', () => {
    const input = scenarioToInput(scenario);
    const parts = input.orders.flatMap((o) => o.lines).reduce((s, l) => s + l.quantity, 0);
    expect(parts).toBe(40); // Table 5 lists 40 planned copies (the text speaks of a 42-part project)
    const xy = input.models.find((m) => m.name === 'F-XY.stl');
    expect(xy?.printMinutes['*']).toBeCloseTo(22 * 60 + 55 + 59 / 60, 6);
    expect(input.calendar.slots).toHaveLength(5);
  });

  it('plans every part inside Table 2’s operator hours, the last removal no later than the paper’s', () => {
    const result = plan(scenarioToInput(scenario));
    checkAcceptance(result, scenario, 40);
    expect(result.kpis.lateParts).toBe(0);
    // Printers run through the night and the weekend: jobs span the unattended hours.
    expect(
      result.plan.jobs.some((j) => minutesFromIso(j.end) - minutesFromIso(j.start) > 48 * 60),
    ).toBe(true);
    expect(result.stats.backwardJobs).toBeGreaterThan(0);
  });

  it('still meets the paper’s last removal with 42 parts (two more short copies)', () => {
    const more = structuredClone(scenario) as {
      orders: { lines: { model: string; quantity: number }[] }[];
    };
    const rollers = more.orders[1]!;
    rollers.lines.find((l) => l.model === 'F-Spacer.stl')!.quantity += 1;
    rollers.lines.find((l) => l.model === 'F-RollerPlate.stl')!.quantity += 1;
    const result = plan(scenarioToInput(more as unknown as ScenarioInput));
    checkAcceptance(result, more as unknown as ScenarioInput, 42);
  });

  it('with 15-minute setups, every setup (not only removals) lies inside Table 2’s hours', () => {
    // The example's setups take 0 minutes (seed 002 starts the next job as the removal ends), so
    // a setup at a slot's last minute would pass; 15 minutes make the slot check bite.
    const withSetup = structuredClone(scenario) as { settings?: Record<string, unknown> };
    withSetup.settings = { ...(withSetup.settings ?? {}), setupMinutes: 15 };
    const s = withSetup as unknown as ScenarioInput;
    const result = plan(scenarioToInput(s));
    const setups = result.plan.jobs.flatMap((j) => j.tasks.filter((t) => t.kind === 'setup'));
    expect(setups.length).toBe(result.plan.jobs.length);
    for (const t of setups) {
      expect(Date.parse(t.end) - Date.parse(t.start)).toBe(15 * 60_000);
      expect(insideTable2(t.start, t.end), formatLocal(Date.parse(t.start), TZ)).toBe(true);
    }
    // The print starts after its setup ends, on the same printer.
    for (const job of result.plan.jobs) {
      const setup = job.tasks.find((t) => t.kind === 'setup')!;
      expect(Date.parse(job.start)).toBeGreaterThanOrEqual(Date.parse(setup.end));
    }
    expect(validatePlan(buildContext(scenarioToInput(s)), result.plan)).toEqual([]);
    expect(result.kpis.partsPlanned + result.kpis.partsUnplanned).toBe(40);
  });

  it('is deterministic', () => {
    const a = plan(scenarioToInput(scenario), { seed: 7 });
    const b = plan(scenarioToInput(scenario), { seed: 7 });
    expect(b.plan).toEqual(a.plan);
  });

  it('every strategy gives a valid plan on the example; plateshift has the least waiting', () => {
    const input = scenarioToInput(scenario);
    const ctx = buildContext(input);
    const results = (['plateshift', 'fcfs', 'olcq', 'ffdh', 'ffdh-ga'] as const).map((s) =>
      plan(input, { strategy: s }),
    );
    for (const r of results) expect(validatePlan(ctx, r.plan), r.run.strategy).toEqual([]);
    const [ours, ...baselines] = results;
    for (const r of baselines)
      expect(ours!.kpis.waitingPlateHours).toBeLessThanOrEqual(r.kpis.waitingPlateHours);
  });
});
