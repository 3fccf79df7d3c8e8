import { describe, expect, it } from 'vitest';
import {
  checkAgainst,
  createIncrementalCheck,
  footprintRings,
  sameProblems,
  severityByPart,
  validatePlacements,
} from './plate-validation';
import { movePlacements } from './plate-edit';
import { ctx, lShape, MODEL_A, MODEL_L, placed, rect } from './test-fixtures';
import type { ModelFacts } from '../../../shared/domain/model';

describe('live plate validation', () => {
  it('finds nothing wrong with a clean plate', () => {
    const plate = [
      placed('1', MODEL_A, 30, 30),
      placed('2', MODEL_A, 60, 30),
      placed('3', MODEL_L, 100, 100),
    ];
    expect(validatePlacements(plate, ctx())).toEqual([]);
  });

  it('names collisions, spacing, bed edges and exclusion zones with part labels', () => {
    const plate = [
      placed('1', MODEL_A, 30, 30),
      placed('2', MODEL_A, 40, 35), // overlaps 1
      placed('3', MODEL_A, 10, 44), // 4 mm from 1's corner (spacing 6): too close
      placed('4', MODEL_A, 240, 100), // sticks out on the right
      placed('5', MODEL_A, 2, 195), // on the purge-chute zone
    ];
    const problems = validatePlacements(plate, ctx());
    const byKind = new Map(problems.map((p) => [p.kind, p]));
    expect(byKind.get('overlap')?.message).toMatch(/part 1 and part 2 collide \(50 mm²\)/);
    expect(byKind.get('overlap')?.severity).toBe('error');
    expect(byKind.get('spacing')?.message).toMatch(/4\.0 mm apart; the site keeps 6\.0 mm/);
    expect(byKind.get('spacing')?.severity).toBe('warning');
    expect(byKind.get('out-of-bed')?.partIds).toEqual(['4']);
    expect(byKind.get('exclusion-zone')?.partIds).toEqual(['5']);
    // Errors come first.
    expect(problems[0]?.severity).toBe('error');
    const sev = severityByPart(problems);
    expect(sev.get('1')).toBe('error');
    expect(sev.get('3')).toBe('warning');
  });

  it('flags parts whose model has no footprint yet instead of guessing', () => {
    const problems = validatePlacements([placed('9', 'c'.repeat(64), 10, 10)], ctx());
    expect(problems).toHaveLength(1);
    expect(problems[0]?.kind).toBe('no-footprint');
    expect(severityByPart(problems).size).toBe(0);
  });

  it('uses the true outline, falling back to the hull', () => {
    const facts = {
      footprintOutline: [lShape],
      footprintHull: rect(30, 30),
    } as unknown as ModelFacts;
    expect(footprintRings(facts)).toEqual([lShape]);
    expect(footprintRings({ ...facts, footprintOutline: [] })).toEqual([rect(30, 30)]);
    expect(footprintRings(null)).toBeNull();
  });

  it('lets an L nest into another L’s corner where bounding boxes would collide', () => {
    const plate = [placed('1', MODEL_L, 50, 50), placed('2', MODEL_L, 96, 96, 180)];
    expect(validatePlacements(plate, { ...ctx(), spacingMm: 0 })).toEqual([]);
  });

  it('agrees with a full validation at every step of a drag', () => {
    const c = ctx();
    const base = Array.from({ length: 30 }, (_, i) =>
      placed(String(i), i % 2 ? MODEL_A : MODEL_L, 10 + (i % 6) * 40, 10 + Math.floor(i / 6) * 40),
    );
    const moving = new Set(['7', '8']);
    const check = createIncrementalCheck(base, validatePlacements(base, c), moving, c);
    for (let step = 0; step < 40; step++) {
      const now = movePlacements(base, moving, step * 3.7, step * 1.3);
      const fast = check(now);
      const full = validatePlacements(now, c);
      expect(fast.map((p) => p.key).sort()).toEqual(full.map((p) => p.key).sort());
    }
  });

  it('checks an edited part against its neighbours only, with the same verdict', () => {
    const c = ctx();
    const plate = [
      placed('1', MODEL_A, 30, 30),
      placed('2', MODEL_A, 45, 32),
      placed('3', MODEL_A, 46, 33),
    ];
    // 2 and 3 collide with each other; checking 1 against both must not report that pair.
    const raw = checkAgainst([plate[0]!], plate.slice(1), c);
    expect(raw.violations.every((v) => v.ids.includes('1'))).toBe(true);
    expect(raw.violations.map((v) => v.kind).sort()).toEqual(['overlap', 'overlap']);
    // Dropping a part: its problems go, the others stand.
    const before = validatePlacements(plate, c);
    const after = createIncrementalCheck(plate, before, new Set(['3']), c)(plate.slice(0, 2));
    expect(after.map((p) => p.key)).toEqual(
      validatePlacements(plate.slice(0, 2), c).map((p) => p.key),
    );
  });

  it('compares problem lists by key and wording', () => {
    const a = validatePlacements([placed('1', MODEL_A, 0, 0), placed('2', MODEL_A, 5, 0)], ctx());
    const b = validatePlacements([placed('1', MODEL_A, 0, 0), placed('2', MODEL_A, 5, 0)], ctx());
    const c = validatePlacements([placed('1', MODEL_A, 0, 0), placed('2', MODEL_A, 6, 0)], ctx());
    expect(sameProblems(a, b)).toBe(true);
    expect(sameProblems(a, c)).toBe(false);
  });
});
