import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { requestThumbnail, subscribeThumbnail, thumbnailState } from './thumbnail-cache';

/**
 * A shaded view of a model, rendered from its mesh the first time it scrolls into view and
 * cached for the session.
 */
export function ModelThumb({
  modelId,
  size = 48,
  title,
}: {
  modelId: string | null | undefined;
  size?: number;
  title?: string;
}) {
  const ref = useRef<HTMLSpanElement>(null);
  const [seen, setSeen] = useState(false);
  const state = useSyncExternalStore(
    (cb) => (modelId ? subscribeThumbnail(modelId, cb) : () => undefined),
    () => (modelId ? thumbnailState(modelId) : undefined),
  );

  useEffect(() => {
    const el = ref.current;
    if (!el || seen || !modelId) return;
    if (typeof IntersectionObserver === 'undefined') {
      setSeen(true);
      return;
    }
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setSeen(true);
          io.disconnect();
        }
      },
      { rootMargin: '200px' },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [modelId, seen]);

  useEffect(() => {
    if (seen && modelId) requestThumbnail(modelId);
  }, [seen, modelId]);

  const status = state?.status ?? (modelId ? 'loading' : 'none');
  return (
    <span
      ref={ref}
      className={`model-thumb model-thumb--${status}`}
      style={{ width: size, height: size }}
      data-testid="model-thumb"
      data-state={status}
      title={state?.status === 'error' ? state.message : title}
    >
      {state?.status === 'ready' ? (
        <img src={state.url} alt={title ?? ''} width={size} height={size} draggable={false} />
      ) : state?.status === 'error' ? (
        <svg viewBox="0 0 24 24" width={size * 0.45} height={size * 0.45} aria-hidden="true">
          <path
            d="M12 3l9 5v8l-9 5-9-5V8l9-5zM8 9l8 6M16 9l-8 6"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.6"
            strokeLinejoin="round"
          />
        </svg>
      ) : null}
    </span>
  );
}
