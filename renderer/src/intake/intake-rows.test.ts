import { describe, expect, it } from 'vitest';
import type { IntakeFile, IntakeSession, IntakeSnapshot } from './intake-controller';
import { Model } from '../../../shared/domain/model';
import {
  countRows,
  isProblem,
  layFlatConfirmMessage,
  layFlatSummary,
  offersInchFix,
  offersLayFlat,
  rowError,
  rowsOf,
  withModelVerdicts,
} from './intake-rows';

function file(id: string, patch: Partial<IntakeFile> = {}): IntakeFile {
  return {
    id,
    sessionId: 's',
    path: `${id}.stl`,
    size: 100,
    taskId: `t-${id}`,
    state: 'queued',
    stage: undefined,
    fraction: undefined,
    cancelRequested: false,
    items: null,
    error: null,
    startedAt: undefined,
    endedAt: undefined,
    ...patch,
  };
}

const ok = { level: 'ok' as const, reasons: [] };
const warn = {
  level: 'warning' as const,
  reasons: [{ level: 'warning' as const, code: 'supports', message: 'Supports likely.' }],
};

function snapshot(files: IntakeFile[]): { session: IntakeSession; snap: IntakeSnapshot } {
  const session: IntakeSession = {
    id: 's',
    reference: 'Drop',
    orderId: 'o',
    orderError: null,
    createdAt: 0,
    finishedAt: null,
    settledAt: null,
    fileIds: files.map((f) => f.id),
    skipped: [],
    unreadable: [],
    orderRemoved: false,
  };
  return {
    session,
    snap: {
      sessions: [session],
      files: Object.fromEntries(files.map((f) => [f.id, f])),
      models: {},
      lineEdits: {},
      statusSaving: [],
      rescaling: [],
    },
  };
}

describe('intake rows', () => {
  const files = [
    file('a', { state: 'analysing' }),
    file('b', {
      state: 'done',
      size: 300,
      items: [{ fileName: 'b.stl', ok: true, modelId: 'm', orderLineId: 'l', verdict: ok }],
    }),
    file('zip', {
      path: 'parts.zip',
      state: 'done',
      size: 1000,
      items: [
        { fileName: 'parts.zip/x.stl', ok: true, modelId: 'mx', verdict: warn },
        {
          fileName: 'parts.zip/y.stl',
          ok: false,
          verdict: { level: 'error', reasons: [] },
          error: { code: 'empty-file', message: 'y.stl is empty.' },
        },
      ],
    }),
    file('png', {
      path: 'x.png',
      state: 'failed',
      error: { code: 'unsupported-type', message: 'Not a model.' },
    }),
    file('c', { state: 'cancelled' }),
  ];
  const { session, snap } = snapshot(files);
  const rows = rowsOf(session, snap);

  it('give one row per file, or per model file of a zip once it is expanded', () => {
    expect(rows.map((r) => [r.path, r.verdict, r.failed])).toEqual([
      ['a.stl', null, false],
      ['b.stl', 'ok', false],
      ['parts.zip/x.stl', 'warning', false],
      ['parts.zip/y.stl', 'error', true],
      ['x.png', 'error', true],
      ['c.stl', null, true],
    ]);
  });

  it('keep their identity while their file does not change', () => {
    const again = rowsOf(session, { ...snap, models: {} });
    again.forEach((r, i) => expect(r).toBe(rows[i]));
    const changed = { ...files[0]!, state: 'done' as const, items: [] };
    const next = rowsOf(session, { ...snap, files: { ...snap.files, a: changed } });
    expect(next[0]).not.toBe(rows[0]);
    expect(next[1]).toBe(rows[1]);
  });

  it('count verdicts, progress and bytes (a zip counts its bytes once)', () => {
    expect(countRows(rows)).toEqual({
      total: 6,
      finished: 5,
      running: 1,
      ok: 1,
      warning: 1,
      error: 2,
      cancelled: 1,
      bytes: 100 + 300 + 1000 + 100 + 100,
    });
  });

  it('pick out the rows that need a look, with their messages', () => {
    expect(rows.filter(isProblem).map((r) => r.path)).toEqual([
      'parts.zip/x.stl',
      'parts.zip/y.stl',
      'x.png',
      'c.stl',
    ]);
    expect(rows.map(rowError)).toEqual([null, null, null, 'y.stl is empty.', 'Not a model.', null]);
    const emptyZip = rowsOf(
      ...(Object.values(snapshot([file('z', { state: 'done', items: [] })])) as [
        IntakeSession,
        IntakeSnapshot,
      ]),
    );
    expect(rowError(emptyZip[0]!)).toMatch(/no model file/);
  });
});

describe('the inch fix on a row', () => {
  const inch = {
    level: 'warning' as const,
    reasons: [
      {
        level: 'warning' as const,
        code: 'inch-units',
        message:
          'Very small: 2 × 2 × 2 mm. If the file is in inches it is 50.8 mm long: scale it ×25.4.',
      },
    ],
  };

  it('is offered only for the inch-units reason', () => {
    expect(offersInchFix(inch)).toBe(true);
    expect(offersInchFix(warn)).toBe(false);
    expect(offersInchFix(null)).toBe(false);
  });

  it('shows the stored model’s verdict once it was rescaled, in the counts too', () => {
    const f = file('c', {
      state: 'done',
      items: [{ fileName: 'c.stl', ok: true, modelId: 'mc', orderLineId: 'l', verdict: inch }],
    });
    const { session, snap } = snapshot([f]);
    const rows = rowsOf(session, snap);
    expect(withModelVerdicts(rows, {})).toEqual(rows);
    expect(withModelVerdicts(rows, {})[0]).toBe(rows[0]);
    const rescaled = Model.parse({
      id: 'c'.repeat(64),
      name: 'c',
      fileName: 'c.stl',
      format: 'stl',
      sizeBytes: 684,
      createdAt: '2025-11-22T10:00:00Z',
      status: 'ready',
      unitScale: 25.4,
      verdict: ok,
      facts: null,
    });
    const after = withModelVerdicts(rows, { mc: rescaled });
    expect(after[0]?.verdict).toBe('ok');
    expect(countRows(rows)).toMatchObject({ warning: 1, ok: 0 });
    expect(countRows(after)).toMatchObject({ warning: 0, ok: 1 });
  });
});

describe('lay flat on a row', () => {
  it('is offered for the orientation reason only', () => {
    const hint = {
      reasons: [{ level: 'ok' as const, code: 'orientation', message: 'Lying on its largest…' }],
    };
    expect(offersLayFlat(hint)).toBe(true);
    expect(offersLayFlat(warn)).toBe(false);
    expect(offersLayFlat(undefined)).toBe(false);
  });

  it('says what changed, in words', () => {
    const model = Model.parse({
      id: 'd'.repeat(64),
      name: 'bracket (laid flat)',
      fileName: 'bracket (laid flat).stl',
      format: 'stl',
      sizeBytes: 684,
      createdAt: '2025-11-22T10:00:00Z',
      status: 'ready',
      verdict: ok,
      facts: null,
    });
    expect(
      layFlatSummary({
        model,
        fromModelId: 'e'.repeat(64),
        contactBeforeMm2: 600,
        contactAfterMm2: 1200,
        orderLinesSwitched: ['l1'],
        orderLinesKept: ['l2', 'l3'],
      }),
    ).toBe(
      'Saved as “bracket (laid flat)”: 12.0 cm² on the bed instead of 6.0 cm². 1 order line uses it now; 2 already planned keep the original.',
    );
    expect(layFlatConfirmMessage('bracket')).toMatch(/new model “bracket \(laid flat\)”/);
  });
});
