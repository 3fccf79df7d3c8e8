import type { AuditEvent } from '../../../shared/domain';
import type { Db } from './database';

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  reason?: string;
  data?: unknown;
}

/**
 * Records who did what. Call inside the same transaction as the change it describes, so
 * the log never claims a change that was rolled back (or misses one that was kept).
 */
export function appendEvent(db: Db, e: AuditEntry, at = new Date()): void {
  db.prepare(
    `INSERT INTO events (at, actor, action, entity, entity_id, reason, data)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    at.toISOString(),
    e.actor,
    e.action,
    e.entity,
    e.entityId,
    e.reason ?? '',
    e.data === undefined ? null : JSON.stringify(e.data),
  );
}

interface EventRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  reason: string;
  data: string | null;
}

export function listEvents(
  db: Db,
  q: { beforeSeq?: number | undefined; entity?: string | undefined; limit: number },
): AuditEvent[] {
  const rows = db
    .prepare(
      `SELECT * FROM events
       WHERE (@before IS NULL OR seq < @before) AND (@entity IS NULL OR entity = @entity)
       ORDER BY seq DESC LIMIT @limit`,
    )
    .all({ before: q.beforeSeq ?? null, entity: q.entity ?? null, limit: q.limit }) as EventRow[];
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    reason: r.reason,
    data: r.data === null ? undefined : (JSON.parse(r.data) as unknown),
  }));
}
