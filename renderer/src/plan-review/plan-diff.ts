import type { PlanDiff } from '../../../shared/api/channels/plans';
import type { Plan, PlanKpis } from '../../../shared/domain/plan';

/**
 * How a proposal is presented against the plan in force: KPI rows with their direction and
 * whether that direction is good, and one change entry per job (added, moved, removed,
 * unchanged) that the Gantt overlay and the review list both read.
 */

export type KpiKey = keyof PlanKpis;

interface KpiSpec {
  key: KpiKey;
  label: string;
  /** Which direction is an improvement. */
  better: 'up' | 'down';
  format: (v: number) => string;
  /** Differences smaller than this read as "no change". */
  epsilon: number;
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const hours = (v: number) => `${v.toFixed(1)} h`;
const int = (v: number) => String(Math.round(v));
const minutes = (v: number) => (v >= 120 ? `${(v / 60).toFixed(1)} h` : `${Math.round(v)} min`);

export const KPI_SPECS: readonly KpiSpec[] = [
  { key: 'partsPlanned', label: 'Parts planned', better: 'up', format: int, epsilon: 0.5 },
  { key: 'utilisation', label: 'Utilisation', better: 'up', format: pct, epsilon: 0.0005 },
  { key: 'tardinessHours', label: 'Tardiness', better: 'down', format: hours, epsilon: 0.05 },
  { key: 'lateParts', label: 'Late parts', better: 'down', format: int, epsilon: 0.5 },
  {
    key: 'operatorMinutes',
    label: 'Operator time',
    better: 'down',
    format: minutes,
    epsilon: 0.5,
  },
  { key: 'plateDensity', label: 'Plate density', better: 'up', format: pct, epsilon: 0.0005 },
  {
    key: 'waitingPlateHours',
    label: 'Plates waiting',
    better: 'down',
    format: hours,
    epsilon: 0.05,
  },
];

export interface KpiRow {
  key: KpiKey;
  label: string;
  before: string | null;
  after: string;
  /** Formatted signed difference, "" when unchanged or nothing to compare with. */
  delta: string;
  direction: 'up' | 'down' | 'same';
  /** null when there is nothing to compare with or nothing changed. */
  improved: boolean | null;
}

export function kpiRows(before: PlanKpis | null, after: PlanKpis | null): KpiRow[] {
  if (!after) return [];
  return KPI_SPECS.map((spec) => {
    const a = after[spec.key];
    const b = before ? before[spec.key] : null;
    if (b === null) {
      return {
        key: spec.key,
        label: spec.label,
        before: null,
        after: spec.format(a),
        delta: '',
        direction: 'same',
        improved: null,
      };
    }
    const d = a - b;
    const direction = Math.abs(d) < spec.epsilon ? 'same' : d > 0 ? 'up' : 'down';
    const sign = d > 0 ? '+' : '−';
    return {
      key: spec.key,
      label: spec.label,
      before: spec.format(b),
      after: spec.format(a),
      delta: direction === 'same' ? '' : `${sign}${spec.format(Math.abs(d))}`,
      direction,
      improved: direction === 'same' ? null : direction === spec.better,
    };
  });
}

export type ChangeKind = 'added' | 'moved' | 'removed' | 'unchanged';

export interface JobChange {
  kind: ChangeKind;
  /** The proposal's job id (for removed jobs: the current plan's). */
  jobId: string;
  printerId: string;
  startMs: number;
  endMs: number;
  parts: number;
  /** Where a moved job was, or where a removed job is now. */
  from: { jobId: string; printerId: string; startMs: number; endMs: number } | null;
}

const KIND_ORDER: Record<ChangeKind, number> = { added: 0, moved: 1, removed: 2, unchanged: 3 };

/** One entry per job of either plan; without a diff (no plan in force) every job is new. */
export function jobChanges(diff: PlanDiff | null, proposal: Pick<Plan, 'jobs'>): JobChange[] {
  const byId = new Map(proposal.jobs.map((j) => [j.id, j]));
  const ms = (iso: string) => Date.parse(iso);
  const out: JobChange[] = [];
  const fromProposal = (id: string, kind: ChangeKind, from: JobChange['from']) => {
    const j = byId.get(id);
    if (!j) return;
    out.push({
      kind,
      jobId: j.id,
      printerId: j.printerId,
      startMs: ms(j.start),
      endMs: ms(j.end),
      parts: j.placements.length,
      from,
    });
  };
  if (!diff) {
    for (const j of proposal.jobs) fromProposal(j.id, 'added', null);
  } else {
    for (const a of diff.added) fromProposal(a.jobId, 'added', null);
    for (const m of diff.moved) {
      fromProposal(m.to.jobId, 'moved', {
        jobId: m.from.jobId,
        printerId: m.from.printerId,
        startMs: ms(m.from.start),
        endMs: ms(m.from.end),
      });
    }
    for (const id of diff.unchanged) fromProposal(id, 'unchanged', null);
    for (const r of diff.removed) {
      out.push({
        kind: 'removed',
        jobId: r.jobId,
        printerId: r.printerId,
        startMs: ms(r.start),
        endMs: ms(r.end),
        parts: r.partIds.length,
        from: {
          jobId: r.jobId,
          printerId: r.printerId,
          startMs: ms(r.start),
          endMs: ms(r.end),
        },
      });
    }
  }
  return out.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.startMs - b.startMs);
}

export function changeCounts(changes: readonly JobChange[]): Record<ChangeKind, number> {
  const c: Record<ChangeKind, number> = { added: 0, moved: 0, removed: 0, unchanged: 0 };
  for (const ch of changes) c[ch.kind]++;
  return c;
}

/** The proposal jobs a technician can pick one by one: the ones that change something. */
export function selectableJobIds(changes: readonly JobChange[]): string[] {
  return changes.filter((c) => c.kind === 'added' || c.kind === 'moved').map((c) => c.jobId);
}

/**
 * The `jobIds` for "Accept selected": the picked changes plus every unchanged job (they are in
 * force already; leaving them out would drop them from the proposal).
 */
export function acceptIds(changes: readonly JobChange[], picked: ReadonlySet<string>): string[] {
  return changes
    .filter(
      (c) =>
        c.kind === 'unchanged' ||
        ((c.kind === 'added' || c.kind === 'moved') && picked.has(c.jobId)),
    )
    .map((c) => c.jobId);
}

/** "MK4 #1 → X1C, 2 h 15 min later" for a moved job. */
export function describeMove(change: JobChange, printerName: (id: string) => string): string {
  if (change.kind !== 'moved' || !change.from) return '';
  const parts: string[] = [];
  if (change.from.printerId !== change.printerId) {
    parts.push(`${printerName(change.from.printerId)} → ${printerName(change.printerId)}`);
  }
  const shift = Math.round((change.startMs - change.from.startMs) / 60_000);
  if (shift !== 0) parts.push(`${formatShift(Math.abs(shift))} ${shift > 0 ? 'later' : 'earlier'}`);
  return parts.join(', ') || 'same slot';
}

export function formatShift(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const out: string[] = [];
  if (d) out.push(`${d} d`);
  if (h) out.push(`${h} h`);
  if (m || out.length === 0) out.push(`${m} min`);
  return out.join(' ');
}

/** Why parts stayed in the queue, grouped and counted, most common first. */
export function groupUnplanned(
  unplanned: readonly { partId: string; reason: string }[],
): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const u of unplanned) counts.set(u.reason, (counts.get(u.reason) ?? 0) + 1);
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
