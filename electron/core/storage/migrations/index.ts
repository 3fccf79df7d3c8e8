import type BetterSqlite3 from 'better-sqlite3';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-workspace-meta';
import { migration0003 } from './0003-model-unit-scale';
import { migration0004 } from './0004-order-line-layer-height';

export interface Migration {
  version: number;
  name: string;
  up(db: BetterSqlite3.Database): void;
}

/** In order; each file is numbered and never edited once released. */
export const migrations: Migration[] = [migration0001, migration0002, migration0003, migration0004];

export const latestSchemaVersion = migrations[migrations.length - 1]?.version ?? 0;

export function schemaVersion(db: BetterSqlite3.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every migration newer than the database, each in its own transaction together
 * with the user_version bump, so a crash leaves the schema at a whole version.
 */
export function runMigrations(
  db: BetterSqlite3.Database,
  log?: (m: string) => void,
  upTo = latestSchemaVersion,
): number {
  const current = schemaVersion(db);
  if (current > latestSchemaVersion) {
    throw new Error(
      `This workspace was written by a newer PlateShift (schema ${current} > ${latestSchemaVersion}). Update PlateShift to open it.`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current || m.version > upTo) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    log?.(`migrated workspace schema to ${m.version} (${m.name})`);
  }
  return schemaVersion(db);
}
