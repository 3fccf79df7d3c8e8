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
    const reloaded = new CommandHistory(storage);
    expect(reloaded.state()).toMatchObject({ undoLabel: 'Add 3', redoLabel: 'Add 4' });
    await reloaded.undo();
    expect(world.value).toBe(0);
    await reloaded.redo();
    await reloaded.redo();
    expect(world.value).toBe(7);
  });
});
