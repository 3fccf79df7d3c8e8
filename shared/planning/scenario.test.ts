import { describe, expect, it } from 'vitest';
import example from '../../resources/scenarios/example.json';
import { plan } from './planner';
import { buildContext } from './problem';
import { Scenario, type ScenarioInput, scenarioModelId, scenarioToInput } from './scenario';
import { validatePlan } from './validate';

const minimal: ScenarioInput = {
  timezone: 'Europe/Berlin',
  start: '2024-03-29T08:00',
  horizonDays: 5,
  printers: [{ id: 'p', bed: { width: 200, depth: 200 }, maxHeightMm: 200 }],
  operators: [{ id: 'ann', slots: [{ days: ['mon', 'fri'], start: '08:00', end: '10:00' }] }],
  exceptions: [{ date: '2024-04-01', kind: 'off' }],
  models: [{ name: 'a.stl', widthMm: 20, depthMm: 20, heightMm: 10, printTime: '1:30' }],
  orders: [{ id: 'o', due: '2024-04-02T12:00', lines: [{ model: 'a.stl', quantity: 3 }] }],
};

describe('scenario files', () => {
  it('the example validates against the schema', () => {
    expect(Scenario.safeParse(example).success).toBe(true);
  });

  it('turns friendly units into the planner input', () => {
    const input = scenarioToInput(minimal);
    expect(input.start).toBe('2024-03-29T07:00:00.000Z'); // 08:00 CET
    expect(input.orders[0]?.dueAt).toBe('2024-04-02T10:00:00.000Z'); // 12:00 CEST, after the DST change
    expect(input.calendar.slots.map((s) => s.weekday)).toEqual([1, 5]);
    expect(input.calendar.exceptions[0]).toMatchObject({
      operatorId: null,
      kind: 'off',
      start: '00:00',
      end: '24:00',
    });
    expect(input.models[0]?.printMinutes).toEqual({ '*': 90 });
    expect(input.models[0]?.id).toBe(scenarioModelId('a.stl'));
    expect(input.profiles[0]?.id).toBe('default');
    expect(input.printers[0]?.profileIds).toEqual(['default']);
  });

  it('explains mistakes', () => {
    expect(() =>
      scenarioToInput({
        ...minimal,
        orders: [{ id: 'o', lines: [{ model: 'nope.stl', quantity: 1 }] }],
      }),
    ).toThrow(/unknown model “nope.stl”/);
    expect(() => scenarioToInput({ ...minimal, timezone: 'Mars/Base' })).toThrow(
      /unknown time zone/,
    );
    expect(() =>
      scenarioToInput({
        ...minimal,
        printers: [{ id: 'p', bed: { width: 200, depth: 200 }, maxHeightMm: 200, profiles: ['x'] }],
      }),
    ).toThrow(/unknown profile “x”/);
  });
});

describe('layer height requirement on order lines', () => {
  const twoHeights: ScenarioInput = {
    ...minimal,
    exceptions: [],
    profiles: [
      { id: 'pla-0.2', material: 'PLA', layerHeightMm: 0.2 },
      { id: 'pla-0.1', material: 'PLA', layerHeightMm: 0.1 },
    ],
    orders: [
      {
        id: 'fine',
        due: '2024-04-02T12:00',
        lines: [{ model: 'a.stl', quantity: 2, material: 'PLA', layerHeightMm: 0.1 }],
      },
      { id: 'any', lines: [{ model: 'a.stl', quantity: 2, material: 'PLA' }] },
      {
        id: 'none',
        lines: [{ model: 'a.stl', quantity: 1, material: 'PLA', layerHeightMm: 0.3 }],
      },
    ],
  };

  it('reaches the planner input and restricts the compatible profiles', () => {
    const input = scenarioToInput(twoHeights);
    expect(input.orders[0]?.lines[0]?.layerHeightMm).toBe(0.1);
    expect(input.orders[1]?.lines[0]?.layerHeightMm).toBeNull();
    const ctx = buildContext(input);
    const byLine = (line: string) => ctx.parts.filter((p) => p.lineId === line);
    for (const p of byLine('fine/1')) expect(p.profileIds).toEqual(['pla-0.1']);
    for (const p of byLine('any/1')) expect(p.profileIds).toEqual(['pla-0.2', 'pla-0.1']);
    for (const p of byLine('none/1')) expect(p.profileIds).toEqual([]);
  });

  it('plans the fine parts only on 0.1 mm jobs and reports the impossible one', () => {
    const input = scenarioToInput(twoHeights);
    const r = plan(input);
    expect(validatePlan(buildContext(input), r.plan)).toEqual([]);
    const fineJobs = r.plan.jobs.filter((j) =>
      j.placements.some((p) => p.partId.startsWith('fine/')),
    );
    expect(fineJobs.length).toBeGreaterThan(0);
    for (const j of fineJobs) expect(j.profileId).toBe('pla-0.1');
    const none = r.unplanned.find((u) => u.partId.startsWith('none/'));
    expect(none?.code).toBe('no-profile');
    expect(none?.reason).toMatch(/0\.3 mm layers/);
  });
});
