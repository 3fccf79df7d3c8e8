import type { Order } from '../../../shared/domain/order';
import type { Command } from '../commands/command';
import type { OrderInputValue } from './order-form';
import { orderToInput } from './order-patch';

/**
 * Queue edits as undoable commands: saving an order (create or update), deleting one, and a bulk
 * edit of many as one step. Each command keeps the whole order before and after (with line and
 * part ids), so undo puts back exactly what was there: `orders.save` with `restore` re-creates a
 * deleted order or line under its old id, with its parts.
 *
 * The host is passed in (commands/order-commands.ts wires the contract); tests give a fake one.
 */
export interface OrderHost {
  /** The stored order, or null when there is none (deleted). */
  get(id: string): Promise<Order | null>;
  save(input: OrderInputValue): Promise<Order>;
  /** Deletes the order; one that is gone already counts as deleted. */
  remove(id: string): Promise<void>;
  /** Runs a read-then-write without racing an import that adds lines to orders. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

/** The order as it was, ids and parts included: what undo and redo send. */
export function restoreInput(order: Order): OrderInputValue {
  const input = orderToInput(order);
  const parts = new Map(order.lines.map((l) => [l.id, l.parts]));
  return {
    ...input,
    restore: true,
    lines: (input.lines ?? []).map((l) => ({
      ...l,
      parts: (parts.get(l.id ?? '') ?? []).map((p) => ({
        id: p.id,
        copy: p.copy,
        status: p.status,
      })),
    })),
  };
}

/**
 * `orders.save` replaces an order's lines, so a write that did not know of a line would delete
 * it. Lines of the stored order that the edit never knew (added meanwhile, by a drop into the
 * order) are kept.
 */
export function withLinesAddedMeanwhile(
  input: OrderInputValue,
  fresh: Order | null,
  known: ReadonlySet<string>,
): OrderInputValue {
  const inInput = new Set((input.lines ?? []).map((l) => l.id));
  const added = (fresh?.lines ?? []).filter((l) => !known.has(l.id) && !inInput.has(l.id));
  if (added.length === 0) return input;
  const extra = orderToInput({ ...(fresh as Order), lines: added }).lines ?? [];
  return { ...input, lines: [...(input.lines ?? []), ...extra] };
}

export interface OrderSavePayload {
  /** The order's id; for a new order, known once it has been created. */
  id: string | null;
  /** The order before the edit (null: the edit created it). Set by the first run. */
  before: Order | null;
  /** The order as the edit stored it. Set by the first run. */
  after: Order | null;
  /** The edit as asked for, until it has run once. */
  input?: OrderInputValue;
  /** Line ids the editor knew when it asked; other stored lines are kept (see above). */
  known?: string[];
}

const lineIds = (...orders: (Order | null)[]): Set<string> =>
  new Set(orders.flatMap((o) => o?.lines.map((l) => l.id) ?? []));

/** Runs one save; the first run fills in before/after, later runs put one of them back. */
async function runSave(host: OrderHost, p: OrderSavePayload, to: 'after' | 'before') {
  if (p.input) {
    const input = p.input;
    const fresh = input.id ? await host.get(input.id) : null;
    const saved = await host.save(
      input.id ? withLinesAddedMeanwhile(input, fresh, new Set(p.known ?? [])) : input,
    );
    p.before = fresh;
    p.after = saved;
    p.id = saved.id;
    delete p.input;
    delete p.known;
    return;
  }
  const target = p[to];
  if (target === null) {
    // Undo of a create deletes the order again.
    if (p.id) await host.remove(p.id);
    return;
  }
  const fresh = await host.get(target.id);
  await host.save(withLinesAddedMeanwhile(restoreInput(target), fresh, lineIds(p.before, p.after)));
}

/** Create or update an order. */
export function saveOrderCommand(host: OrderHost, p: OrderSavePayload, label: string): Command {
  return {
    type: 'order.save',
    label,
    payload: p,
    execute: () => host.exclusive(() => runSave(host, p, 'after')),
    undo: () => host.exclusive(() => runSave(host, p, 'before')),
  };
}

export interface OrderDeletePayload {
  id: string;
  /** The order as it was when deleted. Set by the first run. */
  order: Order | null;
}

export function deleteOrderCommand(host: OrderHost, p: OrderDeletePayload, label: string): Command {
  return {
    type: 'order.delete',
    label,
    payload: p,
    execute: () =>
      host.exclusive(async () => {
        // The stored order, parts and their statuses included, is what undo brings back.
        if (!p.order) p.order = await host.get(p.id);
        await host.remove(p.id);
      }),
    undo: () =>
      host.exclusive(async () => {
        if (!p.order) return;
        const fresh = await host.get(p.id);
        await host.save(withLinesAddedMeanwhile(restoreInput(p.order), fresh, lineIds(p.order)));
      }),
  };
}

export interface OrderBulkPayload {
  saves: OrderSavePayload[];
}

export interface BulkOutcome {
  saved: number;
  /** "FL-1002: <the host's message>" per order the first run could not change. */
  failures: string[];
}

/**
 * A bulk edit: one undo step for every order it changed. The first run saves what it can;
 * orders the host refused are reported in `outcome` and left out of the step. When none could be
 * saved the command fails (and is not put on the history).
 */
export function bulkOrderCommand(
  host: OrderHost,
  p: OrderBulkPayload,
  label: string,
): Command & { outcome: BulkOutcome } {
  const outcome: BulkOutcome = { saved: 0, failures: [] };
  return {
    type: 'order.bulk',
    label,
    payload: p,
    outcome,
    execute: () =>
      host.exclusive(async () => {
        if (!p.saves.some((s) => s.input)) {
          for (const s of p.saves) await runSave(host, s, 'after');
          return;
        }
        const done: OrderSavePayload[] = [];
        let firstError: unknown = null;
        for (const s of p.saves) {
          const reference = s.input?.reference ?? '';
          try {
            await runSave(host, s, 'after');
            done.push(s);
          } catch (err) {
            firstError ??= err;
            outcome.failures.push(
              `${reference}: ${err instanceof Error ? err.message : String(err)}`,
            );
          }
        }
        p.saves = done;
        outcome.saved = done.length;
        if (done.length === 0 && firstError !== null) throw firstError;
      }),
    undo: () =>
      host.exclusive(async () => {
        for (const s of [...p.saves].reverse()) await runSave(host, s, 'before');
      }),
  };
}
