// `npm start`: opens the studio. Builds first when dist/ is missing or older than the sources,
// then starts Electron when its binary is installed, otherwise browser mode (`plateshift serve`)
// with a Chromium app window when Chromium and a display are available.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectronSqlite } from './electron-sqlite.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Newest modification time under the given paths (files or folders), tests excluded. */
function newest(paths) {
  let latest = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        visit(join(p, name));
      }
    } else if (!/\.test\.tsx?$/.test(p)) {
      latest = Math.max(latest, st.mtimeMs);
    }
  };
  for (const p of paths) visit(join(root, p));
  return latest;
}

/** Oldest of the outputs, or -1 when one is missing. */
function oldest(outputs) {
  let min = Infinity;
  for (const o of outputs) {
    const p = join(root, o);
    if (!existsSync(p)) return -1;
    min = Math.min(min, statSync(p).mtimeMs);
  }
  return min;
}

function run(cmd, args, what) {
  console.log(`PlateShift: ${what}…`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`PlateShift: ${what} failed.`);
    process.exit(res.status ?? 1);
  }
}

function buildIfStale() {
  const nodeOutputs = ['dist/cli.cjs', 'dist/electron/main.cjs', 'dist/electron/preload.cjs'];
  const nodeSources = ['electron', 'shared', 'scripts/build.mjs', 'package.json'];
  if (oldest(nodeOutputs) < newest(nodeSources)) {
    run(process.execPath, [join(root, 'scripts', 'build.mjs')], 'building the app');
  }
  const rendererSources = ['renderer', 'shared', 'vite.config.ts', 'package.json'];
  if (oldest(['dist/renderer/index.html']) < newest(rendererSources)) {
    const viteBin = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    if (existsSync(viteBin)) {
      run(
        process.execPath,
        [viteBin, 'build', '--logLevel', 'warn'],
        'building the user interface',
      );
    } else {
      run('npx', ['vite', 'build', '--logLevel', 'warn'], 'building the user interface');
    }
  }
}

/** The Electron executable when the optional dependency installed its binary, else null. */
function electronBinary() {
  try {
    // Under Node the electron package exports its binary's path, not the Electron API.
    // eslint-disable-next-line no-restricted-syntax
    const p = require('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Runs a child in the foreground: signals go to it, its exit code becomes ours. */
function foreground(cmd, args, env = process.env) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env });
  // Ctrl+C in a terminal reaches the child too; forwarding covers `kill <pid>` of this script.
  const forward = (signal) => () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (err) => {
    console.error(`PlateShift: could not start ${cmd}: ${err.message}`);
    process.exit(1);
  });
}

buildIfStale();

const electron = electronBinary();
// Electron's main process needs better-sqlite3 built for Electron's ABI; node_modules holds the
// Node build (tests, CLI, browser mode), so an Electron copy is built once on the side.
let sqliteBinding = null;
if (electron) {
  try {
    sqliteBinding = ensureElectronSqlite();
  } catch (err) {
    console.error(`PlateShift: ${err instanceof Error ? err.message : String(err)}.`);
  }
}
if (electron && sqliteBinding) {
  const args = ['.'];
  // Chromium refuses to run as root with its sandbox; the renderer sandbox flags still apply.
  if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox');
  console.log('PlateShift: starting the desktop app (Electron).');
  foreground(electron, args, { ...process.env, PLATESHIFT_SQLITE_BINDING: sqliteBinding });
} else {
  console.log(
    electron
      ? 'PlateShift: the desktop app cannot open its database without that build — starting browser mode.'
      : 'Electron binary not installed here — starting browser mode.',
  );
  const wanted = Number(process.env.PORT ?? 4173);
  let port = Number.isInteger(wanted) && wanted >= 0 && wanted <= 65535 ? wanted : 4173;
  if (port !== 0 && !(await portFree(port))) {
    console.log(`PlateShift: port ${port} is busy, using a free one instead.`);
    port = 0;
  }
  foreground(process.execPath, [
    join(root, 'bin', 'plateshift.cjs'),
    'serve',
    '--port',
    String(port),
    '--open',
    ...process.argv.slice(2),
  ]);
}
