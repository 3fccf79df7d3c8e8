import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { contentSecurityPolicy } from '../serve/security-headers';

/**
 * The Electron hardening in one place, as plain data and functions over the objects Electron
 * hands us, so security.test.ts can check every flag (Electron's security checklist, items 2–17).
 */

/** The renderer is served from app://plateshift/ — a real origin, unlike file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'plateshift';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** No WebSocket in Electron: pushed events come over IPC. */
export const ELECTRON_CSP = contentSecurityPolicy({ websocket: false });

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

export function windowOptions(
  preloadPath: string,
  extra: { icon?: string; devTools?: boolean } = {},
): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'PlateShift',
    backgroundColor: '#14181d',
    ...(extra.icon ? { icon: extra.icon } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: extra.devTools ?? true,
    },
  };
}

/** True for URLs of our own origin. Compared through the URL parser, never by prefix. */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  // Node's URL gives custom schemes an opaque origin ("null"), so compare the parts.
  return (
    u.protocol === `${APP_SCHEME}:` &&
    u.hostname === APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

/** Windows only ever show the studio itself. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** The part of WebFrameMain an IPC sender check needs. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/** IPC is accepted from the studio's own top-level frame only (checklist item 17). */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame != null && frame.parent === null && isAppUrl(frame.url);
}

/**
 * What a window may load at all: its own files and in-memory data. Printer and network traffic
 * belongs to the main process; the renderer makes no network requests.
 */
export function isAllowedRequestUrl(url: string): boolean {
  if (isAppUrl(url)) return true;
  try {
    const protocol = new URL(url).protocol;
    return protocol === 'data:' || protocol === 'blob:' || protocol === 'devtools:';
  } catch {
    return false;
  }
}

/** Adds our CSP to a response's headers, replacing any other spelling of it. */
export function withCsp(
  headers: Record<string, string[] | string> | undefined,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() === 'content-security-policy') continue;
    out[k] = Array.isArray(v) ? v : [v];
  }
  out['Content-Security-Policy'] = [ELECTRON_CSP];
  return out;
}

type HardenedSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'on'
> & { webRequest: Pick<Session['webRequest'], 'onBeforeRequest' | 'onHeadersReceived'> };

/** Denies every permission, device and download, blocks foreign requests and adds the CSP. */
export function applySessionHardening(ses: HardenedSession): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url) });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) });
  });
  ses.on('will-download', (event) => event.preventDefault());
}

type HardenedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Applied to every WebContents as it is created (app 'web-contents-created'). */
export function hardenWebContents(
  contents: HardenedContents,
  log: (message: string) => void = () => undefined,
): void {
  const guard = (kind: string) => (event: { preventDefault(): void; url: string }) => {
    if (!isAllowedNavigation(event.url)) {
      event.preventDefault();
      log(`blocked ${kind} to ${event.url}`);
    }
  };
  contents.on('will-navigate', guard('navigation'));
  contents.on('will-frame-navigate', guard('frame navigation'));
  contents.on('will-redirect', guard('redirect'));
  contents.setWindowOpenHandler(({ url }) => {
    log(`blocked window.open of ${url}`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked a <webview>');
  });
}
