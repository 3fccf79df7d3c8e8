import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  ELECTRON_CSP,
  applySessionHardening,
  hardenWebContents,
  isAllowedNavigation,
  isAllowedRequestUrl,
  isTrustedSender,
  windowOptions,
  withCsp,
} from './security';
import { menuTemplate } from './menu';

describe('BrowserWindow options', () => {
  const options = windowOptions('/app/dist/electron/preload.cjs');
  const web = options.webPreferences ?? {};

  it('isolates the renderer: context isolation, sandbox, no Node', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
    expect(web.preload).toBe('/app/dist/electron/preload.cjs');
  });

  it('keeps web security on and every risky feature off', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
    expect(web).not.toHaveProperty('enableBlinkFeatures');
    expect(web).not.toHaveProperty('additionalArguments');
  });

  it('loads the studio from its own privileged origin', () => {
    expect(APP_ENTRY_URL).toBe('app://plateshift/index.html');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('corsEnabled');
  });
});

describe('strict CSP', () => {
  it('allows only our own origin, no WebSocket, no framing', () => {
    expect(ELECTRON_CSP).toContain("default-src 'self'");
    expect(ELECTRON_CSP).toContain("connect-src 'self'");
    expect(ELECTRON_CSP).not.toContain('ws:');
    expect(ELECTRON_CSP).toContain("frame-ancestors 'none'");
    expect(ELECTRON_CSP).toContain("object-src 'none'");
    expect(ELECTRON_CSP).not.toMatch(/script-src[^;]*unsafe/);
    expect(ELECTRON_CSP).not.toContain('unsafe-eval');
  });

  it('replaces any CSP a response brings with ours', () => {
    const headers = withCsp({ 'content-security-policy': ['default-src *'], 'X-Other': 'x' });
    expect(headers['Content-Security-Policy']).toEqual([ELECTRON_CSP]);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['X-Other']).toEqual(['x']);
  });
});

describe('navigation, senders and requests', () => {
  it('allows navigation inside app://plateshift only, compared by URL parts', () => {
    expect(isAllowedNavigation('app://plateshift/index.html')).toBe(true);
    expect(isAllowedNavigation('app://plateshift/printers?x=1#y')).toBe(true);
    for (const url of [
      'https://example.com/',
      'http://plateshift/',
      'file:///etc/passwd',
      'app://plateshift.evil.com/',
      'app://evil/plateshift',
      'app://user:pw@plateshift/',
      'app://plateshift:8080/',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });

  it('trusts IPC only from the studio’s top-level frame', () => {
    expect(isTrustedSender({ url: 'app://plateshift/index.html', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'app://plateshift/index.html', parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: '', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });

  it('lets windows load their own files and in-memory data only', () => {
    expect(isAllowedRequestUrl('app://plateshift/assets/index.js')).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRequestUrl('blob:app://plateshift/1234')).toBe(true);
    expect(isAllowedRequestUrl('https://cdn.example/lib.js')).toBe(false);
    expect(isAllowedRequestUrl('http://192.168.1.50/api/printer')).toBe(false);
    expect(isAllowedRequestUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedRequestUrl('ws://127.0.0.1:4173/api/events')).toBe(false);
  });
});

type BeforeRequest = (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void;
type HeadersReceived = (
  d: { responseHeaders?: Record<string, string[]> },
  cb: (r: { responseHeaders: Record<string, string[]> }) => void,
) => void;

interface Installed {
  permissionRequest: ((...a: unknown[]) => void) | null;
  permissionCheck: ((...a: unknown[]) => boolean) | null;
  devicePermission: ((...a: unknown[]) => boolean) | null;
  beforeRequest: BeforeRequest | null;
  headersReceived: HeadersReceived | null;
}

/** A stand-in for Electron's Session recording what was installed. */
function fakeSession() {
  const emitter = new EventEmitter();
  const installed: Installed = {
    permissionRequest: null,
    permissionCheck: null,
    devicePermission: null,
    beforeRequest: null,
    headersReceived: null,
  };
  const session = {
    setPermissionRequestHandler: (h: Installed['permissionRequest']) => {
      installed.permissionRequest = h;
    },
    setPermissionCheckHandler: (h: Installed['permissionCheck']) => {
      installed.permissionCheck = h;
    },
    setDevicePermissionHandler: (h: Installed['devicePermission']) => {
      installed.devicePermission = h;
    },
    webRequest: {
      onBeforeRequest: (h: BeforeRequest) => {
        installed.beforeRequest = h;
      },
      onHeadersReceived: (h: HeadersReceived) => {
        installed.headersReceived = h;
      },
    },
    on: emitter.on.bind(emitter),
  };
  return { session, installed, emit: emitter.emit.bind(emitter) };
}

describe('session hardening', () => {
  const fake = fakeSession();
  const s = fake.installed;
  applySessionHardening(fake.session as unknown as Parameters<typeof applySessionHardening>[0]);

  it('denies every permission request and check', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'serial',
      'hid',
    ]) {
      const callback = vi.fn();
      s.permissionRequest?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(s.permissionCheck?.({}, permission, 'app://plateshift', {})).toBe(false);
    }
    expect(s.devicePermission?.({ deviceType: 'usb' })).toBe(false);
  });

  it('cancels requests that leave the app and stamps the CSP on responses', () => {
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      s.beforeRequest?.({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(decide('app://plateshift/index.html')).toBe(false);
    expect(decide('https://evil.example/x.js')).toBe(true);
    let headers: Record<string, string[]> = {};
    s.headersReceived?.({ responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([ELECTRON_CSP]);
  });

  it('refuses downloads', () => {
    const event = { preventDefault: vi.fn() };
    fake.emit('will-download', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('web contents hardening', () => {
  function harden() {
    const emitter = new EventEmitter();
    let openHandler: ((d: { url: string }) => { action: string }) | null = null;
    const contents = {
      on: emitter.on.bind(emitter),
      setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
        openHandler = h;
      },
    };
    hardenWebContents(contents as unknown as Parameters<typeof hardenWebContents>[0]);
    return { emitter, open: (url: string) => openHandler?.({ url }) };
  }

  it('blocks navigation and redirects away from the studio, allows in-app ones', () => {
    const { emitter } = harden();
    for (const kind of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const away = { url: 'https://evil.example/', preventDefault: vi.fn() };
      emitter.emit(kind, away);
      expect(away.preventDefault, kind).toHaveBeenCalled();
      const inside = { url: 'app://plateshift/index.html', preventDefault: vi.fn() };
      emitter.emit(kind, inside);
      expect(inside.preventDefault, kind).not.toHaveBeenCalled();
    }
  });

  it('denies window.open, whatever the URL', () => {
    const { open } = harden();
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('app://plateshift/index.html')).toEqual({ action: 'deny' });
  });

  it('prevents <webview> attachment', () => {
    const { emitter } = harden();
    const event = { preventDefault: vi.fn() };
    emitter.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('menu', () => {
  it('hides developer tools in packaged builds', () => {
    const flat = (packaged: boolean) =>
      JSON.stringify(menuTemplate({ isMac: false, isPackaged: packaged }));
    expect(flat(false)).toContain('toggleDevTools');
    expect(flat(true)).not.toContain('toggleDevTools');
  });
});
