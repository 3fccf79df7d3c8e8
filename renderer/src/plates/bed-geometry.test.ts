import { describe, expect, it } from 'vitest';
import { bedLineWork, clipLine } from './bed-geometry';
import { rect } from './test-fixtures';

describe('bed line work', () => {
  it('clips a line to a polygon', () => {
    expect(clipLine(rect(10, 10), { x: 5, y: -5 }, { x: 0, y: 1 })).toEqual([[5, 15]]);
    // A concave (U-shaped) bed cuts a line into two pieces.
    const u = [
      { x: 0, y: 0 },
      { x: 30, y: 0 },
      { x: 30, y: 30 },
      { x: 20, y: 30 },
      { x: 20, y: 10 },
      { x: 10, y: 10 },
      { x: 10, y: 30 },
      { x: 0, y: 30 },
    ];
    expect(clipLine(u, { x: 0, y: 20 }, { x: 1, y: 0 })).toEqual([
      [0, 10],
      [20, 30],
    ]);
    // Through a vertex: counted once.
    expect(clipLine(rect(10, 10), { x: -5, y: -5 }, { x: 1, y: 1 })).toEqual([[5, 15]]);
  });

  it('draws a 10 mm grid with stronger 50 mm lines inside a 250×210 bed', () => {
    const lw = bedLineWork(rect(250, 210), []);
    const grid = lw.kinds.filter((k) => k === 'grid' || k === 'grid-major');
    // 24 inner vertical lines (10…240) and 20 horizontal (10…200).
    expect(grid).toHaveLength(24 + 20);
    expect(lw.kinds.filter((k) => k === 'grid-major')).toHaveLength(4 + 4);
    expect(lw.kinds.filter((k) => k === 'outline')).toHaveLength(4);
    expect(lw.kinds.filter((k) => k === 'axis-x')).toHaveLength(3);
    expect(lw.positions).toHaveLength(lw.kinds.length * 6);
  });

  it('hatches exclusion zones inside their outline only', () => {
    const zone = rect(18, 20, 0, 236);
    const lw = bedLineWork(rect(256, 256), [zone]);
    let hatch = 0;
    lw.kinds.forEach((k, i) => {
      if (k !== 'zone') return;
      hatch++;
      for (const v of [0, 1]) {
        const x = lw.positions[i * 6 + v * 3] as number;
        const y = lw.positions[i * 6 + v * 3 + 1] as number;
        expect(x).toBeGreaterThanOrEqual(-1e-9);
        expect(x).toBeLessThanOrEqual(18 + 1e-9);
        expect(y).toBeGreaterThanOrEqual(236 - 1e-9);
        expect(y).toBeLessThanOrEqual(256 + 1e-9);
      }
    });
    expect(hatch).toBeGreaterThan(8);
  });
});
