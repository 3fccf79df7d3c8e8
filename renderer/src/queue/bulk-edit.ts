import type { Order, OrderStatus } from '../../../shared/domain/order';
import { formatDateTime } from '../lib/format';
import { localInputToIso } from '../lib/zoned-time';
import type { OrderInputValue } from './order-form';
import { ORDER_STATUSES } from './order-form';
import { applyOrderPatch, patchChangesNothing, type OrderPatch } from './order-patch';

/** The bulk-edit bar: each control either keeps the field or sets it on every selected order. */
export interface BulkForm {
  dueMode: 'keep' | 'set' | 'clear';
  /** datetime-local, wall-clock time in the site's zone; read when dueMode is 'set'. */
  dueAt: string;
  /** '' keeps; otherwise 0…10. */
  priority: string;
  /** '' keeps, 'none' means any profile, else a profile id. */
  profileId: string;
  /** '' keeps. */
  status: '' | OrderStatus;
}

export const EMPTY_BULK_FORM: BulkForm = {
  dueMode: 'keep',
  dueAt: '',
  priority: '',
  profileId: '',
  status: '',
};

export type BulkResult = { ok: true; patch: OrderPatch } | { ok: false; error: string };

export function bulkFormToPatch(form: BulkForm, timeZone: string): BulkResult {
  const patch: OrderPatch = {};
  if (form.dueMode === 'clear') patch.dueAt = null;
  if (form.dueMode === 'set') {
    const iso = form.dueAt.trim() ? localInputToIso(form.dueAt, timeZone) : null;
    if (iso === null) return { ok: false, error: 'Pick the new due date and time.' };
    patch.dueAt = iso;
  }
  if (form.priority !== '') {
    const p = Number(form.priority);
    if (!Number.isInteger(p) || p < 0 || p > 10) {
      return { ok: false, error: 'Priority must be a whole number from 0 to 10.' };
    }
    patch.priority = p;
  }
  if (form.profileId !== '') patch.profileId = form.profileId === 'none' ? null : form.profileId;
  if (form.status !== '') {
    if (!ORDER_STATUSES.includes(form.status)) return { ok: false, error: 'Unknown status.' };
    patch.status = form.status;
  }
  if (Object.keys(patch).length === 0) return { ok: false, error: 'Choose what to change first.' };
  return { ok: true, patch };
}

/** "due Tue 24 Nov, 10:00", "priority 8", "profile PLA 0.20 mm", "status done". */
export function describePatch(
  patch: OrderPatch,
  profiles: readonly { id: string; name: string }[],
  timeZone: string,
): string[] {
  const out: string[] = [];
  if (patch.dueAt !== undefined) {
    out.push(patch.dueAt === null ? 'no due date' : `due ${formatDateTime(patch.dueAt, timeZone)}`);
  }
  if (patch.priority !== undefined) out.push(`priority ${patch.priority}`);
  if (patch.profileId !== undefined) {
    out.push(
      patch.profileId === null
        ? 'any profile'
        : `profile ${profiles.find((p) => p.id === patch.profileId)?.name ?? 'unknown'}`,
    );
  }
  if (patch.status !== undefined) out.push(`status ${patch.status}`);
  return out;
}

export interface BulkPlan {
  inputs: OrderInputValue[];
  /** Selected orders the patch would not change (not saved). */
  unchanged: string[];
  /** Selected ids no longer in the list (deleted meanwhile). */
  missing: string[];
}

/** The saves a bulk edit needs, in list order, skipping orders it would not change. */
export function planBulkEdit(
  orders: readonly Order[],
  selectedIds: ReadonlySet<string>,
  patch: OrderPatch,
): BulkPlan {
  const plan: BulkPlan = { inputs: [], unchanged: [], missing: [] };
  const seen = new Set<string>();
  for (const o of orders) {
    if (!selectedIds.has(o.id)) continue;
    seen.add(o.id);
    if (patchChangesNothing(o, patch)) plan.unchanged.push(o.id);
    else plan.inputs.push(applyOrderPatch(o, patch));
  }
  for (const id of selectedIds) if (!seen.has(id)) plan.missing.push(id);
  return plan;
}
