import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_FOLDER_NAME = 'PlateShift';

export interface PlatformEnv {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
}

const current = (): PlatformEnv => ({
  platform: process.platform,
  env: process.env,
  home: homedir(),
});

/** The platform's per-user application-data folder for PlateShift (what Electron calls userData). */
export function appDataDir(p: PlatformEnv = current()): string {
  if (p.platform === 'win32') {
    const appData = p.env.APPDATA || join(p.home, 'AppData', 'Roaming');
    return join(appData, APP_FOLDER_NAME);
  }
  if (p.platform === 'darwin') {
    return join(p.home, 'Library', 'Application Support', APP_FOLDER_NAME);
  }
  const config = p.env.XDG_CONFIG_HOME || join(p.home, '.config');
  return join(config, APP_FOLDER_NAME);
}

/**
 * Where the workspace lives: an explicit folder (--workspace), else $PLATESHIFT_WORKSPACE, else
 * `<app data>/workspace`. Electron passes app.getPath('userData') as appData so both hosts agree.
 */
export function resolveWorkspaceDir(
  options: { explicit?: string | undefined; appData?: string } = {},
  p: PlatformEnv = current(),
): string {
  if (options.explicit) return resolve(options.explicit);
  const fromEnv = p.env.PLATESHIFT_WORKSPACE;
  if (fromEnv) return resolve(fromEnv);
  return join(options.appData ?? appDataDir(p), 'workspace');
}
