import type BetterSqlite3 from 'better-sqlite3';

/** An order line may require a layer height (issue 5): null keeps "any profile of the material". */
export const migration0004 = {
  version: 4,
  name: 'order-line-layer-height',
  up(db: BetterSqlite3.Database): void {
    db.exec(
      `ALTER TABLE order_lines ADD COLUMN layer_height_mm REAL CHECK (layer_height_mm IS NULL OR layer_height_mm > 0);`,
    );
  },
};
