import { create } from 'zustand';
import type { SortDir, SortKey, StatusFilter } from './order-list';

/** How the technician looks at the queue; survives switching areas. */
interface QueueView {
  search: string;
  status: StatusFilter;
  sortKey: SortKey;
  sortDir: SortDir;
  setSearch: (search: string) => void;
  setStatus: (status: StatusFilter) => void;
  /** Clicking the sorted column again flips the direction. */
  sortBy: (key: SortKey) => void;
}

const DEFAULT_DIR: Record<SortKey, SortDir> = {
  due: 'asc',
  priority: 'desc',
  reference: 'asc',
  received: 'desc',
  status: 'asc',
};

export const useQueueView = create<QueueView>()((set, get) => ({
  search: '',
  status: 'active',
  sortKey: 'due',
  sortDir: 'asc',
  setSearch: (search) => set({ search }),
  setStatus: (status) => set({ status }),
  sortBy: (key) => {
    const { sortKey, sortDir } = get();
    if (key === sortKey) set({ sortDir: sortDir === 'asc' ? 'desc' : 'asc' });
    else set({ sortKey: key, sortDir: DEFAULT_DIR[key] });
  },
}));
