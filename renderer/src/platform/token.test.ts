import { describe, expect, it } from 'vitest';
import { resolveToken, TOKEN_STORAGE_KEY, type KeyValueStore } from './token';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
  };
}

describe('resolveToken', () => {
  it('takes the token from the URL and keeps it for the session', () => {
    const store = memoryStore();
    expect(resolveToken('?token=abc123', store)).toBe('abc123');
    expect(store.data.get(TOKEN_STORAGE_KEY)).toBe('abc123');
    // A later navigation without ?token= still has it.
    expect(resolveToken('', store)).toBe('abc123');
  });

  it('returns null without a token, and survives storage that throws', () => {
    expect(resolveToken('', memoryStore())).toBeNull();
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(resolveToken('?token=t', broken)).toBe('t');
    expect(resolveToken('', broken)).toBeNull();
    expect(resolveToken('?token=t', null)).toBe('t');
  });
});
