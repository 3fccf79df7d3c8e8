import { useEffect, useState } from 'react';
import type { Model } from '../../../shared/domain/model';
import type { Job } from '../../../shared/domain/plan';
import { safeTimeZone } from '../lib/zoned-time';
import { useQuery } from '../platform/hooks';
import { contentRange, MS_PER_DAY, startOfDay } from './gantt-geometry';
import { memoLast } from './memo-last';

/** The current time, refreshed every `everyMs` (the now-line and "past" warnings follow it). */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

const NO_MODELS: readonly Model[] = [];
const dayStartOf = memoLast(startOfDay, 2);
// Per models array (kept by the query cache while unchanged), so it survives leaving the view.
const modelMaps = new WeakMap<readonly Model[], Map<string, Model>>();
function modelMapOf(models: readonly Model[]): Map<string, Model> {
  let map = modelMaps.get(models);
  if (!map) {
    map = new Map(models.map((m) => [m.id, m]));
    modelMaps.set(models, map);
  }
  return map;
}

/** Per jobs array: its earliest start and latest end, tasks and uncertainty included. */
const extents = new WeakMap<readonly Job[], { lo: number; hi: number }>();
function extentOf(jobs: readonly Job[]): { lo: number; hi: number } {
  let e = extents.get(jobs);
  if (!e) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const j of jobs) {
      const a = Date.parse(j.start);
      let b = Date.parse(j.end) + j.uncertaintyMinutes * 60_000;
      for (const t of j.tasks) b = Math.max(b, Date.parse(t.end));
      if (a < lo) lo = a;
      if (b > hi) hi = b;
    }
    e = { lo, hi };
    extents.set(jobs, e);
  }
  return e;
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
  const modelMap = modelMapOf(models.data ?? NO_MODELS);
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
  const today = dayStartOf(Math.floor(nowMs / 60_000) * 60_000, timeZone);
  let lo = Infinity;
  let hi = -Infinity;
  for (const jobs of jobSets) {
    if (!jobs) continue;
    const e = extentOf(jobs);
    lo = Math.min(lo, e.lo);
    hi = Math.max(hi, e.hi);
  }
  // Round the extent to days so small edits do not move the canvas origin.
  const loDay = Number.isFinite(lo) ? Math.floor(lo / MS_PER_DAY) : null;
  const hiDay = Number.isFinite(hi) ? Math.ceil(hi / MS_PER_DAY) : null;
  return rangeOf(loDay, hiDay, today, timeZone);
}

// The same object across visits for the same extent, so what is memoised on it stays valid.
const rangeOf = memoLast(
  (loDay: number | null, hiDay: number | null, today: number, timeZone: string) => {
    const instants: number[] = [];
    if (loDay !== null) instants.push(loDay * MS_PER_DAY);
    if (hiDay !== null) instants.push(hiDay * MS_PER_DAY);
    return contentRange(instants, today + 12 * 3_600_000, timeZone);
  },
  2,
);
