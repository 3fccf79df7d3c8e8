import type { Order, OrderStatus } from '../../../shared/domain/order';
import type { OrderInputValue } from './order-form';

/**
 * `orders.save` replaces an order with its lines: a line left out is deleted. Every edit that
 * is not the full editor (bulk edit, the intake list) therefore starts from the stored order
 * and changes only what it means to.
 */

export function orderToInput(order: Order): OrderInputValue {
  return {
    id: order.id,
    reference: order.reference,
    requester: order.requester,
    receivedAt: order.receivedAt,
    dueAt: order.dueAt,
    priority: order.priority,
    status: order.status,
    notes: order.notes,
    lines: order.lines.map((l) => ({
      id: l.id,
      modelId: l.modelId,
      quantity: l.quantity,
      profileId: l.profileId,
      material: l.material,
      color: l.color,
      layerHeightMm: l.layerHeightMm,
    })),
  };
}

export interface LinePatch {
  quantity?: number;
  profileId?: string | null;
  material?: string;
  color?: string;
}

/** The order with one line changed; null when the line is gone (deleted elsewhere). */
export function patchLine(order: Order, lineId: string, patch: LinePatch): OrderInputValue | null {
  if (!order.lines.some((l) => l.id === lineId)) return null;
  const input = orderToInput(order);
  return {
    ...input,
    lines: (input.lines ?? []).map((l) => (l.id === lineId ? { ...l, ...patch } : l)),
  };
}

export interface OrderPatch {
  reference?: string;
  dueAt?: string | null;
  priority?: number;
  status?: OrderStatus;
  /** Applied to every line of the order. */
  profileId?: string | null;
}

export function applyOrderPatch(order: Order, patch: OrderPatch): OrderInputValue {
  const input = orderToInput(order);
  const { profileId, ...head } = patch;
  return {
    ...input,
    ...head,
    lines:
      profileId === undefined ? input.lines : (input.lines ?? []).map((l) => ({ ...l, profileId })),
  };
}

/** True when applying the patch would store exactly what is there. */
export function patchChangesNothing(order: Order, patch: OrderPatch): boolean {
  if (patch.reference !== undefined && patch.reference !== order.reference) return false;
  if (patch.dueAt !== undefined) {
    const a = patch.dueAt === null ? null : Date.parse(patch.dueAt);
    const b = order.dueAt === null ? null : Date.parse(order.dueAt);
    if (a !== b) return false;
  }
  if (patch.priority !== undefined && patch.priority !== order.priority) return false;
  if (patch.status !== undefined && patch.status !== order.status) return false;
  if (patch.profileId !== undefined && order.lines.some((l) => l.profileId !== patch.profileId)) {
    return false;
  }
  return true;
}
