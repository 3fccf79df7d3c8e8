// Runs one TypeScript file under plain Node (benchmarks, scripts): esbuild bundles it to a
// temporary CommonJS file next to dist/, native/WASM packages stay external.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args…]');
  process.exit(2);
}
const outDir = join(root, 'dist', 'run-ts');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, basename(file).replace(/\.tsx?$/, '') + '.cjs');
await build({
  absWorkingDir: root,
  entryPoints: [resolve(file)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
  external: [
    'electron',
    'better-sqlite3',
    'highs',
    'manifold-3d',
    'serialport',
    'playwright-core',
    'ws',
  ],
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: {
    js: `const __importMetaUrl = require('url').pathToFileURL(${JSON.stringify(resolve(file))}).href;`,
  },
});
const res = spawnSync(process.execPath, ['--enable-source-maps', '--expose-gc', outfile, ...args], {
  stdio: 'inherit',
  cwd: process.cwd(),
});
process.exit(res.status ?? 1);
