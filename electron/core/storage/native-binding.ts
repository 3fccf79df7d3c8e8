import { existsSync } from 'node:fs';

/**
 * better-sqlite3 is a compiled addon, and one build matches one ABI: `npm install` compiles it for
 * Node (tests, the CLI, browser mode), while Electron's main process needs Electron's ABI. A
 * packaged app gets an Electron build in place (electron-builder rebuilds it), but `npm start` in
 * a checkout runs Electron against node_modules, so it builds an Electron copy on the side
 * (scripts/electron-sqlite.mjs) and names it in PLATESHIFT_SQLITE_BINDING. The Node build stays
 * untouched for everything else.
 */
export interface BindingEnv {
  versions: Partial<Record<string, string>>;
  env: Partial<Record<string, string>>;
  exists: (path: string) => boolean;
}

/** The addon file to load instead of better-sqlite3's own, or undefined for its own. */
export function sqliteNativeBinding(
  where: BindingEnv = { versions: process.versions, env: process.env, exists: existsSync },
): string | undefined {
  if (!where.versions.electron) return undefined;
  const file = where.env.PLATESHIFT_SQLITE_BINDING;
  return file && where.exists(file) ? file : undefined;
}

/** Options every better-sqlite3 connection of the app is opened with. */
export function sqliteOptions<T extends object>(options: T): T & { nativeBinding?: string } {
  const nativeBinding = sqliteNativeBinding();
  return nativeBinding ? { ...options, nativeBinding } : options;
}
