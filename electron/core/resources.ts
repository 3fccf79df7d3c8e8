import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Finds the shipped resources/ folder from wherever the code runs: source (tests), dist/
 * bundles, or a packaged app (which passes it explicitly).
 */
export function findResourcesDir(explicit?: string): string {
  const candidates = [explicit, process.env.PLATESHIFT_RESOURCES].filter((x): x is string => !!x);
  for (const c of candidates) if (existsSync(join(c, 'models'))) return c;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const c = join(dir, 'resources');
    if (existsSync(join(c, 'models'))) return c;
    dir = dirname(dir);
  }
  throw new Error('Cannot find the resources folder (set PLATESHIFT_RESOURCES).');
}
