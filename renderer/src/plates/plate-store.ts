import { create } from 'zustand';
import type { Placement } from '../../../shared/domain/plan';
import { cachedCheck, checkPlate } from './plate-check';
import { samePlacements } from './plate-edit';
import {
  createIncrementalCheck,
  sameProblems,
  severityByPart,
  validatePlacements,
  wordProblems,
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
  /** Problems of `base`; null while a whole-plate check is running. */
  baseProblems: PlateProblem[] | null;
  /** What the view shows while dragging, or until the host confirms an edit. */
  draft: Placement[] | null;
  layout: PartLayout;
  selection: ReadonlySet<string>;
  /** Problems of what is shown. */
  problems: PlateProblem[];
  severity: ReadonlyMap<string, ProblemSeverity>;
  /** A whole-plate check is running (the problem list may be incomplete). */
  checking: boolean;
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
  baseProblems: [],
  draft: null,
  layout: EMPTY_LAYOUT,
  selection: new Set<string>(),
  problems: [],
  severity: new Map(),
  checking: false,
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

function sameSeverity(
  a: ReadonlyMap<string, ProblemSeverity>,
  b: ReadonlyMap<string, ProblemSeverity>,
): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function withProblems(problems: PlateProblem[], previous: PlateEditorState) {
  if (sameProblems(problems, previous.problems)) return {};
  // A drag changes overlap areas (the wording) far more often than which parts are red: keep
  // the severity map's identity then, so the 3D layer does not repaint every instance.
  const severity = severityByPart(problems);
  return sameSeverity(severity, previous.severity) ? { problems } : { problems, severity };
}

function withLayout(placements: readonly Placement[], previous: PlateEditorState) {
  const layout = layoutOf(placements);
  return layout.key === previous.layout.key ? {} : { layout };
}

let dragCheck: ((now: readonly Placement[]) => PlateProblem[]) | null = null;

/** The problems of what is shown before an edit, for incremental checks. */
function currentProblems(s: PlateEditorState): PlateProblem[] | null {
  if (s.draft) return s.problems;
  return s.baseProblems;
}

export const plateActions = {
  /** The host's placements for the open plate (also after every refetch). */
  setBase(jobId: string | null, base: Placement[], ctx: PlateContext | null): void {
    const s = usePlateStore.getState();
    const sameJob = s.jobId === jobId;
    const keep = sameJob ? s.selection : new Set<string>();
    const present = new Set(base.map((p) => p.partId));
    const selection = [...keep].every((id) => present.has(id))
      ? keep
      : new Set([...keep].filter((id) => present.has(id)));
    const dragging = sameJob && s.drag !== null;
    // Known verdicts first: the edit the view predicted (the host stored exactly that), or a
    // cached check of the same arrangement (undo, redo, switching plates back and forth).
    let baseProblems: PlateProblem[] | null = null;
    if (ctx) {
      if (sameJob && !dragging && s.draft && samePlacements(s.draft, base)) {
        baseProblems = s.problems;
      } else {
        const raw = cachedCheck(base, ctx);
        if (raw) baseProblems = wordProblems(raw, ctx);
      }
    } else {
      baseProblems = [];
    }
    const shown = dragging && s.draft ? s.draft : base;
    usePlateStore.setState({
      jobId,
      base,
      baseProblems,
      draft: dragging ? s.draft : null,
      ctx,
      selection,
      checking: baseProblems === null,
      ...withLayout(shown, s),
      ...(dragging ? {} : withProblems(baseProblems ?? [], s)),
      ...(sameJob ? {} : { drag: null }),
    });
    if (!sameJob) dragCheck = null;
    if (baseProblems === null && ctx) {
      void checkPlate(base, ctx).then((raw) => {
        const now = usePlateStore.getState();
        if (now.base !== base || now.ctx !== ctx) return;
        const problems = wordProblems(raw, ctx);
        usePlateStore.setState({
          baseProblems: problems,
          checking: false,
          ...(now.draft ? {} : withProblems(problems, now)),
        });
      });
    }
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
    if (usePlateStore.getState().selection.size > 0) {
      usePlateStore.setState({ selection: new Set() });
    }
  },

  beginDrag(movingIds: ReadonlySet<string>): void {
    const s = usePlateStore.getState();
    const before = currentProblems(s);
    dragCheck =
      s.ctx && before ? createIncrementalCheck(shownPlacements(s), before, movingIds, s.ctx) : null;
    usePlateStore.setState({ drag: { movingIds, at: null } });
  },

  /**
   * Show an arrangement before the host has it: each pointer move of a drag, or a keyboard or
   * button edit of `changedIds` (checked incrementally from the problems before the edit).
   */
  showDraft(
    placements: Placement[],
    at: { x: number; y: number } | null = null,
    changedIds?: ReadonlySet<string>,
  ): void {
    const s = usePlateStore.getState();
    let problems: PlateProblem[];
    if (dragCheck && s.drag) {
      problems = dragCheck(placements);
    } else if (s.ctx && changedIds) {
      const before = currentProblems(s);
      problems = before
        ? createIncrementalCheck(shownPlacements(s), before, changedIds, s.ctx)(placements)
        : validatePlacements(placements, s.ctx);
    } else {
      problems = s.ctx ? validatePlacements(placements, s.ctx) : [];
    }
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
    usePlateStore.setState({
      draft: null,
      drag: null,
      ...withLayout(s.base, s),
      ...withProblems(s.baseProblems ?? [], s),
    });
  },

  setView(view: PlateView): void {
    usePlateStore.setState({ view });
  },

  resetView(): void {
    usePlateStore.setState({ resetToken: usePlateStore.getState().resetToken + 1 });
  },
};
