import { describe, expect, it } from 'vitest';
import type { Calendar } from '../../../shared/domain/calendar';
import type { Job } from '../../../shared/domain/plan';
import { rectangleBed, type Printer } from '../../../shared/domain/printer';
import type { JobChange } from '../plan-review/plan-diff';
import {
  buildGanttModel,
  closedDates,
  neighbourJob,
  plateDensity,
  ROW_HEIGHT,
  shiftsOf,
  withSlot,
} from './gantt-model';

const model = 'c'.repeat(64);
const facts = (area: number) => ({
  facts: {
    footprintAreaMm2: area,
    bbox: { min: { x: 0, y: 0, z: 0 }, max: { x: 10, y: 10, z: 10 } },
  } as never,
});

function printer(id: string): Printer {
  return {
    id,
    name: id.toUpperCase(),
    model: '',
    bed: rectangleBed(200, 100),
    exclusionZones: [
      [
        { x: 0, y: 0 },
        { x: 20, y: 0 },
        { x: 20, y: 20 },
        { x: 0, y: 20 },
      ],
    ],
    maxHeightMm: 200,
    nozzleMm: 0.4,
    loadedMaterial: '',
    loadedColor: '',
    profileIds: [],
    connection: { kind: 'virtual' },
    hourlyCost: 0,
    status: 'available',
    maintenance: [],
  };
}

function job(id: string, printerId: string, start: string, hours = 2): Job {
  const s = Date.parse(start);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id,
    planId: 'p',
    printerId,
    profileId: null,
    start: iso(s),
    end: iso(s + hours * 3_600_000),
    estimateMinutes: hours * 60,
    uncertaintyMinutes: 30,
    status: 'planned',
    locked: false,
    placements: [0, 1].map((k) => ({
      partId: `${id}-${k}`,
      modelId: model,
      x: 0,
      y: 0,
      rotationDeg: 0,
      fixed: false,
    })),
    tasks: [
      {
        id: `${id}-s`,
        jobId: id,
        kind: 'setup',
        operatorId: 'anna',
        start: iso(s - 15 * 60_000),
        end: iso(s),
      },
      {
        id: `${id}-r`,
        jobId: id,
        kind: 'removal',
        operatorId: 'anna',
        start: iso(s + (hours + 1) * 3_600_000),
        end: iso(s + (hours + 1.5) * 3_600_000),
      },
    ],
  };
}

const calendar: Calendar = {
  timezone: 'Europe/Berlin',
  operators: [
    { id: 'anna', name: 'Anna', active: true },
    { id: 'ben', name: 'Ben', active: false },
  ],
  slots: [{ id: 's', operatorId: 'anna', weekday: 1, start: '08:00', end: '12:00' }],
  exceptions: [
    {
      id: 'x',
      operatorId: null,
      date: '2025-12-25',
      kind: 'off',
      start: '00:00',
      end: '24:00',
      note: 'Christmas',
    },
    {
      id: 'y',
      operatorId: 'anna',
      date: '2025-12-26',
      kind: 'off',
      start: '00:00',
      end: '24:00',
      note: '',
    },
  ],
};

describe('the Gantt model', () => {
  const jobs = [
    job('a', 'p1', '2025-06-02T06:00:00Z'),
    job('b', 'p1', '2025-06-02T10:00:00Z'),
    job('c', 'p2', '2025-06-02T09:00:00Z'),
  ];
  const m = buildGanttModel({
    jobs,
    printers: [printer('p1'), printer('p2')],
    operators: calendar.operators,
    models: new Map([[model, facts(1900)]]),
  });

  it('has a lane per active operator, then a row per printer', () => {
    expect(m.rows.map((r) => `${r.kind}:${r.id}`)).toEqual([
      'operator:anna',
      'printer:p1',
      'printer:p2',
    ]);
    expect(m.layout.heights).toEqual([ROW_HEIGHT.operator, ROW_HEIGHT.printer, ROW_HEIGHT.printer]);
    expect(m.printerRow.get('p2')).toBe(2);
  });

  it('spans each bar from setup to the end of removal, with the uncertainty tail', () => {
    const a = m.byId.get('a')!;
    expect(a.spanStart).toBe(Date.parse('2025-06-02T05:45:00Z'));
    expect(a.spanEnd).toBe(Date.parse('2025-06-02T09:30:00Z'));
    expect(a.tailEndMs - a.endMs).toBe(30 * 60_000);
    expect(
      m.bars
        .get('p1')
        ?.query(Date.parse('2025-06-02T09:00:00Z'), Date.parse('2025-06-02T09:50:00Z'))
        .map((b) => b.job.id),
    ).toEqual(['a', 'b']);
    expect(m.tasks.get('anna')?.size).toBe(6);
    expect(m.maxSpanMs).toBe(3.75 * 3_600_000);
  });

  it('computes plate density against the usable bed (exclusion zones removed)', () => {
    // 2 parts × 1900 mm² over 200×100 − 20×20 = 19,600 mm².
    expect(m.byId.get('a')?.density).toBeCloseTo(3800 / 19_600, 9);
    expect(plateDensity(jobs[0]!, printer('p1'), new Map())).toBeNull();
  });

  it('orders jobs for the keyboard and finds neighbours', () => {
    expect(m.order).toEqual(['a', 'b', 'c']);
    expect(neighbourJob(m, 'a', 'right')).toBe('b');
    expect(neighbourJob(m, 'b', 'right')).toBeNull(); // c is on another printer
    expect(neighbourJob(m, 'b', 'down')).toBe('c');
    expect(neighbourJob(m, 'c', 'up')).toBe('b'); // nearest in time to 09:00: 10:00, not 06:00
  });

  it('draws a pending move in place, tasks travelling along', () => {
    const moved = withSlot(jobs[0]!, {
      printerId: 'p2',
      start: '2025-06-02T07:00:00Z',
      end: '2025-06-02T09:00:00Z',
    });
    expect(moved.printerId).toBe('p2');
    expect(moved.tasks[0]?.start).toBe('2025-06-02T06:45:00.000Z');
    expect(withSlot(jobs[0]!, undefined)).toBe(jobs[0]);
  });

  it('adds ghosts of moved and removed jobs in the proposal view', () => {
    const next = [job('n', 'p2', '2025-06-03T06:00:00Z')];
    const changes: JobChange[] = [
      {
        kind: 'moved',
        jobId: 'n',
        printerId: 'p2',
        startMs: Date.parse(next[0]!.start),
        endMs: Date.parse(next[0]!.end),
        parts: 2,
        from: { jobId: 'a', printerId: 'p1', startMs: 0, endMs: 0 },
      },
    ];
    const pm = buildGanttModel({
      jobs: next,
      printers: [printer('p1'), printer('p2')],
      operators: calendar.operators,
      models: new Map(),
      changes,
      currentJobs: jobs,
    });
    expect(pm.byId.get('n')?.change).toBe('moved');
    const ghosts =
      pm.bars
        .get('p1')
        ?.all()
        .filter((b) => b.ghost) ?? [];
    expect(ghosts.map((g) => g.job.id)).toEqual(['a']);
    expect(pm.byId.has('a')).toBe(false); // ghosts are not selectable jobs
  });
});

describe('shifts and closed days', () => {
  it('expands the calendar into shifts per operator and their union', () => {
    const range = {
      startMs: Date.parse('2025-06-01T00:00:00Z'),
      endMs: Date.parse('2025-06-09T00:00:00Z'),
    };
    const s = shiftsOf(calendar, range);
    expect([...s.byOperator.keys()]).toEqual(['anna']); // Ben is inactive
    expect(
      s.periods.map((p) => [p.startMs, p.endMs].map((t) => new Date(t).toISOString())),
    ).toEqual([['2025-06-02T06:00:00.000Z', '2025-06-02T10:00:00.000Z']]);
    expect(shiftsOf(null, range).periods).toEqual([]);
  });

  it('marks days everyone has off, not one operator’s day off', () => {
    expect([...closedDates(calendar)]).toEqual([['2025-12-25', 'Christmas']]);
  });
});
