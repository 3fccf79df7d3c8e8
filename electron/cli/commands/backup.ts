import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { type CliCommand, UsageError } from '../command';
import { resolveWorkspaceDir } from '../../serve/workspace-location';

const DB_FILE = 'workspace.sqlite';

const backupUsage = `Usage: plateshift backup [--workspace DIR] [--out FILE]

Writes one archive (.zip) of the whole workspace: a consistent copy of the database taken with
SQLite's online backup (safe while the studio is running) and every model file, with a manifest.
Without --out it goes into <workspace>/backups/, where the studio's Workspace page lists it.

Options:
  --workspace DIR   Workspace folder (default: $PLATESHIFT_WORKSPACE, else the app-data folder)
  --out FILE        Write the archive to FILE instead (refused if FILE exists)
  -h, --help        this text`;

const restoreUsage = `Usage: plateshift restore FILE [--workspace DIR] [--yes]

Replaces the workspace with the archive FILE (from \`plateshift backup\` or the studio's
"Back up now", on this machine or another). The archive is verified first (manifest, model
file checksums, PRAGMA integrity_check); a refused archive changes nothing. The current
workspace is archived into <workspace>/backups/ before it is replaced. Stop the studio and
\`plateshift serve\` on this workspace first.

Options:
  --workspace DIR   Workspace folder (default: $PLATESHIFT_WORKSPACE, else the app-data folder);
                    created when missing, so an archive can seed a new machine
  --yes             Do not ask for confirmation (needed when stdin is not a terminal)
  -h, --help        this text

Exit status: 0 restored, 1 archive refused or restore failed, 2 usage errors.`;

/** parseArgs reports unknown options by throwing; those are usage errors (exit status 2). */
function usageErrors<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

const kib = (n: number) =>
  n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'Write an archive of the workspace (database + model files)',
  usage: backupUsage,
  async run(argv) {
    const { values, positionals } = usageErrors(() =>
      parseArgs({
        args: argv,
        strict: true,
        allowPositionals: true,
        options: { workspace: { type: 'string' }, out: { type: 'string' } },
      }),
    );
    if (positionals.length > 0) throw new UsageError(`unexpected “${positionals[0]}”.`);
    const dir = resolveWorkspaceDir({ explicit: values.workspace });
    // A backup must never create the workspace it claims to archive.
    if (!existsSync(join(dir, DB_FILE))) throw new Error(`there is no workspace in ${dir}.`);
    const out = values.out === undefined ? undefined : resolve(values.out);
    if (out !== undefined && existsSync(out)) {
      throw new UsageError(`${out} exists; choose another file name.`);
    }
    // Loaded here so `plateshift --help` does not open native modules.
    const { Workspace } = await import('../../core/workspace');
    const ws = new Workspace(dir, (m) => console.error(m));
    try {
      const file = await ws.backup({ actor: 'cli', target: out });
      const path = out ?? join(ws.backupsDir, file.fileName);
      console.log(`Backed up ${dir}`);
      console.log(`  to ${path} (${kib(file.sizeBytes)}, ${ws.models.ids().length} model files)`);
      return 0;
    } finally {
      ws.close();
    }
  },
};

async function askYesNo(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'Replace the workspace with a backup archive (verified first, current state kept)',
  usage: restoreUsage,
  async run(argv) {
    const { values, positionals } = usageErrors(() =>
      parseArgs({
        args: argv,
        strict: true,
        allowPositionals: true,
        options: { workspace: { type: 'string' }, yes: { type: 'boolean', default: false } },
      }),
    );
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError('which archive? Give the backup file to restore.');
    if (extra.length > 0) throw new UsageError(`unexpected “${extra[0]}”.`);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      throw new UsageError(`cannot read “${file}”.`);
    }
    const dir = resolveWorkspaceDir({ explicit: values.workspace });
    const { BackupError, readBackupManifest } = await import('../../core/storage/backup');
    const { Workspace } = await import('../../core/workspace');
    try {
      // What the archive holds, before anyone is asked to replace anything with it.
      const manifest = readBackupManifest(bytes);
      const counts = manifest.counts
        ? Object.entries(manifest.counts)
            .map(([k, n]) => `${n} ${k}`)
            .join(', ')
        : `${manifest.models.length} model files`;
      const exists = existsSync(join(dir, DB_FILE));
      console.log(
        `Archive ${file}: ${manifest.workspaceName ?? 'workspace'} of ${manifest.createdAt}`,
      );
      console.log(`  holds ${counts}`);
      if (!values.yes) {
        if (!process.stdin.isTTY) {
          throw new UsageError('restoring replaces the workspace: confirm with --yes.');
        }
        const what = exists ? `Replace the workspace in ${dir}` : `Create a workspace in ${dir}`;
        if (!(await askYesNo(`${what} with this archive? [y/N] `))) {
          console.log('Nothing changed.');
          return 1;
        }
      }
      const createdDir = !existsSync(dir);
      const ws = new Workspace(dir, (m) => console.error(m));
      try {
        const result = await ws
          .restore(bytes, {
            actor: 'cli',
            source: basename(file),
            safetyBackup: exists,
          })
          .catch((err: unknown) => {
            // A refused archive must not leave an empty workspace behind: the next start would
            // take it for a real one and skip the demo.
            if (!exists) {
              ws.close();
              for (const suffix of ['', '-wal', '-shm'])
                rmSync(join(dir, DB_FILE + suffix), { force: true });
              if (createdDir) rmSync(dir, { recursive: true, force: true });
            }
            throw err;
          });
        console.log(`Restored ${dir}`);
        if (result.safetyBackup) {
          console.log(
            `  the previous state is in ${join(ws.backupsDir, result.safetyBackup.fileName)}`,
          );
        }
        return 0;
      } finally {
        ws.close();
      }
    } catch (err) {
      if (err instanceof BackupError) {
        console.error(`plateshift restore: refused (${err.reason}): ${err.message}`);
        console.error('The workspace was not changed.');
        return 1;
      }
      throw err;
    }
  },
};
