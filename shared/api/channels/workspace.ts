import { z } from 'zod';
import { AuditEvent, SiteSettings } from '../../domain';
import { channel, Empty } from '../channel';

export const WorkspaceInfo = z.object({
  name: z.string(),
  /** Folder holding the database and model files; shown to the user, never sent back. */
  location: z.string(),
  schemaVersion: z.number().int(),
  host: z.enum(['electron', 'browser']),
  demo: z.boolean(),
  counts: z.object({
    printers: z.number().int(),
    orders: z.number().int(),
    models: z.number().int(),
    operators: z.number().int(),
  }),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

export const BackupResult = z.object({
  fileName: z.string(),
  sizeBytes: z.number().int(),
  createdAt: z.string(),
});

export const workspaceChannels = {
  'workspace.info': channel(Empty, WorkspaceInfo, 'Facts about the open workspace.'),
  'workspace.backup': channel(
    Empty,
    BackupResult,
    'Write a consistent archive of the database and model files into the backups folder.',
  ),
  'workspace.backups': channel(
    Empty,
    z.array(BackupResult),
    'List the archives in the backups folder.',
  ),
  'workspace.restore': channel(
    z.object({ fileName: z.string().min(1).max(260) }).strict(),
    z.object({ restored: z.literal(true) }),
    'Replace the workspace with a backup archive (the current state is backed up first).',
  ),
  'settings.get': channel(Empty, SiteSettings, 'Site settings.'),
  'settings.update': channel(
    SiteSettings.partial().strict(),
    SiteSettings,
    'Change site settings.',
  ),
  'events.list': channel(
    z
      .object({
        beforeSeq: z.number().int().positive().optional(),
        entity: z.string().max(40).optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    z.array(AuditEvent),
    'The audit log, newest first.',
  ),
};

export const taskChannels = {
  'tasks.cancel': channel(
    z.object({ taskId: z.string().min(1).max(128) }).strict(),
    z.object({ cancelled: z.boolean() }),
    'Cancel long work by the task id given when it was started.',
  ),
  'tasks.list': channel(
    Empty,
    z.array(z.object({ id: z.string(), kind: z.string(), label: z.string() })),
    'Long work running now.',
  ),
};
