import { describe, expect, it } from 'vitest';
import {
  cellsOf,
  MAX_BUDGET,
  MIN_BUDGET,
  nextBudget,
  pickBatch,
  type CellGrid,
} from './incremental';
import { layoutRows } from './virtual-range';

const grid = (over: Partial<CellGrid> = {}): CellGrid => ({
  rows: [
    { id: 'op', kind: 'operator' },
    { id: 'p1', kind: 'printer' },
    { id: 'p2', kind: 'printer' },
    { id: 'p3', kind: 'printer' },
  ],
  layout: layoutRows([30, 50, 50, 50]),
  first: 0,
  last: 3,
  tileFirst: 2,
  tileLast: 5,
  tileW: 100,
  // The viewport shows tiles 3–4 and rows 1–2 (the operator row and p3 are overscan).
  view: { x: { start: 300, end: 500 }, y: { start: 40, end: 120 } },
  ...over,
});

describe('cellsOf', () => {
  it('lists every row × tile of the window, operator rows one tile early, printers with their overhang', () => {
    const cells = cellsOf(grid());
    const keys = cells.map((c) => c.key);
    expect(keys.filter((k) => k.startsWith('op|'))).toEqual([
      'op|1',
      'op|2',
      'op|3',
      'op|4',
      'op|5',
    ]);
    expect(keys.filter((k) => k.startsWith('p1|'))).toEqual([
      'p1|over',
      'p1|2',
      'p1|3',
      'p1|4',
      'p1|5',
    ]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('marks the cells inside the viewport', () => {
    const inView = cellsOf(grid())
      .filter((c) => c.inView)
      .map((c) => c.key)
      .sort();
    expect(inView).toEqual(['p1|3', 'p1|4', 'p1|over', 'p2|3', 'p2|4', 'p2|over']);
  });

  it('only covers the rows asked for', () => {
    const cells = cellsOf(grid({ first: 2, last: 2 }));
    expect(new Set(cells.map((c) => c.row))).toEqual(new Set([2]));
  });
});

describe('pickBatch', () => {
  const cells = cellsOf(grid());
  const cost = () => 10;

  it('takes the cells in view first, nearest the centre first, within the budget', () => {
    const batch = pickBatch(cells, cost, 30);
    expect(batch).toHaveLength(3);
    expect(batch.every((c) => c.inView)).toBe(true);
    const dists = batch.map((c) => c.dist);
    expect([...dists].sort((a, b) => a - b)).toEqual(dists);
  });

  it('always takes at least one cell, however expensive, so drawing finishes', () => {
    expect(pickBatch(cells, () => 1000, 8)).toHaveLength(1);
  });

  it('takes everything when the budget allows', () => {
    expect(pickBatch(cells, cost, 10_000)).toHaveLength(cells.length);
    expect(pickBatch([], cost, 10)).toEqual([]);
  });
});

describe('nextBudget', () => {
  it('grows after cheap slices and halves after expensive ones, within bounds', () => {
    expect(nextBudget(40, 2)).toBe(50);
    expect(nextBudget(40, 6)).toBe(40);
    expect(nextBudget(40, 25)).toBe(20);
    expect(nextBudget(MIN_BUDGET, 500)).toBe(MIN_BUDGET);
    expect(nextBudget(MAX_BUDGET, 1)).toBe(MAX_BUDGET);
  });

  it('ignores values that are not measurements', () => {
    expect(nextBudget(40, Number.NaN)).toBe(40);
    expect(nextBudget(40, -1)).toBe(40);
  });
});
