import { type Command, reviveCommand, type SerializedCommand, serializeCommand } from './command';

export interface HistoryStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface HistoryState {
  canUndo: boolean;
  canRedo: boolean;
  undoLabel: string | null;
  redoLabel: string | null;
  busy: boolean;
}

/**
 * The stacks are stored as an index of entry numbers under INDEX_KEY and one key per command
 * (`ENTRY_PREFIX` + number), each written once: an edit then costs one command's JSON (a 300-part
 * plate's before and after, ~70 KB) and a short index, not the whole history (megabytes, tens of
 * milliseconds of synchronous storage write).
 */
const INDEX_KEY = 'plateshift.history.v2';
const ENTRY_PREFIX = 'plateshift.history.v2.c.';
/** The first format (one key holding both stacks); read once, then removed. */
const LEGACY_KEY = 'plateshift.history.v1';

interface StoredIndex {
  undo: number[];
  redo: number[];
  next: number;
}

/**
 * Most of what the history persists (sessionStorage holds ~5 MB per origin, and writing it is
 * synchronous): a plate edit carries every placement before and after, so a long session of
 * edits on a 300-part plate reaches megabytes. The newest edits that fit are kept for a reload;
 * older ones still undo in this session.
 */
const PERSIST_BUDGET_CHARS = 1_000_000;

/** Runs `work` when the page is idle (soon in any case); the save must not cost a frame. */
export type SaveScheduler = (work: () => void) => void;

const idleScheduler: SaveScheduler = (work) => {
  const w = globalThis as {
    requestIdleCallback?: (cb: () => void, o: { timeout: number }) => void;
  };
  if (typeof w.requestIdleCallback === 'function') w.requestIdleCallback(work, { timeout: 1000 });
  else setTimeout(work, 200);
};

/**
 * The undo/redo stack shared by every view. Commands run one at a time; a failed command
 * leaves the stacks as they were (the host refused the change, nothing happened).
 */
export class CommandHistory {
  private undoStack: Command[] = [];
  private redoStack: Command[] = [];
  private running: Promise<void> = Promise.resolve();
  private busy = false;
  private savePending = false;
  private readonly listeners = new Set<(s: HistoryState) => void>();
  /** Each command's JSON, made once: a command's payload is final once it is on a stack. */
  private readonly json = new WeakMap<Command, string>();
  /** Each stored command's entry number, and the entries in storage now. */
  private readonly entryOf = new WeakMap<Command, number>();
  private stored = new Set<number>();
  private nextEntry = 1;

  constructor(
    private readonly storage: HistoryStorage | null = null,
    private readonly limit = 200,
    private readonly schedule: SaveScheduler = idleScheduler,
  ) {
    this.load();
  }

  /** Writes a pending save now (the host page calls this when it is hidden or unloaded). */
  flush(): void {
    if (!this.savePending) return;
    this.savePending = false;
    this.save();
  }

  state(): HistoryState {
    return {
      canUndo: this.undoStack.length > 0,
      canRedo: this.redoStack.length > 0,
      undoLabel: this.undoStack.at(-1)?.label ?? null,
      redoLabel: this.redoStack.at(-1)?.label ?? null,
      busy: this.busy,
    };
  }

  subscribe(listener: (s: HistoryState) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  execute(command: Command): Promise<void> {
    return this.serial(async () => {
      await command.execute();
      this.undoStack.push(command);
      if (this.undoStack.length > this.limit) this.undoStack.shift();
      this.redoStack = [];
    });
  }

  undo(): Promise<void> {
    return this.serial(async () => {
      const c = this.undoStack.at(-1);
      if (!c) return;
      await c.undo();
      this.undoStack.pop();
      this.redoStack.push(c);
    });
  }

  redo(): Promise<void> {
    return this.serial(async () => {
      const c = this.redoStack.at(-1);
      if (!c) return;
      await c.execute();
      this.redoStack.pop();
      this.undoStack.push(c);
    });
  }

  /** After a re-plan is accepted the old edits no longer apply. */
  clear(): void {
    this.undoStack = [];
    this.redoStack = [];
    this.changed();
  }

  private serial(work: () => Promise<void>): Promise<void> {
    const next = this.running.then(async () => {
      this.busy = true;
      this.notify();
      try {
        await work();
      } finally {
        this.busy = false;
        this.changed();
      }
    });
    // A failure must not wedge the queue for the next command.
    this.running = next.catch(() => {});
    return next;
  }

  private changed(): void {
    this.notify();
    if (!this.storage || this.savePending) return;
    this.savePending = true;
    this.schedule(() => this.flush());
  }

  private jsonOf(c: Command): string {
    let j = this.json.get(c);
    if (j === undefined) {
      j = JSON.stringify(serializeCommand(c));
      this.json.set(c, j);
    }
    return j;
  }

  private notify(): void {
    const s = this.state();
    for (const l of this.listeners) l(s);
  }

  private save(): void {
    const storage = this.storage;
    if (!storage) return;
    // Newest first until the budget is spent: the edits nearest the top of each stack matter.
    let budget = PERSIST_BUDGET_CHARS;
    const keep = new Set<number>();
    const take = (stack: Command[]): number[] => {
      const out: number[] = [];
      for (let i = stack.length - 1; i >= 0; i--) {
        const c = stack[i] as Command;
        const j = this.jsonOf(c);
        if (j.length > budget) break;
        budget -= j.length;
        let n = this.entryOf.get(c);
        if (n === undefined) {
          n = this.nextEntry++;
          this.entryOf.set(c, n);
        }
        keep.add(n);
        out.push(n);
      }
      return out.reverse();
    };
    const index: StoredIndex = {
      undo: take(this.undoStack),
      redo: take(this.redoStack),
      next: this.nextEntry,
    };
    try {
      for (const n of keep) {
        if (this.stored.has(n)) continue;
        const c = this.findEntry(n);
        if (c) storage.setItem(ENTRY_PREFIX + n, this.jsonOf(c));
      }
      // The index last: a save cut short leaves the previous index, whose entries still exist.
      storage.setItem(INDEX_KEY, JSON.stringify(index));
      for (const n of this.stored) if (!keep.has(n)) storage.removeItem(ENTRY_PREFIX + n);
      this.stored = keep;
    } catch {
      // Storage full or blocked: the history still works for this session.
    }
  }

  private findEntry(n: number): Command | undefined {
    return [...this.undoStack, ...this.redoStack].find((c) => this.entryOf.get(c) === n);
  }

  private load(): void {
    const storage = this.storage;
    if (!storage) return;
    try {
      const legacy = storage.getItem(LEGACY_KEY);
      if (legacy !== null) {
        storage.removeItem(LEGACY_KEY);
        const data = JSON.parse(legacy) as {
          undo?: SerializedCommand[];
          redo?: SerializedCommand[];
        };
        this.undoStack = revive(data.undo ?? []);
        this.redoStack = revive(data.redo ?? []);
        return;
      }
      const raw = storage.getItem(INDEX_KEY);
      if (!raw) return;
      const index = JSON.parse(raw) as Partial<StoredIndex>;
      this.nextEntry = Number.isInteger(index.next) ? (index.next as number) : 1;
      // Entries are revived newest first; a missing or unreadable one ends that stack there.
      const read = (ids: unknown): Command[] => {
        const list = Array.isArray(ids) ? (ids as unknown[]) : [];
        const out: Command[] = [];
        for (let i = list.length - 1; i >= 0; i--) {
          const n = list[i];
          if (typeof n !== 'number') break;
          const json = storage.getItem(ENTRY_PREFIX + n);
          const c = json === null ? null : reviveCommand(JSON.parse(json) as SerializedCommand);
          if (!c || json === null) break;
          this.entryOf.set(c, n);
          this.json.set(c, json);
          this.stored.add(n);
          out.push(c);
        }
        return out.reverse();
      };
      this.undoStack = read(index.undo);
      this.redoStack = read(index.redo);
    } catch {
      this.undoStack = [];
      this.redoStack = [];
    }
  }
}

function revive(list: SerializedCommand[]): Command[] {
  return list.map(reviveCommand).filter((c): c is Command => c !== null);
}
