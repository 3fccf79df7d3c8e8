import { useState } from 'react';
import type { SiteSettings } from '../../../shared/domain/settings';
import { queryCache } from '../platform/api';
import { useMutation } from '../platform/hooks';
import { toastSuccess } from '../shell/ui-store';
import { Field } from '../ui/Field';
import { SectionHeader } from '../ui/PageHeader';
import {
  formatCount,
  formToIntakeSettings,
  INTAKE_BOUNDS,
  INTAKE_DEFAULTS,
  INTAKE_FIELDS,
  intakePatch,
  intakeToForm,
  type IntakeField,
  type IntakeForm,
} from './intake-form';

/**
 * The limits and thresholds intake judges dropped files by. They are read when a file is dropped,
 * so a change applies from the next drop; models already in the workspace keep their verdict.
 */
export function IntakeChecksCard({ current }: { current: SiteSettings | undefined }) {
  // Only what the user typed; untouched fields follow the stored settings as they refresh.
  const [edits, setEdits] = useState<Partial<IntakeForm>>({});
  const update = useMutation('settings.update');
  const stored = current ? intakeToForm(current) : null;
  const form: IntakeForm = { ...(stored ?? intakeToForm(INTAKE_DEFAULTS)), ...edits };
  const result = formToIntakeSettings(form);
  const patch = result.ok ? intakePatch(result.value, current) : {};
  const dirty = Object.keys(edits).some(
    (f) => edits[f as IntakeField] !== stored?.[f as IntakeField],
  );
  const canSave = current !== undefined && result.ok && Object.keys(patch).length > 0;
  // Messages only for fields the user has touched: stored values are valid by the schema.
  const error = (f: IntakeField) =>
    !result.ok && edits[f] !== undefined ? result.errors[f] : undefined;
  const set = (f: IntakeField, v: string) => setEdits((e) => ({ ...e, [f]: v }));
  const defaultForm = intakeToForm(INTAKE_DEFAULTS);
  const atDefaults = INTAKE_FIELDS.every((f) => form[f] === defaultForm[f]);

  const save = async () => {
    if (!canSave) return;
    const saved = await update.mutate(patch);
    if (saved) {
      // The answer is the whole stored settings: shown at once, so the old values never flash back.
      queryCache.patch('settings.get', () => saved);
      setEdits({});
      toastSuccess(
        `Intake checks saved: overhangs above ${saved.overhangAngleDeg}°, files up to ` +
          `${saved.maxFileSizeMb} MB and ${formatCount(saved.maxTriangles)} triangles.`,
      );
    }
  };
  const angle = INTAKE_BOUNDS.overhangAngleDeg;
  const size = INTAKE_BOUNDS.maxFileSizeMb;

  return (
    <section className="section" aria-label="Intake checks">
      <SectionHeader title="Intake checks" />
      <form
        className="card card__pad stack"
        data-testid="intake-checks"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        onKeyDown={(e) => {
          // Escape drops the unsaved edits (the side-panel editors close on Escape too).
          if (e.key === 'Escape' && dirty) {
            e.preventDefault();
            setEdits({});
          }
        }}
      >
        <div className="field-grid">
          <Field
            label="Overhang angle (°)"
            error={error('overhangAngleDeg')}
            hint={`Faces leaning out more than this from vertical are overhangs: supports are likely above it. ${angle.min}–${angle.max}°, default ${INTAKE_DEFAULTS.overhangAngleDeg}°.`}
          >
            <input
              name="overhangAngleDeg"
              inputMode="decimal"
              data-testid="intake-overhang"
              value={form.overhangAngleDeg}
              aria-invalid={error('overhangAngleDeg') ? true : undefined}
              onChange={(e) => set('overhangAngleDeg', e.target.value)}
            />
          </Field>
          <Field
            label="Maximum file size (MB)"
            error={error('maxFileSizeMb')}
            hint={`Larger files are refused before they are read. ${size.min}–${size.max} MB, default ${INTAKE_DEFAULTS.maxFileSizeMb} MB.`}
          >
            <input
              name="maxFileSizeMb"
              inputMode="numeric"
              data-testid="intake-max-file-size"
              value={form.maxFileSizeMb}
              aria-invalid={error('maxFileSizeMb') ? true : undefined}
              onChange={(e) => set('maxFileSizeMb', e.target.value)}
            />
          </Field>
          <Field
            label="Maximum triangle count"
            error={error('maxTriangles')}
            hint={`Meshes with more triangles are refused. Default ${formatCount(INTAKE_DEFAULTS.maxTriangles)}.`}
          >
            <input
              name="maxTriangles"
              inputMode="numeric"
              data-testid="intake-max-triangles"
              value={form.maxTriangles}
              aria-invalid={error('maxTriangles') ? true : undefined}
              onChange={(e) => set('maxTriangles', e.target.value)}
            />
          </Field>
        </div>
        <p className="muted small" data-testid="intake-checks-note">
          New values apply to files dropped from now on. Models already in the workspace are not
          re-judged; drop a file again to check it against the new limits.
        </p>
        <div className="row">
          <button
            type="submit"
            className="btn btn--small"
            data-testid="intake-checks-save"
            disabled={!canSave || update.pending}
          >
            {update.pending ? 'Saving…' : 'Save intake checks'}
          </button>
          {dirty ? (
            <button
              type="button"
              className="btn btn--small btn--ghost"
              onClick={() => setEdits({})}
            >
              Reset
            </button>
          ) : null}
          {!atDefaults ? (
            <button
              type="button"
              className="btn btn--small btn--ghost"
              data-testid="intake-checks-defaults"
              onClick={() => setEdits(defaultForm)}
            >
              Use defaults
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
