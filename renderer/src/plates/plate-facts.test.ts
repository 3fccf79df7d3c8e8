import { describe, expect, it } from 'vitest';
import {
  estimateMaterial,
  materialDensity,
  partLabel,
  partList,
  plateDensity,
  usableBedArea,
} from './plate-facts';
import { rect } from './test-fixtures';

describe('plate facts', () => {
  it('measures the usable bed: outline minus exclusion zones', () => {
    expect(usableBedArea(rect(250, 210), [])).toBe(52500);
    expect(usableBedArea(rect(256, 256), [rect(18, 20, 0, 236)])).toBe(256 * 256 - 360);
    // Clockwise outlines count the same.
    expect(usableBedArea([...rect(10, 10)].reverse(), [])).toBe(100);
  });

  it('computes density as Σ footprint area / usable bed area', () => {
    const placements = [{ modelId: 'a' }, { modelId: 'a' }, { modelId: 'b' }];
    const area = (m: string) => (m === 'a' ? 1000 : 500);
    expect(plateDensity(placements, area, 10000)).toBeCloseTo(0.25, 12);
    expect(plateDensity(placements, area, 0)).toBe(0);
  });

  it('knows the common filament densities', () => {
    expect(materialDensity('PLA')).toEqual({ density: 1.24, known: true });
    expect(materialDensity('Prusament PETG')).toEqual({ density: 1.27, known: true });
    expect(materialDensity('ASA').density).toBe(1.07);
    expect(materialDensity('unobtainium')).toEqual({ density: 1.24, known: false });
  });

  it('weighs a part solid and as printed with walls plus infill', () => {
    // A 20 mm cube: 8 cm³, 2400 mm² of surface.
    const cube = { volumeMm3: 8000, areaMm2: 2400 };
    const m = estimateMaterial(cube, 1.24, 15);
    expect(m.solidGrams).toBeCloseTo(9.92, 6);
    // Walls 2400 × 0.9 = 2160 mm³ solid, 5840 mm³ at 15 %: 3.036 cm³ → 3.765 g.
    expect(m.printedGrams).toBeCloseTo(3.036 * 1.24, 6);
    expect(estimateMaterial(cube, 1.24, 100).printedGrams).toBeCloseTo(m.solidGrams, 9);
    // A thin part is all wall: never more than solid.
    expect(estimateMaterial({ volumeMm3: 100, areaMm2: 1000 }, 1.27, 0).printedGrams).toBeCloseTo(
      0.127,
      9,
    );
  });

  it('lists the parts by model with their order references', () => {
    const info = (id: string) =>
      ({
        p1: { modelId: 'a', modelName: 'clip', orderReference: 'FL-1', copy: 1 },
        p2: { modelId: 'a', modelName: 'clip', orderReference: 'FL-2', copy: 1 },
        p3: { modelId: 'a', modelName: 'clip', orderReference: 'FL-1', copy: 2 },
        p4: { modelId: 'b', modelName: 'lever', orderReference: 'FL-3', copy: 1 },
      })[id];
    const rows = partList(
      [
        { partId: 'p4', modelId: 'b' },
        { partId: 'p1', modelId: 'a' },
        { partId: 'p2', modelId: 'a' },
        { partId: 'p3', modelId: 'a' },
      ],
      info,
      (m) => (m === 'a' ? 'clip' : 'lever'),
    );
    expect(rows.map((r) => [r.modelName, r.count, r.orders])).toEqual([
      ['clip', 3, ['FL-1', 'FL-2']],
      ['lever', 1, ['FL-3']],
    ]);
    expect(partLabel('p3', info('p3'))).toBe('clip #2 · FL-1');
    expect(partLabel('0123456789', undefined)).toBe('part 01234567');
  });
});
