/**
 * Multi-select and keyboard focus over the visible queue rows, as in a file manager: click
 * toggles, shift-click selects the range from the last clicked row, arrows move a focus row,
 * shift+arrows extend. Pure so every case is tested.
 */

export interface Selection {
  selected: ReadonlySet<string>;
  /** Where the next shift-click range starts. */
  anchor: string | null;
  /** The keyboard focus row. */
  focus: string | null;
}

export const EMPTY_SELECTION: Selection = { selected: new Set(), anchor: null, focus: null };

export function toggle(s: Selection, id: string): Selection {
  const selected = new Set(s.selected);
  if (selected.has(id)) selected.delete(id);
  else selected.add(id);
  return { selected, anchor: id, focus: id };
}

/** Selects every row between the anchor and `id` (inclusive), keeping what was selected. */
export function selectRange(s: Selection, id: string, visible: readonly string[]): Selection {
  const to = visible.indexOf(id);
  if (to < 0) return s;
  const from = s.anchor === null ? -1 : visible.indexOf(s.anchor);
  if (from < 0) return toggle(s, id);
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  const selected = new Set(s.selected);
  for (let i = lo; i <= hi; i++) selected.add(visible[i] as string);
  return { selected, anchor: s.anchor, focus: id };
}

export function selectAll(s: Selection, visible: readonly string[]): Selection {
  return { ...s, selected: new Set(visible) };
}

export function clearSelection(s: Selection): Selection {
  return { ...s, selected: new Set(), anchor: null };
}

/** True when every visible row is selected (and there is at least one). */
export function allSelected(s: Selection, visible: readonly string[]): boolean {
  return visible.length > 0 && visible.every((id) => s.selected.has(id));
}

/** Forget rows that left the list (filtered out or deleted): bulk edits touch only what shows. */
export function pruneSelection(s: Selection, visible: readonly string[]): Selection {
  const shown = new Set(visible);
  const kept = [...s.selected].filter((id) => shown.has(id));
  const anchor = s.anchor !== null && shown.has(s.anchor) ? s.anchor : null;
  const focus = s.focus !== null && shown.has(s.focus) ? s.focus : null;
  if (kept.length === s.selected.size && anchor === s.anchor && focus === s.focus) return s;
  return { selected: new Set(kept), anchor, focus };
}

export type FocusMove = 'next' | 'prev' | 'first' | 'last' | 'pageDown' | 'pageUp';

export function movedFocus(
  visible: readonly string[],
  focus: string | null,
  move: FocusMove,
  page = 10,
): string | null {
  if (visible.length === 0) return null;
  const at = focus === null ? -1 : visible.indexOf(focus);
  const last = visible.length - 1;
  let next: number;
  switch (move) {
    case 'first':
      next = 0;
      break;
    case 'last':
      next = last;
      break;
    case 'next':
      next = at < 0 ? 0 : Math.min(last, at + 1);
      break;
    case 'prev':
      next = at < 0 ? 0 : Math.max(0, at - 1);
      break;
    case 'pageDown':
      next = at < 0 ? 0 : Math.min(last, at + page);
      break;
    case 'pageUp':
      next = at < 0 ? 0 : Math.max(0, at - page);
      break;
  }
  return visible[next] ?? null;
}

/** Arrow keys move the focus; with shift they also select from the anchor to the new row. */
export function moveFocus(
  s: Selection,
  visible: readonly string[],
  move: FocusMove,
  extend: boolean,
): Selection {
  const focus = movedFocus(visible, s.focus, move);
  if (focus === null) return s;
  if (!extend) return { ...s, focus };
  const anchored = s.anchor ?? s.focus ?? focus;
  return { ...selectRange({ ...s, anchor: anchored }, focus, visible), anchor: anchored };
}

/** Which key does what, so the table's handler stays a lookup. */
export function keyAction(
  key: string,
  mods: { shift: boolean; ctrlOrMeta: boolean },
):
  | { kind: 'move'; move: FocusMove; extend: boolean }
  | { kind: 'toggle' }
  | { kind: 'open' }
  | { kind: 'selectAll' }
  | { kind: 'clear' }
  | null {
  switch (key) {
    case 'ArrowDown':
    case 'j':
      return { kind: 'move', move: 'next', extend: mods.shift };
    case 'ArrowUp':
    case 'k':
      return { kind: 'move', move: 'prev', extend: mods.shift };
    case 'Home':
      return { kind: 'move', move: 'first', extend: mods.shift };
    case 'End':
      return { kind: 'move', move: 'last', extend: mods.shift };
    case 'PageDown':
      return { kind: 'move', move: 'pageDown', extend: mods.shift };
    case 'PageUp':
      return { kind: 'move', move: 'pageUp', extend: mods.shift };
    case ' ':
      return { kind: 'toggle' };
    case 'Enter':
      return { kind: 'open' };
    case 'a':
    case 'A':
      return mods.ctrlOrMeta ? { kind: 'selectAll' } : null;
    case 'Escape':
      return { kind: 'clear' };
    default:
      return null;
  }
}
