import { describe, expect, it } from 'vitest';
import {
  baseName,
  estimateGrams,
  folderOf,
  formatArea,
  formatBytes,
  formatDimensions,
  formatDuration,
  formatGrams,
  formatVolume,
  materialDensity,
  stageText,
  summarizeFit,
  verdictLines,
} from './facts-format';

describe('formatting facts', () => {
  it('writes file sizes in decimal units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(2484)).toBe('2.5 kB');
    expect(formatBytes(53_779)).toBe('54 kB');
    expect(formatBytes(1_398_252)).toBe('1.4 MB');
    expect(formatBytes(2_500_000_000)).toBe('2.5 GB');
    expect(formatBytes(Number.NaN)).toBe('—');
  });

  it('writes the bounding box as width × depth × height', () => {
    const bbox = { min: { x: -4, y: -13.426, z: 0 }, max: { x: 8.9, y: 13.426, z: 13.5 } };
    expect(formatDimensions({ bbox })).toBe('12.9 × 26.9 × 13.5 mm');
    expect(
      formatDimensions({ bbox: { min: { x: 0, y: 0, z: 0 }, max: { x: 250, y: 210, z: 220 } } }),
    ).toBe('250 × 210 × 220 mm');
  });

  it('writes volumes in cm³ and areas in mm² or cm²', () => {
    expect(formatVolume(42)).toBe('0.04 cm³');
    expect(formatVolume(1765.4)).toBe('1.8 cm³');
    expect(formatVolume(-1765.4)).toBe('1.8 cm³');
    expect(formatVolume(152_400)).toBe('152 cm³');
    expect(formatArea(64)).toBe('64 mm²');
    expect(formatArea(316.54)).toBe('3.2 cm²');
    expect(formatArea(11_800)).toBe('118 cm²');
  });

  it('estimates grams from the volume and the material', () => {
    expect(materialDensity('PLA')).toBe(1.24);
    expect(materialDensity('PETG')).toBe(1.27);
    expect(materialDensity('petg hf')).toBe(1.27);
    expect(materialDensity('ABS')).toBe(1.04);
    expect(materialDensity('Nylon PA12')).toBe(1.14);
    expect(materialDensity('')).toBe(1.24);
    expect(materialDensity('unobtainium')).toBe(1.24);
    expect(estimateGrams(10_000)).toBeCloseTo(12.4, 9);
    expect(estimateGrams(10_000, 'ABS')).toBeCloseTo(10.4, 9);
    expect(formatGrams(2.189)).toBe('2.2 g');
    expect(formatGrams(12.4)).toBe('12 g');
    expect(formatGrams(1250)).toBe('1.25 kg');
  });

  it('writes durations and splits dropped paths', () => {
    expect(formatDuration(412)).toBe('0.4 s');
    expect(formatDuration(3240)).toBe('3.2 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(baseName('parts.zip/sub/bracket_x2.stl')).toBe('bracket_x2.stl');
    expect(folderOf('parts.zip/sub/bracket_x2.stl')).toBe('parts.zip/sub');
    expect(folderOf('bracket.stl')).toBe('');
  });
});

describe('fit summary', () => {
  const printers = [
    { id: 'a', name: 'MK4 #1' },
    { id: 'b', name: 'MK4 #2' },
    { id: 'c', name: 'X1C' },
  ];
  it('says all, some or none, in the workspace order', () => {
    const all = [0, 90, 180, 270];
    expect(
      summarizeFit(
        printers.map((p) => ({ printerId: p.id, rotations: all })),
        printers,
      ),
    ).toMatchObject({ text: 'Fits all 3 printers', level: 'all', notes: [] });
    expect(
      summarizeFit(
        [
          { printerId: 'c', rotations: all },
          { printerId: 'a', rotations: [90, 270] },
        ],
        printers,
      ),
    ).toEqual({
      names: ['MK4 #1', 'X1C'],
      text: 'Fits MK4 #1, X1C',
      level: 'some',
      notes: ['MK4 #1 only at 90°/270°'],
    });
    expect(summarizeFit([{ printerId: 'a', rotations: [] }], printers)).toMatchObject({
      text: 'Fits no printer',
      level: 'none',
    });
    expect(summarizeFit([], [])).toMatchObject({ text: 'No printers set up yet' });
    expect(summarizeFit([{ printerId: 'a', rotations: all }], [printers[0]!]).text).toBe(
      'Fits MK4 #1',
    );
  });
});

describe('verdict lines and stages', () => {
  it('lists reasons worst first and says an ok model is ready', () => {
    expect(
      verdictLines({
        level: 'error',
        reasons: [
          { level: 'warning', code: 'supports', message: 'Supports likely.' },
          {
            level: 'error',
            code: 'too-tall',
            message: 'Taller than any printer: 260 mm > 220 mm.',
          },
        ],
      }),
    ).toEqual([
      { level: 'error', text: 'Taller than any printer: 260 mm > 220 mm.' },
      { level: 'warning', text: 'Supports likely.' },
    ]);
    expect(verdictLines({ level: 'ok', reasons: [] })[0]?.text).toMatch(/ready to plan/);
    expect(verdictLines(null)).toEqual([]);
  });

  it('keeps only the stage of a progress message', () => {
    expect(stageText('bracket.stl: welding vertices')).toBe('Welding vertices');
    expect(stageText('a: b.stl: parsing')).toBe('Parsing');
    expect(stageText('measuring')).toBe('Measuring');
    expect(stageText(undefined)).toBeUndefined();
    expect(stageText('x.stl: ')).toBeUndefined();
  });
});
