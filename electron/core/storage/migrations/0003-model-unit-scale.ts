import type BetterSqlite3 from 'better-sqlite3';

/** The one-click inch fix: a model keeps its file and records the scale applied to it. */
export const migration0003 = {
  version: 3,
  name: 'model-unit-scale',
  up(db: BetterSqlite3.Database): void {
    db.exec(
      `ALTER TABLE models ADD COLUMN unit_scale REAL NOT NULL DEFAULT 1 CHECK (unit_scale > 0);`,
    );
  },
};
