import { useEffect } from 'react';
import { Icon } from '../ui/Icon';
import { useUi, type Toast } from './ui-store';

const LIFETIME_MS: Record<Toast['kind'], number> = { error: 10_000, info: 5000, success: 3000 };

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useUi((s) => s.dismissToast);
  useEffect(() => {
    const t = setTimeout(() => dismiss(toast.id), LIFETIME_MS[toast.kind]);
    return () => clearTimeout(t);
  }, [toast.id, toast.kind, toast.count, dismiss]);
  const icon = toast.kind === 'error' ? 'alert' : toast.kind === 'success' ? 'check' : 'info';
  return (
    <div
      className={`toast toast--${toast.kind}`}
      role={toast.kind === 'error' ? 'alert' : 'status'}
      data-testid={`toast-${toast.kind}`}
    >
      <Icon name={icon} className="toast__icon" />
      <div className="toast__text">
        <span className="toast__message">{toast.message}</span>
        {toast.count > 1 ? <span className="toast__count">×{toast.count}</span> : null}
      </div>
      <button
        type="button"
        className="icon-btn icon-btn--small"
        onClick={() => dismiss(toast.id)}
        aria-label="Dismiss"
      >
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite" data-testid="toasts">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}
