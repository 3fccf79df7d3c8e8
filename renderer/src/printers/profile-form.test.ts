import { describe, expect, it } from 'vitest';
import { Profile } from '../../../shared/domain/profile';
import {
  emptyProfileForm,
  formatSlicerSettings,
  formToProfileInput,
  parseSlicerSettings,
  profileToForm,
} from './profile-form';

describe('profile form', () => {
  it('round-trips a stored profile', () => {
    const p = Profile.parse({
      id: 'petg',
      name: 'PETG 0.20 mm',
      material: 'PETG',
      layerHeightMm: 0.2,
      nozzleMm: 0.6,
      infillPercent: 20,
      slicerSettings: { perimeters: '3', fill_pattern: 'gyroid' },
    });
    const result = formToProfileInput(profileToForm(p));
    expect(result.ok).toBe(true);
    if (result.ok) expect(Profile.parse(result.value)).toEqual(p);
  });

  it('parses slicer settings lines and points at the bad one', () => {
    expect(parseSlicerSettings('perimeters = 3\n# comment\n\nfill_density: 20%')).toEqual({
      ok: true,
      value: { perimeters: '3', fill_density: '20%' },
    });
    expect(parseSlicerSettings('a = 1\nno equals here')).toEqual({ ok: false, line: 2 });
    expect(formatSlicerSettings({ a: '1', b: 'x y' })).toBe('a = 1\nb = x y');
  });

  it('reports bad numbers and missing names', () => {
    const result = formToProfileInput({
      ...emptyProfileForm(),
      name: '',
      layerHeight: '0',
      infill: '120',
      slicerSettings: '???',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors).sort()).toEqual([
        'infill',
        'layerHeight',
        'name',
        'slicerSettings',
      ]);
    }
  });
});
