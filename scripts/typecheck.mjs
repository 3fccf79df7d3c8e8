// Typechecks each runtime layer with its own config. The Electron shell is checked when the
// electron package (and so its types) is installed: CI installs it with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1; a plain install where the download fails drops it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const projects = [
  'tsconfig.shared.json',
  'tsconfig.node.json',
  'tsconfig.renderer.json',
  'tsconfig.tools.json',
];
if (existsSync('node_modules/electron/electron.d.ts')) projects.push('tsconfig.electron.json');
else if (process.env.PLATESHIFT_CI) {
  // CI installs the package with ELECTRON_SKIP_BINARY_DOWNLOAD=1: the shell must be checked there.
  console.error('typecheck: electron package absent in CI; the Electron shell would go unchecked');
  process.exit(1);
} else
  console.warn(
    'typecheck: electron package absent, skipping tsconfig.electron.json (CI checks it)',
  );

let failed = false;
for (const p of projects) {
  try {
    execFileSync(process.execPath, [tsc, '-p', p], { stdio: 'inherit' });
    console.log(`typecheck: ${p} ok`);
  } catch {
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
