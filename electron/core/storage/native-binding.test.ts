import { describe, expect, it } from 'vitest';
import { sqliteNativeBinding } from './native-binding';

describe('the SQLite addon the app loads', () => {
  const file = '/app/dist/native/electron-40.8.5-x64/better_sqlite3.node';
  const exists = (p: string) => p === file;

  it('is better-sqlite3’s own build under Node, whatever the environment names', () => {
    expect(
      sqliteNativeBinding({
        versions: { node: '20.20.2' },
        env: { PLATESHIFT_SQLITE_BINDING: file },
        exists,
      }),
    ).toBeUndefined();
  });

  it('is the Electron build under Electron when `npm start` made one', () => {
    expect(
      sqliteNativeBinding({
        versions: { node: '22.0.0', electron: '40.8.5' },
        env: { PLATESHIFT_SQLITE_BINDING: file },
        exists,
      }),
    ).toBe(file);
  });

  it('falls back to the package’s own build (a packaged app) when none is named or it is missing', () => {
    const versions = { node: '22.0.0', electron: '40.8.5' };
    expect(sqliteNativeBinding({ versions, env: {}, exists })).toBeUndefined();
    expect(
      sqliteNativeBinding({
        versions,
        env: { PLATESHIFT_SQLITE_BINDING: '/nowhere/better_sqlite3.node' },
        exists,
      }),
    ).toBeUndefined();
  });
});
