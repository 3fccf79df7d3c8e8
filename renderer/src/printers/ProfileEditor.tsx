import type { Printer } from '../../../shared/domain/printer';
import type { Profile } from '../../../shared/domain/profile';
import { useMutation } from '../platform/hooks';
import { toastSuccess } from '../shell/ui-store';
import { confirmAction } from '../ui/confirm';
import { Field, FieldGroup } from '../ui/Field';
import { Icon } from '../ui/Icon';
import { SidePanel } from '../ui/SidePanel';
import { useForm } from '../ui/use-form';
import {
  emptyProfileForm,
  formToProfileInput,
  profileToForm,
  type ProfileField,
  type ProfileForm,
} from './profile-form';

export function ProfileEditor({
  profile,
  printers,
  onClose,
}: {
  profile: Profile | null;
  printers: Printer[];
  onClose: () => void;
}) {
  const { form, set, errors, setErrors } = useForm<ProfileForm, ProfileField>(() =>
    profile ? profileToForm(profile) : emptyProfileForm(),
  );
  const save = useMutation('profiles.save');
  const remove = useMutation('profiles.delete');
  const users = profile ? printers.filter((p) => p.profileIds.includes(profile.id)) : [];

  const submit = async () => {
    const result = formToProfileInput(form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    const saved = await save.mutate(result.value);
    if (saved) {
      toastSuccess(`Profile “${saved.name}” saved.`);
      onClose();
    }
  };

  const del = async () => {
    if (!profile) return;
    const ok = await confirmAction({
      title: `Delete profile “${profile.name}”?`,
      message: users.length
        ? `It is offered by ${users.map((u) => u.name).join(', ')}. The host refuses while printers or order lines use it.`
        : 'No printer offers it. Order lines asking for it would have to pick another.',
    });
    if (!ok) return;
    const done = await remove.mutate({ id: profile.id });
    if (done) {
      toastSuccess(`Profile “${profile.name}” deleted.`);
      onClose();
    }
  };

  const text = (
    field: ProfileField,
    props: { inputMode?: 'decimal'; placeholder?: string } = {},
  ) => (
    <input
      name={field}
      value={form[field]}
      onChange={(e) => set(field, e.target.value)}
      aria-invalid={errors[field] ? true : undefined}
      autoComplete="off"
      {...props}
    />
  );

  return (
    <SidePanel
      title={profile ? `Edit ${profile.name}` : 'New profile'}
      subtitle="A print configuration that order lines ask for and printers offer."
      onClose={onClose}
      onSubmit={() => void submit()}
      testId="profile-editor"
      footer={
        <>
          {profile ? (
            <button
              type="button"
              className="btn btn--danger-ghost"
              data-testid="profile-delete"
              onClick={() => void del()}
              disabled={remove.pending}
            >
              <Icon name="trash" /> Delete
            </button>
          ) : null}
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn btn--primary"
            data-testid="profile-save"
            disabled={save.pending}
          >
            {save.pending ? 'Saving…' : 'Save profile'}
          </button>
        </>
      }
    >
      <FieldGroup title="Profile">
        <Field label="Name" error={errors.name} wide>
          {text('name', { placeholder: 'PLA 0.2 mm' })}
        </Field>
        <Field label="Material" error={errors.material}>
          {text('material', { placeholder: 'PLA' })}
        </Field>
        <Field label="Colour" error={errors.color} hint="Empty: any colour">
          {text('color', { placeholder: 'any' })}
        </Field>
        <Field label="Layer height (mm)" error={errors.layerHeight}>
          {text('layerHeight', { inputMode: 'decimal' })}
        </Field>
        <Field label="Nozzle (mm)" error={errors.nozzle}>
          {text('nozzle', { inputMode: 'decimal' })}
        </Field>
        <Field label="Infill (%)" error={errors.infill}>
          {text('infill', { inputMode: 'decimal' })}
        </Field>
      </FieldGroup>
      <FieldGroup title="Slicer settings">
        <Field
          label="Passed to the slicer as is"
          error={errors.slicerSettings}
          hint="One “key = value” per line, e.g. perimeters = 3"
          wide
        >
          <textarea
            name="slicerSettings"
            rows={5}
            spellCheck={false}
            value={form.slicerSettings}
            onChange={(e) => set('slicerSettings', e.target.value)}
          />
        </Field>
      </FieldGroup>
    </SidePanel>
  );
}
