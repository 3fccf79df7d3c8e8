import { describe, expect, it } from 'vitest';
import { SiteSettings } from '../../../shared/domain/settings';
import {
  formatCount,
  formToIntakeSettings,
  INTAKE_BOUNDS,
  INTAKE_DEFAULTS,
  intakePatch,
  intakeToForm,
  parseCount,
} from './intake-form';

const form = (over: Partial<Record<keyof typeof INTAKE_DEFAULTS, string>> = {}) => ({
  ...intakeToForm(INTAKE_DEFAULTS),
  ...over,
});

describe('intake checks form', () => {
  it('takes its defaults and bounds from SiteSettings', () => {
    expect(INTAKE_DEFAULTS).toEqual({
      overhangAngleDeg: 45,
      maxFileSizeMb: 200,
      maxTriangles: 5_000_000,
    });
    expect(INTAKE_BOUNDS.overhangAngleDeg).toEqual({ min: 1, max: 89, integer: false });
    expect(INTAKE_BOUNDS.maxFileSizeMb).toMatchObject({ min: 1, max: 2048, integer: true });
    expect(INTAKE_BOUNDS.maxTriangles).toMatchObject({ min: 1, max: 50_000_000, integer: true });
  });

  it('round-trips stored settings, showing counts with thin spaces', () => {
    expect(formatCount(5_000_000)).toBe('5\u2009000\u2009000');
    expect(formatCount(999)).toBe('999');
    const shown = intakeToForm({
      overhangAngleDeg: 52.5,
      maxFileSizeMb: 64,
      maxTriangles: 1234567,
    });
    expect(shown).toEqual({
      overhangAngleDeg: '52.5',
      maxFileSizeMb: '64',
      maxTriangles: '1\u2009234\u2009567',
    });
    expect(formToIntakeSettings(shown)).toEqual({
      ok: true,
      value: { overhangAngleDeg: 52.5, maxFileSizeMb: 64, maxTriangles: 1234567 },
    });
  });

  it('reads counts typed with group separators, and nothing else', () => {
    for (const t of ['5000000', ' 5 000 000 ', '5,000,000', '5.000.000', '5_000_000', "5'000'000"])
      expect(parseCount(t)).toBe(5_000_000);
    for (const t of ['', '1,5', '1.5', '5e6', '-3', '12,34,567', 'lots'])
      expect(parseCount(t)).toBeNull();
  });

  it('accepts a decimal comma for the angle', () => {
    const r = formToIntakeSettings(form({ overhangAngleDeg: '47,5' }));
    expect(r.ok && r.value.overhangAngleDeg).toBe(47.5);
  });

  it('refuses what settings.update would refuse, with a message per field', () => {
    const cases: [Partial<Record<keyof typeof INTAKE_DEFAULTS, string>>, string, RegExp][] = [
      [{ overhangAngleDeg: '' }, 'overhangAngleDeg', /in degrees/],
      [{ overhangAngleDeg: '0' }, 'overhangAngleDeg', /between 1° and 89°/],
      [{ overhangAngleDeg: '90' }, 'overhangAngleDeg', /between 1° and 89°/],
      [{ maxFileSizeMb: 'big' }, 'maxFileSizeMb', /in MB/],
      [{ maxFileSizeMb: '2.5' }, 'maxFileSizeMb', /whole number of MB from 1 to 2048/],
      [{ maxFileSizeMb: '4096' }, 'maxFileSizeMb', /from 1 to 2048/],
      [{ maxTriangles: '0' }, 'maxTriangles', /from 1 to 50\u2009000\u2009000/],
      [{ maxTriangles: '60 000 000' }, 'maxTriangles', /from 1 to/],
      [{ maxTriangles: '1.5' }, 'maxTriangles', /whole number/],
    ];
    for (const [over, field, message] of cases) {
      const r = formToIntakeSettings(form(over));
      expect(r.ok, JSON.stringify(over)).toBe(false);
      if (!r.ok) {
        expect(Object.keys(r.errors)).toEqual([field]);
        expect(r.errors[field as keyof typeof r.errors]).toMatch(message);
      }
      // The schema agrees: the same value would be refused by the channel.
      const n = Number((over[field as keyof typeof over] ?? '').replace(/\s/g, ''));
      expect(SiteSettings.partial().safeParse({ [field]: n }).success, JSON.stringify(over)).toBe(
        false,
      );
    }
  });

  it('sends only what changed', () => {
    const next = { ...INTAKE_DEFAULTS, overhangAngleDeg: 60 };
    expect(intakePatch(next, INTAKE_DEFAULTS)).toEqual({ overhangAngleDeg: 60 });
    expect(intakePatch(INTAKE_DEFAULTS, INTAKE_DEFAULTS)).toEqual({});
  });
});
