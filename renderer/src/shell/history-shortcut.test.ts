import { describe, expect, it } from 'vitest';
import { historyShortcut } from './history-shortcut';

function key(
  init: Partial<KeyboardEvent> & { tagName?: string; editable?: boolean },
): KeyboardEvent {
  const { tagName = 'DIV', editable = false, ...rest } = init;
  return {
    defaultPrevented: false,
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    key: '',
    target: { tagName, isContentEditable: editable },
    ...rest,
  } as unknown as KeyboardEvent;
}

describe('the global undo/redo shortcuts', () => {
  it('maps Ctrl/Cmd+Z to undo and Ctrl/Cmd+Shift+Z or Ctrl+Y to redo', () => {
    expect(historyShortcut(key({ ctrlKey: true, key: 'z' }))).toBe('undo');
    expect(historyShortcut(key({ metaKey: true, key: 'z' }))).toBe('undo');
    expect(historyShortcut(key({ ctrlKey: true, shiftKey: true, key: 'Z' }))).toBe('redo');
    expect(historyShortcut(key({ metaKey: true, shiftKey: true, key: 'z' }))).toBe('redo');
    expect(historyShortcut(key({ ctrlKey: true, key: 'y' }))).toBe('redo');
  });

  it('leaves text fields, other keys and handled events alone', () => {
    expect(historyShortcut(key({ ctrlKey: true, key: 'z', tagName: 'INPUT' }))).toBeNull();
    expect(historyShortcut(key({ ctrlKey: true, key: 'z', tagName: 'TEXTAREA' }))).toBeNull();
    expect(historyShortcut(key({ ctrlKey: true, key: 'z', editable: true }))).toBeNull();
    expect(historyShortcut(key({ key: 'z' }))).toBeNull();
    expect(historyShortcut(key({ ctrlKey: true, altKey: true, key: 'z' }))).toBeNull();
    expect(historyShortcut(key({ ctrlKey: true, key: 'z', defaultPrevented: true }))).toBeNull();
  });
});
