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

/**
 * The intake snapshot for React. Progress reports arrive many times a second during a large
 * drop; re-rendering once per animation frame is plenty.
 */
export function useIntake(): IntakeSnapshot {
  const subscribe = useCallback((onChange: () => void) => {
    let frame: number | null = null;
    const unsubscribe = intake.subscribe(() => {
      if (frame !== null) return;
      frame = requestAnimationFrame(() => {
        frame = null;
        onChange();
      });
    });
    return () => {
      if (frame !== null) cancelAnimationFrame(frame);
      unsubscribe();
    };
  }, []);
  return useSyncExternalStore(subscribe, intake.getSnapshot, intake.getSnapshot);
}
