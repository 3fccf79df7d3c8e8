import { create } from 'zustand';
import type {
  PartFilter,
  ProfileFilter,
  SortDir,
  SortKey,
  StatusFilter,
  VerdictFilter,
} from './order-list';
import {
  clearSelection,
  EMPTY_SELECTION,
  moveFocus,
  pruneSelection,
  selectAll,
  selectRange,
  toggle,
  type FocusMove,
  type Selection,
} from './selection';

/** How the technician looks at the queue; survives switching areas. */
interface QueueView {
  search: string;
  status: StatusFilter;
  parts: PartFilter;
  verdict: VerdictFilter;
  profile: ProfileFilter;
  sortKey: SortKey;
  sortDir: SortDir;
  /** Orders whose lines are all shown (instead of the first few). */
  expanded: ReadonlySet<string>;
  selection: Selection;
  setSearch: (search: string) => void;
  setStatus: (status: StatusFilter) => void;
  setParts: (parts: PartFilter) => void;
  setVerdict: (verdict: VerdictFilter) => void;
  setProfile: (profile: ProfileFilter) => void;
  resetFilters: () => void;
  /** Clicking the sorted column again flips the direction. */
  sortBy: (key: SortKey) => void;
  toggleExpanded: (id: string) => void;
  toggleSelected: (id: string) => void;
  selectRangeTo: (id: string, visible: readonly string[]) => void;
  selectAllVisible: (visible: readonly string[]) => void;
  clearSelected: () => void;
  setFocus: (id: string | null) => void;
  moveFocus: (visible: readonly string[], move: FocusMove, extend: boolean) => void;
  pruneTo: (visible: readonly string[]) => void;
}

const DEFAULT_DIR: Record<SortKey, SortDir> = {
  due: 'asc',
  priority: 'desc',
  reference: 'asc',
  received: 'desc',
  status: 'asc',
  parts: 'desc',
  verdict: 'asc',
};

export const useQueueView = create<QueueView>()((set, get) => ({
  search: '',
  status: 'active',
  parts: 'any',
  verdict: 'any',
  profile: 'any',
  sortKey: 'due',
  sortDir: 'asc',
  expanded: new Set(),
  selection: EMPTY_SELECTION,
  setSearch: (search) => set({ search }),
  setStatus: (status) => set({ status }),
  setParts: (parts) => set({ parts }),
  setVerdict: (verdict) => set({ verdict }),
  setProfile: (profile) => set({ profile }),
  resetFilters: () =>
    set({ search: '', status: 'all', parts: 'any', verdict: 'any', profile: 'any' }),
  sortBy: (key) => {
    const { sortKey, sortDir } = get();
    if (key === sortKey) set({ sortDir: sortDir === 'asc' ? 'desc' : 'asc' });
    else set({ sortKey: key, sortDir: DEFAULT_DIR[key] });
  },
  toggleExpanded: (id) => {
    const expanded = new Set(get().expanded);
    if (expanded.has(id)) expanded.delete(id);
    else expanded.add(id);
    set({ expanded });
  },
  toggleSelected: (id) => set({ selection: toggle(get().selection, id) }),
  selectRangeTo: (id, visible) => set({ selection: selectRange(get().selection, id, visible) }),
  selectAllVisible: (visible) => set({ selection: selectAll(get().selection, visible) }),
  clearSelected: () => set({ selection: clearSelection(get().selection) }),
  setFocus: (id) => set({ selection: { ...get().selection, focus: id } }),
  moveFocus: (visible, move, extend) =>
    set({ selection: moveFocus(get().selection, visible, move, extend) }),
  pruneTo: (visible) => {
    const pruned = pruneSelection(get().selection, visible);
    if (pruned !== get().selection) set({ selection: pruned });
  },
}));
