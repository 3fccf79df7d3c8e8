import { describe, expect, it } from 'vitest';
import { applyProgress, FINISHED_LINGER_MS, progressFraction, pruneProgress } from './progress';
import { otherTheme, resolveTheme } from './theme';

const report = (taskId: string, done: number, state: 'running' | 'done' = 'running') => ({
  taskId,
  kind: 'intake',
  label: `task ${taskId}`,
  done,
  total: 10,
  state,
});

describe('progress tray', () => {
  it('adds new tasks and updates known ones in place', () => {
    let items = applyProgress([], report('a', 1), 0);
    items = applyProgress(items, report('b', 2), 10);
    items = applyProgress(items, report('a', 5), 20);
    expect(items.map((i) => [i.taskId, i.done, i.updatedAt])).toEqual([
      ['a', 5, 20],
      ['b', 2, 10],
    ]);
  });

  it('lets finished tasks linger, then drops them; running ones stay', () => {
    const items = [
      { ...report('a', 10, 'done'), updatedAt: 0 },
      { ...report('b', 3), updatedAt: 0 },
    ];
    expect(pruneProgress(items, FINISHED_LINGER_MS - 1)).toHaveLength(2);
    expect(pruneProgress(items, FINISHED_LINGER_MS).map((i) => i.taskId)).toEqual(['b']);
  });

  it('gives a fraction, or null when the total is unknown', () => {
    expect(progressFraction({ done: 5, total: 10 })).toBe(0.5);
    expect(progressFraction({ done: 15, total: 10 })).toBe(1);
    expect(progressFraction({ done: 3, total: 0 })).toBeNull();
  });
});

describe('theme', () => {
  it('prefers an explicit choice, else the system', () => {
    expect(resolveTheme('dark', false)).toBe('dark');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme(null, true)).toBe('dark');
    expect(resolveTheme('purple', false)).toBe('light');
    expect(otherTheme('light')).toBe('dark');
  });
});
