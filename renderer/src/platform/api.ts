import { createClient, type PlateShiftApi } from '../../../shared/api/client';
import type { ChannelInput, ChannelName } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import type { Job, Plan } from '../../../shared/domain';
import { QueryCache } from './query-cache';
import { detectPlatform } from './transport';

/** The one way the renderer reaches its host, whichever host that is. */
export const platform = detectPlatform();
export const api: PlateShiftApi = createClient(platform.transport);

type ErrorListener = (error: ApiError, channel: string) => void;
const errorListeners = new Set<ErrorListener>();

/** Failed calls are reported here once; the shell shows them as toasts. */
export function onApiError(listener: ErrorListener): () => void {
  errorListeners.add(listener);
  return () => {
    errorListeners.delete(listener);
  };
}

export function reportApiError(error: ApiError, channel: string): void {
  for (const l of errorListeners) l(error, channel);
}

export const queryCache = new QueryCache({
  // The cache is untyped inside; useQuery restores the channel's types at the edge.
  fetcher: (channel, input) => api.call(channel as ChannelName, input as never),
  onError: reportApiError,
  // Revalidate cached data once the main thread is idle (at the latest after half a second), so
  // a view entered with its data cached paints before any request goes out.
  defer: (run) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 500 });
    else setTimeout(run, 0);
  },
});

api.on('changed', ({ entity, ids }) => {
  // Our own job edit: its answer patches the plan in view (writeJob), no need to re-read it.
  if (entity === 'jobs' && takeOwnEcho(ids)) queryCache.invalidate([entity], ['plans.current']);
  else queryCache.invalidate([entity]);
});

type JobWrite = 'jobs.update' | 'jobs.setPlacements' | 'jobs.renest';

/**
 * The host reports every job edit as `changed: jobs [id]`, our own included. Re-reading the
 * whole plan after each turn of a part costs a large plan's transfer and validation on this
 * thread; the answer to the edit is the job as stored, so it replaces that job in the cached
 * plan and the echo is not re-read. One token per write in flight, by job id.
 */
const ownEchoes = new Map<string, Set<symbol>>();
/** Electron answers and pushes events on separate channels: an echo may trail the answer. */
const ECHO_GRACE_MS = 2000;

function takeOwnEcho(ids: readonly string[]): boolean {
  if (ids.length === 0 || !ids.every((id) => ownEchoes.get(id)?.size)) return false;
  for (const id of ids) {
    const tokens = ownEchoes.get(id) as Set<symbol>;
    const [first] = tokens;
    tokens.delete(first as symbol);
    if (tokens.size === 0) ownEchoes.delete(id);
  }
  return true;
}

function dropOwnEcho(id: string, token: symbol): void {
  const tokens = ownEchoes.get(id);
  if (!tokens) return;
  tokens.delete(token);
  if (tokens.size === 0) ownEchoes.delete(id);
}

/** Replace one job of a plan; undefined when the plan does not hold it (then re-read). */
export function withJob(plan: unknown, job: Job): Plan | undefined {
  const p = plan as Plan | null;
  const i = p ? p.jobs.findIndex((j) => j.id === job.id) : -1;
  if (!p || i < 0) return undefined;
  const jobs = p.jobs.slice();
  jobs[i] = job;
  return { ...p, jobs };
}

/** Edit a job of the plan in force and show the stored result at once. */
export async function writeJob<K extends JobWrite>(
  channel: K,
  input: ChannelInput<K>,
): Promise<Job> {
  const token = Symbol(channel);
  const id = input.id;
  const tokens = ownEchoes.get(id) ?? new Set<symbol>();
  tokens.add(token);
  ownEchoes.set(id, tokens);
  try {
    const job: Job = await api.call(channel, input);
    queryCache.patch('plans.current', (plan) => withJob(plan, job));
    setTimeout(() => dropOwnEcho(id, token), ECHO_GRACE_MS);
    return job;
  } catch (err) {
    // Refused or cancelled: the host stored nothing and reports no change.
    dropOwnEcho(id, token);
    throw err;
  }
}

// Events pushed while the socket was down are lost: after a reconnect, refresh everything.
let previous = platform.connectionState();
platform.onConnectionState((state) => {
  if (state === 'open' && previous === 'reconnecting') queryCache.invalidate('all');
  previous = state;
});
