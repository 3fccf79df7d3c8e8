import { describe, expect, it } from 'vitest';
import { plateThumbnail } from './plate-thumbnail';
import { platesByPrinter, readOnlyReason, stripOrder } from './plate-strip';
import { rect } from './test-fixtures';
import type { Job } from '../../../shared/domain/plan';

describe('plate thumbnails', () => {
  it('draws the bed and parts seen from above, y flipped for SVG', () => {
    const t = plateThumbnail(
      rect(100, 50),
      [rect(10, 10, 0, 40)],
      [{ id: 'p', pose: { x: 20, y: 0, rotationDeg: 90 }, rings: [rect(10, 5)], tone: 2 }],
    );
    expect(t.viewBox).toBe('0 0 100.0 50.0');
    expect(t.bed).toBe('M0.0 50.0L100.0 50.0L100.0 0.0L0.0 0.0Z');
    expect(t.zones[0]).toBe('M0.0 10.0L10.0 10.0L10.0 0.0L0.0 0.0Z');
    // Turned 90°: the 10×5 part covers x 15…20, y 0…10 → SVG y 40…50.
    expect(t.parts[0]).toEqual({
      id: 'p',
      d: 'M20.0 50.0L20.0 40.0L15.0 40.0L15.0 50.0Z',
      tone: 2,
    });
  });
});

describe('the plate strip', () => {
  const job = (id: string, printerId: string, start: string, status: Job['status'] = 'planned') =>
    ({ id, printerId, start, status }) as Job;

  it('groups plates per printer in rail order, each in time order', () => {
    const groups = platesByPrinter(
      [
        job('j3', 'p2', '2026-01-02T08:00:00Z'),
        job('j1', 'p1', '2026-01-02T10:00:00Z'),
        job('j2', 'p1', '2026-01-01T10:00:00Z'),
      ],
      [
        { id: 'p1', name: 'MK4 #1' },
        { id: 'p2', name: 'MK4 #2' },
      ],
    );
    expect(groups.map((g) => [g.printerName, g.jobs.map((j) => j.id)])).toEqual([
      ['MK4 #1', ['j2', 'j1']],
      ['MK4 #2', ['j3']],
    ]);
    expect(stripOrder(groups).map((j) => j.id)).toEqual(['j2', 'j1', 'j3']);
  });

  it('explains why frozen plates are read-only', () => {
    expect(readOnlyReason({ status: 'planned' })).toBeNull();
    expect(readOnlyReason({ status: 'approved' })).toMatch(/Withdraw the approval/);
    expect(readOnlyReason({ status: 'printing' })).toMatch(/printing/);
  });
});
