import { useState } from 'react';
import type { Order } from '../../../shared/domain/order';
import type { Profile } from '../../../shared/domain/profile';
import { intake } from '../intake/intake-store';
import { plural } from '../lib/format';
import { history, orderBulkCommand } from '../commands';
import { api, reportApiError } from '../platform/api';
import { toApiError } from '../platform/query-cache';
import { toastSuccess, useUi } from '../shell/ui-store';
import { Icon } from '../ui/Icon';
import {
  bulkFormToPatch,
  describePatch,
  EMPTY_BULK_FORM,
  planBulkEdit,
  type BulkForm,
} from './bulk-edit';
import { ORDER_STATUSES } from './order-form';

const PRIORITIES = Array.from({ length: 11 }, (_, i) => 10 - i);

/**
 * Bulk edit for the selected orders. Each control keeps the field unless set; "Apply" saves
 * every selected order the change affects, reading each fresh first so nothing else is lost,
 * as one step on the shared history (Ctrl+Z puts every order back).
 */
export function BulkBar({
  selectedIds,
  profiles,
  timeZone,
  onClear,
}: {
  selectedIds: ReadonlySet<string>;
  profiles: Profile[];
  timeZone: string;
  onClear: () => void;
}) {
  const [form, setForm] = useState<BulkForm>(EMPTY_BULK_FORM);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof BulkForm>(key: K, value: BulkForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setError(null);
  };

  const apply = async () => {
    const result = bulkFormToPatch(form, timeZone);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setBusy(true);
    try {
      const { plan, fresh, failures } = await intake.withOrderWrites(async () => {
        const fresh: Order[] = [];
        const failures: string[] = [];
        for (const id of selectedIds) {
          try {
            fresh.push(await api.call('orders.get', { id }));
          } catch (err) {
            failures.push(toApiError(err).message);
          }
        }
        return { plan: planBulkEdit(fresh, selectedIds, result.patch), fresh, failures };
      });
      const what = describePatch(result.patch, profiles, timeZone).join(', ');
      const unchanged = plan.unchanged.length;
      let saved = 0;
      if (plan.inputs.length > 0) {
        const linesOf = new Map(fresh.map((o) => [o.id, o.lines.map((l) => l.id)]));
        const command = orderBulkCommand(
          {
            saves: plan.inputs.map((input) => ({
              id: input.id ?? null,
              before: null,
              after: null,
              input,
              known: linesOf.get(input.id ?? '') ?? [],
            })),
          },
          `Change ${plural(plan.inputs.length, 'order')}: ${what}`,
        );
        try {
          await history.execute(command);
        } catch (err) {
          // Every save was refused: the messages are in the outcome.
          if (command.outcome.failures.length === 0) reportApiError(toApiError(err), 'bulk edit');
        }
        saved = command.outcome.saved;
        failures.push(...command.outcome.failures);
      }
      if (saved > 0 || unchanged > 0) {
        toastSuccess(
          `${plural(saved, 'order')} updated: ${what}.${unchanged ? ` ${unchanged} already had it.` : ''}`,
        );
      }
      if (failures.length) {
        useUi
          .getState()
          .pushToast(
            'error',
            `${plural(failures.length, 'order')} could not be changed. ${failures[0] ?? ''}`,
            'bulk edit',
          );
      }
      setForm(EMPTY_BULK_FORM);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="bulk-bar"
      data-testid="bulk-bar"
      aria-label="Change the selected orders"
      onSubmit={(e) => {
        e.preventDefault();
        void apply();
      }}
    >
      <span className="bulk-bar__count" data-testid="bulk-count">
        <strong>{selectedIds.size}</strong> selected
      </span>
      <span className="bulk-bar__sep" />
      <label className="inline-field">
        <span>Due</span>
        <select
          name="bulkDueMode"
          data-testid="bulk-due-mode"
          value={form.dueMode}
          onChange={(e) => set('dueMode', e.target.value as BulkForm['dueMode'])}
        >
          <option value="keep">keep</option>
          <option value="set">set to…</option>
          <option value="clear">remove</option>
        </select>
        {form.dueMode === 'set' ? (
          <input
            type="datetime-local"
            name="bulkDueAt"
            data-testid="bulk-due"
            value={form.dueAt}
            onChange={(e) => set('dueAt', e.target.value)}
          />
        ) : null}
      </label>
      <label className="inline-field">
        <span>Priority</span>
        <select
          name="bulkPriority"
          data-testid="bulk-priority"
          value={form.priority}
          onChange={(e) => set('priority', e.target.value)}
        >
          <option value="">keep</option>
          {PRIORITIES.map((p) => (
            <option key={p} value={String(p)}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>Profile</span>
        <select
          name="bulkProfile"
          data-testid="bulk-profile"
          value={form.profileId}
          onChange={(e) => set('profileId', e.target.value)}
        >
          <option value="">keep</option>
          <option value="none">any profile</option>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>Status</span>
        <select
          name="bulkStatus"
          data-testid="bulk-status"
          value={form.status}
          onChange={(e) => set('status', e.target.value as BulkForm['status'])}
        >
          <option value="">keep</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        className="btn btn--primary btn--small"
        data-testid="bulk-apply"
        disabled={busy}
      >
        {busy ? 'Saving…' : `Apply to ${plural(selectedIds.size, 'order')}`}
      </button>
      {error ? (
        <span className="danger-text small" role="alert">
          {error}
        </span>
      ) : null}
      <span className="spacer" />
      <button
        type="button"
        className="btn btn--ghost btn--small"
        data-testid="bulk-clear"
        onClick={onClear}
      >
        <Icon name="close" size={13} /> Clear selection
      </button>
    </form>
  );
}
