import { type Point2, type Polygon } from '../domain/common';
import { type CancelSignal, throwIfCancelled } from './errors';
import { clipToConvex, cleanRing, signedArea, simplifyRing } from './polygon';

export interface OutlineOptions {
  /**
   * How far the outline may stray outside the true footprint (mm). It never cuts inside.
   * Default 0.5 mm.
   */
  toleranceMm?: number;
  /**
   * Most raster rows or columns across the part's longest side (default 480): long parts get
   * cells of longest/480 when that is coarser than τ/4, which keeps the cost bounded.
   */
  maxCellsAcross?: number;
  /**
   * Rasterise only faces whose normal points up. For a closed, consistently wound surface
   * every vertical line through the part leaves it through such a face, so they cover the
   * whole footprint — at half the work and without the walls' long slivers.
   */
  upFacingOnly?: boolean;
  signal?: CancelSignal;
}

export interface OutlineResult {
  /** Outer rings, CCW, largest first (same coordinates as the input). */
  polygons: Polygon[];
  /** Largest distance by which the outline may lie outside the true footprint (mm). */
  toleranceMm: number;
}

/**
 * The projected outline on the bed (the union of all triangles seen from above), as CCW
 * polygons without holes (holes are filled: nothing else gets placed inside a part).
 *
 * Method: conservative scanline rasterisation (a cell is marked when the triangle touches it)
 * into cells of h = max(τ/4, longest side/480); dilation by one cell; saddle cells filled so
 * every traced boundary is a simple ring; tracing along cell edges (filled side on the left,
 * so outer rings are CCW and holes CW); Douglas–Peucker with ε = h, which cuts at most h
 * inward — no more than the dilation added; finally clipping by the convex hull, which the
 * footprint never leaves. The result contains the true footprint and lies at most
 * h·(1 + 2√2) ≈ 0.96·τ outside it for parts up to 120·τ long (60 mm at τ = 0.5 mm), and
 * about 0.8 % of the longest side beyond. Typical deviations are about one cell.
 */
export function footprintOutline(
  positions: Float32Array,
  triangleCount: number,
  hull: readonly Point2[],
  options: OutlineOptions = {},
): OutlineResult {
  if (triangleCount === 0 || hull.length < 3) return { polygons: [], toleranceMm: 0 };
  const tol = options.toleranceMm ?? 0.5;
  const across = options.maxCellsAcross ?? 480;
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const p of hull) {
    if (p.x < minX) minX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.x > maxX) maxX = p.x;
    if (p.y > maxY) maxY = p.y;
  }
  const spanX0 = maxX - minX;
  const spanY0 = maxY - minY;
  const h = Math.max(tol / 4, Math.max(spanX0, spanY0) / across);
  // Dilating by one cell keeps everything within h of the raster (Chebyshev); simplifying
  // with ε = h then never cuts into the true footprint, and still flattens the staircases.
  const eps = h;
  const grow = 1;
  const margin = grow + 3;
  const W = Math.ceil(spanX0 / h) + 2 * margin + 1;
  const H = Math.ceil(spanY0 / h) + 2 * margin + 1;
  const ox = minX - margin * h;
  const oy = minY - margin * h;
  let grid: Uint8Array = new Uint8Array(W * H);
  const invH = 1 / h;
  const upOnly = options.upFacingOnly === true;

  for (let t = 0; t < triangleCount; t++) {
    if ((t & 0xffff) === 0xffff) throwIfCancelled(options.signal);
    const o = t * 9;
    const x0 = ((positions[o] as number) - ox) * invH,
      y0 = ((positions[o + 1] as number) - oy) * invH;
    const x1 = ((positions[o + 3] as number) - ox) * invH,
      y1 = ((positions[o + 4] as number) - oy) * invH;
    const x2 = ((positions[o + 6] as number) - ox) * invH,
      y2 = ((positions[o + 7] as number) - oy) * invH;
    if (upOnly && (x1 - x0) * (y2 - y0) - (y1 - y0) * (x2 - x0) <= 0) continue;
    // Fine meshes: most triangles sit inside one cell.
    const cx = Math.floor(x0),
      cy = Math.floor(y0);
    if (
      Math.floor(x1) === cx &&
      Math.floor(x2) === cx &&
      Math.floor(y1) === cy &&
      Math.floor(y2) === cy
    ) {
      grid[cy * W + cx] = 1;
      continue;
    }
    rasterTriangle(grid, W, H, x0, y0, x1, y1, x2, y2);
  }
  throwIfCancelled(options.signal);
  grid = dilate(grid, W, H);
  fillSaddles(grid, W, H);
  const rings = traceRings(grid, W, H);
  const out: Polygon[] = [];
  for (const ring of rings) {
    const xy = new Float64Array(ring.length);
    for (let i = 0; i < ring.length; i += 2) {
      xy[i] = ox + (ring[i] as number) * h;
      xy[i + 1] = oy + (ring[i + 1] as number) * h;
    }
    const simple = simplifyRing(xy, eps);
    const pts: Point2[] = [];
    for (let i = 0; i < simple.length; i += 2)
      pts.push({ x: simple[i] as number, y: simple[i + 1] as number });
    if (signedArea(pts) <= 0) continue; // holes (clockwise) are filled
    const clipped = cleanRing(clipToConvex(pts, hull), 1e-7);
    if (clipped.length >= 3 && signedArea(clipped) > 1e-9) out.push(clipped);
  }
  out.sort((a, b) => signedArea(b) - signedArea(a));
  // Worst case outward: a cell diagonal (raster) + a cell diagonal (dilation) + ε.
  return { polygons: out, toleranceMm: h * (2 * Math.SQRT2 + 1) };
}

/**
 * Square (Chebyshev) dilation by one cell: a row pass then a column pass of 3-cell ORs. The
 * grid's border cells are empty and stay so (the margin is wider than one cell).
 */
function dilate(src: Uint8Array, W: number, H: number): Uint8Array {
  const tmp = new Uint8Array(W * H);
  const n = W * H;
  for (let i = 1; i < n - 1; i++)
    tmp[i] = (src[i - 1] as number) | (src[i] as number) | (src[i + 1] as number);
  const out = new Uint8Array(n);
  for (let i = W; i < n - W; i++)
    out[i] = (tmp[i - W] as number) | (tmp[i] as number) | (tmp[i + W] as number);
  return out;
}

/**
 * Marks every cell the triangle touches. With the corners sorted by y, the triangle's x-extent
 * within a row band comes from its long edge and its two-edge chain at the band's top and
 * bottom, plus the middle corner when it falls inside the band — exact, and two edge
 * evaluations per row however long the triangle is.
 */
function rasterTriangle(
  grid: Uint8Array,
  W: number,
  H: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
): void {
  // Sort corners by y: (x0, y0) lowest, (x2, y2) highest.
  let x0 = ax,
    y0 = ay,
    x1 = bx,
    y1 = by,
    x2 = cx,
    y2 = cy,
    t: number;
  if (y1 < y0) {
    t = x0;
    x0 = x1;
    x1 = t;
    t = y0;
    y0 = y1;
    y1 = t;
  }
  if (y2 < y1) {
    t = x1;
    x1 = x2;
    x2 = t;
    t = y1;
    y1 = y2;
    y2 = t;
  }
  if (y1 < y0) {
    t = x0;
    x0 = x1;
    x1 = t;
    t = y0;
    y0 = y1;
    y1 = t;
  }
  const r0 = Math.max(0, Math.floor(y0));
  const r1 = Math.min(H - 1, Math.floor(y2));
  const longSlope = y2 > y0 ? (x2 - x0) / (y2 - y0) : 0;
  const lowSlope = y1 > y0 ? (x1 - x0) / (y1 - y0) : 0;
  const highSlope = y2 > y1 ? (x2 - x1) / (y2 - y1) : 0;
  for (let r = r0; r <= r1; r++) {
    const ya = r > y0 ? r : y0;
    const yb = r + 1 < y2 ? r + 1 : y2;
    const la = x0 + (ya - y0) * longSlope;
    const lb = x0 + (yb - y0) * longSlope;
    const sa = ya < y1 ? x0 + (ya - y0) * lowSlope : ya === y1 ? x1 : x1 + (ya - y1) * highSlope;
    const sb = yb < y1 ? x0 + (yb - y0) * lowSlope : yb === y1 ? x1 : x1 + (yb - y1) * highSlope;
    let lo = la < lb ? la : lb;
    let hi = la < lb ? lb : la;
    if (sa < lo) lo = sa;
    if (sa > hi) hi = sa;
    if (sb < lo) lo = sb;
    if (sb > hi) hi = sb;
    if (y1 > ya && y1 < yb) {
      if (x1 < lo) lo = x1;
      if (x1 > hi) hi = x1;
    }
    // A flat bottom or top edge lies on the band's boundary: include both of its ends.
    if (ya === y0 && y1 === y0) {
      if (x1 < lo) lo = x1;
      if (x1 > hi) hi = x1;
    }
    const c0 = lo > 0 ? Math.floor(lo) : 0;
    const c1 = hi < W - 1 ? Math.floor(hi) : W - 1;
    if (c0 <= c1) grid.fill(1, r * W + c0, r * W + c1 + 1);
  }
}

/**
 * Two cells touching only at a corner make the traced boundary pinch. Filling one empty cell
 * of each such 2×2 block removes the pinch (and only adds area, so stays conservative).
 */
function fillSaddles(grid: Uint8Array, W: number, H: number): void {
  // Later passes only revisit the rows around the previous pass's changes.
  let from = 0;
  let to = H - 2;
  while (from <= to) {
    let lo = H;
    let hi = -1;
    for (let y = from; y <= to; y++) {
      const r0 = y * W;
      const r1 = r0 + W;
      for (let x = 0; x + 1 < W; x++) {
        const a = grid[r0 + x] as number;
        const d = grid[r1 + x + 1] as number;
        if (a !== d) continue;
        const b = grid[r0 + x + 1] as number;
        if (b === a || (grid[r1 + x] as number) !== b) continue;
        if (a === 0) grid[r0 + x] = 1;
        else grid[r0 + x + 1] = 1;
        if (y < lo) lo = y;
        if (y > hi) hi = y;
      }
    }
    from = Math.max(0, lo - 1);
    to = Math.min(H - 2, hi + 1);
  }
}

/**
 * Follows cell-edge boundaries with the filled side on the left, so outer rings come out CCW
 * and holes CW. Without saddles every boundary corner has exactly one outgoing edge.
 * Returns rings of corner coordinates (grid units), only where the direction changes.
 * The grid's outer two rows and columns are empty, so corners on the border never matter.
 */
function traceRings(grid: Uint8Array, W: number, H: number): number[][] {
  // Outgoing direction at corner (i, j): 0 east, 1 north, 2 west, 3 south, -1 none.
  // Corner (i, j) touches cells ne (i, j), nw (i−1, j), sw (i−1, j−1), se (i, j−1).
  const outDir = (i: number, j: number): number => {
    const n = j * W + i;
    const s = n - W;
    const ne = grid[n] as number,
      nw = grid[n - 1] as number,
      sw = grid[s - 1] as number,
      se = grid[s] as number;
    if (ne && !se) return 0;
    if (nw && !ne) return 1;
    if (sw && !nw) return 2;
    if (se && !sw) return 3;
    return -1;
  };
  const DX = [1, 0, -1, 0];
  const DY = [0, 1, 0, -1];
  const CW = W + 1;
  const visited = new Uint8Array(CW * (H + 1));
  const rings: number[][] = [];
  for (let j = 1; j < H; j++) {
    const north = j * W;
    const south = north - W;
    for (let i = 1; i < W; i++) {
      const ne = grid[north + i] as number;
      const se = grid[south + i] as number;
      // A corner is on the boundary only if its four cells differ.
      if (
        ne === se &&
        (grid[north + i - 1] as number) === ne &&
        (grid[south + i - 1] as number) === ne
      )
        continue;
      if (visited[j * CW + i]) continue;
      const start = outDir(i, j);
      if (start < 0) continue;
      const ring: number[] = [];
      let x = i,
        y = j,
        d = start,
        prev = -1;
      for (let guard = 0; guard < 4 * CW * (H + 1); guard++) {
        visited[y * CW + x] = 1;
        if (d !== prev) ring.push(x, y);
        prev = d;
        x += DX[d] as number;
        y += DY[d] as number;
        if (x === i && y === j) break;
        d = outDir(x, y);
        if (d < 0) break;
      }
      // The start corner may be mid-edge; drop it when it is collinear with its neighbours.
      if (ring.length >= 6 && start === prev) ring.splice(0, 2);
      if (ring.length >= 6) rings.push(ring);
    }
  }
  return rings;
}
