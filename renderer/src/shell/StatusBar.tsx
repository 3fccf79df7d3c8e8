import { useEffect, useState, useSyncExternalStore } from 'react';
import { platform } from '../platform/api';
import type { ConnectionState } from '../platform/browser-transport';
import { useQuery } from '../platform/hooks';
import { PlanChangesChip } from './PlanChanges';
import { progressFraction, type ProgressItem } from './progress';
import { useUi } from './ui-store';

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
};

function useConnectionState(): ConnectionState {
  return useSyncExternalStore(platform.onConnectionState, platform.connectionState);
}

function ProgressBar({ item }: { item: ProgressItem }) {
  const fraction = progressFraction(item);
  return (
    <div
      className={`progress progress--${item.state}`}
      role="progressbar"
      aria-label={item.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
    >
      <div
        className={`progress__fill${fraction === null ? ' progress__fill--indeterminate' : ''}`}
        style={fraction === null ? undefined : { width: `${fraction * 100}%` }}
      />
    </div>
  );
}

function ProgressRow({ item }: { item: ProgressItem }) {
  const fraction = progressFraction(item);
  const detail =
    item.state === 'running'
      ? fraction === null
        ? `${item.done}`
        : `${Math.round(fraction * 100)} %`
      : item.state;
  return (
    <li className="progress-row" data-testid="progress-item">
      <div className="progress-row__text">
        <span className="progress-row__label">{item.label}</span>
        <span className="muted small">{detail}</span>
      </div>
      <ProgressBar item={item} />
      {item.message ? <div className="muted small">{item.message}</div> : null}
    </li>
  );
}

/** Long host work (intake, nesting, planning) reported through `progress` events. */
function ProgressTray() {
  const items = useUi((s) => s.progress);
  const prune = useUi((s) => s.pruneProgress);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (items.length === 0) return;
    const t = setInterval(prune, 1000);
    return () => clearInterval(t);
  }, [items.length, prune]);
  const running = items.filter((i) => i.state === 'running');
  const latest = running[running.length - 1] ?? items[items.length - 1];
  return (
    <div className="progress-tray" data-testid="progress-tray">
      {latest ? (
        <button
          type="button"
          className="statusbar__button"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
        >
          <span className="progress-tray__label">
            {latest.label}
            {running.length > 1 ? ` (+${running.length - 1})` : ''}
          </span>
          <ProgressBar item={latest} />
        </button>
      ) : (
        <span className="muted">No background work</span>
      )}
      {open && items.length > 0 ? (
        <ul className="progress-tray__popover">
          {items.map((i) => (
            <ProgressRow key={i.taskId} item={i} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function StatusBar() {
  const connection = useConnectionState();
  const info = useQuery('workspace.info', {});
  const counts = info.data?.counts;
  return (
    <footer className="statusbar">
      <span
        className={`statusbar__conn statusbar__conn--${connection}`}
        data-testid="connection-state"
      >
        <span className="dot" aria-hidden="true" />
        {CONNECTION_TEXT[connection]}
      </span>
      {counts ? (
        <span className="muted">
          {counts.printers} printers · {counts.operators} operators · {counts.orders} orders ·{' '}
          {counts.models} models
        </span>
      ) : null}
      <span className="statusbar__spacer" />
      <PlanChangesChip />
      <ProgressTray />
    </footer>
  );
}
