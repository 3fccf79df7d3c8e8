import { type Command, reviveCommand, type SerializedCommand, serializeCommand } from './command';

export interface HistoryStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface HistoryState {
  canUndo: boolean;
  canRedo: boolean;
  undoLabel: string | null;
  redoLabel: string | null;
  busy: boolean;
}

const KEY = 'plateshift.history.v1';

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
    if (!this.storage) return;
    // Newest first until the budget is spent: the edits nearest the top of each stack matter.
    let budget = PERSIST_BUDGET_CHARS;
    const take = (stack: Command[]): string[] => {
      const out: string[] = [];
      for (let i = stack.length - 1; i >= 0; i--) {
        const j = this.jsonOf(stack[i] as Command);
        if (j.length > budget) break;
        budget -= j.length;
        out.push(j);
      }
      return out.reverse();
    };
    const undo = take(this.undoStack);
    const redo = take(this.redoStack);
    try {
      this.storage.setItem(KEY, `{"undo":[${undo.join(',')}],"redo":[${redo.join(',')}]}`);
    } catch {
      // Storage full or blocked: the history still works for this session.
    }
  }

  private load(): void {
    if (!this.storage) return;
    try {
      const raw = this.storage.getItem(KEY);
      if (!raw) return;
      const data = JSON.parse(raw) as { undo?: SerializedCommand[]; redo?: SerializedCommand[] };
      const revive = (list: SerializedCommand[] | undefined) =>
        (list ?? []).map(reviveCommand).filter((c): c is Command => c !== null);
      this.undoStack = revive(data.undo);
      this.redoStack = revive(data.redo);
    } catch {
      this.undoStack = [];
      this.redoStack = [];
    }
  }
}
