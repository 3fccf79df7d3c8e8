import { create } from 'zustand';
import { applyProgress, pruneProgress, type ProgressItem, type ProgressPayload } from './progress';
import { otherTheme, resolveTheme, THEME_STORAGE_KEY, type Theme } from './theme';

export type ToastKind = 'error' | 'info' | 'success';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
  /** Where it came from, e.g. the channel that failed (shown small). */
  source?: string;
  /** Identical messages collapse into one toast with a counter. */
  count: number;
}

interface UiState {
  theme: Theme;
  /** The user picked the theme; otherwise it follows the system. */
  themeExplicit: boolean;
  toasts: Toast[];
  progress: ProgressItem[];
  toggleTheme: () => void;
  followSystemTheme: (prefersDark: boolean) => void;
  pushToast: (kind: ToastKind, message: string, source?: string) => void;
  dismissToast: (id: number) => void;
  reportProgress: (payload: ProgressPayload) => void;
  pruneProgress: () => void;
}

function readStoredTheme(): string | null {
  try {
    return window.localStorage.getItem(THEME_STORAGE_KEY);
  } catch {
    return null;
  }
}

function prefersDark(): boolean {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

let nextToastId = 1;
const MAX_TOASTS = 5;

export const useUi = create<UiState>()((set, get) => ({
  theme: resolveTheme(readStoredTheme(), prefersDark()),
  themeExplicit: readStoredTheme() !== null,
  toasts: [],
  progress: [],
  toggleTheme: () => {
    const theme = otherTheme(get().theme);
    try {
      window.localStorage.setItem(THEME_STORAGE_KEY, theme);
    } catch {
      // Not persisted (storage disabled) but still applied for this session.
    }
    set({ theme, themeExplicit: true });
  },
  followSystemTheme: (dark) => {
    if (!get().themeExplicit) set({ theme: dark ? 'dark' : 'light' });
  },
  pushToast: (kind, message, source) => {
    const toasts = get().toasts;
    const same = toasts.find((t) => t.kind === kind && t.message === message);
    if (same) {
      set({ toasts: toasts.map((t) => (t === same ? { ...t, count: t.count + 1 } : t)) });
      return;
    }
    const toast: Toast = { id: nextToastId++, kind, message, source, count: 1 };
    set({ toasts: [...toasts, toast].slice(-MAX_TOASTS) });
  },
  dismissToast: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
  reportProgress: (payload) =>
    set({ progress: applyProgress(get().progress, payload, Date.now()) }),
  pruneProgress: () => {
    const pruned = pruneProgress(get().progress, Date.now());
    if (pruned.length !== get().progress.length) set({ progress: pruned });
  },
}));

export function toastError(message: string, source?: string): void {
  useUi.getState().pushToast('error', message, source);
}

export function toastSuccess(message: string): void {
  useUi.getState().pushToast('success', message);
}
