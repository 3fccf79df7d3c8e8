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

export { historyShortcut } from './history-shortcut';
