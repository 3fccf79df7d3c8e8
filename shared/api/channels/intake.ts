import { z } from 'zod';
import { Id, Model, Verdict } from '../../domain';
import { ById, channel } from '../channel';

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

/** What repairMesh (shared/geometry/repair.ts) changed and what it left; stored in the audit. */
export const MeshRepairReport = z.object({
  weldToleranceMm: z.number(),
  trianglesBefore: z.number().int().min(0),
  trianglesAfter: z.number().int().min(0),
  volumeBeforeMm3: z.number(),
  volumeAfterMm3: z.number(),
  fixes: z.array(
    z.object({
      code: z.string(),
      count: z.number().int().min(0),
      trianglesAdded: z.number().int().min(0),
      message: z.string(),
    }),
  ),
  unrepaired: z.array(
    z.object({ code: z.string(), count: z.number().int().min(0), message: z.string() }),
  ),
  watertight: z.boolean(),
  changed: z.boolean(),
});
export type MeshRepairReport = z.infer<typeof MeshRepairReport>;

export const ModelRepairResult = z.object({
  /** The new model "<name> (repaired)"; the original stays as it was. */
  model: Model,
  report: MeshRepairReport,
  /** The independent check: manifold-3d accepted the repaired mesh as a closed solid. */
  proof: z.object({ library: z.string(), status: z.string(), volumeMm3: z.number() }),
  /** Order lines moved to the repaired model (none of their parts planned or printed yet). */
  orderLinesSwitched: z.array(z.string()),
  /** Lines that keep the original: parts already planned, printing or printed, or a closed order. */
  orderLinesKept: z.array(z.string()),
});
export type ModelRepairResult = z.infer<typeof ModelRepairResult>;

export const ModelLayFlatResult = z.object({
  /** The new model "<name> (laid flat)": the rotated mesh as its own file; the original stays. */
  model: Model,
  fromModelId: z.string(),
  /** Flat area on the bed before and after (mm²). */
  contactBeforeMm2: z.number(),
  contactAfterMm2: z.number(),
  /** Order lines moved to the laid-flat model (none of their parts planned or printed yet). */
  orderLinesSwitched: z.array(z.string()),
  /** Lines that keep the original: parts already planned, printing or printed, or a closed order. */
  orderLinesKept: z.array(z.string()),
});
export type ModelLayFlatResult = z.infer<typeof ModelLayFlatResult>;

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
  'models.repair': channel(
    ById,
    ModelRepairResult,
    'Repair small mesh defects into a new model “<name> (repaired)” (checked by manifold-3d) and move the unplanned order lines to it.',
  ),
  'models.layFlat': channel(
    ById,
    ModelLayFlatResult,
    'Lay a model on its largest flat face (the auto-orientation suggestion) as a new model “<name> (laid flat)” and move the unplanned order lines to it.',
  ),
  'models.setStatus': channel(
    z.object({ id: z.string(), status: z.enum(['ready', 'rejected']) }).strict(),
    z.object({ id: z.string(), status: z.enum(['ready', 'rejected']) }),
    'Accept or reject a model after reading its verdict.',
  ),
};
