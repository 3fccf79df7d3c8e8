import { useCallback, useSyncExternalStore } from 'react';
import { isoToLocalInput } from '../lib/zoned-time';
import { api, queryCache } from '../platform/api';
import { pushToast } from './toast';
import type { Collected } from './drop-files';
import { IntakeController, type IntakeSnapshot } from './intake-controller';
import { deferThumbnailsWhile } from './thumbnail-cache';

/**
 * The one intake controller of the window: uploads keep going while the technician looks at
 * another area, and the list is still there on return.
 */
export const intake = new IntakeController({
  call: (channel, input) => api.call(channel, input),
  onProgress: (listener) => api.on('progress', listener),
  onError: (message) => pushToast('error', message),
});

deferThumbnailsWhile(() => intake.idle());

/** The drop's order reference in the site's zone: "Drop 2025-11-22 10:31". */
export function dropReference(nowMs: number, timeZone: string): string {
  return `Drop ${isoToLocalInput(new Date(nowMs).toISOString(), timeZone).replace('T', ' ')}`;
}

export function startDrop(
  collected: Collected,
  settings: { timeZone: string; maxFileSizeMb: number },
): string {
  const id = intake.drop(collected, {
    reference: dropReference(Date.now(), settings.timeZone),
    maxFileBytes: settings.maxFileSizeMb * 1024 * 1024,
  });
  // Views reading orders and models refresh once the drop is in, even if an event was lost.
  void intake.idle().then(() => queryCache.invalidate(['orders', 'models']));
  return id;
}

/** The list re-renders at most this often while files report progress. */
const RENDER_INTERVAL_MS = 250;

/**
 * The intake snapshot for React. A large drop reports progress dozens of times a second;
 * four renders a second are plenty to follow it. Each render is a new frame, and a frame of
 * this page costs ~100 ms of CPU where the GPU is emulated (SwiftShader in CI, software GL on
 * a lab PC): at ten a second the painting alone took more CPU than judging the files.
 */
export function useIntake(): IntakeSnapshot {
  const subscribe = useCallback((onChange: () => void) => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const flush = () => {
      timer = null;
      last = performance.now();
      onChange();
    };
    const unsubscribe = intake.subscribe(() => {
      // The change that completes a drop (the last verdict, the last facts) shows at once.
      if (!intake.busy()) {
        if (timer !== null) clearTimeout(timer);
        flush();
        return;
      }
      if (timer !== null) return;
      const wait = Math.max(0, RENDER_INTERVAL_MS - (performance.now() - last));
      timer = setTimeout(flush, wait);
    });
    return () => {
      if (timer !== null) clearTimeout(timer);
      unsubscribe();
    };
  }, []);
  return useSyncExternalStore(subscribe, intake.getSnapshot, intake.getSnapshot);
}
