import { z } from 'zod';
import { Id, Model, Verdict } from '../../domain';
import { channel } from '../channel';

export const IntakeItem = z.object({
  fileName: z.string(),
  ok: z.boolean(),
  /** The model (existing or new); absent when the file could not be read at all. */
  modelId: z.string().optional(),
  /** False when the same bytes were already a model (idempotent intake). */
  created: z.boolean().optional(),
  orderLineId: z.string().optional(),
  quantity: z.number().int().optional(),
  verdict: Verdict.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type IntakeItem = z.infer<typeof IntakeItem>;

export const intakeChannels = {
  'intake.import': channel(
    z
      .object({
        /** As dropped; a zip expands to its model files (folders inside it included). */
        fileName: z.string().min(1).max(260),
        /** The file's bytes, base64. */
        dataBase64: z.string().max(360 * 1024 * 1024),
        /** Add the order lines to this order; a new order is created when absent. */
        orderId: Id.nullable().optional(),
        /** Chosen by the caller to follow progress and cancel. */
        taskId: z.string().min(1).max(128).optional(),
      })
      .strict(),
    z.object({ orderId: z.string().nullable(), items: z.array(IntakeItem) }),
    'Validate dropped files and add each readable one as a model and an order line.',
  ),
  'models.rescale': channel(
    z.object({ id: z.string(), scale: z.number().positive().max(1000) }).strict(),
    Model,
    'Scale a model’s coordinates (25.4: the file was in inches) and analyse it again.',
  ),
  'models.setStatus': channel(
    z.object({ id: z.string(), status: z.enum(['ready', 'rejected']) }).strict(),
    z.object({ id: z.string(), status: z.enum(['ready', 'rejected']) }),
    'Accept or reject a model after reading its verdict.',
  ),
};
