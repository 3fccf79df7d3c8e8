/** Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z and Ctrl+Y redo; text fields keep their own undo. */
export function historyShortcut(e: KeyboardEvent): 'undo' | 'redo' | null {
  if (e.defaultPrevented || e.altKey || !(e.ctrlKey || e.metaKey)) return null;
  const t = e.target as HTMLElement | null;
  if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) {
    return null;
  }
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !e.shiftKey) return 'redo';
  return null;
}
