import { create } from 'zustand';
import type { PlanProposal, StrategyName } from '../../../shared/api/channels/plans';
import { ApiError } from '../../../shared/api/errors';
import type { Plan } from '../../../shared/domain/plan';
import { diffPlans } from '../../../shared/planning/replan';
import { history } from '../commands';
import { api, queryCache } from '../platform/api';
import { toApiError } from '../platform/query-cache';
import { toastError, useUi } from '../shell/ui-store';
import { acceptIds, jobChanges, selectableJobIds } from './plan-diff';

/**
 * The planning run and the proposal under review, shared by the Plan button, the review panel
 * and the Gantt overlay. Calls go straight to the contract (not useMutation) so a cancelled run
 * is not reported as an error.
 */

export interface PlanRun {
  taskId: string;
  strategy: StrategyName;
  seed: number;
  done: number;
  total: number;
  message: string | null;
  startedAt: number;
}

export interface ReviewState {
  run: PlanRun | null;
  proposal: PlanProposal | null;
  /** Which plan the Gantt draws while a proposal is open. */
  view: 'current' | 'proposal';
  /** Proposal jobs ticked for "Accept selected". */
  picked: ReadonlySet<string>;
  busy: 'accept' | 'discard' | null;
  strategy: StrategyName;
  seed: number;
  setStrategy: (s: StrategyName) => void;
  setSeed: (n: number) => void;
  propose: () => Promise<void>;
  cancel: () => Promise<void>;
  accept: (mode: 'all' | 'picked') => Promise<Plan | null>;
  discard: () => Promise<void>;
  setView: (v: 'current' | 'proposal') => void;
  togglePick: (jobId: string) => void;
  pickAll: (on: boolean) => void;
  /** Re-open a stored proposal (after a reload) against the plan in force. */
  restore: (proposal: Plan, current: Plan | null) => void;
}

let counter = 0;
function newTaskId(): string {
  counter += 1;
  const rnd = Math.random().toString(36).slice(2, 8);
  return `plan-${Date.now().toString(36)}-${counter}-${rnd}`;
}

const info = (message: string) => useUi.getState().pushToast('info', message);
const success = (message: string) => useUi.getState().pushToast('success', message);

export const STRATEGY_LABELS: Record<StrategyName, string> = {
  plateshift: 'PlateShift (MIP + nesting)',
  fcfs: 'First come, first served',
  olcq: 'Online continuous queue',
  ffdh: 'FFDH bed packing',
  'ffdh-ga': 'FFDH + genetic algorithm',
};

export const useReview = create<ReviewState>()((set, get) => ({
  run: null,
  proposal: null,
  view: 'proposal',
  picked: new Set(),
  busy: null,
  strategy: 'plateshift',
  seed: 1,
  setStrategy: (strategy) => set({ strategy }),
  setSeed: (seed) => set({ seed: Number.isFinite(seed) ? Math.max(0, Math.floor(seed)) : 1 }),

  propose: async () => {
    if (get().run) return;
    const { strategy, seed } = get();
    const taskId = newTaskId();
    set({
      run: { taskId, strategy, seed, done: 0, total: 0, message: null, startedAt: Date.now() },
    });
    const off = api.on('progress', (p) => {
      const run = get().run;
      if (p.taskId !== taskId || !run) return;
      set({ run: { ...run, done: p.done, total: p.total, message: p.message ?? run.message } });
    });
    try {
      const proposal = await api.call('plans.propose', { taskId, strategy, seed });
      const changes = jobChanges(proposal.diff, proposal.plan);
      set({
        proposal,
        view: 'proposal',
        picked: new Set(selectableJobIds(changes)),
      });
      queryCache.invalidate(['plans']);
    } catch (err) {
      const e = toApiError(err);
      if (e.code === 'cancelled') info('Planning was cancelled; the plan in force is unchanged.');
      else toastError(e.message, 'plans.propose');
    } finally {
      off();
      set({ run: null });
    }
  },

  cancel: async () => {
    const run = get().run;
    if (!run) return;
    try {
      await api.call('tasks.cancel', { taskId: run.taskId });
    } catch (err) {
      toastError(toApiError(err).message, 'tasks.cancel');
    }
  },

  accept: async (mode) => {
    const proposal = get().proposal;
    if (!proposal || get().busy) return null;
    const changes = jobChanges(proposal.diff, proposal.plan);
    const jobIds = mode === 'all' ? undefined : acceptIds(changes, get().picked);
    set({ busy: 'accept' });
    try {
      const plan = await api.call('plans.accept', {
        id: proposal.plan.id,
        ...(jobIds ? { jobIds } : {}),
      });
      // Edits recorded against the old plan no longer apply to the one now in force.
      history.clear();
      set({ proposal: null, picked: new Set(), view: 'proposal' });
      queryCache.invalidate(['plans', 'orders']);
      success(
        `Plan accepted: ${plan.jobs.length} ${plan.jobs.length === 1 ? 'job' : 'jobs'} in force.`,
      );
      return plan;
    } catch (err) {
      toastError(toApiError(err).message, 'plans.accept');
      return null;
    } finally {
      set({ busy: null });
    }
  },

  discard: async () => {
    const proposal = get().proposal;
    if (!proposal || get().busy) return;
    set({ busy: 'discard' });
    try {
      await api.call('plans.discard', { id: proposal.plan.id });
      set({ proposal: null, picked: new Set(), view: 'proposal' });
      queryCache.invalidate(['plans']);
      info('Proposal discarded; the plan in force is unchanged.');
    } catch (err) {
      const e = toApiError(err);
      // Someone else accepted or discarded it meanwhile: the proposal is gone either way.
      if (e instanceof ApiError && (e.code === 'conflict' || e.code === 'not_found')) {
        set({ proposal: null, picked: new Set() });
      }
      toastError(e.message, 'plans.discard');
    } finally {
      set({ busy: null });
    }
  },

  setView: (view) => set({ view }),
  togglePick: (jobId) => {
    const next = new Set(get().picked);
    if (next.has(jobId)) next.delete(jobId);
    else next.add(jobId);
    set({ picked: next });
  },
  pickAll: (on) => {
    const p = get().proposal;
    if (!p) return;
    set({ picked: new Set(on ? selectableJobIds(jobChanges(p.diff, p.plan)) : []) });
  },
  restore: (plan, current) => {
    if (get().proposal?.plan.id === plan.id) return;
    const diff = current ? diffPlans(current, plan) : null;
    const proposal: PlanProposal = { plan, diff, kpisBefore: current?.kpis ?? null };
    set({
      proposal,
      view: 'proposal',
      picked: new Set(selectableJobIds(jobChanges(diff, plan))),
    });
  },
}));
