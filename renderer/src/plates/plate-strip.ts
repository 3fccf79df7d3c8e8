import type { Job } from '../../../shared/domain/plan';

/** The plate strip: the plan's plates per printer, each printer's in time order. */

export interface PrinterPlates {
  printerId: string;
  printerName: string;
  jobs: Job[];
}

export function platesByPrinter(
  jobs: readonly Job[],
  printers: readonly { id: string; name: string }[],
): PrinterPlates[] {
  const order = new Map(printers.map((p, i) => [p.id, i]));
  const groups = new Map<string, PrinterPlates>();
  for (const j of jobs) {
    let g = groups.get(j.printerId);
    if (!g) {
      const name = printers.find((p) => p.id === j.printerId)?.name ?? 'Unknown printer';
      g = { printerId: j.printerId, printerName: name, jobs: [] };
      groups.set(j.printerId, g);
    }
    g.jobs.push(j);
  }
  for (const g of groups.values()) {
    g.jobs.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.id.localeCompare(b.id));
  }
  return [...groups.values()].sort(
    (a, b) =>
      (order.get(a.printerId) ?? Infinity) - (order.get(b.printerId) ?? Infinity) ||
      a.printerName.localeCompare(b.printerName),
  );
}

/** Jobs in strip order, for keyboard stepping (PageUp/PageDown) between plates. */
export function stripOrder(groups: readonly PrinterPlates[]): Job[] {
  return groups.flatMap((g) => g.jobs);
}

/** Plates of jobs in these states can no longer be re-arranged (the host refuses too). */
export const FROZEN_STATUSES: ReadonlySet<Job['status']> = new Set([
  'approved',
  'sent',
  'printing',
  'printed',
  'done',
]);

/** Why a plate is read-only, in words; null when it can be edited. */
export function readOnlyReason(job: Pick<Job, 'status'>): string | null {
  switch (job.status) {
    case 'approved':
      return 'This job is approved for sending, so its plate is read-only. Withdraw the approval in the Timeline to re-arrange it.';
    case 'sent':
    case 'printing':
      return `This job is ${job.status === 'sent' ? 'on its way to the printer' : 'printing'}; its plate can no longer change.`;
    case 'printed':
    case 'done':
      return 'This job has been printed; its plate is kept as a record and cannot change.';
    default:
      return null;
  }
}
