import { useEffect, useMemo, useState } from 'react';
import type { Job } from '../../../shared/domain/plan';
import { safeTimeZone } from '../lib/zoned-time';
import { useQuery } from '../platform/hooks';
import { contentRange, MS_PER_DAY, startOfDay } from './gantt-geometry';

/** The current time, refreshed every `everyMs` (the now-line and "past" warnings follow it). */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** Everything the Timeline reads through the contract. */
export function useTimelineData() {
  const plan = useQuery('plans.current', {});
  const printers = useQuery('printers.list', {});
  const calendar = useQuery('calendar.get', {});
  const models = useQuery('models.list', {});
  const profiles = useQuery('profiles.list', {});
  const settings = useQuery('settings.get', {});
  const timeZone = safeTimeZone(calendar.data?.timezone ?? settings.data?.timezone);
  const modelMap = useMemo(() => new Map((models.data ?? []).map((m) => [m.id, m])), [models.data]);
  return {
    plan,
    printers,
    calendar,
    models,
    profiles,
    settings,
    timeZone,
    modelMap,
    loading: plan.loading || printers.loading || calendar.loading,
  };
}

/**
 * The canvas span: whole days around now and every job shown. It only changes when the jobs
 * reach beyond it or the day changes, so the scroll position stays put while editing.
 */
export function useContentRange(
  jobSets: readonly (readonly Job[] | undefined)[],
  nowMs: number,
  timeZone: string,
): { startMs: number; endMs: number } {
  const today = startOfDay(nowMs, timeZone);
  let lo = Infinity;
  let hi = -Infinity;
  for (const jobs of jobSets) {
    for (const j of jobs ?? []) {
      const tasks = j.tasks.map((t) => Date.parse(t.end));
      const a = Date.parse(j.start);
      const b = Math.max(Date.parse(j.end) + j.uncertaintyMinutes * 60_000, ...tasks);
      if (a < lo) lo = a;
      if (b > hi) hi = b;
    }
  }
  // Round the extent to days so small edits do not move the canvas origin.
  const loDay = Number.isFinite(lo) ? Math.floor(lo / MS_PER_DAY) : null;
  const hiDay = Number.isFinite(hi) ? Math.ceil(hi / MS_PER_DAY) : null;
  return useMemo(() => {
    const instants: number[] = [];
    if (loDay !== null) instants.push(loDay * MS_PER_DAY);
    if (hiDay !== null) instants.push(hiDay * MS_PER_DAY);
    return contentRange(instants, today + 12 * 3_600_000, timeZone);
  }, [loDay, hiDay, today, timeZone]);
}
