import { describe, expect, it } from 'vitest';
import { type Command, registerCommand } from './command';
import { CommandHistory, type HistoryStorage } from './history';

/** A command over a shared counter, registered so it can be revived after a "reload". */
const world = { value: 0, fail: false };
function add(n: number): Command {
  return {
    type: 'test.add',
    label: `Add ${n}`,
    payload: { n },
    async execute() {
      if (world.fail) throw new Error('host refused');
      world.value += n;
    },
    async undo() {
      world.value -= n;
    },
  };
}
registerCommand('test.add', (p) => add((p as { n: number }).n));

function memoryStorage(): HistoryStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('the command history', () => {
  it('undoes and redoes in order', async () => {
    world.value = 0;
    const h = new CommandHistory();
    await h.execute(add(1));
    await h.execute(add(10));
    expect(world.value).toBe(11);
    await h.undo();
    expect(world.value).toBe(1);
    expect(h.state()).toMatchObject({ canUndo: true, canRedo: true, redoLabel: 'Add 10' });
    await h.redo();
    expect(world.value).toBe(11);
    await h.undo();
    await h.execute(add(100)); // a new edit drops the redo branch
    expect(h.state().canRedo).toBe(false);
    expect(world.value).toBe(101);
  });

  it('leaves the stacks alone when the host refuses a command', async () => {
    world.value = 0;
    world.fail = false;
    const h = new CommandHistory();
    await h.execute(add(1));
    world.fail = true;
    await expect(h.execute(add(5))).rejects.toThrow('host refused');
    world.fail = false;
    expect(h.state()).toMatchObject({ undoLabel: 'Add 1', canRedo: false });
    // …and the queue keeps working.
    await h.execute(add(2));
    expect(world.value).toBe(3);
  });

  it('survives a reload of the view', async () => {
    world.value = 0;
    const storage = memoryStorage();
    const h = new CommandHistory(storage);
    await h.execute(add(3));
    await h.execute(add(4));
    await h.undo();
    h.flush(); // what the page does on pagehide
    const reloaded = new CommandHistory(storage);
    expect(reloaded.state()).toMatchObject({ undoLabel: 'Add 3', redoLabel: 'Add 4' });
    await reloaded.undo();
    expect(world.value).toBe(0);
    await reloaded.redo();
    await reloaded.redo();
    expect(world.value).toBe(7);
  });

  it('saves when the page is idle, not inside the edit', async () => {
    world.value = 0;
    const storage = memoryStorage();
    const idle: (() => void)[] = [];
    const h = new CommandHistory(storage, 200, (work) => idle.push(work));
    await h.execute(add(1));
    await h.execute(add(2));
    expect(storage.data.size).toBe(0);
    expect(idle).toHaveLength(1); // one save for a burst of edits
    idle.shift()?.();
    expect(new CommandHistory(storage).state()).toMatchObject({ undoLabel: 'Add 2' });
  });

  it('persists the newest edits that fit its budget; older ones still undo in this session', async () => {
    const big = (i: number): Command => ({
      type: 'test.add',
      label: `Big ${i}`,
      payload: { n: 0, filler: 'x'.repeat(300_000) },
      execute: async () => {},
      undo: async () => {},
    });
    const storage = memoryStorage();
    const h = new CommandHistory(storage, 200, () => {});
    for (let i = 0; i < 6; i++) await h.execute(big(i));
    h.flush();
    const saved = storage.data.get('plateshift.history.v1') ?? '';
    expect(saved.length).toBeLessThanOrEqual(1_000_100);
    const stored = JSON.parse(saved) as { undo: { label: string }[] };
    expect(stored.undo.map((c) => c.label)).toEqual(['Big 3', 'Big 4', 'Big 5']);
    for (let i = 0; i < 6; i++) await h.undo();
    expect(h.state().canUndo).toBe(false);
  });
});
