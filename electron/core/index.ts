import { createDispatcher, type Handlers } from '../../shared/api';
import type { Core, CoreOptions } from './core';
import { seedDemoWorkspace } from './demo/seed';
import { EventBus } from './event-bus';
import { createHandlers } from './handlers';
import { findResourcesDir } from './resources';
import { TaskRegistry } from './tasks';
import { createWorkerPlanner } from './services/worker-planner';
import type { PlannerService } from './services/planner-service';
import { ModelIntake } from './services/model-intake';
import { Workspace } from './workspace';

export type { Core, CoreOptions, HostKind } from './core';
export { EventBus } from './event-bus';

/**
 * Opens a workspace folder (creating and seeding the demo on first start) and returns the
 * services both hosts serve: Electron over IPC, browser mode over HTTP + WebSocket.
 */
export function openCore(
  options: CoreOptions & {
    resourcesDir?: string;
    planner?: PlannerService;
    intakeWorkerPath?: string;
    planningWorkerPath?: string;
  },
): Core {
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
  const tasks = new TaskRegistry(bus);
  const planner = options.planner ?? createWorkerPlanner(options.planningWorkerPath);
  const intake = new ModelIntake(ws, bus, tasks, log, options.intakeWorkerPath);
  // Models stored without analysis (the demo's samples, an interrupted intake) are analysed in
  // the background; views follow through progress and change events.
  void intake
    .analysePending()
    .catch((err: unknown) =>
      log(`background analysis stopped: ${err instanceof Error ? err.message : String(err)}`),
    );
  const handlers = withSlowCallLog(
    createHandlers({
      ws,
      bus,
      tasks,
      planner,
      intake,
      host: options.host,
      chooseSavePath: options.chooseSavePath,
    }),
    log,
  );
  const dispatcher = createDispatcher(handlers, {
    validateOutput: process.env.NODE_ENV !== 'production',
    onInternalError: (channel, err) =>
      log(
        `internal error on ${channel}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      ),
  });
  return {
    workspaceDir: ws.dir,
    dispatcher,
    bus,
    close: () => {
      tasks.cancelAll();
      planner.close();
      intake.close();
      ws.close();
    },
  };
}

/**
 * Storage is synchronous, so a slow channel is a slow query: log any call over 40 ms with
 * its channel name (the threshold Signal Desktop uses for the same purpose).
 */
function withSlowCallLog(handlers: Handlers, log: (m: string) => void, slowMs = 40): Handlers {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [
    string,
    (...a: unknown[]) => unknown,
  ][]) {
    wrapped[name] = async (...args: unknown[]) => {
      const started = performance.now();
      try {
        return await handler(...args);
      } finally {
        const ms = performance.now() - started;
        if (ms > slowMs) log(`slow call: ${name} took ${ms.toFixed(1)} ms`);
      }
    };
  }
  return wrapped as Handlers;
}
