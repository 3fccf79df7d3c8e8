import { describe, expect, it } from 'vitest';
import {
  addPlacement,
  dropPlacements,
  editLabel,
  movePlacements,
  pinnedIds,
  pinToggleTarget,
  rotatePlacements,
  samePlacements,
  setPinned,
} from './plate-edit';
import { toBed } from './placement-transform';
import { MODEL_A, placed } from './test-fixtures';

describe('plate edits', () => {
  const plate = [placed('1', MODEL_A, 10, 10), placed('2', MODEL_A, 50, 10)];

  it('moves the selected parts and marks them hand-placed', () => {
    const next = movePlacements(plate, new Set(['2']), 3.0000001, -2);
    expect(next[0]).toBe(plate[0]);
    expect(next[1]).toMatchObject({ x: 53, y: 8, fixed: true });
    expect(movePlacements(plate, new Set(['2']), 0, 0)).toEqual(plate);
  });

  it('rotates in place about the footprint centre', () => {
    const pivot = { x: 10, y: 5 };
    const next = rotatePlacements(plate, new Set(['1']), 90, () => pivot);
    expect(next[0]?.rotationDeg).toBe(90);
    expect(next[0]?.fixed).toBe(true);
    const c0 = toBed(plate[0]!, pivot);
    const c1 = toBed(next[0]!, pivot);
    expect(c1.x).toBeCloseTo(c0.x, 9);
    expect(c1.y).toBeCloseTo(c0.y, 9);
    const back = rotatePlacements(next, new Set(['1']), -90, () => pivot);
    expect(back[0]).toMatchObject({ x: 10, y: 10, rotationDeg: 0 });
  });

  it('drops parts back to the queue and adds queued ones as fixed', () => {
    expect(dropPlacements(plate, new Set(['1'])).map((p) => p.partId)).toEqual(['2']);
    const added = addPlacement(plate, placed('3', MODEL_A, 90, 10));
    expect(added.at(-1)).toMatchObject({ partId: '3', fixed: true });
  });

  it('detects a no-op edit so it never becomes an undo step', () => {
    expect(samePlacements(plate, [...plate].reverse())).toBe(true);
    expect(samePlacements(plate, movePlacements(plate, new Set(['1']), 1, 0))).toBe(false);
    expect(samePlacements(plate, plate.slice(1))).toBe(false);
  });

  it('labels edits for the undo menu', () => {
    expect(editLabel('Move', new Set(['1']), 'clip #1')).toBe('Move clip #1');
    expect(editLabel('Move', ['1', '2'])).toBe('Move 2 parts');
  });

  it('pins and releases parts, touching only those whose flag changes', () => {
    const pinned = setPinned(plate, new Set(['2']), true);
    expect(pinned[0]).toBe(plate[0]);
    expect(pinned[1]).toMatchObject({ partId: '2', x: 50, y: 10, fixed: true });
    expect(pinnedIds(pinned)).toEqual(new Set(['2']));
    // Pinning is a real edit (an undo step); pinning what is pinned is not.
    expect(samePlacements(plate, pinned)).toBe(false);
    expect(samePlacements(pinned, setPinned(pinned, new Set(['2']), true))).toBe(true);
    const released = setPinned(pinned, new Set(['2']), false);
    expect(released[1]).toMatchObject({ fixed: false, x: 50, y: 10, rotationDeg: 0 });
    expect(samePlacements(plate, released)).toBe(true);
  });

  it('releases every part with "Unpin all" and keeps the arrangement', () => {
    const moved = movePlacements(plate, new Set(['1', '2']), 5, 0);
    expect(pinnedIds(moved).size).toBe(2);
    const free = setPinned(moved, 'all', false);
    expect(pinnedIds(free).size).toBe(0);
    expect(free.map((p) => [p.x, p.y])).toEqual([
      [15, 10],
      [55, 10],
    ]);
  });

  it('the Pin button pins a selection unless all of it is pinned already', () => {
    const one = setPinned(plate, new Set(['1']), true);
    expect(pinToggleTarget(one, new Set(['1', '2']))).toBe(true);
    expect(pinToggleTarget(one, new Set(['1']))).toBe(false);
    expect(pinToggleTarget(one, new Set(['2']))).toBe(true);
    // A part dropped into the queue meanwhile is no longer on the plate: nothing to release.
    expect(pinToggleTarget(one, new Set(['9']))).toBe(true);
  });
});
