import { z } from 'zod';
import { Id, IsoDateTime } from './common';
import { ModelId } from './model';

export const Priority = z.number().int().min(0).max(10);
export type Priority = z.infer<typeof Priority>;

export const PartStatus = z.enum(['queued', 'planned', 'printing', 'printed', 'failed', 'done']);
export type PartStatus = z.infer<typeof PartStatus>;

/** One physical copy of a model, the unit that planning places on plates. */
export const Part = z.object({
  id: Id,
  orderLineId: Id,
  /** 1-based copy number within the order line. */
  copy: z.number().int().min(1),
  status: PartStatus,
});
export type Part = z.infer<typeof Part>;

/** A model in some quantity with its requirements (the seed's Table 1 row). */
export const OrderLine = z.object({
  id: Id,
  orderId: Id,
  modelId: ModelId,
  quantity: z.number().int().min(1).max(10000),
  profileId: Id.nullable(),
  material: z.string().max(40).default(''),
  color: z.string().max(40).default(''),
  /** Required layer height (mm); null: any profile of the material and colour. */
  layerHeightMm: z.number().positive().max(2).nullable().optional(),
  parts: z.array(Part).default([]),
});
export type OrderLine = z.infer<typeof OrderLine>;

export const OrderStatus = z.enum(['open', 'in-progress', 'done', 'cancelled']);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const Order = z.object({
  id: Id,
  reference: z.string().min(1).max(120),
  requester: z.string().max(120).default(''),
  /** When the order arrived (the seed's "incoming date"). */
  receivedAt: IsoDateTime,
  dueAt: IsoDateTime.nullable(),
  priority: Priority.default(5),
  status: OrderStatus.default('open'),
  notes: z.string().max(2000).default(''),
  lines: z.array(OrderLine).default([]),
});
export type Order = z.infer<typeof Order>;
