import { useCallback, useState, useSyncExternalStore } from 'react';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import { api, queryCache, reportApiError } from './api';
import { entitiesWrittenBy, queryKey, stableStringify, toApiError } from './query-cache';

export interface QueryResult<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  fetching: boolean;
  refetch: () => Promise<void>;
}

/** Read a channel; re-fetches by itself when the host reports a change it depends on. */
export function useQuery<K extends ChannelName>(
  channel: K,
  input: ChannelInput<K>,
): QueryResult<ChannelOutput<K>> {
  // The serialized input is the dependency, so callers may pass fresh object literals.
  const inputJson = stableStringify(input);
  const key = queryKey(channel, input);
  const subscribe = useCallback(
    (onChange: () => void) =>
      queryCache.subscribe(channel, JSON.parse(inputJson) as unknown, onChange),
    [channel, inputJson],
  );
  const getSnapshot = useCallback(() => queryCache.getState(key), [key]);
  const state = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  const refetch = useCallback(() => queryCache.fetch(key), [key]);
  return {
    data: state.data as ChannelOutput<K> | undefined,
    error: state.error,
    loading: state.status === 'loading',
    fetching: state.fetching,
    refetch,
  };
}

export interface MutationResult<K extends ChannelName> {
  /** Resolves to the output, or undefined when the call failed (already shown as a toast). */
  mutate: (input: ChannelInput<K>) => Promise<ChannelOutput<K> | undefined>;
  pending: boolean;
  error: ApiError | undefined;
  reset: () => void;
}

/** Write through a channel; on success every view reading the changed entity refreshes. */
export function useMutation<K extends ChannelName>(channel: K): MutationResult<K> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const mutate = useCallback(
    async (input: ChannelInput<K>): Promise<ChannelOutput<K> | undefined> => {
      setPending(true);
      setError(undefined);
      try {
        const out = await api.call(channel, input);
        // The host pushes `changed` too; this covers a socket that is momentarily down.
        queryCache.invalidate(entitiesWrittenBy(channel));
        return out;
      } catch (err) {
        const apiError = toApiError(err);
        setError(apiError);
        reportApiError(apiError, channel);
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [channel],
  );
  const reset = useCallback(() => setError(undefined), []);
  return { mutate, pending, error, reset };
}
