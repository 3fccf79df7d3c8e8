import { createDispatcher } from '../../shared/api';
import type { Core, CoreOptions } from './core';
import { seedDemoWorkspace } from './demo/seed';
import { EventBus } from './event-bus';
import { createHandlers } from './handlers';
import { findResourcesDir } from './resources';
import { Workspace } from './workspace';

export type { Core, CoreOptions, HostKind } from './core';
export { EventBus } from './event-bus';

/**
 * Opens a workspace folder (creating and seeding the demo on first start) and returns the
 * services both hosts serve: Electron over IPC, browser mode over HTTP + WebSocket.
 */
export function openCore(options: CoreOptions & { resourcesDir?: string }): Core {
  const log = options.log ?? ((m: string) => console.warn(`[core] ${m}`));
  const ws = new Workspace(options.workspaceDir, log);
  try {
    if (ws.isNew && options.demo !== false) {
      seedDemoWorkspace(ws, findResourcesDir(options.resourcesDir));
    }
  } catch (err) {
    ws.close();
    throw err;
  }
  const bus = new EventBus();
  const dispatcher = createDispatcher(createHandlers({ ws, bus, host: options.host }), {
    validateOutput: process.env.NODE_ENV !== 'production',
    onInternalError: (channel, err) =>
      log(`internal error on ${channel}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  });
  return {
    workspaceDir: ws.dir,
    dispatcher,
    bus,
    close: () => ws.close(),
  };
}
