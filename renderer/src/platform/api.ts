import { createClient, type PlateShiftApi } from '../../../shared/api/client';
import type { ChannelName } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
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

api.on('changed', ({ entity }) => {
  queryCache.invalidate([entity]);
});

// Events pushed while the socket was down are lost: after a reconnect, refresh everything.
let previous = platform.connectionState();
platform.onConnectionState((state) => {
  if (state === 'open' && previous === 'reconnecting') queryCache.invalidate('all');
  previous = state;
});
