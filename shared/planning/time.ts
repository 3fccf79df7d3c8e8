/**
 * Planning works in epoch minutes (fractional, UTC): durations from slicers and estimators are
 * minutes, so instants in the same unit keep the arithmetic free of conversions. ISO strings are
 * only produced at the edges (results, messages).
 */
export type Minutes = number;

export function minutesFromIso(iso: string): Minutes {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not an ISO date-time: “${iso}”`);
  return ms / 60_000;
}

export function minutesFromMs(ms: number): Minutes {
  return ms / 60_000;
}

export function msFromMinutes(m: Minutes): number {
  return Math.round(m * 60_000);
}

/** ISO-8601 UTC, rounded to the second (plans never need more). */
export function isoFromMinutes(m: Minutes): string {
  const ms = Math.round(m * 60) * 1000;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Rounds an instant up to the next whole second (keeps "end ≤ slot end" checks exact). */
export function ceilSecond(m: Minutes): Minutes {
  return Math.ceil(m * 60 - 1e-6) / 60;
}

export function floorSecond(m: Minutes): Minutes {
  return Math.floor(m * 60 + 1e-6) / 60;
}

/** Tolerance for comparing instants computed through different paths (a tenth of a second). */
export const EPS: Minutes = 1 / 600;

export function formatDuration(minutes: Minutes): string {
  const totalSec = Math.round(minutes * 60);
  const h = Math.floor(totalSec / 3600);
  const m = Math.floor((totalSec % 3600) / 60);
  const s = totalSec % 60;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${h}:${p(m)}${s ? `:${p(s)}` : ''}`;
}

/** "04:27:03" or "4:27" (h:mm[:ss]) → minutes. */
export function parseDuration(s: string): Minutes {
  const m = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/.exec(s.trim());
  if (!m) throw new Error(`expected a duration h:mm[:ss], got “${s}”`);
  return Number(m[1]) * 60 + Number(m[2]) + Number(m[3] ?? 0) / 60;
}
