import { useSyncExternalStore } from 'react';
import { formatHash, parseHash, type Area, type Route } from './routes';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const getHash = (): string => window.location.hash;

/** The current hash route; re-renders on navigation. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash, getHash);
  return parseHash(hash);
}

export function navigate(
  area: Area,
  path: readonly string[] = [],
  query: Record<string, string | undefined> = {},
): void {
  const next = formatHash(area, path, query);
  if (window.location.hash !== next) window.location.hash = next;
}
