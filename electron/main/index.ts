import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openCore, type Core } from '../core/index';
import { resolveWorkspaceDir } from '../serve/workspace-location';
import { registerAppProtocol } from './app-protocol';
import { forwardEvents, registerIpc } from './ipc';
import { menuTemplate } from './menu';
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  applySessionHardening,
  hardenWebContents,
  windowOptions,
} from './security';

// Composition root of the desktop app: the only place that wires Electron to the core.
// Bundled to dist/electron/main.cjs, next to preload.cjs; the renderer is in dist/renderer.
const preloadPath = join(__dirname, 'preload.cjs');
const rendererDir = join(__dirname, '..', 'renderer');
const log = (message: string) => console.log(`[main] ${message}`);

function workspaceFromArgv(argv: string[]): string | undefined {
  const arg = argv.find((a) => a.startsWith('--workspace='));
  return arg ? arg.slice('--workspace='.length) : undefined;
}

function iconPath(): string | undefined {
  const base = app.isPackaged ? process.resourcesPath : join(__dirname, '..', '..');
  const icon = join(base, 'resources', 'icons', 'icon.png');
  return existsSync(icon) ? icon : undefined;
}

// Must happen before 'ready'.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another PlateShift owns the workspace; it is told (second-instance) and focuses itself.
  app.quit();
} else {
  let core: Core | null = null;
  let mainWindow: BrowserWindow | null = null;

  const createWindow = (): BrowserWindow => {
    const win = new BrowserWindow(
      windowOptions(preloadPath, { icon: iconPath(), devTools: !app.isPackaged }),
    );
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    void win.loadURL(APP_ENTRY_URL);
    return win;
  };

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    core?.close();
    core = null;
  });

  app
    .whenReady()
    .then(() => {
      applySessionHardening(session.defaultSession);
      registerAppProtocol(protocol, rendererDir);
      const workspaceDir = resolveWorkspaceDir({
        explicit: workspaceFromArgv(process.argv),
        appData: app.getPath('userData'),
      });
      core = openCore({
        workspaceDir,
        host: 'electron',
        log,
        chooseSavePath: async (suggestedName) => {
          const options = {
            defaultPath: join(app.getPath('documents'), suggestedName),
            filters: [{ name: 'PlateShift backup', extensions: ['zip'] }],
          };
          const chosen = mainWindow
            ? await dialog.showSaveDialog(mainWindow, options)
            : await dialog.showSaveDialog(options);
          return chosen.canceled || !chosen.filePath ? null : chosen.filePath;
        },
        ...(app.isPackaged ? { resourcesDir: join(process.resourcesPath, 'resources') } : {}),
      });
      log(`workspace ${core.workspaceDir}`);
      registerIpc(ipcMain, core.dispatcher, log);
      forwardEvents(core.bus, () => BrowserWindow.getAllWindows());
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          menuTemplate({ isMac: process.platform === 'darwin', isPackaged: app.isPackaged }),
        ),
      );
      mainWindow = createWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
      });
    })
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      console.error(err);
      dialog.showErrorBox('PlateShift could not start', message);
      app.exit(1);
    });
}
