import type { Printer, PrinterStatus } from '../../../shared/domain/printer';
import type { Profile } from '../../../shared/domain/profile';
import { useMutation } from '../platform/hooks';
import { toastSuccess } from '../shell/ui-store';
import { confirmAction } from '../ui/confirm';
import { Field, FieldGroup } from '../ui/Field';
import { Icon } from '../ui/Icon';
import { SidePanel } from '../ui/SidePanel';
import { useForm } from '../ui/use-form';
import { BedPreview } from './BedPreview';
import {
  CONNECTION_KINDS,
  CONNECTION_LABELS,
  emptyPrinterForm,
  formBed,
  formToPrinterInput,
  formZones,
  newZoneKey,
  PRINTER_STATUSES,
  printerToForm,
  type ConnectionKind,
  type PrinterField,
  type PrinterForm,
  type ZoneForm,
} from './printer-form';
import { profileSummary } from './profile-form';

export function PrinterEditor({
  printer,
  profiles,
  onClose,
}: {
  printer: Printer | null;
  profiles: Profile[];
  onClose: () => void;
}) {
  const { form, set, errors, setErrors } = useForm<PrinterForm, PrinterField>(() =>
    printer ? printerToForm(printer) : emptyPrinterForm(),
  );
  const save = useMutation('printers.save');
  const remove = useMutation('printers.delete');

  const submit = async () => {
    const result = formToPrinterInput(form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    const saved = await save.mutate(result.value);
    if (saved) {
      toastSuccess(`Printer “${saved.name}” saved.`);
      onClose();
    }
  };

  const del = async () => {
    if (!printer) return;
    const ok = await confirmAction({
      title: `Delete printer “${printer.name}”?`,
      message:
        'Planned jobs on this printer will have to be re-planned. The audit log keeps a record.',
    });
    if (!ok) return;
    const done = await remove.mutate({ id: printer.id });
    if (done) {
      toastSuccess(`Printer “${printer.name}” deleted.`);
      onClose();
    }
  };

  const text = (
    field: PrinterField & keyof PrinterForm,
    props: { inputMode?: 'decimal' | 'numeric'; placeholder?: string } = {},
  ) => (
    <input
      name={field}
      value={String(form[field])}
      onChange={(e) => set(field, e.target.value as never)}
      aria-invalid={errors[field] ? true : undefined}
      autoComplete="off"
      {...props}
    />
  );

  const setZone = (key: string, patch: Partial<ZoneForm>) =>
    set(
      'zones',
      form.zones.map((z) => (z.key === key ? { ...z, ...patch } : z)),
    );

  const toggleProfile = (id: string, on: boolean) =>
    set('profileIds', on ? [...form.profileIds, id] : form.profileIds.filter((p) => p !== id));

  return (
    <SidePanel
      title={printer ? `Edit ${printer.name}` : 'New printer'}
      subtitle={
        printer ? printer.model || undefined : 'Describe the machine as it stands in the lab.'
      }
      onClose={onClose}
      onSubmit={() => void submit()}
      testId="printer-editor"
      footer={
        <>
          {printer ? (
            <button
              type="button"
              className="btn btn--danger-ghost"
              data-testid="printer-delete"
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
            data-testid="printer-save"
            disabled={save.pending}
          >
            {save.pending ? 'Saving…' : 'Save printer'}
          </button>
        </>
      }
    >
      <FieldGroup title="Identity">
        <Field label="Name" error={errors.name} wide>
          {text('name', { placeholder: 'e.g. MK4 #1' })}
        </Field>
        <Field label="Model" error={errors.model}>
          {text('model', { placeholder: 'Prusa MK4' })}
        </Field>
        <Field label="Status" error={errors.status}>
          <select
            name="status"
            value={form.status}
            onChange={(e) => set('status', e.target.value as PrinterStatus)}
          >
            {PRINTER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
      </FieldGroup>

      <FieldGroup title="Build volume">
        <Field
          label="Bed width (mm)"
          error={errors.bedWidth}
          hint={form.customBed ? 'Custom bed shape: bounds only' : undefined}
        >
          {form.customBed ? (
            <input name="bedWidth" value={form.bedWidth} readOnly />
          ) : (
            text('bedWidth', { inputMode: 'decimal' })
          )}
        </Field>
        <Field label="Bed depth (mm)" error={errors.bedDepth}>
          {form.customBed ? (
            <input name="bedDepth" value={form.bedDepth} readOnly />
          ) : (
            text('bedDepth', { inputMode: 'decimal' })
          )}
        </Field>
        <Field label="Max height (mm)" error={errors.maxHeight}>
          {text('maxHeight', { inputMode: 'decimal' })}
        </Field>
        <Field label="Nozzle (mm)" error={errors.nozzle}>
          {text('nozzle', { inputMode: 'decimal' })}
        </Field>
        <div className="field field--wide">
          <BedPreview bed={formBed(form)} zones={formZones(form)} />
        </div>
        <div className="field field--wide">
          <span className="field__label">Exclusion zones (mm from the front-left corner)</span>
          {form.zones.length === 0 ? (
            <span className="field__hint">None. Add one for purge lines or bed clips.</span>
          ) : (
            <div className="zone-list">
              <div className="zone-row zone-row--head muted small">
                <span>x</span>
                <span>y</span>
                <span>width</span>
                <span>depth</span>
                <span />
              </div>
              {form.zones.map((z) => (
                <div className="zone-row" key={z.key} data-testid="zone-row">
                  {(['x', 'y', 'width', 'depth'] as const).map((k) => (
                    <input
                      key={k}
                      aria-label={`Zone ${k}`}
                      name={`zone-${k}`}
                      inputMode="decimal"
                      value={z[k]}
                      onChange={(e) => setZone(z.key, { [k]: e.target.value })}
                    />
                  ))}
                  <button
                    type="button"
                    className="icon-btn icon-btn--small"
                    aria-label="Remove zone"
                    onClick={() =>
                      set(
                        'zones',
                        form.zones.filter((x) => x.key !== z.key),
                      )
                    }
                  >
                    <Icon name="close" size={14} />
                  </button>
                </div>
              ))}
            </div>
          )}
          {errors.zones ? <span className="field__error">{errors.zones}</span> : null}
          <button
            type="button"
            className="btn btn--small btn--ghost"
            data-testid="zone-add"
            onClick={() =>
              set('zones', [
                ...form.zones,
                { key: newZoneKey(), x: '0', y: '0', width: '20', depth: '10' },
              ])
            }
          >
            <Icon name="plus" size={14} /> Add exclusion zone
          </button>
        </div>
      </FieldGroup>

      <FieldGroup title="Material and cost">
        <Field label="Loaded material" error={errors.loadedMaterial}>
          {text('loadedMaterial', { placeholder: 'PLA' })}
        </Field>
        <Field label="Loaded colour" error={errors.loadedColor}>
          {text('loadedColor', { placeholder: 'black' })}
        </Field>
        <Field label="Hourly cost" error={errors.hourlyCost} hint="Machine cost per print hour">
          {text('hourlyCost', { inputMode: 'decimal' })}
        </Field>
      </FieldGroup>

      <FieldGroup title="Profiles this printer offers">
        <div className="field field--wide">
          {profiles.length === 0 ? (
            <span className="field__hint">No profiles yet; add one in the Profiles section.</span>
          ) : (
            <div className="check-list">
              {profiles.map((p) => (
                <label key={p.id} className="check">
                  <input
                    type="checkbox"
                    name="profileIds"
                    value={p.id}
                    checked={form.profileIds.includes(p.id)}
                    onChange={(e) => toggleProfile(p.id, e.target.checked)}
                  />
                  <span>
                    {p.name}
                    <span className="muted small"> {profileSummary(p)}</span>
                  </span>
                </label>
              ))}
            </div>
          )}
          {errors.profileIds ? <span className="field__error">{errors.profileIds}</span> : null}
        </div>
      </FieldGroup>

      <FieldGroup title="Connection">
        <Field label="Kind" wide>
          <select
            name="connectionKind"
            value={form.connectionKind}
            onChange={(e) => set('connectionKind', e.target.value as ConnectionKind)}
          >
            {CONNECTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {CONNECTION_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        {form.connectionKind === 'serial' ? (
          <>
            <Field label="Port" error={errors.serialPath}>
              {text('serialPath', { placeholder: '/dev/ttyACM0' })}
            </Field>
            <Field label="Baud rate" error={errors.baudRate}>
              {text('baudRate', { inputMode: 'numeric' })}
            </Field>
          </>
        ) : null}
        {form.connectionKind === 'octoprint' || form.connectionKind === 'moonraker' ? (
          <>
            <Field label="Address" error={errors.url} wide>
              {text('url', { placeholder: 'http://192.168.1.20' })}
            </Field>
            <Field label="API key" error={errors.apiKey} wide>
              <input
                name="apiKey"
                type="password"
                autoComplete="off"
                value={form.apiKey}
                onChange={(e) => set('apiKey', e.target.value)}
              />
            </Field>
          </>
        ) : null}
        {form.connectionKind === 'virtual' ? (
          <p className="field__hint field--wide">
            A simulated printer: jobs &ldquo;print&rdquo; in accelerated time. Good for trying the
            planner.
          </p>
        ) : null}
      </FieldGroup>
      {form.maintenance.length ? (
        <p className="muted small">
          {form.maintenance.length} maintenance window(s) are kept unchanged.
        </p>
      ) : null}
    </SidePanel>
  );
}
