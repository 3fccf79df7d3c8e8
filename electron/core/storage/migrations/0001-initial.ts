import type BetterSqlite3 from 'better-sqlite3';

export const migration0001 = {
  version: 1,
  name: 'initial',
  up(db: BetterSqlite3.Database): void {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE profiles (
        id               TEXT PRIMARY KEY,
        name             TEXT NOT NULL,
        material         TEXT NOT NULL,
        color            TEXT NOT NULL DEFAULT '',
        layer_height_mm  REAL NOT NULL,
        nozzle_mm        REAL NOT NULL,
        infill_percent   REAL NOT NULL,
        slicer_settings  TEXT NOT NULL DEFAULT '{}'
      );

      CREATE TABLE printers (
        id               TEXT PRIMARY KEY,
        name             TEXT NOT NULL,
        model            TEXT NOT NULL DEFAULT '',
        bed              TEXT NOT NULL,
        exclusion_zones  TEXT NOT NULL DEFAULT '[]',
        max_height_mm    REAL NOT NULL,
        nozzle_mm        REAL NOT NULL,
        loaded_material  TEXT NOT NULL DEFAULT '',
        loaded_color     TEXT NOT NULL DEFAULT '',
        connection       TEXT NOT NULL,
        hourly_cost      REAL NOT NULL DEFAULT 0,
        status           TEXT NOT NULL,
        maintenance      TEXT NOT NULL DEFAULT '[]',
        position         INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE printer_profiles (
        printer_id  TEXT NOT NULL REFERENCES printers(id) ON DELETE CASCADE,
        profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE RESTRICT,
        PRIMARY KEY (printer_id, profile_id)
      );

      CREATE TABLE operators (
        id      TEXT PRIMARY KEY,
        name    TEXT NOT NULL,
        active  INTEGER NOT NULL DEFAULT 1
      );

      CREATE TABLE operator_slots (
        id           TEXT PRIMARY KEY,
        operator_id  TEXT NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
        weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        start        TEXT NOT NULL,
        end          TEXT NOT NULL
      );

      CREATE TABLE calendar_exceptions (
        id           TEXT PRIMARY KEY,
        operator_id  TEXT REFERENCES operators(id) ON DELETE CASCADE,
        date         TEXT NOT NULL,
        kind         TEXT NOT NULL CHECK (kind IN ('off', 'extra')),
        start        TEXT NOT NULL,
        end          TEXT NOT NULL,
        note         TEXT NOT NULL DEFAULT ''
      );

      CREATE TABLE models (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        file_name   TEXT NOT NULL,
        format      TEXT NOT NULL,
        size_bytes  INTEGER NOT NULL,
        created_at  TEXT NOT NULL,
        status      TEXT NOT NULL,
        verdict     TEXT,
        facts       TEXT
      );

      CREATE TABLE orders (
        id           TEXT PRIMARY KEY,
        reference    TEXT NOT NULL,
        requester    TEXT NOT NULL DEFAULT '',
        received_at  TEXT NOT NULL,
        due_at       TEXT,
        priority     INTEGER NOT NULL DEFAULT 5,
        status       TEXT NOT NULL,
        notes        TEXT NOT NULL DEFAULT ''
      );

      CREATE TABLE order_lines (
        id          TEXT PRIMARY KEY,
        order_id    TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        model_id    TEXT NOT NULL REFERENCES models(id) ON DELETE RESTRICT,
        quantity    INTEGER NOT NULL CHECK (quantity > 0),
        profile_id  TEXT REFERENCES profiles(id) ON DELETE SET NULL,
        material    TEXT NOT NULL DEFAULT '',
        color       TEXT NOT NULL DEFAULT '',
        position    INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE parts (
        id             TEXT PRIMARY KEY,
        order_line_id  TEXT NOT NULL REFERENCES order_lines(id) ON DELETE CASCADE,
        copy           INTEGER NOT NULL,
        status         TEXT NOT NULL,
        UNIQUE (order_line_id, copy)
      );

      CREATE TABLE plans (
        id          TEXT PRIMARY KEY,
        created_at  TEXT NOT NULL,
        strategy    TEXT NOT NULL,
        status      TEXT NOT NULL,
        kpis        TEXT,
        unplanned   TEXT NOT NULL DEFAULT '[]'
      );

      -- A job belongs to a plan; a proposal that keeps a job unchanged repeats its id, so
      -- jobs are keyed by (plan, id) and carry their own placements and tasks.
      CREATE TABLE jobs (
        plan_id              TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        id                   TEXT NOT NULL,
        printer_id           TEXT NOT NULL REFERENCES printers(id) ON DELETE CASCADE,
        profile_id           TEXT REFERENCES profiles(id) ON DELETE SET NULL,
        start                TEXT NOT NULL,
        end                  TEXT NOT NULL,
        estimate_minutes     REAL NOT NULL,
        uncertainty_minutes  REAL NOT NULL DEFAULT 0,
        status               TEXT NOT NULL,
        locked               INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (plan_id, id)
      );

      CREATE TABLE placements (
        plan_id       TEXT NOT NULL,
        job_id        TEXT NOT NULL,
        part_id       TEXT NOT NULL REFERENCES parts(id) ON DELETE CASCADE,
        model_id      TEXT NOT NULL,
        x             REAL NOT NULL,
        y             REAL NOT NULL,
        rotation_deg  REAL NOT NULL,
        fixed         INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (plan_id, job_id, part_id),
        FOREIGN KEY (plan_id, job_id) REFERENCES jobs(plan_id, id) ON DELETE CASCADE
      );

      CREATE TABLE tasks (
        plan_id      TEXT NOT NULL,
        id           TEXT NOT NULL,
        job_id       TEXT NOT NULL,
        kind         TEXT NOT NULL,
        operator_id  TEXT REFERENCES operators(id) ON DELETE SET NULL,
        start        TEXT NOT NULL,
        end          TEXT NOT NULL,
        PRIMARY KEY (plan_id, id),
        FOREIGN KEY (plan_id, job_id) REFERENCES jobs(plan_id, id) ON DELETE CASCADE
      );

      -- The audit log: append-only, enforced by the triggers below.
      CREATE TABLE events (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        at         TEXT NOT NULL,
        actor      TEXT NOT NULL,
        action     TEXT NOT NULL,
        entity     TEXT NOT NULL,
        entity_id  TEXT NOT NULL,
        reason     TEXT NOT NULL DEFAULT '',
        data       TEXT
      );
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
      CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    `);
  },
};
