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

const BackupName = z.object({ fileName: z.string().min(1).max(260) }).strict();

/**
 * Uploaded archives travel as base64 inside the JSON call (browser mode has no upload route).
 * Kept under browser mode's body limit (MAX_REQUEST_BYTES, 256 MiB) so both hosts refuse the
 * same archives with the same typed error: about 187 MiB of archive. Larger workspaces restore
 * with `plateshift restore FILE`.
 */
export const MAX_RESTORE_BASE64 = 250 * 1024 * 1024;

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
  'workspace.downloadBackup': channel(
    BackupName,
    BackupResult.extend({ dataBase64: z.string() }),
    'The bytes of one archive in the backups folder, base64 (browser mode saves it as a download).',
  ),
  'workspace.exportBackup': channel(
    BackupName,
    z.object({ saved: z.boolean(), path: z.string().optional() }),
    'Desktop only: ask where to save a copy of one archive and write it there (saved: false when the user cancels).',
  ),
  'workspace.restore': channel(
    z.union([
      BackupName,
      z
        .object({
          /** The uploaded file's name, for the event log and messages. */
          archiveName: z.string().min(1).max(260),
          /** The archive's bytes, base64; archives from other machines arrive this way. */
          dataBase64: z.string().min(1).max(MAX_RESTORE_BASE64),
        })
        .strict(),
    ]),
    z.object({
      restored: z.literal(true),
      /** The archive of the replaced state, in the backups folder; null for an empty workspace. */
      safetyBackup: BackupResult.nullable(),
    }),
    'Replace the workspace with a backup archive (from the backups folder or uploaded). The archive is verified first and the current state is backed up; a refused archive changes nothing.',
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
