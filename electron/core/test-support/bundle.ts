import { build } from 'esbuild';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Bundles a TypeScript fixture into a runnable CommonJS file for child-process tests. */
export async function bundleFixture(entry: string): Promise<string> {
  // Inside the repo so the bundle resolves node_modules (better-sqlite3) like the app does.
  const root = join(__dirname, '..', '..', '..');
  mkdirSync(join(root, 'dist', 'test-fixtures'), { recursive: true });
  const dir = mkdtempSync(join(root, 'dist', 'test-fixtures', 'f-'));
  const outfile = join(dir, basename(entry, '.ts') + '.cjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3'],
    logLevel: 'error',
  });
  return outfile;
}
