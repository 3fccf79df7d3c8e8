import { describe, expect, it } from 'vitest';
import { rectangleBed } from '../../../shared/domain/printer';
import { bedPreviewGeometry, gridStep } from './bed-preview';

describe('bed preview geometry', () => {
  it('flips y so the front edge is at the bottom', () => {
    const zone = [
      { x: 0, y: 236 },
      { x: 18, y: 236 },
      { x: 18, y: 256 },
      { x: 0, y: 256 },
    ];
    const g = bedPreviewGeometry(rectangleBed(256, 256), [zone]);
    expect(g.width).toBe(256);
    expect(g.depth).toBe(256);
    // The back-left zone (y 236–256) is drawn at the top (SVG y 0–20).
    expect(g.zonePaths[0]).toBe('M0 20 L18 20 L18 0 L0 0 Z');
    expect(g.bedPath).toBe('M0 256 L256 256 L256 0 L0 0 Z');
    expect(g.viewBox.split(' ').map(Number)[2]).toBeGreaterThan(256);
  });

  it('draws a handful of grid lines whatever the bed size', () => {
    expect(gridStep(120)).toBe(25);
    expect(gridStep(256)).toBe(50);
    expect(gridStep(1000)).toBe(250);
    const g = bedPreviewGeometry(rectangleBed(250, 210), []);
    expect(g.gridX).toEqual([50, 100, 150, 200]);
    expect(g.gridY).toEqual([160, 110, 60, 10]);
  });
});
