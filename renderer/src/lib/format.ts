import { safeTimeZone } from './zoned-time';

const cache = new Map<string, Intl.DateTimeFormat>();

function fmt(timeZone: string, options: Intl.DateTimeFormatOptions, key: string) {
  const k = `${timeZone}|${key}`;
  let f = cache.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: safeTimeZone(timeZone), ...options });
    cache.set(k, f);
  }
  return f;
}

/** "Tue 14 Oct, 16:00" in the site's zone. */
export function formatDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  return fmt(
    timeZone,
    {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    },
    'dt',
  ).format(ms);
}

/** "14 Oct 2025". */
export function formatDate(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  return fmt(timeZone, { day: 'numeric', month: 'short', year: 'numeric' }, 'd').format(ms);
}

/** "in 3 h", "2 d ago": how far an instant is from now, compactly. */
export function formatRelative(iso: string, nowMs: number): string {
  const diff = Date.parse(iso) - nowMs;
  const abs = Math.abs(diff);
  const minutes = Math.round(abs / 60_000);
  let text: string;
  if (minutes < 1) return 'now';
  if (minutes < 60) text = `${minutes} min`;
  else if (minutes < 48 * 60) text = `${Math.round(minutes / 60)} h`;
  else text = `${Math.round(minutes / 1440)} d`;
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}

/** "1 part", "3 parts". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatMm(n: number): string {
  return `${Number(n.toFixed(1))}`;
}
