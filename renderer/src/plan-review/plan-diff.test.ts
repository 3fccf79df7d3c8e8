import { describe, expect, it } from 'vitest';
import type { PlanDiff } from '../../../shared/api/channels/plans';
import type { Job, PlanKpis } from '../../../shared/domain/plan';
import {
  acceptIds,
  changeCounts,
  describeMove,
  formatShift,
  groupUnplanned,
  jobChanges,
  kpiRows,
  selectableJobIds,
} from './plan-diff';

const kpis = (patch: Partial<PlanKpis> = {}): PlanKpis => ({
  partsPlanned: 40,
  partsUnplanned: 2,
  utilisation: 0.5,
  tardinessHours: 3,
  lateParts: 2,
  operatorMinutes: 135,
  plateDensity: 0.4,
  waitingPlateHours: 5,
  ...patch,
});

function job(id: string, printerId: string, start: string, parts: number): Job {
  return {
    id,
    planId: 'p',
    printerId,
    profileId: null,
    start,
    end: new Date(Date.parse(start) + 3_600_000).toISOString(),
    estimateMinutes: 60,
    uncertaintyMinutes: 0,
    status: 'planned',
    locked: false,
    placements: Array.from({ length: parts }, (_, k) => ({
      partId: `${id}-${k}`,
      modelId: 'a'.repeat(64),
      x: 0,
      y: 0,
      rotationDeg: 0,
      fixed: false,
    })),
    tasks: [],
  };
}

const ref = (j: Job) => ({
  jobId: j.id,
  printerId: j.printerId,
  start: j.start,
  end: j.end,
  partIds: j.placements.map((p) => p.partId),
});

describe('KPIs before → after', () => {
  it('says which way each KPI moved and whether that is better', () => {
    const rows = kpiRows(
      kpis(),
      kpis({ partsPlanned: 42, tardinessHours: 1.5, plateDensity: 0.38, lateParts: 2 }),
    );
    const by = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(by.partsPlanned).toMatchObject({
      before: '40',
      after: '42',
      delta: '+2',
      direction: 'up',
      improved: true,
    });
    expect(by.tardinessHours).toMatchObject({ delta: '−1.5 h', direction: 'down', improved: true });
    expect(by.plateDensity).toMatchObject({
      before: '40.0 %',
      after: '38.0 %',
      direction: 'down',
      improved: false,
    });
    expect(by.lateParts).toMatchObject({ direction: 'same', improved: null, delta: '' });
    expect(by.operatorMinutes).toMatchObject({ before: '2.3 h', after: '2.3 h' });
    expect(rows.map((r) => r.label)).toEqual([
      'Parts planned',
      'Utilisation',
      'Tardiness',
      'Late parts',
      'Operator time',
      'Plate density',
      'Plates waiting',
    ]);
  });

  it('shows only the new values when no plan was in force', () => {
    const rows = kpiRows(null, kpis());
    expect(rows.every((r) => r.before === null && r.improved === null)).toBe(true);
    expect(kpiRows(kpis(), null)).toEqual([]);
  });
});

describe('job changes', () => {
  const kept = job('kept', 'p1', '2025-06-02T08:00:00Z', 3);
  const oldA = job('old-a', 'p1', '2025-06-02T12:00:00Z', 2);
  const newA = job('new-a', 'p2', '2025-06-03T08:00:00Z', 2);
  const gone = job('gone', 'p2', '2025-06-02T09:00:00Z', 4);
  const fresh = job('fresh', 'p1', '2025-06-04T08:00:00Z', 6);
  const diff: PlanDiff = {
    added: [ref(fresh)],
    removed: [ref(gone)],
    moved: [{ from: ref(oldA), to: ref(newA) }],
    unchanged: ['kept'],
    partsNewlyPlanned: [],
    partsNoLongerPlanned: [],
    summary: '',
  };
  const changes = jobChanges(diff, { jobs: [kept, newA, fresh] });

  it('lists added, moved, removed and unchanged jobs in that order', () => {
    expect(changes.map((c) => [c.kind, c.jobId])).toEqual([
      ['added', 'fresh'],
      ['moved', 'new-a'],
      ['removed', 'gone'],
      ['unchanged', 'kept'],
    ]);
    expect(changeCounts(changes)).toEqual({ added: 1, moved: 1, removed: 1, unchanged: 1 });
    expect(changes[1]?.from).toMatchObject({ jobId: 'old-a', printerId: 'p1' });
    expect(changes[2]).toMatchObject({ parts: 4, printerId: 'p2' });
  });

  it('treats every job as new when nothing was in force', () => {
    expect(jobChanges(null, { jobs: [kept, fresh] }).map((c) => c.kind)).toEqual([
      'added',
      'added',
    ]);
  });

  it('accepts the picked changes together with the unchanged jobs', () => {
    expect(selectableJobIds(changes)).toEqual(['fresh', 'new-a']);
    expect(acceptIds(changes, new Set(['new-a']))).toEqual(['new-a', 'kept']);
    expect(acceptIds(changes, new Set())).toEqual(['kept']);
    // A removed job cannot be "accepted": only proposal jobs are valid ids.
    expect(acceptIds(changes, new Set(['gone']))).toEqual(['kept']);
  });

  it('describes a move in words', () => {
    const names: Record<string, string> = { p1: 'MK4 #1', p2: 'X1C' };
    expect(describeMove(changes[1]!, (id) => names[id] ?? id)).toBe('MK4 #1 → X1C, 20 h later');
    expect(formatShift(0)).toBe('0 min');
    expect(formatShift(135)).toBe('2 h 15 min');
    expect(formatShift(1500)).toBe('1 d 1 h');
  });

  it('groups the reasons parts stayed in the queue', () => {
    expect(
      groupUnplanned([
        { partId: 'a', reason: 'too tall' },
        { partId: 'b', reason: 'no model facts' },
        { partId: 'c', reason: 'no model facts' },
      ]),
    ).toEqual([
      { reason: 'no model facts', count: 2 },
      { reason: 'too tall', count: 1 },
    ]);
  });
});
