import { describe, expect, it } from 'vitest';
import { OrderInput } from '../../../shared/api/channels/orders';
import { Order } from '../../../shared/domain/order';
import { bulkFormToPatch, describePatch, EMPTY_BULK_FORM, planBulkEdit } from './bulk-edit';
import { applyOrderPatch, orderToInput, patchChangesNothing, patchLine } from './order-patch';

const M1 = '1'.repeat(64);
const M2 = '2'.repeat(64);
const TZ = 'Europe/Berlin';

function order(id: string, extra: Record<string, unknown> = {}): Order {
  return Order.parse({
    id,
    reference: `REF-${id}`,
    requester: 'Lab',
    receivedAt: '2025-11-01T08:00:00Z',
    dueAt: '2025-11-25T09:00:00Z',
    priority: 5,
    notes: 'keep me',
    lines: [
      {
        id: `${id}-l1`,
        orderId: id,
        modelId: M1,
        quantity: 3,
        profileId: 'prof_pla',
        material: 'PLA',
        color: 'red',
        parts: [{ id: 'p1', orderLineId: `${id}-l1`, copy: 1, status: 'printed' }],
      },
      {
        id: `${id}-l2`,
        orderId: id,
        modelId: M2,
        quantity: 1,
        profileId: null,
        material: '',
        color: '',
      },
    ],
    ...extra,
  });
}

describe('order patches keep everything they do not change', () => {
  it('turns a stored order into a valid save input with every line id', () => {
    const input = orderToInput(order('o1'));
    expect(OrderInput.safeParse(input).success).toBe(true);
    expect(input).toMatchObject({
      id: 'o1',
      receivedAt: '2025-11-01T08:00:00Z',
      notes: 'keep me',
      lines: [
        {
          id: 'o1-l1',
          modelId: M1,
          quantity: 3,
          profileId: 'prof_pla',
          material: 'PLA',
          color: 'red',
        },
        { id: 'o1-l2', modelId: M2, quantity: 1, profileId: null },
      ],
    });
  });

  it('changes one line', () => {
    const input = patchLine(order('o1'), 'o1-l2', { quantity: 4, profileId: 'prof_petg' });
    expect(input?.lines?.map((l) => [l.id, l.quantity, l.profileId])).toEqual([
      ['o1-l1', 3, 'prof_pla'],
      ['o1-l2', 4, 'prof_petg'],
    ]);
    expect(patchLine(order('o1'), 'gone', { quantity: 2 })).toBeNull();
  });

  it('sets order fields, and a profile on every line', () => {
    const input = applyOrderPatch(order('o1'), { priority: 9, profileId: null, dueAt: null });
    expect(input).toMatchObject({ priority: 9, dueAt: null, reference: 'REF-o1' });
    expect(input.lines?.map((l) => l.profileId)).toEqual([null, null]);
    expect(OrderInput.safeParse(input).success).toBe(true);
  });

  it('knows when a patch would change nothing', () => {
    const o = order('o1');
    expect(patchChangesNothing(o, { priority: 5 })).toBe(true);
    expect(patchChangesNothing(o, { priority: 6 })).toBe(false);
    expect(patchChangesNothing(o, { dueAt: '2025-11-25T10:00:00+01:00' })).toBe(true);
    expect(patchChangesNothing(o, { dueAt: null })).toBe(false);
    expect(patchChangesNothing(o, { profileId: 'prof_pla' })).toBe(false);
    expect(patchChangesNothing(o, { status: 'open' })).toBe(true);
  });
});

describe('the bulk-edit form', () => {
  it('builds a patch from the fields that are set', () => {
    expect(bulkFormToPatch({ ...EMPTY_BULK_FORM, priority: '8' }, TZ)).toEqual({
      ok: true,
      patch: { priority: 8 },
    });
    expect(
      bulkFormToPatch(
        {
          dueMode: 'set',
          dueAt: '2025-11-28T16:00',
          priority: '',
          profileId: 'none',
          status: 'in-progress',
        },
        TZ,
      ),
    ).toEqual({
      ok: true,
      patch: { dueAt: '2025-11-28T15:00:00.000Z', profileId: null, status: 'in-progress' },
    });
    expect(bulkFormToPatch({ ...EMPTY_BULK_FORM, dueMode: 'clear' }, TZ)).toEqual({
      ok: true,
      patch: { dueAt: null },
    });
  });

  it('says what is missing or wrong', () => {
    expect(bulkFormToPatch(EMPTY_BULK_FORM, TZ)).toEqual({
      ok: false,
      error: 'Choose what to change first.',
    });
    expect(bulkFormToPatch({ ...EMPTY_BULK_FORM, dueMode: 'set' }, TZ)).toMatchObject({
      ok: false,
    });
    expect(bulkFormToPatch({ ...EMPTY_BULK_FORM, priority: '11' }, TZ)).toMatchObject({
      ok: false,
    });
  });

  it('describes a patch for the confirmation toast', () => {
    expect(
      describePatch(
        { priority: 8, profileId: 'p1', dueAt: '2025-11-28T15:00:00.000Z' },
        [{ id: 'p1', name: 'PLA 0.20 mm' }],
        TZ,
      ),
    ).toEqual(['due Fri 28 Nov, 16:00', 'priority 8', 'profile PLA 0.20 mm']);
    expect(describePatch({ dueAt: null, profileId: null }, [], TZ)).toEqual([
      'no due date',
      'any profile',
    ]);
  });
});

describe('planning a bulk edit', () => {
  it('saves only selected orders the patch changes, in list order', () => {
    const list = [order('a'), order('b', { priority: 8 }), order('c')];
    const plan = planBulkEdit(list, new Set(['c', 'b', 'gone', 'a']), { priority: 8 });
    expect(plan.inputs.map((i) => i.id)).toEqual(['a', 'c']);
    expect(plan.unchanged).toEqual(['b']);
    expect(plan.missing).toEqual(['gone']);
    expect(plan.inputs.every((i) => OrderInput.safeParse(i).success)).toBe(true);
    // Lines survive a bulk edit untouched.
    expect(plan.inputs[0]?.lines).toHaveLength(2);
  });
});
