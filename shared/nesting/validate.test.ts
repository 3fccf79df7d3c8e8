import { describe, expect, it } from 'vitest';
import { type NestBed, type Polygon } from './types';
import { validatePlate } from './validate';

const rect = (x: number, y: number, w: number, h: number): Polygon => [
  { x, y },
  { x: x + w, y },
  { x: x + w, y: y + h },
  { x, y: y + h },
];
const bed: NestBed = { outline: rect(0, 0, 250, 210) };
const sq = { id: 'a', footprint: rect(0, 0, 10, 10) };
const sq2 = { id: 'b', footprint: rect(0, 0, 10, 10) };
const at = (id: string, x: number, y: number, rotationDeg = 0) => ({ id, x, y, rotationDeg });

describe('validatePlate', () => {
  it('accepts parts that are apart and inside the bed', () => {
    expect(validatePlate(bed, [at('a', 10, 10), at('b', 30, 10)], [sq, sq2], 6)).toEqual([]);
  });

  it('accepts touching parts when no spacing is required', () => {
    expect(validatePlate(bed, [at('a', 10, 10), at('b', 20, 10)], [sq, sq2], 0)).toEqual([]);
    expect(validatePlate(bed, [at('a', 10, 10), at('b', 20, 15)], [sq, sq2], 0)).toEqual([]);
  });

  it('reports overlaps with their area and a penetration estimate', () => {
    const v = validatePlate(bed, [at('a', 10, 10), at('b', 15, 10)], [sq, sq2], 0);
    expect(v).toHaveLength(1);
    expect(v[0]?.kind).toBe('overlap');
    expect(v[0]?.ids).toEqual(['a', 'b']);
    expect(v[0]?.areaMm2).toBeCloseTo(50, 6);
    expect(v[0]?.penetrationMm).toBeGreaterThan(0);
  });

  it('catches coincident and contained parts (no edge crossings)', () => {
    const coincident = validatePlate(bed, [at('a', 10, 10), at('b', 10, 10)], [sq, sq2], 0);
    expect(coincident.map((v) => v.kind)).toEqual(['overlap']);
    expect(coincident[0]?.areaMm2).toBeCloseTo(100, 6);
    const small = { id: 's', footprint: rect(0, 0, 2, 2) };
    const inside = validatePlate(bed, [at('a', 10, 10), at('s', 14, 14)], [sq, small], 0);
    expect(inside[0]?.areaMm2).toBeCloseTo(4, 6);
    // Sliding along a shared edge by half: 50 mm² in common.
    const half = validatePlate(bed, [at('a', 10, 10), at('b', 15, 10)], [sq, sq2], 0);
    expect(half[0]?.areaMm2).toBeCloseTo(50, 6);
  });

  it('reports spacing violations with the missing distance', () => {
    const v = validatePlate(bed, [at('a', 10, 10), at('b', 24, 10)], [sq, sq2], 6);
    expect(v).toHaveLength(1);
    expect(v[0]?.kind).toBe('spacing');
    expect(v[0]?.penetrationMm).toBeCloseTo(2, 6);
  });

  it('uses rotation about the footprint origin, then translation', () => {
    // Rotated 90°, the 10×10 square spans x ∈ [-10, 0] before translation.
    expect(validatePlate(bed, [at('a', 5, 10, 90)], [sq], 0)[0]?.kind).toBe('out-of-bed');
    expect(validatePlate(bed, [at('a', 10, 10, 90)], [sq], 0)).toEqual([]);
  });

  it('reports parts outside the bed, too close to its edge, or in an exclusion zone', () => {
    const out = validatePlate(bed, [at('a', 245, 10)], [sq], 0);
    expect(out[0]?.kind).toBe('out-of-bed');
    expect(out[0]?.areaMm2).toBeCloseTo(50, 6);
    const far = validatePlate(bed, [at('a', 400, 400)], [sq], 0);
    expect(far[0]?.kind).toBe('out-of-bed');
    const margin = validatePlate({ ...bed, edgeMarginMm: 5 }, [at('a', 2, 50)], [sq], 0);
    expect(margin[0]?.kind).toBe('edge-margin');
    expect(margin[0]?.penetrationMm).toBeCloseTo(3, 6);
    const zone = validatePlate(
      { ...bed, exclusionZones: [rect(0, 0, 30, 30)] },
      [at('a', 25, 25)],
      [sq],
      0,
    );
    expect(zone[0]?.kind).toBe('exclusion-zone');
  });

  it('handles non-rectangular beds', () => {
    const tri: NestBed = {
      outline: [
        { x: 0, y: 0 },
        { x: 100, y: 0 },
        { x: 0, y: 100 },
      ],
    };
    expect(validatePlate(tri, [at('a', 5, 5)], [sq], 0)).toEqual([]);
    expect(validatePlate(tri, [at('a', 60, 35)], [sq], 0)[0]?.kind).toBe('out-of-bed');
  });

  it('lets a part sit in the hole of a ring-shaped footprint', () => {
    const ring = { id: 'r', footprint: [rect(0, 0, 40, 40), rect(10, 10, 20, 20)] };
    const small = { id: 's', footprint: rect(0, 0, 10, 10) };
    expect(validatePlate(bed, [at('r', 50, 50), at('s', 65, 65)], [ring, small], 0)).toEqual([]);
    expect(validatePlate(bed, [at('r', 50, 50), at('s', 65, 65)], [ring, small], 6)[0]?.kind).toBe(
      'spacing',
    );
    expect(validatePlate(bed, [at('r', 50, 50), at('s', 55, 65)], [ring, small], 0)[0]?.kind).toBe(
      'overlap',
    );
  });

  it('flags unknown and duplicate placements', () => {
    const v = validatePlate(bed, [at('a', 10, 10), at('a', 50, 10), at('zz', 80, 80)], [sq], 0);
    expect(v.map((x) => x.kind).sort()).toEqual(['duplicate', 'unknown-part']);
  });
});
