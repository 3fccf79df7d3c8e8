import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanChanges } from '../../../../shared/api/channels/plans';
import type { Calendar, Model, Plan, Printer } from '../../../../shared/domain';
import { openTestCore, waitForAnalysedModels, type TestCore } from '../../test-support/core';

let t: TestCore;
const ok = <T>(channel: string, input: unknown) => t.ok<T>(channel, input);

beforeAll(async () => {
  t = openTestCore('changes');
  await waitForAnalysedModels(t);
}, 180_000);
afterAll(() => t.close());

describe('what changed since the plan in force (re-planning triggers)', () => {
  it('is empty without a plan and right after one is accepted', async () => {
    expect(await ok<PlanChanges>('plans.changes', {})).toEqual({
      planId: null,
      since: null,
      changes: [],
    });
    const proposal = await ok<{ plan: Plan }>('plans.propose', { strategy: 'ffdh' });
    // A proposal alone changes nothing in force.
    expect((await ok<PlanChanges>('plans.changes', {})).planId).toBeNull();
    await ok<Plan>('plans.accept', { id: proposal.plan.id });
    const after = await ok<PlanChanges>('plans.changes', {});
    expect(after.planId).toBe(proposal.plan.id);
    expect(after.changes).toEqual([]);
  }, 60_000);

  it('names a printer going down, a new order and a changed shift, newest first', async () => {
    const [printer] = await ok<Printer[]>('printers.list', {});
    await ok('printers.save', { ...printer, status: 'maintenance' });
    const [model] = await ok<Model[]>('models.list', {});
    await ok('orders.save', { reference: 'FL-2001', lines: [{ modelId: model!.id, quantity: 2 }] });
    const cal = await ok<Calendar>('calendar.get', {});
    const slot = cal.slots[0]!;
    await ok('slots.save', { ...slot, end: '11:00' });
    await ok('slots.save', { ...slot, end: '11:30' });
    const { changes } = await ok<PlanChanges>('plans.changes', {});
    const operator = cal.operators.find((o) => o.id === slot.operatorId)!.name;
    expect(changes.map((c) => c.message)).toEqual([
      `Shift of ${operator} changed (${['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][slot.weekday]} ${slot.start}–11:30)`,
      'Order FL-2001 added',
      `${printer!.name} is in maintenance`,
    ]);
    expect(changes.map((c) => c.kind)).toEqual(['calendar', 'order', 'printer']);
  });

  it('starts over when a new plan is accepted', async () => {
    const proposal = await ok<{ plan: Plan }>('plans.propose', { strategy: 'ffdh' });
    await ok<Plan>('plans.accept', { id: proposal.plan.id });
    expect((await ok<PlanChanges>('plans.changes', {})).changes).toEqual([]);
  }, 60_000);
});
