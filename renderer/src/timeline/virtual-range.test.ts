import { describe, expect, it } from 'vitest';
import {
  covers,
  drawWindow,
  IntervalIndex,
  layoutRows,
  rowIndexAt,
  rowsInSpan,
  sameSpan,
} from './virtual-range';

describe('the drawn window', () => {
  it('grows the viewport by whole chunks of overscan and clamps to the canvas', () => {
    expect(drawWindow(0, 1000, 50_000, 500)).toEqual({ start: 0, end: 1500 });
    expect(drawWindow(2250, 1000, 50_000, 500)).toEqual({ start: 1500, end: 4000 });
    expect(drawWindow(49_500, 1000, 50_000, 500)).toEqual({ start: 49_000, end: 50_000 });
    expect(drawWindow(0, 1000, 300, 500)).toEqual({ start: 0, end: 300 });
  });

  it('stays the same while scrolling inside a chunk, so scrolling does not re-render', () => {
    const first = drawWindow(2000, 1000, 50_000, 500);
    let rerenders = 0;
    let current = first;
    for (let x = 2000; x < 2500; x += 7) {
      const next = drawWindow(x, 1000, 50_000, 500);
      expect(covers(next, x, 1000)).toBe(true);
      if (!sameSpan(next, current)) rerenders++;
      current = next;
    }
    expect(rerenders).toBe(1); // crossing 2000→2001 moves the ceil by one chunk once
    expect(covers(first, 2400, 1000)).toBe(true);
    expect(covers(first, 4000, 1000)).toBe(false);
  });
});

describe('rows', () => {
  const layout = layoutRows([24, 24, 48, 48, 48]);

  it('lays rows out top to bottom', () => {
    expect(layout.tops).toEqual([0, 24, 48, 96, 144]);
    expect(layout.total).toBe(192);
  });

  it('finds the rows a span touches', () => {
    expect(rowsInSpan(layout, { start: 0, end: 30 })).toEqual({ first: 0, last: 1 });
    expect(rowsInSpan(layout, { start: 50, end: 96 })).toEqual({ first: 2, last: 2 });
    expect(rowsInSpan(layout, { start: 100, end: 1000 })).toEqual({ first: 3, last: 4 });
    expect(rowsInSpan(layoutRows([]), { start: 0, end: 10 })).toEqual({ first: 0, last: -1 });
  });

  it('maps a y coordinate to its row for drops', () => {
    expect(rowIndexAt(layout, 0)).toBe(0);
    expect(rowIndexAt(layout, 47.9)).toBe(1);
    expect(rowIndexAt(layout, 150)).toBe(4);
    expect(rowIndexAt(layout, -1)).toBe(-1);
    expect(rowIndexAt(layout, 192)).toBe(-1);
  });
});

describe('the interval index', () => {
  const jobs = [
    { id: 'long', s: 0, e: 100 },
    { id: 'a', s: 10, e: 20 },
    { id: 'b', s: 30, e: 40 },
    { id: 'c', s: 120, e: 130 },
    { id: 'touch', s: 140, e: 150 },
  ];
  const index = new IntervalIndex(
    jobs,
    (j) => j.s,
    (j) => j.e,
  );
  const ids = (from: number, to: number) => index.query(from, to).map((j) => j.id);

  it('returns items overlapping a range, including long ones that started before it', () => {
    expect(ids(35, 50)).toEqual(['long', 'b']);
    expect(ids(100, 120)).toEqual([]);
    expect(ids(125, 140)).toEqual(['c']);
    expect(ids(-50, 1000)).toEqual(['long', 'a', 'b', 'c', 'touch']);
  });

  it('matches a brute-force scan on random data', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 1000;
    const items = Array.from({ length: 500 }, (_, i) => {
      const s = rnd();
      return { id: i, s, e: s + rnd() / 10 };
    });
    const idx = new IntervalIndex(
      items,
      (i) => i.s,
      (i) => i.e,
    );
    for (let k = 0; k < 50; k++) {
      const a = rnd();
      const b = a + rnd() / 5;
      const brute = items
        .filter((i) => i.s < b && i.e > a)
        .map((i) => i.id)
        .sort((x, y) => x - y);
      const got = idx
        .query(a, b)
        .map((i) => i.id)
        .sort((x, y) => x - y);
      expect(got).toEqual(brute);
    }
  });
});
