import { describe, expect, it } from 'vitest';
import type { ModelRepairResult } from '../../../shared/api/channels/intake';
import {
  repairConfirmMessage,
  repairReportLines,
  repairSummary,
  repairableReasons,
} from './repair-action';

const verdict = {
  level: 'warning' as const,
  reasons: [
    {
      level: 'warning' as const,
      code: 'holes',
      message: '2 holes in the mesh: the slicer will guess the inside.',
    },
    { level: 'warning' as const, code: 'supports-likely', message: 'Supports likely.' },
    {
      level: 'ok' as const,
      code: 'degenerate-triangles',
      message: '1 triangle has zero area (harmless).',
    },
  ],
};

describe('repair action texts', () => {
  it('offers repair only for mesh defects worth a warning', () => {
    expect(repairableReasons({ verdict, status: 'ready' })).toEqual([
      '2 holes in the mesh: the slicer will guess the inside.',
    ]);
    expect(repairableReasons({ verdict: { level: 'ok', reasons: [] }, status: 'ready' })).toEqual(
      [],
    );
    expect(repairableReasons({ verdict, status: 'analysing' })).toEqual([]);
    expect(repairableReasons({ verdict: null, status: 'ready' })).toEqual([]);
  });

  it('says what will happen before it happens', () => {
    const text = repairConfirmMessage({ name: 'knob' }, ['2 holes in the mesh.']);
    expect(text).toMatch(/^2 holes in the mesh\. /);
    expect(text).toMatch(/new model “knob \(repaired\)”/);
    expect(text).toMatch(/original file stays/);
  });

  it('lists every fix and what moved', () => {
    const result: ModelRepairResult = {
      model: {
        id: 'a'.repeat(64),
        name: 'knob (repaired)',
        fileName: 'knob (repaired).stl',
        format: 'stl',
        sizeBytes: 684,
        createdAt: '2025-01-01T00:00:00.000Z',
        status: 'ready',
        unitScale: 1,
        verdict: { level: 'ok', reasons: [] },
        facts: null,
      },
      report: {
        weldToleranceMm: 0.001,
        trianglesBefore: 11,
        trianglesAfter: 12,
        volumeBeforeMm3: 7000,
        volumeAfterMm3: 8000,
        fixes: [
          {
            code: 'holes-filled',
            count: 1,
            trianglesAdded: 1,
            message: '1 hole closed with 1 new triangle.',
          },
        ],
        unrepaired: [],
        watertight: true,
        changed: true,
      },
      proof: { library: 'manifold-3d 3.2.1', status: 'NoError', volumeMm3: 8000 },
      orderLinesSwitched: ['line-1'],
      orderLinesKept: ['line-2', 'line-3'],
    };
    expect(repairReportLines(result.report)).toEqual([
      '1 hole closed with 1 new triangle.',
      '11 → 12 triangles, volume 8000 mm³, watertight.',
    ]);
    expect(repairSummary(result)).toBe(
      'Saved as “knob (repaired)” (checked by manifold-3d 3.2.1). 1 order line now uses it. 2 lines already planned or closed keep the original.',
    );
  });
});
