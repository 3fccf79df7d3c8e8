import { z } from 'zod';
import { Id, IsoDateTime, ModelId, Order, OrderStatus, Priority } from '../../domain';
import { ById, channel, Deleted } from '../channel';

export const OrderLineInput = z
  .object({
    id: Id.optional(),
    modelId: ModelId,
    quantity: z.number().int().min(1).max(10000),
    profileId: Id.nullable().default(null),
    material: z.string().max(40).default(''),
    color: z.string().max(40).default(''),
  })
  .strict();

export const OrderInput = z
  .object({
    id: Id.optional(),
    reference: z.string().min(1).max(120),
    requester: z.string().max(120).default(''),
    receivedAt: IsoDateTime.optional(),
    dueAt: IsoDateTime.nullable().default(null),
    priority: Priority.default(5),
    status: OrderStatus.default('open'),
    notes: z.string().max(2000).default(''),
    lines: z.array(OrderLineInput).max(1000).default([]),
  })
  .strict();
export type OrderInput = z.input<typeof OrderInput>;

export const orderChannels = {
  'orders.list': channel(
    z.object({ status: OrderStatus.optional() }).strict(),
    z.array(Order),
    'Orders with their lines and parts, by due date.',
  ),
  'orders.get': channel(ById, Order, 'One order with its lines and parts.'),
  'orders.save': channel(OrderInput, Order, 'Create or update an order and its lines.'),
  'orders.delete': channel(ById, Deleted, 'Delete an order and its parts.'),
};
