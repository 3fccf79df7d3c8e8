import { execFileSync } from 'node:child_process';

/** Worker and CLI tests run the real bundles, so build them (esbuild: well under a second). */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], {
    stdio: 'inherit',
    env: { ...process.env, QUIET: '1' },
  });
}
