import { useEffect, useState } from 'react';
import { history, type HistoryState } from '../commands';
import { reportApiError } from '../platform/api';
import { toApiError } from '../platform/query-cache';

/** The shared undo/redo stack's state (labels for the Edit buttons), kept current. */
export function useHistoryState(): HistoryState {
  const [state, setState] = useState(() => history.state());
  useEffect(() => {
    setState(history.state());
    return history.subscribe(setState);
  }, []);
  return state;
}

/** Undo or redo the last edit of any view; a refusal by the host becomes an error toast. */
export async function stepHistory(direction: 'undo' | 'redo'): Promise<void> {
  try {
    await (direction === 'undo' ? history.undo() : history.redo());
  } catch (err) {
    reportApiError(toApiError(err), direction);
  }
}

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
