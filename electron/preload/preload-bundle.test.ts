import * as events from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as timers from 'node:timers';
import * as url from 'node:url';
import { describe, expect, it } from 'vitest';

const bundle = join(__dirname, '..', '..', 'dist', 'electron', 'preload.cjs');

/**
 * Runs the built preload the way Electron runs a sandboxed one: wrapped in a function with only
 * require (electron, events, timers, url), process, Buffer, global, setImmediate,
 * clearImmediate, exports and module in scope — no __filename, __dirname or Node modules.
 */
describe('built preload (dist/electron/preload.cjs) in a sandboxed renderer', () => {
  it.skipIf(!existsSync(bundle))('loads and exposes only window.plateshift', () => {
    const exposed: Record<string, unknown> = {};
    const fakeElectron = {
      contextBridge: {
        exposeInMainWorld: (key: string, api: unknown) => {
          exposed[key] = api;
        },
      },
      ipcRenderer: {
        invoke: async () => undefined,
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    const sandboxModules: Record<string, unknown> = { electron: fakeElectron, events, timers, url };
    const sandboxRequire = (name: string): unknown => {
      const mod = sandboxModules[name.replace(/^node:/, '')];
      if (mod === undefined) throw new Error(`module not found: ${name}`);
      return mod;
    };
    const wrapper = new Function(
      'require',
      'process',
      'Buffer',
      'global',
      'setImmediate',
      'clearImmediate',
      'exports',
      'module',
      readFileSync(bundle, 'utf8'),
    );
    const exports = {};
    wrapper(sandboxRequire, {}, Buffer, {}, setImmediate, clearImmediate, exports, { exports });
    expect(Object.keys(exposed)).toEqual(['plateshift']);
    expect(Object.keys(exposed.plateshift as object).sort()).toEqual(['invoke', 'subscribe']);
  });
});
