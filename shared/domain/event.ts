import { z } from 'zod';
import { IsoDateTime } from './common';

/** An append-only audit record: who did what to which entity, when and why. */
export const AuditEvent = z.object({
  seq: z.number().int().positive(),
  at: IsoDateTime,
  actor: z.string().min(1).max(120),
  action: z.string().min(1).max(80),
  entity: z.string().min(1).max(40),
  entityId: z.string().max(128),
  reason: z.string().max(500).default(''),
  data: z.unknown().optional(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
