import { z } from 'zod';

export const ChangedEntity = z.enum([
  'printers',
  'profiles',
  'calendar',
  'orders',
  'models',
  'plans',
  'jobs',
  'settings',
  'workspace',
]);
export type ChangedEntity = z.infer<typeof ChangedEntity>;

/** Pushed from the host to every connected renderer. */
export const pushEvents = {
  /** Long work (intake, nesting, planning, slicing) reports here; `taskId` lets a view cancel. */
  progress: z.object({
    taskId: z.string(),
    kind: z.string(),
    label: z.string(),
    done: z.number().min(0),
    total: z.number().min(0),
    state: z.enum(['running', 'done', 'failed', 'cancelled']),
    message: z.string().optional(),
  }),
  /** Something in storage changed; views re-fetch what they show. */
  changed: z.object({
    entity: ChangedEntity,
    ids: z.array(z.string()),
  }),
};
export type PushEvents = typeof pushEvents;
export type PushEventName = keyof PushEvents;
export type PushEventPayload<E extends PushEventName> = z.infer<PushEvents[E]>;
