import './undo-redo.css';
import { stepHistory, useHistoryState } from './use-history';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';

function Arrow({ flip }: { flip?: boolean }) {
  return (
    <svg
      className="icon"
      width={16}
      height={16}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.9}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      style={flip ? { transform: 'scaleX(-1)' } : undefined}
    >
      <path d="M9 14L4 9l5-5M4 9h10a6 6 0 0 1 0 12h-3" />
    </svg>
  );
}

/** The Edit toolbar: Undo / Redo with what they would undo or redo, for every view. */
export function UndoRedo() {
  const h = useHistoryState();
  const undoTitle = h.undoLabel ? `Undo “${h.undoLabel}” (${MOD}Z)` : 'Nothing to undo';
  const redoTitle = h.redoLabel
    ? `Redo “${h.redoLabel}” (${MOD}${isMac ? '⇧Z' : 'Y'})`
    : 'Nothing to redo';
  return (
    <div className="topbar__edit" role="group" aria-label="Edit">
      <button
        type="button"
        className="btn btn--small btn--ghost topbar__edit-btn"
        disabled={!h.canUndo || h.busy}
        onClick={() => void stepHistory('undo')}
        title={undoTitle}
        aria-label={undoTitle}
        data-testid="undo"
      >
        <Arrow />{' '}
        <span className="topbar__edit-label">{h.undoLabel ? `Undo ${h.undoLabel}` : 'Undo'}</span>
      </button>
      <button
        type="button"
        className="btn btn--small btn--ghost topbar__edit-btn"
        disabled={!h.canRedo || h.busy}
        onClick={() => void stepHistory('redo')}
        title={redoTitle}
        aria-label={redoTitle}
        data-testid="redo"
      >
        <Arrow flip /> <span className="topbar__edit-label">Redo</span>
      </button>
    </div>
  );
}
