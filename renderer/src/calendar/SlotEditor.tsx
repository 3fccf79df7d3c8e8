import { useEffect } from 'react';
import type { Calendar, OperatorSlot } from '../../../shared/domain/calendar';
import { useMutation } from '../platform/hooks';
import { toastSuccess } from '../shell/ui-store';
import { confirmAction } from '../ui/confirm';
import { Field, FieldGroup } from '../ui/Field';
import { Icon } from '../ui/Icon';
import { SidePanel } from '../ui/SidePanel';
import { useForm } from '../ui/use-form';
import {
  formToSlotInput,
  newSlotForm,
  slotToForm,
  type SlotField,
  type SlotForm,
} from './slot-form';
import { draftOf, useSlotDraft } from './slot-draft';
import { WEEKDAY_LONG, WEEKDAY_SHORT, weekdayShort } from './time-input';

export function SlotEditor({
  slot,
  calendar,
  prefill,
  onClose,
}: {
  slot: OperatorSlot | null;
  calendar: Calendar;
  /** From the grid click: `weekday` (1–7) and `start` (minutes). */
  prefill: Record<string, string>;
  onClose: () => void;
}) {
  const firstActive = calendar.operators.find((o) => o.active) ?? calendar.operators[0];
  const { form, set, errors, setErrors } = useForm<SlotForm, SlotField>(() => {
    if (slot) return slotToForm(slot);
    const weekday = Number(prefill.weekday);
    const start = Number(prefill.start);
    return newSlotForm(
      firstActive?.id ?? '',
      weekday >= 1 && weekday <= 7 ? weekday : 1,
      Number.isFinite(start) && prefill.start !== undefined ? start : 8 * 60,
      prefill.start !== undefined ? 4 * 60 : 8 * 60,
    );
  });
  const save = useMutation('slots.save');
  const remove = useMutation('slots.delete');
  useEffect(() => {
    useSlotDraft.setState({ draft: draftOf(form) });
  }, [form]);
  useEffect(() => () => useSlotDraft.setState({ draft: null }), []);
  const operatorName = (id: string) => calendar.operators.find((o) => o.id === id)?.name ?? '?';

  const submit = async () => {
    const result = formToSlotInput(form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    const saved = await save.mutate(result.value);
    if (saved) {
      toastSuccess(
        `Slot saved: ${operatorName(saved.operatorId)}, ${weekdayShort(saved.weekday)} ${saved.start}–${saved.end}.`,
      );
      onClose();
    }
  };
  const del = async () => {
    if (!slot) return;
    const ok = await confirmAction({
      title: 'Delete this slot?',
      message: `${operatorName(slot.operatorId)}, every ${WEEKDAY_LONG[slot.weekday - 1]} ${slot.start}–${slot.end}. Jobs planned to start or end in it will show a conflict.`,
    });
    if (ok && (await remove.mutate({ id: slot.id }))) {
      toastSuccess('Slot deleted.');
      onClose();
    }
  };

  return (
    <SidePanel
      title={slot ? 'Edit slot' : 'New weekly slot'}
      subtitle="A recurring stretch of time an operator is on shift."
      onClose={onClose}
      onSubmit={() => void submit()}
      testId="slot-editor"
      footer={
        <>
          {slot ? (
            <button
              type="button"
              className="btn btn--danger-ghost"
              data-testid="slot-delete"
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
            data-testid="slot-save"
            disabled={save.pending || calendar.operators.length === 0}
          >
            {save.pending ? 'Saving…' : 'Save slot'}
          </button>
        </>
      }
    >
      {calendar.operators.length === 0 ? (
        <p className="notice">Add an operator first (Operators, on the left).</p>
      ) : null}
      <FieldGroup title="Slot">
        <Field label="Operator" error={errors.operatorId} wide>
          <select
            name="operatorId"
            value={form.operatorId}
            onChange={(e) => set('operatorId', e.target.value)}
          >
            {form.operatorId === '' ? <option value="">Choose…</option> : null}
            {calendar.operators.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
                {o.active ? '' : ' (inactive)'}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Day" error={errors.weekday} wide>
          <select
            name="weekday"
            value={form.weekday}
            onChange={(e) => set('weekday', e.target.value)}
          >
            {WEEKDAY_SHORT.map((d, i) => (
              <option key={d} value={String(i + 1)}>
                {d}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Start" error={errors.start}>
          <input
            type="time"
            name="start"
            step={300}
            value={form.start}
            onChange={(e) => set('start', e.target.value)}
          />
        </Field>
        <Field label="End" error={errors.end} hint="00:00 means midnight">
          <input
            type="time"
            name="end"
            step={300}
            value={form.end}
            onChange={(e) => set('end', e.target.value)}
          />
        </Field>
      </FieldGroup>
    </SidePanel>
  );
}
