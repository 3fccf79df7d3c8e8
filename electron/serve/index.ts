export { startServer, lanAddresses, type RunningServer, type ServerOptions } from './server';
export { appDataDir, resolveWorkspaceDir, APP_FOLDER_NAME } from './workspace-location';
export { openAppWindow, findChromium, hasDisplay, chromiumAppArgs } from './open-browser';
export { contentSecurityPolicy, securityHeaders } from './security-headers';
export { mimeTypeFor, resolveStaticPath } from './static-files';
