import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { integrityCheck } from './database';
import { latestSchemaVersion, migrations, runMigrations, schemaVersion } from './migrations';

/** Rows that every schema version from 1 on can hold, written with plain SQL of that time. */
function seedAtVersion1(db: BetterSqlite3.Database): void {
  db.exec(`
    INSERT INTO profiles (id, name, material, layer_height_mm, nozzle_mm, infill_percent) VALUES ('pla', 'PLA', 'PLA', 0.2, 0.4, 15);
    INSERT INTO printers (id, name, bed, max_height_mm, nozzle_mm, connection, status)
      VALUES ('p1', 'MK4', '[{"x":0,"y":0},{"x":250,"y":0},{"x":250,"y":210},{"x":0,"y":210}]', 220, 0.4, '{"kind":"virtual"}', 'available');
    INSERT INTO printer_profiles VALUES ('p1', 'pla');
    INSERT INTO operators (id, name) VALUES ('o1', 'Anna');
    INSERT INTO operator_slots VALUES ('s1', 'o1', 1, '08:00', '16:00');
    INSERT INTO models (id, name, file_name, format, size_bytes, created_at, status)
      VALUES ('${'b'.repeat(64)}', 'clip', 'clip.stl', 'stl', 10, '2026-01-01T00:00:00.000Z', 'pending');
    INSERT INTO orders (id, reference, received_at, status) VALUES ('ord', 'R1', '2026-01-01T00:00:00.000Z', 'open');
    INSERT INTO order_lines (id, order_id, model_id, quantity) VALUES ('l1', 'ord', '${'b'.repeat(64)}', 2);
    INSERT INTO parts VALUES ('pa1', 'l1', 1, 'queued'), ('pa2', 'l1', 2, 'queued');
    INSERT INTO events (at, actor, action, entity, entity_id) VALUES ('2026-01-01T00:00:00.000Z', 't', 'x', 'order', 'ord');
  `);
}

describe('schema migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('bring an empty database to the latest version', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    expect(runMigrations(db)).toBe(latestSchemaVersion);
    expect(integrityCheck(db)).toBe('ok');
    // Running again is a no-op.
    expect(runMigrations(db)).toBe(latestSchemaVersion);
  });

  it.each(migrations.map((m) => m.version))(
    'upgrade a database written at version %i and keep its data',
    (from) => {
      const db = new BetterSqlite3(':memory:');
      db.pragma('foreign_keys = ON');
      runMigrations(db, undefined, from);
      expect(schemaVersion(db)).toBe(from);
      seedAtVersion1(db);
      runMigrations(db);
      expect(schemaVersion(db)).toBe(latestSchemaVersion);
      expect(integrityCheck(db)).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect((db.prepare('SELECT COUNT(*) AS n FROM parts').get() as { n: number }).n).toBe(2);
      expect((db.prepare('SELECT name FROM printers').get() as { name: string }).name).toBe('MK4');
    },
  );

  it('refuses a database from a newer PlateShift instead of damaging it', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma(`user_version = ${latestSchemaVersion + 1}`);
    expect(() => runMigrations(db)).toThrow(/newer PlateShift/);
  });

  it('roll back a failing migration whole', () => {
    const db = new BetterSqlite3(':memory:');
    runMigrations(db, undefined, 1);
    // Make migration 2 fail halfway: its table already exists.
    db.exec('CREATE TABLE workspace_meta (key TEXT)');
    expect(() => runMigrations(db)).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(
      db.prepare(`SELECT name FROM sqlite_master WHERE name = 'parts_by_line'`).get(),
    ).toBeUndefined();
  });
});
