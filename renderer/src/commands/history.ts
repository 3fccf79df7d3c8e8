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
 * The undo/redo stack shared by every view. Commands run one at a time; a failed command
 * leaves the stacks as they were (the host refused the change, nothing happened).
 */
export class CommandHistory {
  private undoStack: Command[] = [];
  private redoStack: Command[] = [];
  private running: Promise<void> = Promise.resolve();
  private busy = false;
  private readonly listeners = new Set<(s: HistoryState) => void>();

  constructor(
    private readonly storage: HistoryStorage | null = null,
    private readonly limit = 200,
  ) {
    this.load();
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
    this.save();
    this.notify();
  }

  private notify(): void {
    const s = this.state();
    for (const l of this.listeners) l(s);
  }

  private save(): void {
    if (!this.storage) return;
    const data = {
      undo: this.undoStack.map(serializeCommand),
      redo: this.redoStack.map(serializeCommand),
    };
    try {
      this.storage.setItem(KEY, JSON.stringify(data));
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
