/** The studio's areas, in navigation-rail order. */
export const AREAS = [
  'queue',
  'plates',
  'timeline',
  'printers',
  'calendar',
  'reports',
  'workspace',
] as const;
export type Area = (typeof AREAS)[number];

export const AREA_LABELS: Record<Area, string> = {
  queue: 'Queue',
  plates: 'Plates',
  timeline: 'Timeline',
  printers: 'Printers',
  calendar: 'Calendar',
  reports: 'Reports',
  workspace: 'Workspace',
};

export const DEFAULT_AREA: Area = 'queue';

/**
 * A hash route such as `#/plates/job_12?printer=p1`. Hash routing works the same under
 * file:// (Electron) and http (browser mode) and never reaches the host.
 */
export interface Route {
  /** null when the hash names no known area. */
  area: Area | null;
  /** Segments after the area, decoded: `#/plates/job_12` → ['job_12']. */
  path: string[];
  query: Record<string, string>;
}

export function isArea(value: string): value is Area {
  return (AREAS as readonly string[]).includes(value);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#/, '').replace(/^!/, '');
  const q = body.indexOf('?');
  const pathPart = q < 0 ? body : body.slice(0, q);
  const queryPart = q < 0 ? '' : body.slice(q + 1);
  const segments = pathPart
    .split('/')
    .filter((s) => s !== '')
    .map(decode);
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(queryPart)) query[k] = v;
  const first = segments[0]?.toLowerCase();
  if (first === undefined) return { area: DEFAULT_AREA, path: [], query };
  if (!isArea(first)) return { area: null, path: segments, query };
  return { area: first, path: segments.slice(1), query };
}

export function formatHash(
  area: Area,
  path: readonly string[] = [],
  query: Record<string, string | undefined> = {},
): string {
  const segments = [area, ...path].map((s) => encodeURIComponent(s)).join('/');
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
  const qs = params.toString();
  return `#/${segments}${qs ? `?${qs}` : ''}`;
}

/** Alt+1…7 jump to the areas in rail order. */
export function areaForShortcut(key: string): Area | null {
  const n = Number(key);
  if (!Number.isInteger(n) || n < 1 || n > AREAS.length) return null;
  return AREAS[n - 1] ?? null;
}
