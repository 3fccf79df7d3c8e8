/**
 * Virtualisation math: which stretch of the canvas to draw for a scroll position, and which
 * items fall in it. The drawn window is quantised into chunks with overscan, so most scroll
 * events leave it unchanged and cost nothing but a comparison.
 */

export interface Span {
  start: number;
  end: number;
}

/**
 * The window to draw along one axis: the viewport grown by `overscan` chunks on both sides,
 * snapped outwards to multiples of `chunk` and clamped to [0, total].
 */
export function drawWindow(
  scrollPos: number,
  viewport: number,
  total: number,
  chunk: number,
  overscan = 1,
): Span {
  const c = Math.max(1, chunk);
  const start = Math.max(0, (Math.floor(scrollPos / c) - overscan) * c);
  const end = Math.min(
    Math.max(total, 0),
    (Math.ceil((scrollPos + Math.max(0, viewport)) / c) + overscan) * c,
  );
  return { start, end: Math.max(start, end) };
}

export function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

/** Whether the viewport still lies inside the drawn window (no re-render needed). */
export function covers(window: Span, scrollPos: number, viewport: number): boolean {
  return scrollPos >= window.start && scrollPos + viewport <= window.end;
}

/** Rows of possibly different heights, laid out top to bottom. */
export interface RowLayout {
  tops: number[];
  heights: number[];
  total: number;
}

export function layoutRows(heights: readonly number[]): RowLayout {
  const tops: number[] = [];
  let y = 0;
  for (const h of heights) {
    tops.push(y);
    y += h;
  }
  return { tops, heights: [...heights], total: y };
}

/** Index of the last row whose top is ≤ y (0 when above the first). */
function rowAt(layout: RowLayout, y: number): number {
  let lo = 0;
  let hi = layout.tops.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((layout.tops[mid] as number) <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/** Rows [first, last] intersecting the vertical span (inclusive; empty when last < first). */
export function rowsInSpan(layout: RowLayout, span: Span): { first: number; last: number } {
  if (layout.tops.length === 0 || span.end <= span.start) return { first: 0, last: -1 };
  const first = rowAt(layout, span.start);
  let last = rowAt(layout, Math.max(span.start, span.end - 1e-6));
  if (last < first) last = first;
  return { first, last };
}

/** Row under a y coordinate, or -1 outside every row. */
export function rowIndexAt(layout: RowLayout, y: number): number {
  if (y < 0 || y >= layout.total || layout.tops.length === 0) return -1;
  return rowAt(layout, y);
}

/**
 * Items sorted by start with the longest duration remembered, so "everything overlapping
 * [from, to)" is a binary search plus a short scan, whatever the number of items.
 */
export class IntervalIndex<T> {
  private readonly items: T[];
  private readonly starts: number[];
  private readonly ends: number[];
  private readonly maxLength: number;

  constructor(items: readonly T[], start: (t: T) => number, end: (t: T) => number) {
    const sorted = items
      .map((item) => ({ item, s: start(item), e: end(item) }))
      .sort((a, b) => a.s - b.s);
    this.items = sorted.map((x) => x.item);
    this.starts = sorted.map((x) => x.s);
    this.ends = sorted.map((x) => x.e);
    this.maxLength = sorted.reduce((m, x) => Math.max(m, x.e - x.s), 0);
  }

  get size(): number {
    return this.items.length;
  }

  /** First index whose start is ≥ t. */
  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Items with start < to and end > from (half-open overlap), in start order. */
  query(from: number, to: number, out: T[] = []): T[] {
    for (let i = this.lowerBound(from - this.maxLength); i < this.items.length; i++) {
      const s = this.starts[i] as number;
      if (s >= to) break;
      if ((this.ends[i] as number) > from) out.push(this.items[i] as T);
    }
    return out;
  }

  all(): readonly T[] {
    return this.items;
  }
}
