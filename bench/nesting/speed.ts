/*
 * Speed: fill one 250×210 plate from 200 candidate parts (90° rotations, 6 mm spacing) and
 * measure the time to the first valid answer (construction only, no improvement budget).
 */
import { nest, Rng, validatePlate, type NestPart, type Point2, type Polygon } from '../../shared/nesting';

const rect = (w: number, h: number): Polygon => [{ x: 0, y: 0 }, { x: w, y: 0 }, { x: w, y: h }, { x: 0, y: h }];

export function candidateParts(seed: number, n: number): NestPart[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const size = rng.range(6, 30);
    const concave = rng.next() < 0.5;
    const k = 4 + rng.int(concave ? 14 : 10);
    const angles = Array.from({ length: k }, () => rng.range(0, Math.PI * 2)).sort((a, b) => a - b);
    const pts: Point2[] = angles.map((a) => {
      const r = size * (concave ? rng.range(0.3, 1) : rng.range(0.85, 1));
      return { x: r * Math.cos(a), y: r * Math.sin(a) * 0.7 };
    });
    return { id: `c${i}`, footprint: pts.length >= 3 ? pts : rect(size, size) };
  });
}

const runs: number[] = [];
for (let seed = 1; seed <= 5; seed++) {
  const parts = candidateParts(seed, 200);
  const bed = { outline: rect(250, 210) };
  const t0 = performance.now();
  const res = nest({ bed, parts, rotations: 90, spacingMm: 6, timeLimitMs: 0, seed });
  const ms = performance.now() - t0;
  const v = validatePlate(bed, res.placements, parts, 6);
  runs.push(res.firstAnswerMs);
  console.log(`seed ${seed}: first answer ${res.firstAnswerMs.toFixed(0)} ms (total ${ms.toFixed(0)} ms), placed ${res.placements.length}/200, density ${(res.density * 100).toFixed(1)} %, violations ${v.length}`);
}
