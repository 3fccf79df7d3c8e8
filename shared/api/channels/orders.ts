import { z } from 'zod';
import { Id, IsoDateTime, ModelId, Order, OrderStatus, PartStatus, Priority } from '../../domain';
import { ById, channel, Deleted } from '../channel';

/** A part as it was, for `restore` (undo puts back what an edit or a delete removed). */
export const RestoredPart = z
  .object({ id: Id, copy: z.number().int().min(1).max(10000), status: PartStatus })
  .strict();

export const OrderLineInput = z
  .object({
    id: Id.optional(),
    modelId: ModelId,
    quantity: z.number().int().min(1).max(10000),
    profileId: Id.nullable().default(null),
    material: z.string().max(40).default(''),
    color: z.string().max(40).default(''),
    /** Required layer height (mm); null: any profile of the material and colour. */
    layerHeightMm: z.number().positive().max(2).nullable().optional(),
    /** Only with `restore`: the line's parts as they were, so they come back with their ids. */
    parts: z.array(RestoredPart).max(10000).optional(),
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
    /**
     * Undo of a delete or of an edit that removed lines: an order or line id that is not stored
     * is created with that id (and its parts as given) instead of being refused as not found.
     */
    restore: z.boolean().optional(),
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
