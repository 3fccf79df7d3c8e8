import { useEffect, useRef } from 'react';
import { create } from 'zustand';

interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  danger: boolean;
  resolve: (ok: boolean) => void;
}

const useConfirmStore = create<{ request: ConfirmRequest | null }>()(() => ({ request: null }));

/**
 * Ask before destructive actions. An in-app modal rather than window.confirm: it matches the
 * theme, is keyboard-friendly and works the same in Electron and in any browser.
 */
export function confirmAction(options: {
  title: string;
  message: string;
  confirmLabel?: string;
  danger?: boolean;
}): Promise<boolean> {
  return new Promise((resolve) => {
    useConfirmStore.getState().request?.resolve(false);
    useConfirmStore.setState({
      request: {
        title: options.title,
        message: options.message,
        confirmLabel: options.confirmLabel ?? 'Delete',
        danger: options.danger ?? true,
        resolve,
      },
    });
  });
}

function settle(ok: boolean): void {
  const request = useConfirmStore.getState().request;
  useConfirmStore.setState({ request: null });
  request?.resolve(ok);
}

export function ConfirmHost() {
  const request = useConfirmStore((s) => s.request);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request && !dialog.open) dialog.showModal();
    if (!request && dialog.open) dialog.close();
  }, [request]);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      data-testid="confirm-dialog"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        settle(false);
      }}
    >
      {request ? (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            settle(true);
          }}
        >
          <h2 id="confirm-title">{request.title}</h2>
          <p>{request.message}</p>
          <div className="confirm-dialog__actions">
            <button
              type="button"
              className="btn"
              data-testid="confirm-cancel"
              onClick={() => settle(false)}
            >
              Cancel
            </button>
            <button
              type="submit"
              className={`btn ${request.danger ? 'btn--danger' : 'btn--primary'}`}
              data-testid="confirm-ok"
              autoFocus
            >
              {request.confirmLabel}
            </button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
