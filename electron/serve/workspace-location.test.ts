import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDataDir, resolveWorkspaceDir } from './workspace-location';

describe('workspace location', () => {
  it('uses each platform’s app-data folder', () => {
    expect(appDataDir({ platform: 'linux', env: {}, home: '/home/ana' })).toBe(
      join('/home/ana', '.config', 'PlateShift'),
    );
    expect(
      appDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '/xdg' }, home: '/home/ana' }),
    ).toBe(join('/xdg', 'PlateShift'));
    expect(appDataDir({ platform: 'darwin', env: {}, home: '/Users/ana' })).toBe(
      join('/Users/ana', 'Library', 'Application Support', 'PlateShift'),
    );
    expect(
      appDataDir({
        platform: 'win32',
        env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' },
        home: 'C:\\Users\\ana',
      }),
    ).toBe(join('C:\\Users\\ana\\AppData\\Roaming', 'PlateShift'));
  });

  it('prefers --workspace, then $PLATESHIFT_WORKSPACE, then <app data>/workspace', () => {
    const p = { platform: 'linux' as const, env: { PLATESHIFT_WORKSPACE: '/env/ws' }, home: '/h' };
    expect(resolveWorkspaceDir({ explicit: 'rel/ws' }, p)).toBe(resolve('rel/ws'));
    expect(resolveWorkspaceDir({}, p)).toBe(resolve('/env/ws'));
    expect(resolveWorkspaceDir({}, { ...p, env: {} })).toBe(
      join('/h', '.config', 'PlateShift', 'workspace'),
    );
    // Electron hands in app.getPath('userData').
    expect(resolveWorkspaceDir({ appData: '/electron/userData' }, { ...p, env: {} })).toBe(
      join('/electron/userData', 'workspace'),
    );
  });
});
