// Packages the app with electron-builder. Packaging rebuilds better-sqlite3 for Electron's
// ABI inside node_modules, so afterwards it is rebuilt for Node again: tests and browser
// mode keep working on the same checkout whether packaging succeeded or not.
import { spawnSync } from 'node:child_process';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const args = process.argv.slice(2);
const built = spawnSync(npx, ['electron-builder', '--config', 'electron-builder.yml', ...args], {
  stdio: 'inherit',
});
const restored = spawnSync(npm, ['rebuild', 'better-sqlite3'], { stdio: 'inherit' });
if (restored.status !== 0)
  console.error(
    'dist: could not rebuild better-sqlite3 for Node; run `npm rebuild better-sqlite3`.',
  );
process.exit(built.status ?? 1);
