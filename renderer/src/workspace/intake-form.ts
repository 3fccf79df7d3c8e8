import { SiteSettings } from '../../../shared/domain/settings';
import { formatDecimal, parseDecimal, type FieldErrors, type FormResult } from '../lib/numbers';

/** The SiteSettings the intake checks read (limitsFromSettings, the overhang analysis). */
export type IntakeSettings = Pick<
  SiteSettings,
  'overhangAngleDeg' | 'maxFileSizeMb' | 'maxTriangles'
>;
export type IntakeField = keyof IntakeSettings;

/** What the card holds: text as typed, converted only on save. */
export type IntakeForm = Record<IntakeField, string>;

export const INTAKE_FIELDS: readonly IntakeField[] = [
  'overhangAngleDeg',
  'maxFileSizeMb',
  'maxTriangles',
];

const defaults = SiteSettings.parse({});
export const INTAKE_DEFAULTS: IntakeSettings = {
  overhangAngleDeg: defaults.overhangAngleDeg,
  maxFileSizeMb: defaults.maxFileSizeMb,
  maxTriangles: defaults.maxTriangles,
};

/** Bounds read from the schema, so the card refuses exactly what `settings.update` would. */
function bounds(field: IntakeField): { min: number; max: number; integer: boolean } {
  const n = SiteSettings.shape[field].unwrap();
  return { min: n.minValue ?? 0, max: n.maxValue ?? Number.MAX_SAFE_INTEGER, integer: n.isInt };
}
export const INTAKE_BOUNDS: Record<IntakeField, { min: number; max: number; integer: boolean }> = {
  overhangAngleDeg: bounds('overhangAngleDeg'),
  maxFileSizeMb: bounds('maxFileSizeMb'),
  maxTriangles: bounds('maxTriangles'),
};

/** "5 000 000" with thin spaces, as the card shows counts; locale-independent for tests. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

/**
 * A whole count as typed: "5000000", "5 000 000", "5,000,000", "5.000.000", "5_000_000".
 * Separators count only between groups of three digits, so "1,5" is not 15.
 */
export function parseCount(text: string): number | null {
  const t = text.trim().replace(/[\s\u00a0\u2009\u202f_']/g, '');
  if (/^\d+$/.test(t)) return Number(t);
  if (/^\d{1,3}(,\d{3})+$/.test(t) || /^\d{1,3}(\.\d{3})+$/.test(t)) {
    return Number(t.replace(/[.,]/g, ''));
  }
  return null;
}

export function intakeToForm(s: IntakeSettings): IntakeForm {
  return {
    overhangAngleDeg: formatDecimal(s.overhangAngleDeg),
    maxFileSizeMb: String(s.maxFileSizeMb),
    maxTriangles: formatCount(s.maxTriangles),
  };
}

type Bounds = (typeof INTAKE_BOUNDS)[IntakeField];

/** Why a field is refused: nothing readable, or a number outside the schema's range. */
const MESSAGES: Record<IntakeField, { unreadable: string; range: (b: Bounds) => string }> = {
  overhangAngleDeg: {
    unreadable: 'Enter the overhang angle in degrees (e.g. 45).',
    range: (b) => `The overhang angle must be between ${b.min}° and ${b.max}°.`,
  },
  maxFileSizeMb: {
    unreadable: 'Enter the maximum file size in MB (e.g. 200).',
    range: (b) => `The maximum file size must be a whole number of MB from ${b.min} to ${b.max}.`,
  },
  maxTriangles: {
    unreadable: 'Enter the maximum triangle count as a whole number (e.g. 5000000).',
    range: (b) =>
      `The maximum triangle count must be from ${formatCount(b.min)} to ${formatCount(b.max)}.`,
  },
};

export function formToIntakeSettings(form: IntakeForm): FormResult<IntakeSettings, IntakeField> {
  const errors: FieldErrors<IntakeField> = {};
  const read = (field: IntakeField, n: number | null): number => {
    const b = INTAKE_BOUNDS[field];
    if (n === null) errors[field] = MESSAGES[field].unreadable;
    else if ((b.integer && !Number.isInteger(n)) || n < b.min || n > b.max)
      errors[field] = MESSAGES[field].range(b);
    return n ?? 0;
  };
  const value: IntakeSettings = {
    overhangAngleDeg: read('overhangAngleDeg', parseDecimal(form.overhangAngleDeg)),
    maxFileSizeMb: read('maxFileSizeMb', parseDecimal(form.maxFileSizeMb)),
    maxTriangles: read('maxTriangles', parseCount(form.maxTriangles)),
  };
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** Only the values that differ from the stored ones: the audit log records what changed. */
export function intakePatch(
  next: IntakeSettings,
  current: IntakeSettings | undefined,
): Partial<IntakeSettings> {
  const patch: Partial<IntakeSettings> = {};
  for (const f of INTAKE_FIELDS) if (current?.[f] !== next[f]) patch[f] = next[f];
  return patch;
}
