import type { Calendar, CalendarException } from '../../../shared/domain/calendar';
import { useMutation } from '../platform/hooks';
import { toastSuccess } from '../shell/ui-store';
import { confirmAction } from '../ui/confirm';
import { Field, FieldGroup } from '../ui/Field';
import { Icon } from '../ui/Icon';
import { SidePanel } from '../ui/SidePanel';
import { useForm } from '../ui/use-form';
import {
  EXCEPTION_LABELS,
  exceptionToForm,
  formToExceptionInput,
  newExceptionForm,
  type ExceptionField,
  type ExceptionForm,
  type ExceptionKind,
} from './exception-form';

export function ExceptionEditor({
  exception,
  calendar,
  today,
  onClose,
}: {
  exception: CalendarException | null;
  calendar: Calendar;
  today: string;
  onClose: () => void;
}) {
  const { form, set, errors, setErrors } = useForm<ExceptionForm, ExceptionField>(() =>
    exception ? exceptionToForm(exception) : newExceptionForm(today),
  );
  const save = useMutation('exceptions.save');
  const remove = useMutation('exceptions.delete');

  const submit = async () => {
    const result = formToExceptionInput(form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    if (await save.mutate(result.value)) {
      toastSuccess(`${EXCEPTION_LABELS[form.kind]} on ${form.date} saved.`);
      onClose();
    }
  };
  const del = async () => {
    if (!exception) return;
    const ok = await confirmAction({
      title: 'Delete this exception?',
      message: `${EXCEPTION_LABELS[exception.kind]} on ${exception.date}. The weekly pattern applies again on that day.`,
    });
    if (ok && (await remove.mutate({ id: exception.id }))) {
      toastSuccess('Exception deleted.');
      onClose();
    }
  };

  return (
    <SidePanel
      title={exception ? 'Edit exception' : 'New dated exception'}
      subtitle="Overrides the weekly pattern on one date."
      onClose={onClose}
      onSubmit={() => void submit()}
      testId="exception-editor"
      footer={
        <>
          {exception ? (
            <button
              type="button"
              className="btn btn--danger-ghost"
              data-testid="exception-delete"
              onClick={() => void del()}
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
            data-testid="exception-save"
            disabled={save.pending}
          >
            {save.pending ? 'Saving…' : 'Save exception'}
          </button>
        </>
      }
    >
      <FieldGroup title="Exception">
        <Field label="Kind" wide>
          <div className="segmented" role="radiogroup" aria-label="Kind">
            {(['off', 'extra'] as const).map((k: ExceptionKind) => (
              <label key={k} className={`segmented__item${form.kind === k ? ' is-on' : ''}`}>
                <input
                  type="radio"
                  name="kind"
                  value={k}
                  checked={form.kind === k}
                  onChange={() => set('kind', k)}
                />
                {EXCEPTION_LABELS[k]}
              </label>
            ))}
          </div>
        </Field>
        <Field label="Date" error={errors.date}>
          <input
            type="date"
            name="date"
            value={form.date}
            onChange={(e) => set('date', e.target.value)}
          />
        </Field>
        <Field label="Operator" error={errors.operatorId}>
          <select
            name="operatorId"
            value={form.operatorId}
            onChange={(e) => set('operatorId', e.target.value)}
          >
            <option value="">{form.kind === 'off' ? 'Everyone (site closed)' : 'Choose…'}</option>
            {calendar.operators.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </Field>
        <label className="check field--wide">
          <input
            type="checkbox"
            name="allDay"
            checked={form.allDay}
            onChange={(e) => set('allDay', e.target.checked)}
          />
          <span>All day</span>
        </label>
        {!form.allDay ? (
          <>
            <Field label="From" error={errors.start}>
              <input
                type="time"
                name="start"
                value={form.start}
                onChange={(e) => set('start', e.target.value)}
              />
            </Field>
            <Field label="Until" error={errors.end} hint="00:00 means midnight">
              <input
                type="time"
                name="end"
                value={form.end}
                onChange={(e) => set('end', e.target.value)}
              />
            </Field>
          </>
        ) : null}
        <Field label="Note" error={errors.note} wide>
          <input
            name="note"
            value={form.note}
            placeholder="e.g. Public holiday"
            maxLength={200}
            onChange={(e) => set('note', e.target.value)}
          />
        </Field>
      </FieldGroup>
    </SidePanel>
  );
}
