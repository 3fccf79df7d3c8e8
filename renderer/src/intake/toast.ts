import { useUi, type ToastKind } from '../shell/ui-store';

/** Toasts from outside React (the intake controller reports failed edits here). */
export function pushToast(kind: ToastKind, message: string): void {
  useUi.getState().pushToast(kind, message, 'intake');
}
