/** Minimal slice of the Web Storage API, so tests can pass a Map-backed fake. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const TOKEN_STORAGE_KEY = 'plateshift.lanToken';

/**
 * The LAN token arrives once in the page URL (`?token=`). It is kept for the browser tab's
 * session so hash navigation and reloads keep working without leaking it into other tabs.
 */
export function resolveToken(search: string, store: KeyValueStore | null): string | null {
  const fromUrl = new URLSearchParams(search).get('token');
  if (fromUrl) {
    try {
      store?.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // Storage can be disabled (private mode, file://); the URL still carries the token.
    }
    return fromUrl;
  }
  try {
    return store?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}
