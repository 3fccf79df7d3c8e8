import { describe, expect, it } from 'vitest';
import { EventBus } from './event-bus';
import { TaskRegistry } from './tasks';

function setup() {
  const bus = new EventBus();
  const states: string[] = [];
  bus.subscribe((event, payload) => {
    if (event === 'progress') states.push((payload as { state: string }).state);
  });
  return { tasks: new TaskRegistry(bus), states };
}

describe('long work as tasks', () => {
  it('reports running then done', async () => {
    const { tasks, states } = setup();
    await expect(tasks.run({ kind: 'x', label: 'X' }, async () => 42)).resolves.toBe(42);
    expect(states).toEqual(['running', 'done']);
  });

  it('is cancelled by the id the caller chose, with a typed error', async () => {
    const { tasks, states } = setup();
    const work = tasks.run({ id: 'plan-1', kind: 'plan', label: 'Planning' }, (t) => {
      return new Promise((_, reject) =>
        t.signal.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    });
    expect(tasks.list().map((t) => t.id)).toEqual(['plan-1']);
    expect(tasks.cancel('plan-1')).toBe(true);
    await expect(work).rejects.toMatchObject({ code: 'cancelled' });
    expect(states.at(-1)).toBe('cancelled');
    expect(tasks.list()).toEqual([]);
    expect(tasks.cancel('plan-1')).toBe(false);
  });

  it('refuses a second task with the same id while the first runs', async () => {
    const { tasks } = setup();
    let release = () => {};
    const first = tasks.run(
      { id: 'a', kind: 'k', label: 'L' },
      () => new Promise<void>((r) => (release = r)),
    );
    await expect(
      tasks.run({ id: 'a', kind: 'k', label: 'L' }, async () => 1),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    release();
    await first;
  });

  it('honours a Cancel that arrives while the work is finishing: no result is returned', async () => {
    const { tasks, states } = setup();
    let finish = (_v: number) => {};
    // Work that does not listen to the signal (a worker's answer already on its way).
    const work = tasks.run(
      { id: 'late', kind: 'plan', label: 'Planning' },
      () => new Promise<number>((r) => (finish = r)),
    );
    expect(tasks.cancel('late')).toBe(true);
    finish(42);
    await expect(work).rejects.toMatchObject({ code: 'cancelled' });
    expect(states).toEqual(['running', 'cancelled']);
  });
});
