import BetterSqlite3 from 'better-sqlite3';
import { runMigrations } from './migrations';
import { sqliteOptions } from './native-binding';

export type Db = BetterSqlite3.Database;

export interface OpenOptions {
  /** Receives slow-query and migration messages. */
  log?: (message: string) => void;
  readonly?: boolean;
}

/**
 * Opens (creating if needed) a workspace database with the pragmas every connection needs
 * and brings its schema up to date. WAL keeps readers unblocked and makes a crash mid-write
 * roll back to the last committed transaction.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const db = new BetterSqlite3(file, sqliteOptions({ readonly: options.readonly ?? false }));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) runMigrations(db, options.log);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function integrityCheck(db: Db): string {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join('; ');
}
