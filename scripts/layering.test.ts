import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The dependency direction of DESIGN.md §5, proven on probe files against the real config. */
const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter(
      (m) =>
        m.ruleId === 'no-restricted-imports' ||
        m.ruleId === 'no-restricted-globals' ||
        m.ruleId === 'no-restricted-syntax',
    )
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
    // Built-ins the old hand-written list missed: subpaths, rare modules, node:-only ones.
    [
      'shared/domain/probe.ts',
      "import { readFile } from 'fs/promises';\nexport const x = readFile;",
    ],
    [
      'shared/domain/probe.ts',
      "import { StringDecoder } from 'string_decoder';\nexport const x = StringDecoder;",
    ],
    ['shared/domain/probe.ts', "import { test } from 'node:test';\nexport const x = test;"],
    ['shared/domain/probe.ts', "import { posix } from 'path/posix';\nexport const x = posix;"],
    [
      'renderer/src/probe.ts',
      "import { ReadableStream } from 'stream/web';\nexport const x = ReadableStream;",
    ],
    ['renderer/src/probe.ts', "import * as hooks from 'async_hooks';\nexport const x = hooks;"],
    // Loaded at run time rather than imported.
    ['shared/domain/probe.ts', "export const x = await import('node:fs');"],
    ['shared/domain/probe.ts', "export const x = await import('fs/promises');"],
    ['renderer/src/probe.ts', "export const x = await import('child_process');"],
    ['electron/core/probe.ts', "export const x = await import('electron');"],
    ['electron/serve/probe.ts', "export const x = require('electron');"],
    ['electron/workers/probe.ts', "export const x = await import('electron');"],
    [
      'electron/cli/probe.ts',
      "import { createRequire } from 'node:module';\nexport const x = createRequire(__filename)('electron');",
    ],
    // electron is banned in every folder but the shell's two.
    ['e2e/probe.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['scripts/probe.mjs', "const { app } = require('electron');\nexport default app;"],
    ['bench/probe.ts', "export const x = await import('electron');"],
    ['resources/probe.ts', "import { app } from 'electron';\nexport const x = app;"],
    // DOM globals in shared/, beyond window and document; shared runs in workers and Node.
    ['shared/geometry/probe.ts', "export const x = localStorage.getItem('k');"],
    ['shared/geometry/probe.ts', 'export const x = sessionStorage.length;'],
    ['shared/geometry/probe.ts', 'export const x = navigator.hardwareConcurrency;'],
    ['shared/geometry/probe.ts', 'export const x = requestAnimationFrame(() => undefined);'],
    ['shared/geometry/probe.ts', 'export const x = new OffscreenCanvas(1, 1);'],
    ['shared/geometry/probe.ts', 'export const x = self.postMessage;'],
    ['shared/geometry/probe.ts', 'export const x = Buffer.from([1]);'],
  ])('%s may not do: %s', async (file, code) => {
    expect(await restricted(file, code)).not.toEqual([]);
  });

  it.each([
    ['shared/api/probe.ts', "import { channels } from './contract';\nexport const x = channels;"],
    ['electron/core/probe.ts', "import { join } from 'node:path';\nexport const x = join;"],
    ['electron/main/probe.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['electron/main/probe.ts', "export const x = await import('electron');"],
    ['electron/preload/probe.ts', "export const x = require('electron');"],
    [
      'electron/core/probe.ts',
      "import { readFile } from 'fs/promises';\nexport const x = readFile;",
    ],
    // What every runtime shared/ runs in offers stays allowed.
    ['shared/api/probe.ts', "export const x = fetch('http://127.0.0.1/');"],
    ['shared/api/probe.ts', 'export const x = new URL(new TextEncoder().encode("a").join());'],
    ['shared/api/probe.ts', 'export const x = performance.now() + structuredClone(1);'],
    // Local files that share a built-in's name are not built-ins.
    ['shared/api/probe.ts', "import { x } from './events';\nexport const y = x;"],
    ['renderer/src/probe.ts', "import { x } from '../util/path';\nexport const y = x;"],
    [
      'renderer/src/probe.ts',
      "import { channels } from '../../shared/api';\nexport const x = channels;",
    ],
  ])('%s may do: %s', async (file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});
