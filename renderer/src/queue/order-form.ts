import type { z } from 'zod';
import { OrderInput } from '../../../shared/api/channels/orders';
import type { Order, OrderLine, OrderStatus } from '../../../shared/domain/order';
import { readNumber, type FieldErrors, type FormResult } from '../lib/numbers';
import { isoToLocalInput, localInputToIso } from '../lib/zoned-time';

export type OrderInputValue = z.input<typeof OrderInput>;

export const ORDER_STATUSES: readonly OrderStatus[] = ['open', 'in-progress', 'done', 'cancelled'];

export interface OrderLineForm {
  /** React key; stable while editing, also for lines not saved yet. */
  key: string;
  id?: string;
  modelId: string;
  quantity: string;
  /** '' = no particular profile. */
  profileId: string;
  material: string;
  color: string;
}

export interface OrderForm {
  id?: string;
  reference: string;
  requester: string;
  /** `<input type="datetime-local">` value, wall-clock time in the site's zone. */
  dueAt: string;
  priority: string;
  status: OrderStatus;
  notes: string;
  /** Kept from the stored order so an edit does not reset when it came in. */
  receivedAt?: string;
  lines: OrderLineForm[];
}

export type OrderField =
  'reference' | 'requester' | 'dueAt' | 'priority' | 'status' | 'notes' | 'lines';
/** Errors for line fields are keyed `lines.<index>.<field>`. */
export type OrderErrors = FieldErrors<OrderField | `lines.${number}.${'modelId' | 'quantity'}`>;

let lineSeq = 0;
export function newLineKey(): string {
  lineSeq += 1;
  return `line-${lineSeq}`;
}

export function emptyLine(modelId = '', profileId = ''): OrderLineForm {
  return { key: newLineKey(), modelId, quantity: '1', profileId, material: '', color: '' };
}

export function emptyOrderForm(reference = ''): OrderForm {
  return {
    reference,
    requester: '',
    dueAt: '',
    priority: '5',
    status: 'open',
    notes: '',
    lines: [],
  };
}

function lineToForm(line: OrderLine): OrderLineForm {
  return {
    key: newLineKey(),
    id: line.id,
    modelId: line.modelId,
    quantity: String(line.quantity),
    profileId: line.profileId ?? '',
    material: line.material,
    color: line.color,
  };
}

export function orderToForm(order: Order, timeZone: string): OrderForm {
  return {
    id: order.id,
    reference: order.reference,
    requester: order.requester,
    dueAt: isoToLocalInput(order.dueAt, timeZone),
    priority: String(order.priority),
    status: order.status,
    notes: order.notes,
    receivedAt: order.receivedAt,
    lines: order.lines.map(lineToForm),
  };
}

export function formToOrderInput(
  form: OrderForm,
  timeZone: string,
): FormResult<OrderInputValue, OrderField> & { lineErrors?: OrderErrors } {
  const errors: OrderErrors = {};
  if (!form.reference.trim())
    errors.reference = 'Give the order a reference (e.g. the ticket number).';
  let dueAt: string | null = null;
  if (form.dueAt.trim() !== '') {
    dueAt = localInputToIso(form.dueAt, timeZone);
    if (dueAt === null) errors.dueAt = 'Enter a date and time, or leave it empty.';
  }
  const priority = readNumber(errors, 'priority', form.priority, {
    label: 'Priority',
    min: 0,
    max: 10,
    integer: true,
  });
  const lines = form.lines.map((l, i) => {
    if (!/^[0-9a-f]{64}$/.test(l.modelId)) errors[`lines.${i}.modelId`] = 'Pick a model.';
    const quantity = readNumber(errors, `lines.${i}.quantity`, l.quantity, {
      label: 'Quantity',
      min: 1,
      max: 10000,
      integer: true,
    });
    return {
      ...(l.id ? { id: l.id } : {}),
      modelId: l.modelId,
      quantity,
      profileId: l.profileId || null,
      material: l.material.trim(),
      color: l.color.trim(),
    };
  });
  if (Object.keys(errors).some((k) => k.startsWith('lines.'))) {
    errors.lines = 'Some lines need attention.';
  }
  if (Object.keys(errors).length) return { ok: false, errors, lineErrors: errors };
  const value: OrderInputValue = {
    ...(form.id ? { id: form.id } : {}),
    reference: form.reference.trim(),
    requester: form.requester.trim(),
    ...(form.receivedAt ? { receivedAt: form.receivedAt } : {}),
    dueAt,
    priority,
    status: form.status,
    notes: form.notes,
    lines,
  };
  const checked = OrderInput.safeParse(value);
  if (!checked.success) {
    const out: OrderErrors = {};
    for (const issue of checked.error.issues) {
      const [head, index, field] = issue.path.map(String);
      if (
        head === 'lines' &&
        index !== undefined &&
        (field === 'modelId' || field === 'quantity')
      ) {
        out[`lines.${Number(index)}.${field}`] ??= issue.message;
        out.lines ??= 'Some lines need attention.';
      } else {
        const key: OrderField =
          head === 'requester' || head === 'dueAt' || head === 'priority' || head === 'notes'
            ? head
            : head === 'lines'
              ? 'lines'
              : 'reference';
        out[key] ??= issue.message;
      }
    }
    return { ok: false, errors: out, lineErrors: out };
  }
  return { ok: true, value };
}

/** A reference for a new order: ORD-<yyyymmdd>-<n>, unique among the given ones. */
export function suggestReference(existing: readonly string[], today: string): string {
  const stem = `ORD-${today.replace(/-/g, '')}-`;
  const taken = new Set(existing);
  for (let n = 1; ; n++) {
    const ref = `${stem}${String(n).padStart(2, '0')}`;
    if (!taken.has(ref)) return ref;
  }
}
