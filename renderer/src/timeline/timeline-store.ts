import { create } from 'zustand';
import type { JobSlot } from '../commands/job-commands';
import type { Conflict } from './conflicts';

/**
 * View state of the Timeline that outlives the page (zoom and position are kept when the
 * technician visits a plate and comes back) and the transient interaction state (drag ghost,
 * hover card, context menu). The drag ghost lives in its own store so a pointer move only
 * re-renders the ghost, never the bars.
 */

export type PanelTab = 'job' | 'conflicts' | 'review';

interface TimelineState {
  /** null until the Gantt has measured itself and applied the default preset. */
  pxPerHour: number | null;
  /** The instant at the viewport's left edge, to restore the position on return. */
  leftMs: number | null;
  selected: readonly string[];
  /** The job keyboard focus should move to once its bar is drawn. */
  focusJobId: string | null;
  /** Moves sent to the host and not yet reflected by `plans.current` (drawn in place). */
  pending: Readonly<Record<string, JobSlot>>;
  tab: PanelTab;
  menu: { jobId: string; x: number; y: number } | null;
  hover: { jobId: string; x: number; y: number } | null;
  /** Why a bar cannot be dragged, shown briefly next to the pointer. */
  refusal: { message: string; x: number; y: number } | null;
  setZoom: (pxPerHour: number) => void;
  setLeftMs: (ms: number) => void;
  select: (ids: readonly string[]) => void;
  toggleSelected: (id: string) => void;
  focusJob: (id: string | null) => void;
  setPending: (jobId: string, slot: JobSlot | null) => void;
  setTab: (tab: PanelTab) => void;
  openMenu: (menu: TimelineState['menu']) => void;
  setHover: (hover: TimelineState['hover']) => void;
  refuse: (refusal: TimelineState['refusal']) => void;
}

export const useTimeline = create<TimelineState>()((set, get) => ({
  pxPerHour: null,
  leftMs: null,
  selected: [],
  focusJobId: null,
  pending: {},
  tab: 'job',
  menu: null,
  hover: null,
  refusal: null,
  setZoom: (pxPerHour) => set({ pxPerHour }),
  setLeftMs: (leftMs) => set({ leftMs }),
  select: (ids) => set({ selected: [...new Set(ids)] }),
  toggleSelected: (id) => {
    const s = get().selected;
    set({ selected: s.includes(id) ? s.filter((x) => x !== id) : [...s, id] });
  },
  focusJob: (focusJobId) => set({ focusJobId }),
  setPending: (jobId, slot) => {
    const next = { ...get().pending };
    if (slot) next[jobId] = slot;
    else delete next[jobId];
    set({ pending: next });
  },
  setTab: (tab) => set({ tab }),
  openMenu: (menu) => set({ menu, hover: null }),
  setHover: (hover) => set({ hover }),
  refuse: (refusal) => set({ refusal }),
}));

/** The job being dragged: where it would land and what would be wrong there. */
export interface DragGhost {
  jobId: string;
  printerId: string;
  startMs: number;
  endMs: number;
  conflicts: Conflict[];
  /** Where the pointer is (viewport px), for the reason label. */
  clientX: number;
  clientY: number;
}

export const useDrag = create<{ ghost: DragGhost | null }>()(() => ({ ghost: null }));
