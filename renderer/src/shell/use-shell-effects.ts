import { useEffect } from 'react';
import { api, onApiError } from '../platform/api';
import { areaForShortcut } from './routes';
import { useUi } from './ui-store';
import { historyShortcut, stepHistory } from './use-history';
import { navigate } from './use-route';

/** Wiring between the host and the shell: theme, error toasts, progress, shortcuts. */
export function useShellEffects(): void {
  const theme = useUi((s) => s.theme);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);

  useEffect(() => {
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!media) return;
    const onChange = (e: MediaQueryListEvent) => useUi.getState().followSystemTheme(e.matches);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);

  useEffect(
    () =>
      onApiError((error, channel) => useUi.getState().pushToast('error', error.message, channel)),
    [],
  );

  useEffect(() => api.on('progress', (p) => useUi.getState().reportProgress(p)), []);

  useEffect(() => {
    // A file dropped outside a drop zone must not make the browser navigate away to it.
    const guard = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files') || e.defaultPrevented) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'none';
    };
    window.addEventListener('dragover', guard);
    window.addEventListener('drop', guard);
    return () => {
      window.removeEventListener('dragover', guard);
      window.removeEventListener('drop', guard);
    };
  }, []);

  // Undo/redo work in every view; a view with its own handler (Plates) prevents the default.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const step = historyShortcut(e);
      if (!step) return;
      e.preventDefault();
      void stepHistory(step);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const area = areaForShortcut(e.key) ?? areaForShortcut(e.code.replace('Digit', ''));
      if (!area) return;
      e.preventDefault();
      navigate(area);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
