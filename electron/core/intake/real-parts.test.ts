import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelFacts, Verdict, rectangleBed, type Polygon } from '../../../shared/domain';
import {
  analyseModel,
  parseModelFile,
  pointInPolygon,
  polygonArea,
  signedArea,
} from '../../../shared/geometry';

/** Facts of the 45 real Prusa parts are valid domain objects with sane footprints. */
const dataDir = resolve(__dirname, '../../../..', 'shared', 'data', 'models', 'prusa-i3-mk3s');
const files = existsSync(dataDir)
  ? readdirSync(dataDir)
      .filter((f) => f.endsWith('.stl'))
      .sort()
  : [];
if (files.length === 0) console.warn(`real-parts test skipped: no parts in ${dataDir}`);

describe.skipIf(files.length === 0)('real parts (Prusa MK3S)', () => {
  it('produce schema-valid facts, footprints inside their hull, and no error verdicts', () => {
    const mk3s = { id: 'mk3s', name: 'MK3S', bed: rectangleBed(250, 210), maxHeightMm: 210 };
    for (const f of files) {
      const { facts, verdict, details } = analyseModel(
        parseModelFile(readFileSync(join(dataDir, f)), f),
        { printers: [mk3s] },
      );
      ModelFacts.parse(facts);
      Verdict.parse(verdict);
      expect([f, verdict.level]).not.toEqual([f, 'error']);
      expect([f, facts.fits.length]).toEqual([f, 1]);
      const hull = facts.footprintHull as Polygon;
      expect(signedArea(hull)).toBeGreaterThan(0);
      const w = facts.bbox.max.x - facts.bbox.min.x;
      const d = facts.bbox.max.y - facts.bbox.min.y;
      expect(facts.footprintOutline.length).toBeGreaterThan(0);
      let area = 0;
      for (const ring of facts.footprintOutline) {
        expect(signedArea(ring)).toBeGreaterThan(0);
        area += polygonArea(ring);
        for (const p of ring) {
          // Inside the bbox (origin at its min corner) and inside or on the hull.
          expect(p.x).toBeGreaterThanOrEqual(-1e-6);
          expect(p.y).toBeGreaterThanOrEqual(-1e-6);
          expect(p.x).toBeLessThanOrEqual(w + 1e-6);
          expect(p.y).toBeLessThanOrEqual(d + 1e-6);
          const onHull = hull.some((q, k) => {
            const r = hull[(k + 1) % hull.length] as { x: number; y: number };
            const cross = (r.x - q.x) * (p.y - q.y) - (r.y - q.y) * (p.x - q.x);
            return Math.abs(cross) <= 1e-6 * Math.hypot(r.x - q.x, r.y - q.y);
          });
          expect(pointInPolygon(p.x, p.y, hull) || onHull).toBe(true);
        }
      }
      expect(area).toBeLessThanOrEqual(polygonArea(hull) + 1e-6);
      expect(area).toBeCloseTo(facts.footprintAreaMm2, 6);
      expect(details.footprintToleranceMm).toBeLessThanOrEqual(2);
    }
  });
});
