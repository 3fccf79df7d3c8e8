import { timeOfDayToMinutes } from '../../../shared/domain/common';
import type { Operator, OperatorSlot } from '../../../shared/domain/calendar';

export const DAY_MINUTES = 24 * 60;

export interface SlotBlock {
  slot: OperatorSlot;
  startMin: number;
  endMin: number;
  /** Side-by-side column within its group of overlapping slots. */
  lane: number;
  lanes: number;
  /** Another slot of the same operator overlaps this one (a data mistake worth flagging). */
  clash: boolean;
}

/**
 * Lay out one day's slots like a calendar app: slots that overlap in time share the width,
 * the others get all of it. Greedy lane assignment in start order; each group of transitively
 * overlapping slots is as wide as the lanes it needed.
 */
export function layoutDay(slots: readonly OperatorSlot[]): SlotBlock[] {
  const sorted = slots
    .map((slot) => ({
      slot,
      startMin: timeOfDayToMinutes(slot.start),
      endMin: timeOfDayToMinutes(slot.end),
    }))
    .sort((a, b) => a.startMin - b.startMin || b.endMin - a.endMin || cmp(a.slot.id, b.slot.id));
  const out: SlotBlock[] = [];
  let group: SlotBlock[] = [];
  let laneEnds: number[] = [];
  let groupEnd = -1;
  const flush = () => {
    for (const b of group) b.lanes = laneEnds.length;
    out.push(...group);
    group = [];
    laneEnds = [];
  };
  for (const s of sorted) {
    if (group.length && s.startMin >= groupEnd) flush();
    let lane = laneEnds.findIndex((end) => end <= s.startMin);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(s.endMin);
    } else laneEnds[lane] = s.endMin;
    groupEnd = group.length ? Math.max(groupEnd, s.endMin) : s.endMin;
    group.push({ ...s, lane, lanes: 1, clash: false });
  }
  flush();
  for (const a of out) {
    a.clash = out.some(
      (b) =>
        b !== a &&
        b.slot.operatorId === a.slot.operatorId &&
        b.startMin < a.endMin &&
        a.startMin < b.endMin,
    );
  }
  return out;
}

/** Blocks per ISO weekday (index 0 = Monday). */
export function layoutWeek(slots: readonly OperatorSlot[]): SlotBlock[][] {
  return [1, 2, 3, 4, 5, 6, 7].map((d) => layoutDay(slots.filter((s) => s.weekday === d)));
}

/** Weekly minutes on shift per operator id. */
export function weeklyMinutes(slots: readonly OperatorSlot[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of slots) {
    const m = timeOfDayToMinutes(s.end) - timeOfDayToMinutes(s.start);
    out.set(s.operatorId, (out.get(s.operatorId) ?? 0) + m);
  }
  return out;
}

/** Stable colour slot per operator: index in the operators list (wraps around the palette). */
export function operatorColorIndex(operators: readonly Operator[], id: string, paletteSize = 8) {
  const i = operators.findIndex((o) => o.id === id);
  return i < 0 ? 0 : i % paletteSize;
}

/** Where a click at `fraction` (0…1) of the day column lands, snapped to `snap` minutes. */
export function minutesAt(fraction: number, snap = 30): number {
  const m = Math.floor((Math.max(0, Math.min(1, fraction)) * DAY_MINUTES) / snap) * snap;
  return Math.min(DAY_MINUTES - snap, m);
}

export function sortSlots(slots: readonly OperatorSlot[], operators: readonly Operator[]) {
  const name = new Map(operators.map((o) => [o.id, o.name]));
  return [...slots].sort(
    (a, b) =>
      a.weekday - b.weekday ||
      timeOfDayToMinutes(a.start) - timeOfDayToMinutes(b.start) ||
      cmp(name.get(a.operatorId) ?? '', name.get(b.operatorId) ?? ''),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
