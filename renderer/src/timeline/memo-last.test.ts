import { describe, expect, it } from 'vitest';
import { memoLast } from './memo-last';

describe('memoLast', () => {
  it('reuses a result for identical arguments and fresh literals with identical fields', () => {
    let calls = 0;
    const jobs = [{ id: 'a' }];
    const f = memoLast((input: { jobs: readonly unknown[]; n: number }) => {
      calls++;
      return { count: input.jobs.length * input.n };
    });
    const first = f({ jobs, n: 2 });
    expect(f({ jobs, n: 2 })).toBe(first);
    expect(calls).toBe(1);
    // A copy of the array is another input, even if equal.
    f({ jobs: [...jobs], n: 2 });
    expect(calls).toBe(2);
    f({ jobs, n: 3 });
    expect(calls).toBe(3);
  });

  it('keeps the last `size` results, most recently used first', () => {
    let calls = 0;
    const f = memoLast((x: number, y: number) => {
      calls++;
      return x + y;
    }, 2);
    f(1, 1);
    f(2, 2);
    f(1, 1);
    expect(calls).toBe(2);
    f(3, 3); // evicts (2, 2), the least recently used
    f(1, 1);
    expect(calls).toBe(3);
    f(2, 2);
    expect(calls).toBe(4);
  });

  it('tells objects with different keys apart', () => {
    let calls = 0;
    const f = memoLast((o: Record<string, unknown>) => {
      calls++;
      return o;
    });
    f({ a: undefined });
    f({ b: undefined });
    expect(calls).toBe(2);
  });
});
