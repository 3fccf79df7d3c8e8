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

function memoryStorage(): HistoryStorage & { data: Map<string, string>; writes: string[] } {
  const data = new Map<string, string>();
  const writes: string[] = [];
  return {
    data,
    writes,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      writes.push(k);
      data.set(k, v);
    },
    removeItem: (k) => void data.delete(k),
  };
}

/** The stored undo stack's labels, read the way a reload reads them. */
function storedLabels(storage: HistoryStorage): string[] {
  const index = JSON.parse(storage.getItem('plateshift.history.v2') ?? '{}') as { undo: number[] };
  return index.undo.map(
    (n) =>
      (JSON.parse(storage.getItem(`plateshift.history.v2.c.${n}`) ?? '{}') as { label: string })
        .label,
  );
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
    const total = [...storage.data.values()].reduce((n, v) => n + v.length, 0);
    expect(total).toBeLessThanOrEqual(1_000_100);
    expect(storedLabels(storage)).toEqual(['Big 3', 'Big 4', 'Big 5']);
    // Entries that fell out of the budget are removed from storage, not left behind.
    await h.execute(big(6));
    h.flush();
    expect(storedLabels(storage)).toEqual(['Big 4', 'Big 5', 'Big 6']);
    expect(storage.data.size).toBe(4);
    for (let i = 0; i < 7; i++) await h.undo();
    expect(h.state().canUndo).toBe(false);
  });

  it('writes each edit once: a save costs the new command and the index, not the whole history', async () => {
    world.value = 0;
    const storage = memoryStorage();
    const h = new CommandHistory(storage, 200, () => {});
    for (let i = 1; i <= 5; i++) await h.execute(add(i));
    h.flush();
    storage.writes.length = 0;
    await h.execute(add(6));
    h.flush();
    expect(storage.writes).toEqual(['plateshift.history.v2.c.6', 'plateshift.history.v2']);
    // Undo moves an entry between stacks: only the index is written.
    storage.writes.length = 0;
    await h.undo();
    h.flush();
    expect(storage.writes).toEqual(['plateshift.history.v2']);
    const reloaded = new CommandHistory(storage);
    expect(reloaded.state()).toMatchObject({ undoLabel: 'Add 5', redoLabel: 'Add 6' });
    // A reloaded history keeps numbering after the stored entries.
    await reloaded.execute(add(7));
    reloaded.flush();
    expect(storedLabels(storage)).toEqual(['Add 1', 'Add 2', 'Add 3', 'Add 4', 'Add 5', 'Add 7']);
    expect(storage.data.has('plateshift.history.v2.c.6')).toBe(false);
  });

  it('a save cut short before its index keeps the previous history readable', async () => {
    world.value = 0;
    const storage = memoryStorage();
    const h = new CommandHistory(storage, 200, () => {});
    await h.execute(add(1));
    h.flush();
    const setItem = storage.setItem;
    storage.setItem = (k, v) => {
      if (k === 'plateshift.history.v2') throw new Error('quota');
      setItem(k, v);
    };
    await h.execute(add(2));
    h.flush();
    storage.setItem = setItem;
    expect(new CommandHistory(storage).state()).toMatchObject({ undoLabel: 'Add 1' });
  });

  it('reads the first storage format once and moves on', () => {
    const storage = memoryStorage();
    storage.data.set(
      'plateshift.history.v1',
      JSON.stringify({ undo: [{ type: 'test.add', label: 'Old', payload: { n: 1 } }], redo: [] }),
    );
    const h = new CommandHistory(storage, 200, () => {});
    expect(h.state()).toMatchObject({ undoLabel: 'Add 1', canRedo: false });
    expect(storage.data.has('plateshift.history.v1')).toBe(false);
  });
});
