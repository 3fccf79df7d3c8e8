/**
 * Undoable edits, in the spirit of the three.js editor's commands: each edit is an object
 * that knows how to apply and revert itself through the contract. Commands are plain data
 * (`type` + `payload`) so the history survives a reload of the view.
 */
export interface Command {
  readonly type: string;
  /** Shown in the Edit menu and toasts: "Move job to MK4 #2". */
  readonly label: string;
  readonly payload: unknown;
  execute(): Promise<void>;
  undo(): Promise<void>;
}

export interface SerializedCommand {
  type: string;
  label: string;
  payload: unknown;
}

export type CommandFactory = (payload: unknown, label: string) => Command;

const factories = new Map<string, CommandFactory>();

/** Every command type registers how to rebuild itself from its serialized form. */
export function registerCommand(type: string, factory: CommandFactory): void {
  factories.set(type, factory);
}

export function reviveCommand(s: SerializedCommand): Command | null {
  const f = factories.get(s.type);
  return f ? f(s.payload, s.label) : null;
}

export function serializeCommand(c: Command): SerializedCommand {
  return { type: c.type, label: c.label, payload: c.payload };
}

/** Several edits undone and redone as one (a multi-select drag, "approve all"). */
export function batchCommand(label: string, commands: Command[]): Command {
  return {
    type: 'batch',
    label,
    payload: commands.map(serializeCommand),
    async execute() {
      for (const c of commands) await c.execute();
    },
    async undo() {
      for (const c of [...commands].reverse()) await c.undo();
    },
  };
}

registerCommand('batch', (payload, label) => {
  const parts = (Array.isArray(payload) ? payload : [])
    .map((p) => reviveCommand(p as SerializedCommand))
    .filter((c): c is Command => c !== null);
  return batchCommand(label, parts);
});
