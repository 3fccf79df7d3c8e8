import { describe, expect, it } from 'vitest';
import type { Job, Plan } from '../../../../shared/domain';
import { rectangleBed } from '../../../../shared/domain';
import { openDatabase, type Db } from '../database';
import { insertModel } from './models';
import { saveOrder } from './orders';
import { savePrinter } from './printers';
import {
  acceptProposal,
  currentPlan,
  discardProposal,
  getJob,
  insertProposal,
  updateJob,
} from './plans';

function world(): { db: Db; printerId: string; partIds: string[] } {
  const db = openDatabase(':memory:');
  const printer = savePrinter(
    db,
    {
      name: 'MK4',
      model: '',
      bed: rectangleBed(250, 210),
      exclusionZones: [],
      maxHeightMm: 220,
      nozzleMm: 0.4,
      loadedMaterial: '',
      loadedColor: '',
      profileIds: [],
      connection: { kind: 'virtual' },
      hourlyCost: 0,
      status: 'available',
      maintenance: [],
    },
    't',
  );
  const modelId = 'c'.repeat(64);
  insertModel(
    db,
    {
      id: modelId,
      name: 'm',
      fileName: 'm.stl',
      format: 'stl',
      sizeBytes: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      status: 'ready',
      verdict: null,
      facts: null,
    },
    't',
  );
  const order = saveOrder(
    db,
    {
      reference: 'O',
      requester: '',
      dueAt: null,
      priority: 5,
      status: 'open',
      notes: '',
      lines: [{ modelId, quantity: 4, profileId: null, material: '', color: '' }],
    },
    't',
  );
  return { db, printerId: printer.id, partIds: order.lines[0]?.parts.map((p) => p.id) ?? [] };
}

function job(id: string, printerId: string, start: string, end: string, partIds: string[]): Job {
  return {
    id,
    planId: '',
    printerId,
    profileId: null,
    start,
    end,
    estimateMinutes: 60,
    uncertaintyMinutes: 5,
    status: 'planned',
    locked: false,
    placements: partIds.map((partId, i) => ({
      partId,
      modelId: 'c'.repeat(64),
      x: 10 + i * 30,
      y: 10,
      rotationDeg: 0,
      fixed: false,
    })),
    tasks: [
      { id: `${id}-setup`, jobId: id, kind: 'setup', operatorId: null, start, end: start },
      { id: `${id}-removal`, jobId: id, kind: 'removal', operatorId: null, start: end, end },
    ],
  };
}

function plan(id: string, jobs: Job[]): Plan {
  return {
    id,
    createdAt: new Date().toISOString(),
    strategy: 'plateshift',
    status: 'proposal',
    kpis: null,
    jobs,
    unplanned: [],
  };
}

const partStatuses = (db: Db) =>
  (db.prepare('SELECT status FROM parts ORDER BY copy').all() as { status: string }[]).map(
    (r) => r.status,
  );

describe('plans in storage', () => {
  it('puts a proposal in force and marks its parts planned', () => {
    const { db, printerId, partIds } = world();
    const j = job(
      'j1',
      printerId,
      '2026-03-02T08:00:00.000Z',
      '2026-03-02T14:00:00.000Z',
      partIds.slice(0, 2),
    );
    insertProposal(db, plan('p1', [j]), 't');
    expect(currentPlan(db)).toBeNull();
    acceptProposal(db, 'p1', 't');
    expect(currentPlan(db)?.jobs.map((x) => x.id)).toEqual(['j1']);
    expect(partStatuses(db)).toEqual(['planned', 'planned', 'queued', 'queued']);
  });

  it('lets a re-plan repeat a job id and keeps that job’s lock and state', () => {
    const { db, printerId, partIds } = world();
    const j = job(
      'j1',
      printerId,
      '2026-03-02T08:00:00.000Z',
      '2026-03-02T14:00:00.000Z',
      partIds.slice(0, 2),
    );
    insertProposal(db, plan('p1', [j]), 't');
    acceptProposal(db, 'p1', 't');
    updateJob(db, 'j1', { locked: true, status: 'approved' }, 't');
    const other = job(
      'j2',
      printerId,
      '2026-03-03T08:00:00.000Z',
      '2026-03-03T10:00:00.000Z',
      partIds.slice(2),
    );
    insertProposal(db, plan('p2', [j, other]), 't');
    acceptProposal(db, 'p2', 't');
    const now = currentPlan(db);
    expect(now?.id).toBe('p2');
    expect(now?.jobs.find((x) => x.id === 'j1')).toMatchObject({
      locked: true,
      status: 'approved',
    });
    expect(partStatuses(db)).toEqual(['planned', 'planned', 'planned', 'planned']);
  });

  it('carries pinned jobs over even when a proposal leaves them out', () => {
    const { db, printerId, partIds } = world();
    insertProposal(
      db,
      plan('p1', [
        job(
          'j1',
          printerId,
          '2026-03-02T08:00:00.000Z',
          '2026-03-02T14:00:00.000Z',
          partIds.slice(0, 1),
        ),
      ]),
      't',
    );
    acceptProposal(db, 'p1', 't');
    updateJob(db, 'j1', { status: 'printing' }, 't');
    insertProposal(db, plan('p2', []), 't');
    acceptProposal(db, 'p2', 't');
    expect(currentPlan(db)?.jobs).toMatchObject([{ id: 'j1', status: 'printing' }]);
  });

  it('accepts only the chosen jobs of a proposal', () => {
    const { db, printerId, partIds } = world();
    const a = job(
      'a',
      printerId,
      '2026-03-02T08:00:00.000Z',
      '2026-03-02T10:00:00.000Z',
      partIds.slice(0, 2),
    );
    insertProposal(db, plan('p1', [a]), 't');
    acceptProposal(db, 'p1', 't');
    const b = job(
      'b',
      printerId,
      '2026-03-04T08:00:00.000Z',
      '2026-03-04T10:00:00.000Z',
      partIds.slice(2, 3),
    );
    const c = job(
      'c',
      printerId,
      '2026-03-05T08:00:00.000Z',
      '2026-03-05T10:00:00.000Z',
      partIds.slice(3),
    );
    insertProposal(db, plan('p2', [b, c]), 't');
    acceptProposal(db, 'p2', 't', ['b']);
    expect(
      currentPlan(db)
        ?.jobs.map((x) => x.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(partStatuses(db)).toEqual(['planned', 'planned', 'planned', 'queued']);
  });

  it('refuses to move a job that is already printing', () => {
    const { db, printerId, partIds } = world();
    insertProposal(
      db,
      plan('p1', [
        job(
          'j1',
          printerId,
          '2026-03-02T08:00:00.000Z',
          '2026-03-02T14:00:00.000Z',
          partIds.slice(0, 1),
        ),
      ]),
      't',
    );
    acceptProposal(db, 'p1', 't');
    updateJob(db, 'j1', { status: 'printing' }, 't');
    expect(() => updateJob(db, 'j1', { start: '2026-03-02T09:00:00.000Z' }, 't')).toThrow(
      /no longer be moved/,
    );
    expect(getJob(db, 'j1').start).toBe('2026-03-02T08:00:00.000Z');
  });

  it('discards a proposal without touching the plan in force', () => {
    const { db, printerId, partIds } = world();
    insertProposal(
      db,
      plan('p1', [
        job(
          'j1',
          printerId,
          '2026-03-02T08:00:00.000Z',
          '2026-03-02T14:00:00.000Z',
          partIds.slice(0, 1),
        ),
      ]),
      't',
    );
    discardProposal(db, 'p1', 't');
    expect(currentPlan(db)).toBeNull();
    expect(() => acceptProposal(db, 'p1', 't')).toThrow(/Only a proposal/);
  });
});
