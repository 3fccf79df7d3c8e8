/** Icons only the Timeline needs (same 24×24 stroke style as ui/Icon). */
const PATHS = {
  lock: 'M7 11V8a5 5 0 0 1 10 0v3M5 11h14v10H5z',
  unlock: 'M7 11V8a5 5 0 0 1 9.6-2M5 11h14v10H5z',
  approve: 'M12 3l7 3v6c0 4.5-3 7.5-7 9c-4-1.5-7-4.5-7-9V6zM8.5 12l2.5 2.5 4.5-5',
  open: 'M14 4h6v6M20 4l-9 9M18 14v6H4V6h6',
  zoomIn: 'M10.5 4a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13zM15.5 15.5L20 20M8 10.5h5M10.5 8v5',
  zoomOut: 'M10.5 4a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13zM15.5 15.5L20 20M8 10.5h5',
  today: 'M12 3v18M8 7l4-4 4 4',
  play: 'M7 5l12 7-12 7z',
  stop: 'M7 7h10v10H7z',
  keyboard: 'M3 7h18v10H3zM7 11h.01M11 11h.01M15 11h.01M8 14h8',
  alert: 'M12 3l10 18H2L12 3zM12 10v5M12 18v.01',
  arrowUp: 'M12 19V5M6 11l6-6 6 6',
  arrowDown: 'M12 5v14M6 13l6 6 6-6',
  dash: 'M6 12h12',
} as const;

export type TimelineIconName = keyof typeof PATHS;

export function TIcon({
  name,
  size = 16,
  className,
}: {
  name: TimelineIconName;
  size?: number;
  className?: string;
}) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.9}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
