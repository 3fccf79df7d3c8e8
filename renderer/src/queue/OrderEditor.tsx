import { useState } from 'react';
import type { Model } from '../../../shared/domain/model';
import type { Order, OrderStatus } from '../../../shared/domain/order';
import type { Profile } from '../../../shared/domain/profile';
import { history, orderDeleteCommand, orderSaveCommand } from '../commands';
import { verdictLines } from '../intake/facts-format';
import { isoDateInZone } from '../lib/zoned-time';
import { reportApiError } from '../platform/api';
import { toApiError } from '../platform/query-cache';
import { toastSuccess } from '../shell/ui-store';
import { Badge } from '../ui/Badge';
import { confirmAction } from '../ui/confirm';
import { Field, FieldGroup } from '../ui/Field';
import { Icon } from '../ui/Icon';
import { SidePanel } from '../ui/SidePanel';
import { useForm } from '../ui/use-form';
import {
  emptyLine,
  emptyOrderForm,
  formToOrderInput,
  ORDER_STATUSES,
  orderToForm,
  suggestReference,
  type OrderErrors,
  type OrderForm,
  type OrderLineForm,
} from './order-form';
import { lineStatusCounts } from './order-list';
import type { OrderSavePayload } from './order-undo';
import { PartStatusBar } from './OrderTable';

const VERDICT_TONE = { ok: 'success', warning: 'warning', error: 'danger' } as const;

export function OrderEditor({
  order,
  allOrders,
  models,
  profiles,
  timeZone,
  onClose,
}: {
  order: Order | null;
  allOrders: Order[];
  models: Model[];
  profiles: Profile[];
  timeZone: string;
  onClose: () => void;
}) {
  const { form, set, setErrors, errors } = useForm<OrderForm, string>(() =>
    order
      ? orderToForm(order, timeZone)
      : emptyOrderForm(
          suggestReference(
            allOrders.map((o) => o.reference),
            isoDateInZone(Date.now(), timeZone),
          ),
        ),
  );
  const fieldErrors = errors as OrderErrors;
  const [saving, setSaving] = useState(false);
  const usable = models.filter((m) => m.status !== 'rejected');

  // Lines the order had when the editor opened: any other stored line was added meanwhile (a
  // drop still uploading into this order) and is kept on save.
  const [openedLineIds] = useState(() => new Set(order?.lines.map((l) => l.id) ?? []));
  const submit = async () => {
    const result = formToOrderInput(form, timeZone);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    const value = result.value;
    const payload: OrderSavePayload = {
      id: value.id ?? null,
      before: null,
      after: null,
      input: value,
      // Lines stored now but not when the editor opened (a drop still uploading into this
      // order) are kept on save; the command reads the order fresh to find them.
      known: [...openedLineIds],
    };
    setSaving(true);
    try {
      await history.execute(
        orderSaveCommand(payload, `${order ? 'Edit' : 'Create'} order ${value.reference}`),
      );
      toastSuccess(`Order ${payload.after?.reference ?? value.reference} saved.`);
      onClose();
    } catch (err) {
      reportApiError(toApiError(err), 'orders.save');
    } finally {
      setSaving(false);
    }
  };
  const del = async () => {
    if (!order) return;
    const parts = order.lines.reduce((n, l) => n + l.quantity, 0);
    const ok = await confirmAction({
      title: `Delete order ${order.reference}?`,
      message: `Its ${order.lines.length} line(s) and ${parts} part(s) leave the queue and any plan. Undo (Ctrl+Z) brings the order back to the queue; the audit log keeps a record.`,
    });
    if (!ok) return;
    try {
      await history.execute(
        orderDeleteCommand({ id: order.id, order: null }, `Delete order ${order.reference}`),
      );
      toastSuccess(`Order ${order.reference} deleted.`);
      onClose();
    } catch (err) {
      reportApiError(toApiError(err), 'orders.delete');
    }
  };

  const setLine = (key: string, patch: Partial<OrderLineForm>) => {
    set(
      'lines',
      form.lines.map((l) => (l.key === key ? { ...l, ...patch } : l)),
    );
    setErrors({});
  };
  const stored = new Map(order?.lines.map((l) => [l.id, l]) ?? []);

  return (
    <SidePanel
      title={order ? `Order ${order.reference}` : 'New order'}
      subtitle={
        order ? `Received ${order.receivedAt.slice(0, 10)}` : 'Who needs what, how many, by when.'
      }
      onClose={onClose}
      onSubmit={() => void submit()}
      testId="order-editor"
      footer={
        <>
          {order ? (
            <button
              type="button"
              className="btn btn--danger-ghost"
              data-testid="order-delete"
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
            data-testid="order-save"
            disabled={saving}
          >
            {saving ? 'Saving…' : 'Save order'}
          </button>
        </>
      }
    >
      <FieldGroup title="Order">
        <Field label="Reference" error={fieldErrors.reference}>
          <input
            name="reference"
            value={form.reference}
            autoComplete="off"
            onChange={(e) => set('reference', e.target.value)}
          />
        </Field>
        <Field label="Requester" error={fieldErrors.requester}>
          <input
            name="requester"
            value={form.requester}
            placeholder="Name or group"
            onChange={(e) => set('requester', e.target.value)}
          />
        </Field>
        <Field label="Due" error={fieldErrors.dueAt} hint={`Local time, ${timeZone}`}>
          <input
            type="datetime-local"
            name="dueAt"
            value={form.dueAt}
            onChange={(e) => set('dueAt', e.target.value)}
          />
        </Field>
        <Field label="Priority (0–10)" error={fieldErrors.priority} hint="Higher goes first">
          <input
            type="number"
            name="priority"
            min={0}
            max={10}
            step={1}
            value={form.priority}
            onChange={(e) => set('priority', e.target.value)}
          />
        </Field>
        <Field label="Status">
          <select
            name="status"
            value={form.status}
            onChange={(e) => set('status', e.target.value as OrderStatus)}
          >
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Notes" error={fieldErrors.notes} wide>
          <textarea
            name="notes"
            rows={2}
            value={form.notes}
            onChange={(e) => set('notes', e.target.value)}
          />
        </Field>
      </FieldGroup>

      <fieldset className="field-group">
        <legend>Lines ({form.lines.length})</legend>
        {usable.length === 0 ? (
          <p className="notice">
            No models in the workspace yet. Drop STL/3MF/OBJ files on the queue first; each becomes
            a model you can order here.
          </p>
        ) : null}
        {form.lines.length === 0 && usable.length > 0 ? (
          <p className="muted small">No lines yet. Add one per model and quantity.</p>
        ) : null}
        <div className="line-list">
          {form.lines.map((l, i) => {
            const model = models.find((m) => m.id === l.modelId);
            const storedLine = l.id ? stored.get(l.id) : undefined;
            return (
              <div className="line-editor" key={l.key} data-testid="order-line">
                <div className="line-editor__row">
                  <Field label="Model" error={fieldErrors[`lines.${i}.modelId`]} wide>
                    <select
                      name="modelId"
                      value={l.modelId}
                      onChange={(e) => setLine(l.key, { modelId: e.target.value })}
                    >
                      <option value="">Choose a model…</option>
                      {usable.map((m) => (
                        <option key={m.id} value={m.id}>
                          {m.name}
                          {m.verdict && m.verdict.level !== 'ok' ? ` (${m.verdict.level})` : ''}
                        </option>
                      ))}
                      {l.modelId && !usable.some((m) => m.id === l.modelId) ? (
                        <option value={l.modelId}>{model?.name ?? 'Unavailable model'}</option>
                      ) : null}
                    </select>
                  </Field>
                  <Field label="Qty" error={fieldErrors[`lines.${i}.quantity`]}>
                    <input
                      type="number"
                      name="quantity"
                      min={1}
                      max={10000}
                      value={l.quantity}
                      onChange={(e) => setLine(l.key, { quantity: e.target.value })}
                    />
                  </Field>
                  <button
                    type="button"
                    className="icon-btn icon-btn--small line-editor__remove"
                    data-testid="order-line-remove"
                    aria-label={`Remove line ${i + 1}`}
                    onClick={() =>
                      set(
                        'lines',
                        form.lines.filter((x) => x.key !== l.key),
                      )
                    }
                  >
                    <Icon name="close" size={14} />
                  </button>
                </div>
                <div className="line-editor__row">
                  <Field label="Profile" wide>
                    <select
                      name="profileId"
                      value={l.profileId}
                      onChange={(e) => setLine(l.key, { profileId: e.target.value })}
                    >
                      <option value="">Any profile</option>
                      {profiles.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.name}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <Field label="Material">
                    <input
                      name="material"
                      value={l.material}
                      placeholder="from profile"
                      onChange={(e) => setLine(l.key, { material: e.target.value })}
                    />
                  </Field>
                  <Field label="Colour">
                    <input
                      name="color"
                      value={l.color}
                      placeholder="any"
                      onChange={(e) => setLine(l.key, { color: e.target.value })}
                    />
                  </Field>
                </div>
                {model?.verdict && model.verdict.level !== 'ok' ? (
                  <div className="line-editor__verdict">
                    <Badge tone={VERDICT_TONE[model.verdict.level]}>{model.verdict.level}</Badge>{' '}
                    <span className="small">{verdictLines(model.verdict)[0]?.text}</span>
                  </div>
                ) : null}
                {storedLine && storedLine.parts.length ? (
                  <div className="line-editor__parts">
                    <span className="muted small">Parts</span>
                    <PartStatusBar counts={lineStatusCounts(storedLine)} />
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
        {fieldErrors.lines ? <span className="field__error">{fieldErrors.lines}</span> : null}
        <button
          type="button"
          className="btn btn--small"
          data-testid="order-line-add"
          disabled={usable.length === 0}
          onClick={() =>
            set('lines', [...form.lines, emptyLine(usable.length === 1 ? usable[0]?.id : '')])
          }
        >
          <Icon name="plus" size={14} /> Add line
        </button>
      </fieldset>
    </SidePanel>
  );
}
