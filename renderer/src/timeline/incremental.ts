/**
 * Incremental drawing of the Gantt's cells (one printer or operator row × one time tile).
 *
 * A scroll that exposes many rows at once (a jump down eight printers, a page-down) used to
 * draw all of them in one task: hundreds of bars, their style and layout, 50–120 ms on the
 * shared machine, a visible hitch. Instead the cells that scrolling exposes are drawn a few
 * per frame, those in view first; until then a cell shows a cheap placeholder. The first
 * frame of a view (entering the Timeline, a zoom) still draws everything in view at once, so
 * what the technician looks at is never partial when the view opens.
 */
import type { RowLayout, Span } from './virtual-range';

/** One unit of drawing: a row's bars (or operator tasks) in one time tile. */
export interface Cell {
  key: string;
  /** Row index in the model. */
  row: number;
  /** Tile index from the time origin; `'over'` is a printer row's overhang (bars that started before the window). */
  tile: number | 'over';
  /** Intersects the viewport (not only the overscan around it). */
  inView: boolean;
  /** Distance from the viewport's centre, px: nearer cells are drawn first. */
  dist: number;
}

export interface CellGrid {
  rows: readonly { id: string; kind: 'printer' | 'operator' }[];
  layout: RowLayout;
  /** Rows to draw, inclusive. */
  first: number;
  last: number;
  /** Tiles to draw, inclusive. */
  tileFirst: number;
  tileLast: number;
  tileW: number;
  /** The viewport, in lane coordinates. */
  view: { x: Span; y: Span };
}

export const cellKey = (rowId: string, tile: number | 'over') => `${rowId}|${tile}`;

/**
 * Every cell of the drawn window, in row order. Operator rows start one tile early (their
 * tasks are short and have no overhang tile); printer rows have the overhang first.
 */
export function cellsOf(g: CellGrid): Cell[] {
  const out: Cell[] = [];
  const cx = (g.view.x.start + g.view.x.end) / 2;
  const cy = (g.view.y.start + g.view.y.end) / 2;
  for (let i = g.first; i <= g.last; i++) {
    const row = g.rows[i];
    if (!row) continue;
    const top = g.layout.tops[i] ?? 0;
    const bottom = top + (g.layout.heights[i] ?? 0);
    const rowIn = bottom > g.view.y.start && top < g.view.y.end;
    const dy = Math.abs((top + bottom) / 2 - cy);
    if (row.kind === 'printer') {
      const x0 = g.tileFirst * g.tileW;
      out.push({
        key: cellKey(row.id, 'over'),
        row: i,
        tile: 'over',
        inView: rowIn,
        dist: dy + Math.max(0, cx - x0),
      });
    }
    for (let k = row.kind === 'operator' ? g.tileFirst - 1 : g.tileFirst; k <= g.tileLast; k++) {
      const a = k * g.tileW;
      const b = a + g.tileW;
      out.push({
        key: cellKey(row.id, k),
        row: i,
        tile: k,
        inView: rowIn && b > g.view.x.start && a < g.view.x.end,
        dist: dy + Math.abs((a + b) / 2 - cx),
      });
    }
  }
  return out;
}

/**
 * The next cells to draw: those in view first, nearest first, until their cost (roughly the
 * number of elements they hold) reaches the budget. Always at least one, so drawing finishes.
 */
export function pickBatch<C extends Pick<Cell, 'inView' | 'dist'>>(
  missing: readonly C[],
  cost: (c: C) => number,
  budget: number,
): C[] {
  const order = [...missing].sort((a, b) => Number(b.inView) - Number(a.inView) || a.dist - b.dist);
  const out: C[] = [];
  let spent = 0;
  for (const c of order) {
    const w = Math.max(1, cost(c));
    if (out.length > 0 && spent + w > budget) break;
    out.push(c);
    spent += w;
  }
  return out;
}

export const MIN_BUDGET = 8;
export const MAX_BUDGET = 400;
export const START_BUDGET = 48;

/**
 * Adapts the per-frame budget to what the last slice cost: the script time of rendering and
 * committing it (its style, layout and paint follow in the same frame and grow with it). Cheap
 * slices grow the budget, expensive ones halve it, so a slow machine draws less per frame and a
 * fast one finishes sooner. Measured on the slice itself rather than the frame interval, which
 * on a shared machine is mostly the wait for a core and would pin the budget at its minimum.
 */
export function nextBudget(budget: number, sliceMs: number): number {
  if (!Number.isFinite(sliceMs) || sliceMs < 0) return budget;
  let next = budget;
  if (sliceMs <= 4) next = budget * 1.25;
  else if (sliceMs > 10) next = budget / 2;
  return Math.round(Math.min(MAX_BUDGET, Math.max(MIN_BUDGET, next)));
}
