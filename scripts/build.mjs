// Bundles everything that runs under Node or Electron (not the renderer: Vite builds that).
// Native and WASM packages stay external so they load from node_modules (asar-unpacked when packaged).
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const external = [
  'electron',
  'better-sqlite3',
  'highs',
  'manifold-3d',
  'serialport',
  '@serialport/*',
  'playwright-core',
  'ws',
  'bufferutil',
  'utf-8-validate',
];

const workerDir = join(root, 'electron/workers');
const workers = existsSync(workerDir)
  ? readdirSync(workerDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  : [];

const entries = [
  { in: 'electron/main/index.ts', out: 'electron/main' },
  { in: 'electron/preload/index.ts', out: 'electron/preload' },
  { in: 'electron/cli/index.ts', out: 'cli' },
  ...workers.map((f) => ({
    in: `electron/workers/${f}`,
    out: `workers/${f.replace(/\.ts$/, '')}`,
  })),
].filter((e) => existsSync(join(root, e.in)));

const started = Date.now();
await build({
  absWorkingDir: root,
  entryPoints: entries,
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
  define: { 'import.meta.url': '__importMetaUrl' },
  // Sandboxed preloads run without __filename (and may only require 'electron').
  banner: {
    js: "const __importMetaUrl = typeof __filename === 'string' ? require('url').pathToFileURL(__filename).href : '';",
  },
});
if (!process.env.QUIET) {
  console.log(`built ${entries.length} Node/Electron bundles in ${Date.now() - started} ms`);
}
