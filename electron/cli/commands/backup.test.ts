import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listEvents } from '../../core/storage/audit';
import { listPrinters, savePrinter } from '../../core/storage/repositories/printers';
import { Workspace } from '../../core/workspace';
import { main } from '../index';
import { testPrinter as printer } from '../../core/test-support/printer';

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** A closed workspace folder holding one printer of that name. */
function workspaceWith(name: string): string {
  const dir = tmp('ps-cli-ws-');
  const ws = new Workspace(dir, () => {});
  savePrinter(ws.db, printer(name), 't');
  ws.close();
  return dir;
}

function withWorkspace<T>(dir: string, read: (ws: Workspace) => T): T {
  const ws = new Workspace(dir, () => {});
  try {
    return read(ws);
  } finally {
    ws.close();
  }
}

/** Runs the CLI as `plateshift …` and captures what it prints. */
async function cli(...argv: string[]) {
  const out = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const code = await main(argv);
    return {
      code,
      stdout: out.mock.calls.map((c) => c.join(' ')).join('\n'),
      stderr: err.mock.calls.map((c) => c.join(' ')).join('\n'),
    };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('plateshift backup / restore', () => {
  it('are listed in --help', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\s+backup\s+Write an archive/m);
    expect(stdout).toMatch(/^\s+restore\s+Replace the workspace/m);
    expect((await cli('restore', '--help')).stdout).toMatch(/--yes/);
  });

  it('backs up into the backups folder or --out, and logs the event', async () => {
    const dir = workspaceWith('Original');
    const first = await cli('backup', '--workspace', dir);
    expect(first.code).toBe(0);
    expect(readdirSync(join(dir, 'backups'))).toHaveLength(1);

    const out = join(tmp('ps-cli-out-'), 'lab.zip');
    expect((await cli('backup', '--workspace', dir, '--out', out)).code).toBe(0);
    expect(existsSync(out)).toBe(true);
    // Never overwrites a file it was pointed at.
    const again = await cli('backup', '--workspace', dir, '--out', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists/);

    const events = withWorkspace(dir, (ws) => listEvents(ws.db, { entity: 'workspace', limit: 5 }));
    expect(events.map((e) => [e.action, e.actor, e.entityId])).toEqual([
      ['workspace.backup', 'cli', 'lab.zip'],
      ['workspace.backup', 'cli', expect.stringMatching(/^plateshift-backup-.*\.zip$/)],
    ]);
  });

  it('does not create a workspace it was asked to back up', async () => {
    const missing = join(tmp('ps-cli-none-'), 'nowhere');
    const { code, stderr } = await cli('backup', '--workspace', missing);
    expect(code).toBe(1);
    expect(stderr).toMatch(/no workspace/);
    expect(existsSync(missing)).toBe(false);
  });

  it('restores an archive from another folder after --yes, keeping the replaced state', async () => {
    const source = workspaceWith('From elsewhere');
    const out = join(tmp('ps-cli-out-'), 'moved.zip');
    expect((await cli('backup', '--workspace', source, '--out', out)).code).toBe(0);
    const target = workspaceWith('Replaced');

    const run = await cli('restore', out, '--workspace', target, '--yes');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/holds 1 printers/);
    expect(run.stdout).toMatch(/previous state is in .*plateshift-backup-/);
    const [names, last] = withWorkspace(target, (ws) => [
      listPrinters(ws.db).map((p) => p.name),
      listEvents(ws.db, { limit: 1 })[0],
    ]);
    expect(names).toEqual(['From elsewhere']);
    expect(last).toMatchObject({
      action: 'workspace.restore',
      actor: 'cli',
      entityId: 'moved.zip',
    });

    // Into a folder that does not exist yet: a new machine seeded from the archive.
    const fresh = join(tmp('ps-cli-new-'), 'ws');
    expect((await cli('restore', out, '--workspace', fresh, '--yes')).code).toBe(0);
    expect(withWorkspace(fresh, (ws) => listPrinters(ws.db).map((p) => p.name))).toEqual([
      'From elsewhere',
    ]);
    expect(existsSync(join(fresh, 'backups'))).toBe(false);
  });

  it('asks for --yes when it cannot ask', async () => {
    const source = workspaceWith('A');
    expect((await cli('backup', '--workspace', source)).code).toBe(0);
    const [archive] = readdirSync(join(source, 'backups'));
    const stdin = process.stdin as { isTTY?: boolean };
    const tty = stdin.isTTY;
    stdin.isTTY = false;
    try {
      const run = await cli(
        'restore',
        join(source, 'backups', archive ?? ''),
        '--workspace',
        source,
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--yes/);
    } finally {
      stdin.isTTY = tty;
    }
  });

  it('refuses a file that is not a backup and changes nothing', async () => {
    const target = workspaceWith('Kept');
    const bogus = join(tmp('ps-cli-bogus-'), 'photo.zip');
    writeFileSync(bogus, 'not a zip at all');
    const run = await cli('restore', bogus, '--workspace', target, '--yes');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refused \(not_a_zip\)/);
    expect(withWorkspace(target, (ws) => listPrinters(ws.db).map((p) => p.name))).toEqual(['Kept']);
    expect(existsSync(join(target, 'backups'))).toBe(false);

    const fresh = join(tmp('ps-cli-new-'), 'ws');
    expect((await cli('restore', bogus, '--workspace', fresh, '--yes')).code).toBe(1);
    expect(existsSync(fresh)).toBe(false);
    expect((await cli('restore', join(target, 'missing.zip'), '--yes')).code).toBe(2);
  });
});
