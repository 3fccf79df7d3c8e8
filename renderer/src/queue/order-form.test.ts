import { describe, expect, it } from 'vitest';
import { Order } from '../../../shared/domain/order';
import {
  emptyLine,
  emptyOrderForm,
  formToOrderInput,
  orderToForm,
  suggestReference,
} from './order-form';

const MODEL = 'a'.repeat(64);

const stored = Order.parse({
  id: 'o1',
  reference: 'FL-1001',
  requester: 'Robotics club',
  receivedAt: '2025-11-20T08:00:00.000Z',
  dueAt: '2025-11-24T15:00:00.000Z',
  priority: 7,
  status: 'open',
  notes: 'Friday',
  lines: [
    {
      id: 'l1',
      orderId: 'o1',
      modelId: MODEL,
      quantity: 12,
      profileId: 'pla',
      material: 'PLA',
      color: '',
      parts: [{ id: 'p1', orderLineId: 'l1', copy: 1, status: 'queued' }],
    },
  ],
});

describe('order form', () => {
  it('shows the due instant as wall-clock time in the site zone and converts it back to UTC', () => {
    const form = orderToForm(stored, 'Europe/Berlin');
    expect(form.dueAt).toBe('2025-11-24T16:00');
    const result = formToOrderInput(form, 'Europe/Berlin');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual({
      id: 'o1',
      reference: 'FL-1001',
      requester: 'Robotics club',
      receivedAt: '2025-11-20T08:00:00.000Z',
      dueAt: '2025-11-24T15:00:00.000Z',
      priority: 7,
      status: 'open',
      notes: 'Friday',
      lines: [
        { id: 'l1', modelId: MODEL, quantity: 12, profileId: 'pla', material: 'PLA', color: '' },
      ],
    });
  });

  it('reads the same wall-clock time differently in another site zone', () => {
    const form = { ...emptyOrderForm('X'), dueAt: '2025-07-01T09:00' };
    const berlin = formToOrderInput(form, 'Europe/Berlin');
    const tokyo = formToOrderInput(form, 'Asia/Tokyo');
    expect(berlin.ok && berlin.value.dueAt).toBe('2025-07-01T07:00:00.000Z');
    expect(tokyo.ok && tokyo.value.dueAt).toBe('2025-07-01T00:00:00.000Z');
  });

  it('treats an empty due date as none and an empty profile as any', () => {
    const form = { ...emptyOrderForm('ORD-1'), lines: [{ ...emptyLine(MODEL), quantity: '3' }] };
    const result = formToOrderInput(form, 'UTC');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.dueAt).toBeNull();
    expect(result.value.lines?.[0]).toMatchObject({ modelId: MODEL, quantity: 3, profileId: null });
    expect(result.value.receivedAt).toBeUndefined();
  });

  it('points at the line and field that need attention', () => {
    const form = {
      ...emptyOrderForm(''),
      priority: '11',
      lines: [
        { ...emptyLine(MODEL), quantity: '2' },
        { ...emptyLine(''), quantity: '0' },
      ],
    };
    const result = formToOrderInput(form, 'UTC');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual([
      'lines',
      'lines.1.modelId',
      'lines.1.quantity',
      'priority',
      'reference',
    ]);
  });

  it('rejects a malformed due date', () => {
    const result = formToOrderInput({ ...emptyOrderForm('A'), dueAt: '2025-13-45T99:99' }, 'UTC');
    expect(result.ok).toBe(false);
  });

  it('suggests the next free reference for today', () => {
    expect(suggestReference([], '2025-11-21')).toBe('ORD-20251121-01');
    expect(suggestReference(['ORD-20251121-01', 'ORD-20251121-02'], '2025-11-21')).toBe(
      'ORD-20251121-03',
    );
  });
});
