// Builds better-sqlite3 for Electron's ABI on the side, for `npm start` in a checkout.
//
// `npm install` compiles better-sqlite3 for Node: the tests, the CLI and browser mode need that
// build. Electron's main process needs one for Electron's ABI. Rebuilding node_modules in place
// (what electron-builder does when packaging) would break Node, so this copies the package to
// dist/native/, builds the copy for Electron (a prebuilt binary when one can be downloaded,
// otherwise node-gyp against Electron's headers) and keeps only the addon:
//   dist/native/electron-<version>-<arch>/better_sqlite3.node
// The app loads it through PLATESHIFT_SQLITE_BINDING (electron/core/storage/native-binding.ts).
//
//   node scripts/electron-sqlite.mjs [--target VERSION] [--runtime electron|node]
//                                    [--dist-url URL] [--nodedir DIR] [--out FILE] [--force]
// The options exist so the pipeline can be checked where Electron's headers cannot be
// downloaded (`--runtime node --target <node version> --nodedir /usr` builds the same copy for
// Node).
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The Electron version installed in node_modules, or null. */
export function installedElectronVersion() {
  try {
    return require('electron/package.json').version;
  } catch {
    return null;
  }
}

/** Where the side build of the addon lives for an Electron version. */
export function electronSqlitePath(version, arch = process.arch) {
  return join(root, 'dist', 'native', `electron-${version}-${arch}`, 'better_sqlite3.node');
}

function run(cmd, args, cwd) {
  const res = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: process.env });
  return res.status === 0;
}

/**
 * Makes sure the side build exists; returns its path, or throws with what to do.
 * `options`: { target, runtime, distUrl, nodedir, out, force, log }.
 */
export function ensureElectronSqlite(options = {}) {
  const log = options.log ?? ((m) => console.log(`PlateShift: ${m}`));
  const runtime = options.runtime ?? 'electron';
  const target = options.target ?? installedElectronVersion();
  if (!target) throw new Error('electron is not installed (npm install electron)');
  const out = options.out ?? electronSqlitePath(target);
  if (existsSync(out) && !options.force) return out;

  const pkgDir = dirname(require.resolve('better-sqlite3/package.json'));
  const work = join(root, 'dist', 'native', `build-${runtime}-${target}-${process.arch}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(dirname(work), { recursive: true });
  // The sources (binding.gyp, src/, deps/ with the SQLite amalgamation), not the Node build.
  cpSync(pkgDir, work, {
    recursive: true,
    filter: (src) => !src.startsWith(join(pkgDir, 'build')),
  });
  log(`building the SQLite addon for ${runtime} ${target} (once; about two minutes)…`);
  const built = join(work, 'build', 'Release', 'better_sqlite3.node');
  const prebuild = join(dirname(require.resolve('prebuild-install/package.json')), 'bin.js');
  const gyp = join(dirname(require.resolve('node-gyp/package.json')), 'bin', 'node-gyp.js');
  const downloaded =
    !options.distUrl &&
    !options.nodedir &&
    run(
      process.execPath,
      [prebuild, `--runtime=${runtime}`, `--target=${target}`, `--arch=${process.arch}`],
      work,
    ) &&
    existsSync(built);
  if (!downloaded) {
    const gypArgs = [gyp, 'rebuild', '--release', `--target=${target}`, `--arch=${process.arch}`];
    if (options.nodedir) gypArgs.push(`--nodedir=${options.nodedir}`);
    else
      gypArgs.push(
        `--dist-url=${options.distUrl ?? (runtime === 'electron' ? 'https://electronjs.org/headers' : 'https://nodejs.org/dist')}`,
      );
    if (!run(process.execPath, gypArgs, work) || !existsSync(built)) {
      throw new Error(
        `could not build better-sqlite3 for ${runtime} ${target}: no prebuilt binary could be downloaded and node-gyp failed (it needs python3, make, a C++ compiler and ${runtime === 'electron' ? "Electron's headers from electronjs.org" : 'Node headers'})`,
      );
    }
  }
  mkdirSync(dirname(out), { recursive: true });
  copyFileSync(built, out);
  rmSync(work, { recursive: true, force: true });
  log(`SQLite addon for ${runtime} ${target}: ${out}`);
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      target: { type: 'string' },
      runtime: { type: 'string' },
      'dist-url': { type: 'string' },
      nodedir: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  try {
    const file = ensureElectronSqlite({
      target: values.target,
      runtime: values.runtime,
      distUrl: values['dist-url'],
      nodedir: values.nodedir,
      out: values.out,
      force: values.force,
    });
    console.log(file);
  } catch (err) {
    console.error(`electron-sqlite: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
