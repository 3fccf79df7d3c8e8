import { ApiError } from '../../../shared/api/errors';
import type { ChangedEntity } from '../../../shared/api/events';

/**
 * A tiny query cache: one entry per (channel, input), refetched when a `changed` event names
 * an entity the channel reads. Pure TypeScript so its invalidation rules are unit-tested.
 */

export type QueryStatus = 'loading' | 'success' | 'error';

export interface QueryState<T = unknown> {
  status: QueryStatus;
  data: T | undefined;
  error: ApiError | undefined;
  /** A request is in flight (also while showing older data). */
  fetching: boolean;
}

export type Fetcher = (channel: string, input: unknown) => Promise<unknown>;

const EVERYTHING: readonly ChangedEntity[] = [
  'printers',
  'profiles',
  'calendar',
  'orders',
  'models',
  'plans',
  'jobs',
  'settings',
  'workspace',
];

/**
 * Which stored entities each read channel (by prefix) depends on. `workspace` changes
 * (restore, reseed) concern every view.
 */
const READS: Record<string, readonly ChangedEntity[]> = {
  workspace: ['workspace', 'printers', 'orders', 'models', 'calendar'],
  settings: ['settings', 'workspace'],
  events: EVERYTHING,
  profiles: ['profiles', 'workspace'],
  printers: ['printers', 'workspace'],
  // The calendar carries the site time zone, which lives in settings.
  calendar: ['calendar', 'settings', 'workspace'],
  // Part statuses move with plans; a job edit that adds or drops parts reports `orders` itself.
  orders: ['orders', 'models', 'plans', 'workspace'],
  models: ['models', 'workspace'],
  plans: ['plans', 'jobs', 'workspace'],
};

/** Which entity a write channel changes (by prefix). */
const WRITES: Record<string, ChangedEntity> = {
  profiles: 'profiles',
  printers: 'printers',
  operators: 'calendar',
  slots: 'calendar',
  exceptions: 'calendar',
  calendar: 'calendar',
  orders: 'orders',
  models: 'models',
  plans: 'plans',
  jobs: 'jobs',
  settings: 'settings',
  workspace: 'workspace',
};

function prefixOf(channel: string): string {
  const dot = channel.indexOf('.');
  return dot < 0 ? channel : channel.slice(0, dot);
}

/** Read channels whose dependencies differ from their prefix's. */
const READS_EXACT: Record<string, readonly ChangedEntity[]> = {
  // The re-planning triggers: whatever the planner reads.
  'plans.changes': EVERYTHING,
};

export function entitiesReadBy(channel: string): readonly ChangedEntity[] {
  return READS_EXACT[channel] ?? READS[prefixOf(channel)] ?? EVERYTHING;
}

/** Entities a successful call on `channel` has changed (none for pure reads). */
export function entitiesWrittenBy(channel: string): ChangedEntity[] {
  const verb = channel.slice(channel.indexOf('.') + 1);
  if (
    !/^(save|delete|update|restore|create|remove|approve|accept|discard|lock|unlock|move)/.test(
      verb,
    )
  ) {
    return [];
  }
  const entity = WRITES[prefixOf(channel)];
  return entity ? [entity] : [];
}

/** JSON with sorted object keys, so `{a,b}` and `{b,a}` share a cache entry. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * `next`, with every part deeply equal to the same part of `prev` replaced by `prev`'s object:
 * a refetch that changed nothing hands the views the very same data (memoised work stays valid,
 * nothing re-renders), and one that moved a job keeps every other job's identity. `next` is a
 * fresh answer nobody else holds yet, so it is updated in place rather than copied.
 */
export function replaceEqualDeep<T>(prev: unknown, next: T): T {
  if (Object.is(prev, next)) return prev as T;
  if (Array.isArray(prev) && Array.isArray(next)) {
    const b = next as unknown[];
    let same = prev.length === b.length;
    for (let i = 0; i < b.length; i++) {
      const v = replaceEqualDeep(prev[i], b[i]);
      if (v !== b[i]) b[i] = v;
      if (v !== prev[i]) same = false;
    }
    return (same ? prev : next) as T;
  }
  if (!isPlainObject(prev) || !isPlainObject(next)) return next;
  const b: Record<string, unknown> = next;
  let same = true;
  let count = 0;
  for (const k in b) {
    count++;
    const v = replaceEqualDeep(prev[k], b[k]);
    if (v !== b[k]) b[k] = v;
    if (v !== prev[k] || !(k in prev)) same = false;
  }
  return (same && count === Object.keys(prev).length ? prev : next) as T;
}

export function queryKey(channel: string, input: unknown): string {
  return `${channel} ${stableStringify(input ?? {})}`;
}

interface Entry {
  channel: string;
  input: unknown;
  state: QueryState;
  listeners: Set<() => void>;
  stale: boolean;
  /** Bumped per request; only the newest request may write the entry. */
  generation: number;
  /** A change arrived while a request was in flight: fetch once more when it lands. */
  queued: boolean;
  /** A background revalidation waits for `defer`. */
  deferred: boolean;
}

export interface QueryCacheOptions {
  fetcher: Fetcher;
  /** Called once per failed request (the shell turns it into a toast). */
  onError?: (error: ApiError, channel: string) => void;
  /**
   * Runs the background revalidation of data already on screen (by default at once). The studio
   * passes "when idle": a view entered with its data cached draws first, and its requests go out
   * after (they cost the main thread a few milliseconds each, the answers more).
   */
  defer?: (run: () => void) => void;
}

const INITIAL: QueryState = {
  status: 'loading',
  data: undefined,
  error: undefined,
  fetching: false,
};

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError('internal', err instanceof Error ? err.message : 'Unexpected error.');
}

export class QueryCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: QueryCacheOptions) {}

  /** The current state; the same object until something changes (for useSyncExternalStore). */
  getState(key: string): QueryState {
    return this.entries.get(key)?.state ?? INITIAL;
  }

  /**
   * Start watching a query. The first watcher revalidates in the background (cached data
   * stays on screen meanwhile), so a view opened again never shows something long gone.
   */
  subscribe(channel: string, input: unknown, listener: () => void): () => void {
    const key = queryKey(channel, input);
    const entry = this.ensure(key, channel, input);
    const first = entry.listeners.size === 0;
    entry.listeners.add(listener);
    if ((first || entry.stale) && !entry.state.fetching && !entry.deferred) {
      const defer = this.options.defer;
      if (defer && entry.state.data !== undefined) {
        entry.deferred = true;
        defer(() => {
          entry.deferred = false;
          if (entry.listeners.size > 0 && !entry.state.fetching) void this.fetch(key);
        });
      } else {
        void this.fetch(key);
      }
    }
    return () => {
      entry.listeners.delete(listener);
    };
  }

  /** Re-run a query now (a retry button, or after a mutation). */
  fetch(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return Promise.resolve();
    const generation = ++entry.generation;
    entry.stale = false;
    entry.queued = false;
    this.update(entry, { ...entry.state, fetching: true });
    const again = () => {
      if (entry.queued && entry.listeners.size > 0) void this.fetch(key);
    };
    return this.options.fetcher(entry.channel, entry.input).then(
      (data) => {
        if (entry.generation !== generation) return;
        // Background revalidations mostly bring back what is shown: keep its identity.
        const shared = replaceEqualDeep(entry.state.data, data);
        this.update(entry, { status: 'success', data: shared, error: undefined, fetching: false });
        again();
      },
      (err: unknown) => {
        if (entry.generation !== generation) return;
        again();
        const error = toApiError(err);
        this.options.onError?.(error, entry.channel);
        // Keep showing the last good data; the error is reported alongside it.
        this.update(entry, {
          status: entry.state.data === undefined ? 'error' : 'success',
          data: entry.state.data,
          error,
          fetching: false,
        });
      },
    );
  }

  /**
   * Mark every query reading one of `entities` stale and refetch those on screen.
   * Returns the keys refetched now.
   */
  invalidate(
    entities: readonly ChangedEntity[] | 'all',
    /** Channels left alone (their data was just patched with the write's answer). */
    except: readonly string[] = [],
  ): string[] {
    const refetched: string[] = [];
    for (const [key, entry] of this.entries) {
      if (except.includes(entry.channel)) continue;
      const hit =
        entities === 'all' || entitiesReadBy(entry.channel).some((e) => entities.includes(e));
      if (!hit) continue;
      entry.stale = true;
      if (entry.listeners.size > 0) {
        refetched.push(key);
        // A burst of changes (a 45-file drop) costs one request in flight plus one behind it,
        // not one request per change.
        if (entry.state.fetching) entry.queued = true;
        else void this.fetch(key);
      }
    }
    return refetched;
  }

  /**
   * Replace the cached data of every `channel` entry holding data with `update(data)`, without a
   * request: the answer to our own write already says what changed. `update` returns undefined
   * when it cannot apply the answer, and that entry is refetched instead.
   */
  patch(channel: string, update: (data: unknown) => unknown): void {
    for (const [key, entry] of this.entries) {
      if (entry.channel !== channel || entry.state.data === undefined) continue;
      const next = update(entry.state.data);
      if (next === undefined) {
        entry.stale = true;
        if (entry.listeners.size > 0) {
          if (entry.state.fetching) entry.queued = true;
          else void this.fetch(key);
        }
        continue;
      }
      // A fetch in flight may have started before the write; one more after it settles the view.
      if (entry.state.fetching) entry.queued = true;
      else entry.stale = false;
      this.update(entry, { ...entry.state, data: next });
    }
  }

  /** Number of entries (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  private ensure(key: string, channel: string, input: unknown): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        channel,
        input,
        state: INITIAL,
        listeners: new Set(),
        stale: true,
        generation: 0,
        queued: false,
        deferred: false,
      };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private update(entry: Entry, state: QueryState): void {
    entry.state = state;
    for (const l of [...entry.listeners]) l();
  }
}
