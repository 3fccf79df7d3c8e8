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
  reportQc,
  updateJob,
} from './plans';
import { listEvents } from '../audit';
import { ApiError } from '../../../../shared/api';

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
    for (const status of ['approved', 'sent', 'printing'] as const)
      updateJob(db, 'j1', { status }, 't');
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
    for (const status of ['approved', 'sent', 'printing'] as const)
      updateJob(db, 'j1', { status }, 't');
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

describe('the job lifecycle', () => {
  function inForce() {
    const w = world();
    const j = job(
      'j1',
      w.printerId,
      '2026-03-02T08:00:00.000Z',
      '2026-03-02T14:00:00.000Z',
      w.partIds.slice(0, 3),
    );
    insertProposal(w.db, plan('p1', [j]), 't');
    acceptProposal(w.db, 'p1', 't');
    return w;
  }
  const statusEvents = (db: Db) =>
    listEvents(db, { entity: 'job', limit: 100 })
      .filter((e) => e.action === 'job.status' || e.action === 'job.qc')
      .reverse()
      .map((e) => [e.action, e.data]);
  const refusal = (f: () => unknown): ApiError | undefined => {
    try {
      f();
    } catch (err) {
      return err as ApiError;
    }
    return undefined;
  };

  it('walks approved → sent → printing → printed, carrying the parts and auditing each step', () => {
    const { db, partIds } = inForce();
    updateJob(db, 'j1', { status: 'approved' }, 't');
    updateJob(db, 'j1', { status: 'sent' }, 't');
    expect(partStatuses(db)).toEqual(['planned', 'planned', 'planned', 'queued']);
    updateJob(db, 'j1', { status: 'printing' }, 't');
    expect(partStatuses(db)).toEqual(['printing', 'printing', 'printing', 'queued']);
    updateJob(db, 'j1', { status: 'printed' }, 't');
    expect(partStatuses(db)).toEqual(['printed', 'printed', 'printed', 'queued']);
    expect(getJob(db, 'j1').status).toBe('printed');
    const parts = expect.arrayContaining(partIds.slice(0, 3));
    expect(statusEvents(db)).toEqual([
      [
        'job.status',
        expect.objectContaining({ from: 'planned', to: 'approved', partStatus: null }),
      ],
      ['job.status', expect.objectContaining({ from: 'approved', to: 'sent', partIds: parts })],
      [
        'job.status',
        expect.objectContaining({ from: 'sent', to: 'printing', partStatus: 'printing' }),
      ],
      ['job.status', expect.objectContaining({ from: 'printing', to: 'printed' })],
    ]);
  });

  it('refuses transitions out of order with a typed conflict, and changes nothing', () => {
    const { db } = inForce();
    const skip = refusal(() => updateJob(db, 'j1', { status: 'sent' }, 't'));
    expect(skip).toBeInstanceOf(ApiError);
    expect(skip).toMatchObject({ code: 'conflict', details: { from: 'planned', to: 'sent' } });
    expect(skip?.message).toMatch(/Approve it first/);
    updateJob(db, 'j1', { status: 'approved' }, 't');
    updateJob(db, 'j1', { status: 'sent' }, 't');
    updateJob(db, 'j1', { status: 'printing' }, 't');
    // No way back from printing, and only a quality check finishes a job.
    expect(refusal(() => updateJob(db, 'j1', { status: 'planned' }, 't'))).toMatchObject({
      code: 'conflict',
      details: { allowed: ['printed', 'failed'] },
    });
    updateJob(db, 'j1', { status: 'printed' }, 't');
    expect(refusal(() => updateJob(db, 'j1', { status: 'done' }, 't'))?.message).toMatch(
      /quality check/,
    );
    expect(getJob(db, 'j1').status).toBe('printed');
    expect(partStatuses(db)).toEqual(['printed', 'printed', 'printed', 'queued']);
    expect(statusEvents(db)).toHaveLength(4);
  });

  it('sends only jobs of the plan in force', () => {
    const { db, printerId, partIds } = inForce();
    const j = job(
      'j9',
      printerId,
      '2026-03-05T08:00:00.000Z',
      '2026-03-05T10:00:00.000Z',
      partIds.slice(3),
    );
    insertProposal(db, plan('p2', [j]), 't');
    updateJob(db, 'j9', { status: 'approved' }, 't', { planId: 'p2' });
    expect(
      refusal(() => updateJob(db, 'j9', { status: 'sent' }, 't', { planId: 'p2' })),
    ).toMatchObject({ code: 'conflict' });
  });

  it('returns the parts of a failed print to the queue and keeps the job off the next plan’s way', () => {
    const { db, partIds } = inForce();
    for (const status of ['approved', 'sent', 'printing', 'failed'] as const)
      updateJob(db, 'j1', { status }, 't');
    expect(partStatuses(db)).toEqual(['queued', 'queued', 'queued', 'queued']);
    const failed = getJob(db, 'j1');
    expect(failed).toMatchObject({ status: 'failed', locked: false, placements: [] });
    expect(statusEvents(db).at(-1)).toEqual([
      'job.status',
      expect.objectContaining({
        to: 'failed',
        partIds: expect.arrayContaining(partIds.slice(0, 3)),
        partStatus: 'queued',
      }),
    ]);
    expect(refusal(() => updateJob(db, 'j1', { status: 'printing' }, 't'))).toMatchObject({
      code: 'conflict',
    });
  });

  it('finishes a printed job with its quality check: passed parts done, failed parts queued', () => {
    const { db, partIds } = inForce();
    const [a, b, c] = partIds as [string, string, string];
    expect(refusal(() => reportQc(db, 'j1', [], 't'))).toMatchObject({ code: 'conflict' });
    for (const status of ['approved', 'sent', 'printed'] as const)
      updateJob(db, 'j1', { status, locked: true }, 't');
    expect(refusal(() => reportQc(db, 'j1', ['nope'], 't'))).toMatchObject({
      code: 'validation',
    });
    const done = reportQc(db, 'j1', [b], 't', 'layer shift');
    expect(done.status).toBe('done');
    expect(done.locked).toBe(false);
    expect(done.placements.map((p) => p.partId).sort()).toEqual([a, c].sort());
    expect(partStatuses(db)).toEqual(['done', 'queued', 'done', 'queued']);
    const [action, data] = statusEvents(db).at(-1)!;
    expect(action).toBe('job.qc');
    expect(data).toMatchObject({
      passedPartIds: expect.arrayContaining([a, c]),
      failedPartIds: [b],
    });
    expect(listEvents(db, { entity: 'job', limit: 1 })[0]?.reason).toBe('layer shift');
    // Checked once: a done job takes no second report.
    expect(refusal(() => reportQc(db, 'j1', [], 't'))).toMatchObject({ code: 'conflict' });
  });

  it('keeps sent, printing and printed jobs through a re-plan that leaves them out', () => {
    const { db, printerId, partIds } = world();
    const jobs = ['s', 'p', 'd'].map((id, k) =>
      job(
        id,
        printerId,
        `2026-03-0${k + 2}T08:00:00.000Z`,
        `2026-03-0${k + 2}T10:00:00.000Z`,
        partIds.slice(k, k + 1),
      ),
    );
    insertProposal(db, plan('p1', jobs), 't');
    acceptProposal(db, 'p1', 't');
    const walk = { s: ['sent'], p: ['sent', 'printing'], d: ['sent', 'printed'] } as const;
    for (const [id, steps] of Object.entries(walk)) {
      for (const status of ['approved', ...steps] as const) updateJob(db, id, { status }, 't');
    }
    insertProposal(db, plan('p2', []), 't');
    acceptProposal(db, 'p2', 't');
    expect(
      currentPlan(db)?.jobs.map((j) => [j.id, j.status, j.start, j.placements.length]),
    ).toEqual([
      ['s', 'sent', '2026-03-02T08:00:00.000Z', 1],
      ['p', 'printing', '2026-03-03T08:00:00.000Z', 1],
      ['d', 'printed', '2026-03-04T08:00:00.000Z', 1],
    ]);
    expect(partStatuses(db)).toEqual(['planned', 'printing', 'printed', 'queued']);
  });
});
