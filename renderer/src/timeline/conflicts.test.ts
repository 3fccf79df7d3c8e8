import { describe, expect, it } from 'vitest';
import type { Calendar } from '../../../shared/domain/calendar';
import type { Model, ModelFacts } from '../../../shared/domain/model';
import type { Job } from '../../../shared/domain/plan';
import { rectangleBed, type Printer } from '../../../shared/domain/printer';
import type { Profile } from '../../../shared/domain/profile';
import { createConflictChecker, headline, type ConflictInput } from './conflicts';

// Monday 2025-06-02 in Europe/Berlin (UTC+2): 08:00 local = 06:00Z.
const Z = (hhmm: string, day = '2025-06-02') => `${day}T${hhmm}:00Z`;
const T = (hhmm: string, day = '2025-06-02') => Date.parse(Z(hhmm, day));

const calendar: Calendar = {
  timezone: 'Europe/Berlin',
  operators: [
    { id: 'anna', name: 'Anna', active: true },
    { id: 'ben', name: 'Ben', active: true },
  ],
  slots: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { id: `a${weekday}`, operatorId: 'anna', weekday, start: '08:00', end: '12:00' },
    { id: `b${weekday}`, operatorId: 'ben', weekday, start: '10:00', end: '16:00' },
  ]),
  exceptions: [],
};

const pla: Profile = {
  id: 'pla',
  name: 'PLA 0.20',
  material: 'PLA',
  color: '',
  layerHeightMm: 0.2,
  nozzleMm: 0.4,
  infillPercent: 15,
  slicerSettings: {},
};
const petg: Profile = { ...pla, id: 'petg', name: 'PETG 0.20', material: 'PETG' };

function printer(id: string, patch: Partial<Printer> = {}): Printer {
  return {
    id,
    name: id.toUpperCase(),
    model: 'Test',
    bed: rectangleBed(250, 210),
    exclusionZones: [],
    maxHeightMm: 220,
    nozzleMm: 0.4,
    loadedMaterial: 'PLA',
    loadedColor: '',
    profileIds: ['pla', 'petg'],
    connection: { kind: 'virtual' },
    hourlyCost: 0,
    status: 'available',
    maintenance: [],
    ...patch,
  };
}

const facts = (w: number, d: number, h: number): ModelFacts => ({
  triangles: 12,
  volumeMm3: w * d * h,
  areaMm2: 1,
  bbox: { min: { x: 0, y: 0, z: 0 }, max: { x: w, y: d, z: h } },
  heightMm: h,
  watertight: true,
  shells: 1,
  holes: 0,
  nonManifoldEdges: 0,
  degenerateTriangles: 0,
  duplicateTriangles: 0,
  invertedNormals: false,
  overhangAreaMm2: 0,
  supportsLikely: false,
  footprintHull: null,
  footprintOutline: [],
  footprintAreaMm2: w * d,
  fits: [],
});
const cube = 'a'.repeat(64);
const tower = 'b'.repeat(64);
const models: Pick<Model, 'id' | 'name' | 'facts'>[] = [
  { id: cube, name: 'cube', facts: facts(20, 20, 20) },
  { id: tower, name: 'tower', facts: facts(30, 30, 200) },
];

/** A job printing 09:00–11:00 local with setup 08:45 and removal 11:30 by the given operators. */
function job(
  id: string,
  patch: Partial<Job> = {},
  ops: [string | null, string | null] = ['anna', 'anna'],
): Job {
  return {
    id,
    planId: 'plan',
    printerId: 'p1',
    profileId: 'pla',
    start: Z('07:00'),
    end: Z('09:00'),
    estimateMinutes: 120,
    uncertaintyMinutes: 10,
    status: 'planned',
    locked: false,
    placements: [
      { partId: `${id}-1`, modelId: cube, x: 10, y: 10, rotationDeg: 0, fixed: false },
      { partId: `${id}-2`, modelId: tower, x: 200, y: 150, rotationDeg: 0, fixed: false },
    ],
    tasks: [
      {
        id: `${id}-s`,
        jobId: id,
        kind: 'setup',
        operatorId: ops[0],
        start: Z('06:45'),
        end: Z('07:00'),
      },
      {
        id: `${id}-r`,
        jobId: id,
        kind: 'removal',
        operatorId: ops[1],
        start: Z('09:30'),
        end: Z('10:00'),
      },
    ],
    ...patch,
  };
}

function checker(jobs: Job[], printers: Printer[] = [printer('p1')], now = T('00:00')) {
  const input: ConflictInput = {
    jobs,
    printers,
    profiles: [pla, petg],
    models,
    calendar,
    rangeMs: { startMs: T('00:00', '2025-05-26'), endMs: T('00:00', '2025-06-16') },
    nowMs: now,
    formatTime: (ms) => new Date(ms).toISOString().slice(11, 16),
  };
  return createConflictChecker(input);
}

const codes = (list: { code: string }[]) => list.map((c) => c.code).sort();

describe('the live conflict checker', () => {
  it('finds nothing wrong with a job set up and removed during shifts', () => {
    const c = checker([job('j1')]);
    expect(c.check(job('j1'))).toEqual([]);
    expect(c.all().size).toBe(0);
  });

  it('flags a job dragged to 03:00 on a weekday: no operator at setup nor removal', () => {
    const j = job('j1');
    const c = checker([j]);
    // 03:00 local = 01:00Z; setup at 02:45, removal at 05:30 local.
    const conflicts = c.check(j, { printerId: 'p1', startMs: T('01:00') });
    expect(codes(conflicts)).toEqual(['no-operator', 'no-operator']);
    expect(headline(conflicts)?.message).toBe('No operator at setup (00:45): nobody is on shift');
  });

  it('names another operator who could take the task', () => {
    const j = job('j1', {}, ['anna', 'ben']);
    const c = checker([j]);
    // Removal at 12:30 local (10:30Z): Anna has gone home, Ben is there.
    const later = c.check(
      {
        ...j,
        tasks: j.tasks.map((t) => (t.kind === 'removal' ? { ...t, operatorId: 'anna' } : t)),
      },
      { printerId: 'p1', startMs: T('08:00') },
    );
    expect(later.map((x) => x.message)).toEqual([
      'No operator at removal (10:30): Anna is off shift (Ben could do it)',
    ]);
  });

  it('flags an operator with two tasks at once', () => {
    const a = job('a', {}, ['anna', 'anna']);
    const b = job('b', { printerId: 'p2' }, ['anna', 'ben']);
    const c = checker([a, b], [printer('p1'), printer('p2')]);
    const all = c.all();
    expect(codes(all.get('a') ?? [])).toEqual(['operator-busy']);
    expect(all.get('b')?.[0]?.message).toBe('Anna is busy at setup (06:45) with the setup on P1');
    // A quarter of an hour later Anna has finished the first setup: b is fine.
    expect(c.check(b, { printerId: 'p2', startMs: T('07:15') })).toEqual([]);
  });

  it('flags two plates on one printer at once, setup to removal included', () => {
    const a = job('a', {}, ['anna', 'anna']);
    const b = job('b', {}, ['ben', 'ben']);
    const c = checker([a], [printer('p1')]);
    // b starting at 09:30Z would be set up while a still waits for its removal (until 10:00Z).
    const conflicts = c.check(b, { printerId: 'p1', startMs: T('09:30') });
    expect(codes(conflicts)).toContain('printer-overlap');
    expect(conflicts.find((x) => x.code === 'printer-overlap')?.message).toBe(
      'P1 is busy 06:45–10:00 with another plate',
    );
    expect(
      codes(c.check(b, { printerId: 'p1', startMs: T('10:15') })).includes('printer-overlap'),
    ).toBe(false);
  });

  it('flags printers that are offline, in maintenance, or without the profile', () => {
    const j = job('j1');
    const printers = [
      printer('p1'),
      printer('off', { status: 'offline' }),
      printer('mnt', {
        maintenance: [{ start: Z('08:00'), end: Z('12:00'), reason: 'nozzle swap' }],
      }),
      printer('petg', { loadedMaterial: 'PETG' }),
      printer('nopla', { profileIds: ['petg'], loadedMaterial: '' }),
    ];
    const c = checker([j], printers);
    const at = (printerId: string) => c.check(j, { printerId, startMs: T('07:00') });
    expect(at('off').map((x) => x.message)).toEqual(['OFF is offline']);
    expect(at('mnt').map((x) => x.message)).toEqual([
      'MNT has maintenance 08:00–12:00 (nozzle swap)',
    ]);
    expect(at('petg').map((x) => x.message)).toEqual([
      'PETG has PETG loaded; this plate needs PLA (PLA 0.20)',
    ]);
    expect(at('nopla').map((x) => x.message)).toEqual([
      'NOPLA does not offer the profile PLA 0.20',
    ]);
  });

  it('checks the plate fits the target printer: height and bed', () => {
    const j = job('j1');
    const small = printer('small', { bed: rectangleBed(180, 180), maxHeightMm: 180 });
    const c = checker([j], [printer('p1'), small]);
    expect(c.check(j, { printerId: 'small', startMs: T('07:00') }).map((x) => x.message)).toEqual([
      'tower is 200 mm tall; SMALL prints up to 180 mm',
      '1 part lies outside the bed of SMALL (180 × 180 mm)',
    ]);
    const zoned = printer('zoned', {
      exclusionZones: [
        [
          { x: 0, y: 0 },
          { x: 15, y: 0 },
          { x: 15, y: 15 },
          { x: 0, y: 15 },
        ],
      ],
    });
    const c2 = checker([j], [printer('p1'), zoned]);
    expect(codes(c2.check(j, { printerId: 'zoned', startMs: T('07:00') }))).toEqual(['off-bed']);
  });

  it('warns when a planned job should already have been set up', () => {
    const j = job('j1');
    const c = checker([j], [printer('p1')], T('12:00'));
    expect(c.check(j)).toEqual([expect.objectContaining({ code: 'past', severity: 'warning' })]);
    // A job that is printing is a fact, not a plan: it is never flagged.
    const printing = { ...j, status: 'printing' as const };
    expect(checker([printing], [printer('p1')], T('12:00')).all().size).toBe(0);
  });

  it('is cheap enough for every pointer move on a big plan', () => {
    const jobs: Job[] = [];
    for (let i = 0; i < 1000; i++) {
      const day = new Date(Date.parse('2025-06-02T00:00:00Z') + (i % 20) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      jobs.push(job(`j${i}`, { printerId: `p${i % 20}` }));
      const last = jobs[jobs.length - 1] as Job;
      const move = (iso: string) => iso.replace('2025-06-02', day);
      last.start = move(last.start);
      last.end = move(last.end);
      last.tasks = last.tasks.map((t) => ({ ...t, start: move(t.start), end: move(t.end) }));
    }
    const printers = Array.from({ length: 20 }, (_, i) => printer(`p${i}`));
    const c = checker(jobs, printers);
    // No timing here (tests never measure time): only that the answers stay consistent.
    const all = c.all();
    expect(all.size).toBe(1000);
    const first = jobs[0] as Job;
    expect(codes(c.check(first, { printerId: 'p1', startMs: T('01:00') }))).toContain(
      'no-operator',
    );
  });
});
