import type { z } from 'zod';
import { ProfileInput } from '../../../shared/api/channels/resources';
import type { Profile } from '../../../shared/domain/profile';
import { formatDecimal, readNumber, type FieldErrors, type FormResult } from '../lib/numbers';

export type ProfileInputValue = z.input<typeof ProfileInput>;

export interface ProfileForm {
  id?: string;
  name: string;
  material: string;
  color: string;
  layerHeight: string;
  nozzle: string;
  infill: string;
  /** Slicer pass-through settings, one `key = value` per line. */
  slicerSettings: string;
}

export type ProfileField = Exclude<keyof ProfileForm, 'id'>;

export function emptyProfileForm(): ProfileForm {
  return {
    name: '',
    material: 'PLA',
    color: '',
    layerHeight: '0.2',
    nozzle: '0.4',
    infill: '15',
    slicerSettings: '',
  };
}

export function profileToForm(p: Profile): ProfileForm {
  return {
    id: p.id,
    name: p.name,
    material: p.material,
    color: p.color,
    layerHeight: formatDecimal(p.layerHeightMm),
    nozzle: formatDecimal(p.nozzleMm),
    infill: formatDecimal(p.infillPercent, 1),
    slicerSettings: formatSlicerSettings(p.slicerSettings),
  };
}

export function formatSlicerSettings(settings: Record<string, string>): string {
  return Object.entries(settings)
    .map(([k, v]) => `${k} = ${v}`)
    .join('\n');
}

/** `key = value` lines (or `key: value`); blank lines and `#` comments are ignored. */
export function parseSlicerSettings(
  text: string,
): { ok: true; value: Record<string, string> } | { ok: false; line: number } {
  const value: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$/.exec(line);
    if (!m) return { ok: false, line: i + 1 };
    value[m[1] as string] = (m[2] as string).trim();
  }
  return { ok: true, value };
}

const PATH_TO_FIELD: Record<string, ProfileField> = {
  name: 'name',
  material: 'material',
  color: 'color',
  layerHeightMm: 'layerHeight',
  nozzleMm: 'nozzle',
  infillPercent: 'infill',
  slicerSettings: 'slicerSettings',
};

export function formToProfileInput(form: ProfileForm): FormResult<ProfileInputValue, ProfileField> {
  const errors: FieldErrors<ProfileField> = {};
  if (!form.name.trim()) errors.name = 'Give the profile a name.';
  if (!form.material.trim()) errors.material = 'Name the material, e.g. PLA.';
  const layerHeightMm = readNumber(errors, 'layerHeight', form.layerHeight, {
    label: 'Layer height',
    min: 0,
    exclusiveMin: true,
    max: 2,
  });
  const nozzleMm = readNumber(errors, 'nozzle', form.nozzle, {
    label: 'Nozzle',
    min: 0,
    exclusiveMin: true,
    max: 3,
  });
  const infillPercent = readNumber(errors, 'infill', form.infill, {
    label: 'Infill',
    min: 0,
    max: 100,
  });
  const settings = parseSlicerSettings(form.slicerSettings);
  if (!settings.ok) errors.slicerSettings = `Line ${settings.line}: expected “key = value”.`;
  if (Object.keys(errors).length || !settings.ok) return { ok: false, errors };
  const value: ProfileInputValue = {
    ...(form.id ? { id: form.id } : {}),
    name: form.name.trim(),
    material: form.material.trim(),
    color: form.color.trim(),
    layerHeightMm,
    nozzleMm,
    infillPercent,
    slicerSettings: settings.value,
  };
  const checked = ProfileInput.safeParse(value);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = PATH_TO_FIELD[String(issue.path[0] ?? '')] ?? 'name';
      errors[field] ??= issue.message;
    }
    return { ok: false, errors };
  }
  return { ok: true, value };
}

/** "PLA · 0.2 mm · 0.4 nozzle · 15 %" */
export function profileSummary(p: Profile): string {
  return `${p.material}${p.color ? ` ${p.color}` : ''} · ${formatDecimal(p.layerHeightMm)} mm · ⌀${formatDecimal(p.nozzleMm)} · ${formatDecimal(p.infillPercent, 0)} %`;
}
