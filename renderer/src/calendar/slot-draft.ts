import { create } from 'zustand';
import { fromEndTimeInput, parseTime } from './time-input';

/** The slot being edited, as typed, so the week grid can show it before it is saved. */
export interface SlotDraft {
  id?: string;
  operatorId: string;
  weekday: number;
  startMin: number;
  endMin: number;
}

export const useSlotDraft = create<{ draft: SlotDraft | null }>()(() => ({ draft: null }));

/** A draft from the form's text, or null while the times do not make a slot yet. */
export function draftOf(form: {
  id?: string;
  operatorId: string;
  weekday: string;
  start: string;
  end: string;
}): SlotDraft | null {
  const weekday = Number(form.weekday);
  const startMin = parseTime(form.start);
  const endMin = parseTime(fromEndTimeInput(form.end));
  if (!(weekday >= 1 && weekday <= 7) || startMin === null || endMin === null) return null;
  if (endMin <= startMin) return null;
  return { id: form.id, operatorId: form.operatorId, weekday, startMin, endMin };
}
