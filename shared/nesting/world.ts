import { outsideRegion, shapesCollide } from './collision';
import { type Problem, type StaticHazard } from './problem';
import { type OShape } from './shape';

/**
 * One plate (or strip) being arranged: where each movable part is, plus the static hazards
 * (exclusion zones, locked parts). Arrays are indexed by problem item index.
 */
export class World {
  readonly p: Problem;
  readonly statics: StaticHazard[];
  /** Container for shape bounding boxes (the bed box shrunk by the bed clearance). */
  cx0: number;
  cy0: number;
  cx1: number;
  cy1: number;
  readonly placed: Uint8Array;
  readonly ori: Int32Array;
  readonly shp: (OShape | null)[];
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly bx0: Float64Array;
  readonly by0: Float64Array;
  readonly bx1: Float64Array;
  readonly by1: Float64Array;
  /** Placed movable items, in placement order. */
  list: number[] = [];
  /** Rounding slack for container tests: 1e-7 of the bed diagonal (33 nm on a 250×210 bed), so
   * positions computed as "edge − offset" or periods found by bisection never lose a part to
   * float noise. The validator's tolerances are larger. */
  readonly slack: number;

  constructor(p: Problem, statics: StaticHazard[]) {
    this.p = p;
    this.statics = statics;
    const n = p.items.length;
    this.placed = new Uint8Array(n);
    this.ori = new Int32Array(n);
    this.shp = new Array<OShape | null>(n).fill(null);
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
    this.bx0 = new Float64Array(n);
    this.by0 = new Float64Array(n);
    this.bx1 = new Float64Array(n);
    this.by1 = new Float64Array(n);
    this.slack = 1e-7 * p.scale;
    const b = p.bedBox;
    if (p.mode === 'strip') {
      this.cx0 = b.minX + p.clearBed;
      this.cy0 = b.minY + p.clearBed;
      this.cy1 = b.minY + p.stripHeight - p.clearBed;
      this.cx1 = Infinity;
    } else {
      this.cx0 = b.minX + p.clearBed;
      this.cy0 = b.minY + p.clearBed;
      this.cx1 = b.maxX - p.clearBed;
      this.cy1 = b.maxY - p.clearBed;
    }
  }

  /** Strip mode: the usable length (x from bed minX). */
  setLength(length: number): void {
    this.cx1 = this.p.bedBox.minX + length - this.p.clearBed;
  }

  get length(): number {
    return this.cx1 + this.p.clearBed - this.p.bedBox.minX;
  }

  place(i: number, ori: number, x: number, y: number): void {
    const it = this.p.items[i];
    if (!it) throw new Error(`no item ${i}`);
    const s = it.group.orientations[ori] as OShape;
    if (!this.placed[i]) {
      this.placed[i] = 1;
      this.list.push(i);
    }
    this.ori[i] = ori;
    this.shp[i] = s;
    this.x[i] = x;
    this.y[i] = y;
    this.bx0[i] = s.minX + x;
    this.by0[i] = s.minY + y;
    this.bx1[i] = s.maxX + x;
    this.by1[i] = s.maxY + y;
  }

  remove(i: number): void {
    if (!this.placed[i]) return;
    this.placed[i] = 0;
    this.shp[i] = null;
    const k = this.list.indexOf(i);
    if (k >= 0) this.list.splice(k, 1);
  }

  /** How far a shape's box sticks out of the container (0 when inside). */
  protrusion(s: OShape, x: number, y: number): number {
    let q = 0;
    const e = this.slack;
    const x0 = s.minX + x + e;
    const x1 = s.maxX + x - e;
    const y0 = s.minY + y + e;
    const y1 = s.maxY + y - e;
    if (x0 < this.cx0) q += this.cx0 - x0;
    if (x1 > this.cx1) q += x1 - this.cx1;
    if (y0 < this.cy0) q += this.cy0 - y0;
    if (y1 > this.cy1) q += y1 - this.cy1;
    return q;
  }

  /** Exact container test (box, polygonal bed edge). */
  inContainer(s: OShape, x: number, y: number): boolean {
    // The container already sits epsAbs inside the bed; the slack only absorbs rounding of
    // positions computed as "container edge − shape offset".
    const e = this.slack;
    if (
      s.minX + x < this.cx0 - e ||
      s.maxX + x > this.cx1 + e ||
      s.minY + y < this.cy0 - e ||
      s.maxY + y > this.cy1 + e
    ) {
      return false;
    }
    const bed = this.p.bedShape;
    return !(bed && outsideRegion(s, x, y, bed, this.p.clearHaz));
  }

  hitsStatic(s: OShape, x: number, y: number): boolean {
    for (const h of this.statics) {
      if (shapesCollide(s, x, y, h.shape, h.x, h.y, h.clear)) return true;
    }
    return false;
  }

  /** Collides with a placed movable item other than `self`. */
  hitsItem(s: OShape, x: number, y: number, self: number): boolean {
    const c = this.p.clearPP;
    const x0 = s.minX + x - c;
    const x1 = s.maxX + x + c;
    const y0 = s.minY + y - c;
    const y1 = s.maxY + y + c;
    const list = this.list;
    for (let k = 0; k < list.length; k++) {
      const j = list[k] as number;
      if (j === self) continue;
      if ((this.bx0[j] as number) >= x1 || (this.bx1[j] as number) <= x0) continue;
      if ((this.by0[j] as number) >= y1 || (this.by1[j] as number) <= y0) continue;
      if (
        shapesCollide(s, x, y, this.shp[j] as OShape, this.x[j] as number, this.y[j] as number, c)
      ) {
        return true;
      }
    }
    return false;
  }

  feasible(s: OShape, x: number, y: number, self: number): boolean {
    return this.inContainer(s, x, y) && !this.hitsStatic(s, x, y) && !this.hitsItem(s, x, y, self);
  }

  /** Right-most extent of placed items (strip length needed). */
  usedMaxX(): number {
    let m = this.p.bedBox.minX;
    for (const i of this.list) m = Math.max(m, this.bx1[i] as number);
    return m;
  }

  snapshot(): WorldSnapshot {
    const n = this.list.length;
    const idx = Int32Array.from(this.list);
    const ori = new Int32Array(n);
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const i = idx[k] as number;
      ori[k] = this.ori[i] as number;
      xs[k] = this.x[i] as number;
      ys[k] = this.y[i] as number;
    }
    return { idx, ori, xs, ys, cx1: this.cx1 };
  }

  restore(s: WorldSnapshot): void {
    for (const i of this.list.slice()) this.remove(i);
    for (let k = 0; k < s.idx.length; k++) {
      this.place(s.idx[k] as number, s.ori[k] as number, s.xs[k] as number, s.ys[k] as number);
    }
    this.cx1 = s.cx1;
  }
}

export interface WorldSnapshot {
  idx: Int32Array;
  ori: Int32Array;
  xs: Float64Array;
  ys: Float64Array;
  cx1: number;
}
