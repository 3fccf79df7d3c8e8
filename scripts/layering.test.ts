import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The dependency direction of DESIGN.md §5, proven on probe files against the real config. */
const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message);
}

describe('layering rules', () => {
  it.each([
    [
      'shared/domain/probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;",
    ],
    ['shared/domain/probe.ts', "import * as fs from 'fs';\nexport const x = fs;"],
    ['shared/api/probe.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['shared/api/probe.ts', "import { x } from '../../electron/core/index';\nexport const y = x;"],
    ['shared/geometry/probe.ts', 'export const x = window.location;'],
    ['electron/core/probe.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['electron/serve/probe.ts', "import { x } from '../main/index';\nexport const y = x;"],
    [
      'renderer/src/probe.ts',
      "import { x } from '../../electron/core/index';\nexport const y = x;",
    ],
    ['renderer/src/probe.ts', "import Database from 'better-sqlite3';\nexport const y = Database;"],
    [
      'renderer/src/probe.ts',
      "import { ipcRenderer } from 'electron';\nexport const y = ipcRenderer;",
    ],
  ])('%s may not do: %s', async (file, code) => {
    expect(await restricted(file, code)).not.toEqual([]);
  });

  it.each([
    ['shared/api/probe.ts', "import { channels } from './contract';\nexport const x = channels;"],
    ['electron/core/probe.ts', "import { join } from 'node:path';\nexport const x = join;"],
    ['electron/main/probe.ts', "import { app } from 'electron';\nexport const x = app;"],
    [
      'renderer/src/probe.ts',
      "import { channels } from '../../shared/api';\nexport const x = channels;",
    ],
  ])('%s may do: %s', async (file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});
