import { describe, expect, it } from 'vitest';
import {
  allSelected,
  clearSelection,
  EMPTY_SELECTION,
  keyAction,
  moveFocus,
  movedFocus,
  pruneSelection,
  selectAll,
  selectRange,
  toggle,
  type Selection,
} from './selection';

const rows = ['a', 'b', 'c', 'd', 'e', 'f'];
const ids = (s: Selection) => [...s.selected].sort();

describe('selecting rows', () => {
  it('toggles with a click and sets the anchor', () => {
    let s = toggle(EMPTY_SELECTION, 'b');
    expect(ids(s)).toEqual(['b']);
    expect(s.anchor).toBe('b');
    s = toggle(s, 'b');
    expect(ids(s)).toEqual([]);
  });

  it('selects the range from the anchor with shift-click, in either direction', () => {
    let s = toggle(EMPTY_SELECTION, 'b');
    s = selectRange(s, 'e', rows);
    expect(ids(s)).toEqual(['b', 'c', 'd', 'e']);
    expect(s.anchor).toBe('b');
    s = selectRange(toggle(EMPTY_SELECTION, 'e'), 'c', rows);
    expect(ids(s)).toEqual(['c', 'd', 'e']);
  });

  it('adds a shift-click range to what was selected and treats no anchor as a click', () => {
    let s = toggle(EMPTY_SELECTION, 'a');
    s = toggle(s, 'd');
    s = selectRange(s, 'f', rows);
    expect(ids(s)).toEqual(['a', 'd', 'e', 'f']);
    expect(ids(selectRange(EMPTY_SELECTION, 'c', rows))).toEqual(['c']);
    expect(selectRange(s, 'zz', rows)).toBe(s);
  });

  it('selects all visible, clears, and reports whether all are selected', () => {
    const s = selectAll(EMPTY_SELECTION, rows);
    expect(allSelected(s, rows)).toBe(true);
    expect(allSelected(s, [...rows, 'g'])).toBe(false);
    expect(allSelected(EMPTY_SELECTION, [])).toBe(false);
    expect(ids(clearSelection(s))).toEqual([]);
  });

  it('forgets rows that left the list', () => {
    const s: Selection = { selected: new Set(['a', 'c', 'x']), anchor: 'x', focus: 'c' };
    const p = pruneSelection(s, rows);
    expect(ids(p)).toEqual(['a', 'c']);
    expect(p.anchor).toBeNull();
    expect(p.focus).toBe('c');
    const same = pruneSelection(p, rows);
    expect(same).toBe(p);
  });
});

describe('keyboard focus', () => {
  it('moves within bounds and starts at the top', () => {
    expect(movedFocus(rows, null, 'next')).toBe('a');
    expect(movedFocus(rows, 'a', 'prev')).toBe('a');
    expect(movedFocus(rows, 'c', 'next')).toBe('d');
    expect(movedFocus(rows, 'f', 'next')).toBe('f');
    expect(movedFocus(rows, 'c', 'last')).toBe('f');
    expect(movedFocus(rows, 'c', 'first')).toBe('a');
    expect(movedFocus(rows, 'b', 'pageDown', 3)).toBe('e');
    expect(movedFocus(rows, 'b', 'pageUp', 3)).toBe('a');
    expect(movedFocus([], 'a', 'next')).toBeNull();
    expect(movedFocus(rows, 'gone', 'next')).toBe('a');
  });

  it('extends the selection with shift+arrows from where it started', () => {
    let s: Selection = { ...EMPTY_SELECTION, focus: 'b' };
    s = moveFocus(s, rows, 'next', true);
    s = moveFocus(s, rows, 'next', true);
    expect(s.focus).toBe('d');
    expect(ids(s)).toEqual(['b', 'c', 'd']);
    expect(s.anchor).toBe('b');
    s = moveFocus(s, rows, 'next', false);
    expect(s.focus).toBe('e');
    expect(ids(s)).toEqual(['b', 'c', 'd']);
  });

  it('maps keys to actions', () => {
    const none = { shift: false, ctrlOrMeta: false };
    expect(keyAction('ArrowDown', none)).toEqual({ kind: 'move', move: 'next', extend: false });
    expect(keyAction('ArrowUp', { shift: true, ctrlOrMeta: false })).toEqual({
      kind: 'move',
      move: 'prev',
      extend: true,
    });
    expect(keyAction(' ', none)).toEqual({ kind: 'toggle' });
    expect(keyAction('Enter', none)).toEqual({ kind: 'open' });
    expect(keyAction('a', { shift: false, ctrlOrMeta: true })).toEqual({ kind: 'selectAll' });
    expect(keyAction('a', none)).toBeNull();
    expect(keyAction('Escape', none)).toEqual({ kind: 'clear' });
    expect(keyAction('x', none)).toBeNull();
  });
});
