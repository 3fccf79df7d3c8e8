import { afterAll, describe, expect, it, vi } from 'vitest';
import { IPC_CALL } from '../../shared/api';

// The composition root, run against a fake `electron` and a fake core: proves the hardening
// in security.ts is actually applied to the real app's window, session and IPC.
const fake = vi.hoisted(() => {
  const state = {
    appHandlers: new Map<string, (...args: unknown[]) => void>(),
    windows: [] as { options: Record<string, unknown>; url: string | null }[],
    ipcHandlers: new Map<string, unknown>(),
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, unknown>(),
    sandboxEnabled: false,
    permissionHandler: null as null | ((...a: unknown[]) => void),
    beforeRequest: false,
    headersReceived: false,
    coreOptions: null as null | Record<string, unknown>,
    menuSet: false,
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    static all: BrowserWindow[] = [];
    static getAllWindows() {
      return BrowserWindow.all;
    }
    webContents = {
      isDestroyed: () => false,
      getURL: () => 'app://plateshift/index.html',
      send: () => undefined,
    };
    private record: { options: Record<string, unknown>; url: string | null };
    constructor(options: Record<string, unknown>) {
      this.record = { options, url: null };
      fake.windows.push(this.record);
      BrowserWindow.all.push(this);
    }
    once() {}
    on() {}
    loadURL(url: string) {
      this.record.url = url;
      return Promise.resolve();
    }
  }
  return {
    app: {
      isPackaged: false,
      requestSingleInstanceLock: () => true,
      enableSandbox: () => {
        fake.sandboxEnabled = true;
      },
      on: (name: string, h: (...args: unknown[]) => void) => fake.appHandlers.set(name, h),
      whenReady: () => Promise.resolve(),
      getPath: (name: string) => `/fake/${name}`,
      quit: () => undefined,
      exit: () => undefined,
    },
    BrowserWindow,
    dialog: { showErrorBox: () => undefined },
    ipcMain: {
      handle: (channel: string, h: unknown) => fake.ipcHandlers.set(channel, h),
      removeHandler: (channel: string) => fake.ipcHandlers.delete(channel),
    },
    Menu: {
      buildFromTemplate: (t: unknown) => t,
      setApplicationMenu: () => {
        fake.menuSet = true;
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (list: unknown[]) => fake.privileged.push(...list),
      handle: (scheme: string, h: unknown) => fake.protocolHandlers.set(scheme, h),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: (...a: unknown[]) => void) => {
          fake.permissionHandler = h;
        },
        setPermissionCheckHandler: () => undefined,
        setDevicePermissionHandler: () => undefined,
        webRequest: {
          onBeforeRequest: () => {
            fake.beforeRequest = true;
          },
          onHeadersReceived: () => {
            fake.headersReceived = true;
          },
        },
        on: () => undefined,
      },
    },
  };
});

vi.mock('../core/index', async () => {
  const { EventBus } = await import('../core/event-bus');
  return {
    openCore: (options: Record<string, unknown>) => {
      fake.coreOptions = options;
      return {
        workspaceDir: String(options.workspaceDir),
        bus: new EventBus(),
        dispatcher: {
          dispatch: async (channel: string) => ({ ok: true, value: `dispatched ${channel}` }),
        },
        close: () => undefined,
      };
    },
  };
});

const savedWorkspace = process.env.PLATESHIFT_WORKSPACE;
delete process.env.PLATESHIFT_WORKSPACE;
afterAll(() => {
  if (savedWorkspace !== undefined) process.env.PLATESHIFT_WORKSPACE = savedWorkspace;
});

describe('electron main composition root', async () => {
  await import('./index');
  await new Promise((r) => setImmediate(r));

  it('turns on the sandbox for every renderer and registers the app:// scheme', () => {
    expect(fake.sandboxEnabled).toBe(true);
    expect(fake.privileged).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ secure: true }),
      }),
    ]);
    expect(fake.protocolHandlers.has('app')).toBe(true);
  });

  it('hardens the session before any window exists', () => {
    const callback = vi.fn();
    fake.permissionHandler?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(fake.beforeRequest).toBe(true);
    expect(fake.headersReceived).toBe(true);
    expect(fake.appHandlers.has('web-contents-created')).toBe(true);
  });

  it('opens one hardened window on the studio', () => {
    expect(fake.windows).toHaveLength(1);
    const web = fake.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(web).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String(web.preload)).toMatch(/preload\.cjs$/);
    expect(fake.windows[0]!.url).toBe('app://plateshift/index.html');
    expect(fake.menuSet).toBe(true);
  });

  it('opens the workspace under userData as the electron host', () => {
    expect(fake.coreOptions).toMatchObject({
      workspaceDir: '/fake/userData/workspace',
      host: 'electron',
    });
  });

  it('checks the sender of every IPC call', async () => {
    const handler = fake.ipcHandlers.get(IPC_CALL) as (
      e: { senderFrame: unknown },
      channel: unknown,
      input: unknown,
    ) => Promise<unknown>;
    expect(
      await handler(
        { senderFrame: { url: 'app://plateshift/index.html', parent: null } },
        'printers.list',
        {},
      ),
    ).toEqual({ ok: true, value: 'dispatched printers.list' });
    expect(
      await handler(
        { senderFrame: { url: 'https://evil.example/', parent: null } },
        'printers.list',
        {},
      ),
    ).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });
});
