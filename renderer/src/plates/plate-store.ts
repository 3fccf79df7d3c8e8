import { create } from 'zustand';
import type { Placement } from '../../../shared/domain/plan';
import {
  createDragValidator,
  sameProblems,
  severityByPart,
  validatePlacements,
  type PlateContext,
  type PlateProblem,
  type ProblemSeverity,
} from './plate-validation';

/**
 * The Plates view's editing state. The 3D layer follows it through `subscribe` (no React
 * re-render per pointer move); React panels select the few slices they show.
 */

export type PlateView = 'perspective' | 'top';

/** Which parts are on the plate, per model, in instance order. Replaced only when that changes. */
export interface PartLayout {
  key: string;
  groups: { modelId: string; partIds: string[] }[];
}

export interface DragState {
  movingIds: ReadonlySet<string>;
  /** Cursor position over the bed (mm), for the readout. */
  at: { x: number; y: number } | null;
}

interface PlateEditorState {
  jobId: string | null;
  /** What the host holds. */
  base: Placement[];
  /** What the view shows while dragging, or until the host confirms an edit. */
  draft: Placement[] | null;
  layout: PartLayout;
  selection: ReadonlySet<string>;
  problems: PlateProblem[];
  severity: ReadonlyMap<string, ProblemSeverity>;
  drag: DragState | null;
  view: PlateView;
  /** Bumped to ask the camera rig for the default view. */
  resetToken: number;
  ctx: PlateContext | null;
}

const EMPTY_LAYOUT: PartLayout = { key: '', groups: [] };

export function layoutOf(placements: readonly Placement[]): PartLayout {
  const groups = new Map<string, string[]>();
  for (const p of placements) {
    const g = groups.get(p.modelId);
    if (g) g.push(p.partId);
    else groups.set(p.modelId, [p.partId]);
  }
  const list = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([modelId, partIds]) => ({ modelId, partIds: partIds.sort() }));
  return { key: list.map((g) => `${g.modelId}:${g.partIds.join(',')}`).join(';'), groups: list };
}

export const usePlateStore = create<PlateEditorState>()(() => ({
  jobId: null,
  base: [],
  draft: null,
  layout: EMPTY_LAYOUT,
  selection: new Set<string>(),
  problems: [],
  severity: new Map(),
  drag: null,
  view: 'perspective',
  resetToken: 0,
  ctx: null,
}));

export const shownPlacements = (s: Pick<PlateEditorState, 'draft' | 'base'>): Placement[] =>
  s.draft ?? s.base;

const indexes = new WeakMap<readonly Placement[], Map<string, Placement>>();

/** partId → placement for a placement list, built once per list (lists are never mutated). */
export function placementIndex(placements: readonly Placement[]): Map<string, Placement> {
  let index = indexes.get(placements);
  if (!index) {
    index = new Map(placements.map((p) => [p.partId, p]));
    indexes.set(placements, index);
  }
  return index;
}

function withProblems(problems: PlateProblem[], previous: PlateEditorState) {
  if (sameProblems(problems, previous.problems)) return {};
  return { problems, severity: severityByPart(problems) };
}

function withLayout(placements: readonly Placement[], previous: PlateEditorState) {
  const layout = layoutOf(placements);
  return layout.key === previous.layout.key ? {} : { layout };
}

let dragCheck: ((now: readonly Placement[]) => PlateProblem[]) | null = null;

export const plateActions = {
  /** The host's placements for the open plate (also after every refetch). */
  setBase(jobId: string | null, base: Placement[], ctx: PlateContext | null): void {
    const s = usePlateStore.getState();
    const sameJob = s.jobId === jobId;
    const problems = ctx ? validatePlacements(base, ctx) : [];
    const keep = sameJob ? s.selection : new Set<string>();
    const present = new Set(base.map((p) => p.partId));
    const selection = [...keep].every((id) => present.has(id))
      ? keep
      : new Set([...keep].filter((id) => present.has(id)));
    // A pending edit shows until the host's answer arrives; the answer replaces it.
    usePlateStore.setState({
      jobId,
      base,
      draft: sameJob && s.drag ? s.draft : null,
      ctx,
      selection,
      ...withLayout(sameJob && s.drag && s.draft ? s.draft : base, s),
      ...withProblems(problems, s),
      ...(sameJob ? {} : { drag: null }),
    });
    if (!sameJob) dragCheck = null;
  },

  select(ids: Iterable<string>, mode: 'replace' | 'toggle' | 'add' = 'replace'): void {
    const s = usePlateStore.getState();
    const next = mode === 'replace' ? new Set<string>() : new Set(s.selection);
    for (const id of ids) {
      if (mode === 'toggle' && next.has(id)) next.delete(id);
      else next.add(id);
    }
    if (next.size === s.selection.size && [...next].every((id) => s.selection.has(id))) return;
    usePlateStore.setState({ selection: next });
  },

  clearSelection(): void {
    if (usePlateStore.getState().selection.size > 0)
      usePlateStore.setState({ selection: new Set() });
  },

  beginDrag(movingIds: ReadonlySet<string>): void {
    const s = usePlateStore.getState();
    dragCheck = s.ctx ? createDragValidator(shownPlacements(s), movingIds, s.ctx) : null;
    usePlateStore.setState({ drag: { movingIds, at: null } });
  },

  /** Live placements while dragging (or after a keyboard edit, until the host answers). */
  showDraft(placements: Placement[], at: { x: number; y: number } | null = null): void {
    const s = usePlateStore.getState();
    const problems = dragCheck
      ? dragCheck(placements)
      : s.ctx
        ? validatePlacements(placements, s.ctx)
        : [];
    usePlateStore.setState({
      draft: placements,
      // A drag moves parts; it never changes which parts are on the plate.
      ...(s.drag ? {} : withLayout(placements, s)),
      ...withProblems(problems, s),
      ...(s.drag ? { drag: { ...s.drag, at } } : {}),
    });
  },

  endDrag(): void {
    dragCheck = null;
    usePlateStore.setState({ drag: null });
  },

  /** Back to what the host holds (a cancelled drag, a refused edit). */
  revert(): void {
    dragCheck = null;
    const s = usePlateStore.getState();
    const problems = s.ctx ? validatePlacements(s.base, s.ctx) : [];
    usePlateStore.setState({
      draft: null,
      drag: null,
      ...withLayout(s.base, s),
      ...withProblems(problems, s),
    });
  },

  setView(view: PlateView): void {
    usePlateStore.setState({ view });
  },

  resetView(): void {
    usePlateStore.setState({ resetToken: usePlateStore.getState().resetToken + 1 });
  },
};
