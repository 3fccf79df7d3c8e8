import { describe, expect, it } from 'vitest';
import { bedBounds, Printer, rectangleBed } from '../../../shared/domain/printer';
import {
  bedSizeLabel,
  emptyPrinterForm,
  formBed,
  formToPrinterInput,
  formZones,
  isRectangleBed,
  printerToForm,
  rectangleOf,
} from './printer-form';

const x1c = Printer.parse({
  id: 'p3',
  name: 'X1C',
  model: 'Bambu Lab X1 Carbon',
  bed: rectangleBed(256, 256),
  exclusionZones: [
    [
      { x: 0, y: 236 },
      { x: 18, y: 236 },
      { x: 18, y: 256 },
      { x: 0, y: 256 },
    ],
    [
      { x: 100, y: 0 },
      { x: 120, y: 0 },
      { x: 110, y: 10 },
    ],
  ],
  maxHeightMm: 256,
  loadedMaterial: 'PLA',
  profileIds: ['pla'],
  connection: { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 250000 },
  hourlyCost: 1.6,
});

describe('bed width × depth ↔ polygon', () => {
  it('reads a rectangle from the origin as width × depth', () => {
    expect(rectangleOf(rectangleBed(250, 210))).toEqual({ x: 0, y: 0, width: 250, depth: 210 });
    expect(isRectangleBed(rectangleBed(250, 210))).toBe(true);
    // Any vertex order, still a rectangle.
    const shuffled = [...rectangleBed(250, 210)].reverse();
    expect(isRectangleBed(shuffled)).toBe(true);
  });

  it('does not mistake other shapes for rectangles', () => {
    const triangle = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 0, y: 10 },
    ];
    const kite = [
      { x: 0, y: 5 },
      { x: 5, y: 0 },
      { x: 10, y: 5 },
      { x: 5, y: 10 },
    ];
    const degenerate = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 0 },
      { x: 0, y: 0 },
    ];
    expect(rectangleOf(triangle)).toBeNull();
    expect(rectangleOf(kite)).toBeNull();
    expect(rectangleOf(degenerate)).toBeNull();
    const offset = [
      { x: 10, y: 10 },
      { x: 20, y: 10 },
      { x: 20, y: 20 },
      { x: 10, y: 20 },
    ];
    expect(rectangleOf(offset)).toEqual({ x: 10, y: 10, width: 10, depth: 10 });
    expect(isRectangleBed(offset)).toBe(false);
  });

  it('round-trips a stored printer through the form unchanged', () => {
    const form = printerToForm(x1c);
    expect(form.bedWidth).toBe('256');
    expect(form.bedDepth).toBe('256');
    expect(form.zones).toHaveLength(1);
    expect(form.otherZones).toHaveLength(1);
    expect(form.serialPath).toBe('/dev/ttyUSB0');
    const result = formToPrinterInput(form);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const back = Printer.parse(result.value);
    expect(back.bed).toEqual(x1c.bed);
    expect(back.connection).toEqual(x1c.connection);
    expect(back.maxHeightMm).toBe(256);
    expect(back.hourlyCost).toBe(1.6);
    expect(back.exclusionZones).toHaveLength(2);
    expect(back.exclusionZones).toEqual(expect.arrayContaining(x1c.exclusionZones));
  });

  it('builds a rectangular bed from typed width and depth (comma decimals too)', () => {
    const form = { ...emptyPrinterForm(), name: 'MK4', bedWidth: '250', bedDepth: '210,5' };
    const result = formToPrinterInput(form);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.bed).toEqual(rectangleBed(250, 210.5));
    expect(bedBounds(result.value.bed)).toEqual({ width: 250, depth: 210.5 });
    expect(result.value.id).toBeUndefined();
    expect(formBed(form)).toEqual(rectangleBed(250, 210.5));
  });

  it('keeps a custom bed polygon verbatim', () => {
    const round = Printer.parse({
      ...x1c,
      bed: [
        { x: 0, y: 0 },
        { x: 100, y: 0 },
        { x: 150, y: 80 },
        { x: 50, y: 120 },
      ],
    });
    const form = printerToForm(round);
    expect(form.customBed).not.toBeNull();
    expect(form.bedWidth).toBe('150');
    const result = formToPrinterInput({ ...form, bedWidth: 'ignored' });
    expect(result.ok && result.value.bed).toEqual(round.bed);
  });
});

describe('printer form validation', () => {
  it('names the fields that need attention', () => {
    const result = formToPrinterInput({
      ...emptyPrinterForm(),
      name: ' ',
      bedWidth: '0',
      bedDepth: 'wide',
      nozzle: '5',
      connectionKind: 'octoprint',
      url: 'not a url',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual([
      'bedDepth',
      'bedWidth',
      'name',
      'nozzle',
      'url',
    ]);
  });

  it('checks serial settings and zone rows', () => {
    const result = formToPrinterInput({
      ...emptyPrinterForm(),
      name: 'A',
      connectionKind: 'serial',
      serialPath: '',
      baudRate: '11.5',
      zones: [{ key: 'z', x: '0', y: '0', width: '-1', depth: '5' }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.serialPath).toBeDefined();
    expect(result.errors.baudRate).toBeDefined();
    expect(result.errors.zones).toMatch(/Zone width/);
  });

  it('drops connection fields that do not belong to the chosen kind', () => {
    const form = {
      ...printerToForm(x1c),
      connectionKind: 'moonraker' as const,
      url: 'http://v.local',
    };
    const result = formToPrinterInput(form);
    expect(result.ok && result.value.connection).toEqual({
      kind: 'moonraker',
      url: 'http://v.local',
      apiKey: '',
    });
  });

  it('previews only the zone rows that parse', () => {
    const form = {
      ...emptyPrinterForm(),
      zones: [
        { key: 'a', x: '0', y: '0', width: '10', depth: '5' },
        { key: 'b', x: '', y: '0', width: '10', depth: '5' },
      ],
    };
    expect(formZones(form)).toHaveLength(1);
    expect(formBed({ ...form, bedWidth: '' })).toBeNull();
    expect(bedSizeLabel(rectangleBed(250.04, 210))).toBe('250 × 210');
  });
});
