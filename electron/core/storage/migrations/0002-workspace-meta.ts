import type BetterSqlite3 from 'better-sqlite3';

/** Workspace identity (name, creation, demo flag) and the indexes queue views need. */
export const migration0002 = {
  version: 2,
  name: 'workspace-meta',
  up(db: BetterSqlite3.Database): void {
    db.exec(`
      CREATE TABLE workspace_meta (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      );
      INSERT INTO workspace_meta (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

      CREATE INDEX order_lines_by_order ON order_lines(order_id, position);
      CREATE INDEX order_lines_by_model ON order_lines(model_id);
      CREATE INDEX parts_by_line ON parts(order_line_id, copy);
      CREATE INDEX parts_by_status ON parts(status);
      CREATE INDEX jobs_by_plan ON jobs(plan_id, start);
      CREATE INDEX jobs_by_printer ON jobs(printer_id, start);
      CREATE INDEX tasks_by_job ON tasks(plan_id, job_id);
      CREATE INDEX plans_by_status ON plans(status, created_at);
      CREATE INDEX events_by_entity ON events(entity, entity_id, seq);
      CREATE INDEX slots_by_operator ON operator_slots(operator_id, weekday);
    `);
  },
};
