import { useCallback, useDeferredValue, useEffect, useMemo, useRef } from 'react';
import type { Operator } from '../../../shared/domain/calendar';
import type { Job } from '../../../shared/domain/plan';
import {
  approveJobCommand,
  batchCommand,
  type Command,
  history,
  lockJobCommand,
  moveJobCommand,
  slotOf,
} from '../commands';
import { plural } from '../lib/format';
import { api } from '../platform/api';
import { useQuery } from '../platform/hooks';
import { toApiError } from '../platform/query-cache';
import { PlanControls } from '../plan-review/PlanControls';
import { jobChanges, type JobChange } from '../plan-review/plan-diff';
import { ReviewPanel } from '../plan-review/ReviewPanel';
import { useReview } from '../plan-review/review-store';
import { type Route } from '../shell/routes';
import { toastError } from '../shell/ui-store';
import { navigate } from '../shell/use-route';
import { confirmAction } from '../ui/confirm';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { type Conflict, type ConflictChecker, createConflictChecker, hasError } from './conflicts';
import { ConflictsPanel } from './ConflictsPanel';
import { Gantt, type GanttHandle } from './Gantt';
import { formatShort } from './gantt-axis';
import { buildGanttModel, closedDates, shiftsOf, withSlot } from './gantt-model';
import { JobPanel } from './JobPanel';
import type { JobAction } from './job-rules';
import { HoverCard, JobMenu, RefusalNote } from './Overlays';
import { type PanelTab, useTimeline } from './timeline-store';
import { memoLast } from './memo-last';
import { TimelineToolbar } from './TimelineToolbar';
import { useContentRange, useNow, useTimelineData } from './use-timeline-data';
import './timeline.css';

const EMPTY_JOBS: readonly Job[] = [];
const NO_OPERATORS: readonly Operator[] = [];

// Built once per data change, not once per visit: the query cache keeps unchanged data the
// same objects, so entering the view again finds its geometry ready (see memo-last.ts).
const ganttModelOf = memoLast(buildGanttModel);
const shiftsFor = memoLast(shiftsOf);
const closedFor = memoLast(closedDates);
// Two: the empty checker of the first render and the real one of the deferred render.
const checkerFor = memoLast(createConflictChecker, 2);
const conflictsOf = memoLast((checker: ConflictChecker | null) => checker?.all() ?? new Map(), 2);
const timeFormatter = memoLast((timeZone: string) => (ms: number) => formatShort(ms, timeZone), 4);
const PROPOSAL_READ_ONLY =
  'This is the proposal: accept it, or switch to the plan in force to edit jobs.';

/** Re-opens the newest stored proposal after a reload, once per session. */
let restoreChecked = false;

/**
 * Timeline: the Gantt of jobs per printer against operator shifts, with live-checked drag and
 * drop, lock and approve, and the review of planner proposals.
 */
export function TimelinePage(_props: { route: Route }) {
  const data = useTimelineData();
  const { timeZone } = data;
  const nowMs = useNow();
  const gantt = useRef<GanttHandle | null>(null);
  const proposal = useReview((s) => s.proposal);
  const view = useReview((s) => s.view);
  const picked = useReview((s) => s.picked);
  const running = useReview((s) => s.run !== null);
  const pending = useTimeline((s) => s.pending);
  const tab = useTimeline((s) => s.tab);
  const setTab = useTimeline((s) => s.setTab);
  const plans = useQuery('plans.list', {});

  const current = data.plan.data ?? null;
  const showProposal = proposal !== null && view === 'proposal';
  const readOnly = showProposal ? PROPOSAL_READ_ONLY : null;
  const currentJobs = current?.jobs ?? EMPTY_JOBS;
  const jobs = showProposal ? proposal.plan.jobs : currentJobs;
  const printers = useMemo(() => data.printers.data ?? [], [data.printers.data]);
  const calendar = data.calendar.data ?? null;
  const range = useContentRange([currentJobs, proposal?.plan.jobs], nowMs, timeZone);

  const changes: JobChange[] = useMemo(
    () => (proposal ? jobChanges(proposal.diff, proposal.plan) : []),
    [proposal],
  );

  // After a reload, offer the proposal that was waiting for review.
  useEffect(() => {
    if (restoreChecked || proposal || !plans.data || data.plan.loading) return;
    restoreChecked = true;
    const newest = plans.data.find((p) => p.status === 'proposal');
    const cur = plans.data.find((p) => p.status === 'current');
    if (!newest || (cur && cur.createdAt > newest.createdAt)) return;
    void api.call('plans.get', { id: newest.id }).then(
      (plan) => {
        if (plan.status !== 'proposal') return;
        useReview.getState().restore(plan, data.plan.data ?? null);
        useReview.getState().setView('current');
      },
      () => undefined,
    );
  }, [plans.data, proposal, data.plan.loading, data.plan.data]);

  // A fresh proposal opens the review tab.
  const lastProposal = useRef<string | null>(null);
  useEffect(() => {
    const id = proposal?.plan.id ?? null;
    if (id && id !== lastProposal.current && useReview.getState().view === 'proposal') {
      setTab('review');
      // Bring the first change into view once the proposal is drawn.
      const first =
        changes.find((c) => c.kind !== 'removed' && c.kind !== 'unchanged') ?? changes[0];
      if (first) setTimeout(() => gantt.current?.scrollToJob(first.jobId), 0);
    }
    lastProposal.current = id;
  }, [proposal, setTab, changes]);

  // Picking a job shows its details, unless a proposal is being reviewed.
  const selected = useTimeline((s) => s.selected);
  useEffect(() => {
    if (selected.length > 0 && !proposal && useTimeline.getState().tab === 'review') setTab('job');
  }, [selected, proposal, setTab]);

  // Drop optimistic positions once the plan in force shows them (or shows something else).
  useEffect(() => {
    const st = useTimeline.getState();
    for (const [jobId, slot] of Object.entries(st.pending)) {
      const j = currentJobs.find((x) => x.id === jobId);
      if (
        !j ||
        (j.printerId === slot.printerId && Date.parse(j.start) === Date.parse(slot.start))
      ) {
        st.setPending(jobId, null);
      }
    }
  }, [currentJobs]);

  // The plan's own array unless a move is pending, so the memoised geometry stays valid.
  const shownJobs = useMemo(
    () =>
      showProposal || !jobs.some((j) => pending[j.id])
        ? jobs
        : jobs.map((j) => withSlot(j, pending[j.id])),
    [jobs, pending, showProposal],
  );

  const model = useMemo(
    () =>
      ganttModelOf({
        jobs: shownJobs,
        printers,
        operators: calendar?.operators ?? NO_OPERATORS,
        models: data.modelMap,
        ...(showProposal ? { changes, currentJobs } : {}),
      }),
    [shownJobs, printers, calendar, data.modelMap, showProposal, changes, currentJobs],
  );
  const shifts = useMemo(() => shiftsFor(calendar, range), [calendar, range]);
  const closed = useMemo(() => closedFor(calendar), [calendar]);

  // Checked once per data change; `check` then answers each pointer move during a drag. The
  // check runs deferred, so the bars are painted first and their outlines follow a frame later.
  const checkedJobs = useDeferredValue(shownJobs, EMPTY_JOBS);
  const nowMinute = Math.floor(nowMs / 60_000) * 60_000;
  const checker = useMemo(
    () =>
      calendar
        ? checkerFor({
            jobs: checkedJobs,
            printers,
            profiles: data.profiles.data ?? [],
            models: data.models.data ?? [],
            calendar,
            rangeMs: range,
            shifts: shifts.byOperator,
            nowMs: nowMinute,
            formatTime: timeFormatter(timeZone),
          })
        : null,
    [
      checkedJobs,
      printers,
      data.profiles.data,
      data.models.data,
      calendar,
      range,
      shifts,
      nowMinute,
      timeZone,
    ],
  );
  const conflicts: Map<string, Conflict[]> = useMemo(() => conflictsOf(checker), [checker]);
  const errorCount = useMemo(
    () => [...conflicts.values()].filter((list) => hasError(list)).length,
    [conflicts],
  );

  const printerNames = useMemo(() => new Map(printers.map((p) => [p.id, p.name])), [printers]);
  const printerName = useCallback(
    (id: string) => printerNames.get(id) ?? 'Deleted printer',
    [printerNames],
  );
  const operatorNames = useMemo(
    () => new Map((calendar?.operators ?? []).map((o) => [o.id, o.name])),
    [calendar],
  );
  const operatorName = useCallback(
    (id: string | null) => (id ? (operatorNames.get(id) ?? 'Former operator') : 'Any operator'),
    [operatorNames],
  );
  const profileMap = useMemo(
    () => new Map((data.profiles.data ?? []).map((p) => [p.id, p])),
    [data.profiles.data],
  );

  // ------------------------------------------------------------------ edits (all commands)
  const rawJob = useCallback((id: string) => currentJobs.find((j) => j.id === id), [currentJobs]);

  const run = useCallback(async (command: Command) => {
    try {
      await history.execute(command);
    } catch (err) {
      toastError(toApiError(err).message, 'jobs.update');
    }
  }, []);

  const onMove = useCallback(
    (shown: Job, printerId: string, startMs: number) => {
      const job = rawJob(shown.id);
      if (!job || readOnly) return;
      const duration = Date.parse(job.end) - Date.parse(job.start);
      const after = {
        printerId,
        start: new Date(startMs).toISOString(),
        end: new Date(startMs + duration).toISOString(),
      };
      const before = slotOf(job);
      if (before.printerId === after.printerId && Date.parse(before.start) === startMs) return;
      const where =
        printerId === job.printerId ? '' : ` to ${printerNames.get(printerId) ?? 'printer'}`;
      const label = `Move job${where} · ${formatShort(startMs, timeZone)}`;
      const st = useTimeline.getState();
      st.setPending(job.id, after);
      void (async () => {
        try {
          await history.execute(moveJobCommand({ jobId: job.id, before, after }, label));
          await data.plan.refetch();
        } catch (err) {
          toastError(toApiError(err).message, 'jobs.update');
        } finally {
          useTimeline.getState().setPending(job.id, null);
        }
      })();
    },
    [rawJob, readOnly, printerNames, timeZone, data.plan],
  );

  const onAction = useCallback(
    async (action: JobAction, ids: readonly string[]) => {
      if (readOnly) return;
      const list = ids.map(rawJob).filter((j): j is Job => j !== undefined);
      if (list.length === 0) return;
      if (action === 'lock') {
        const lock = !list.every((j) => j.locked);
        const cmds = list
          .filter((j) => j.locked !== lock)
          .map((j) => lockJobCommand({ jobId: j.id, before: j.locked, after: lock }));
        const label = `${lock ? 'Lock' : 'Unlock'} ${plural(cmds.length, 'job')}`;
        if (cmds.length === 1) await run(cmds[0] as Command);
        else if (cmds.length > 1) await run(batchCommand(label, cmds));
        return;
      }
      const eligible = list.filter((j) => j.status === 'planned' || j.status === 'approved');
      if (eligible.length === 0) return;
      const approve = !eligible.every((j) => j.status === 'approved');
      const targets = eligible.filter((j) => (j.status === 'approved') !== approve);
      if (approve) {
        const risky = targets.filter((j) => hasError(conflicts.get(j.id)));
        if (risky.length > 0) {
          const ok = await confirmAction({
            title: `Approve ${plural(risky.length, 'job')} with conflicts?`,
            message: `${risky.length === targets.length ? 'The selected jobs have' : `${risky.length} of the selected jobs have`} unresolved conflicts (see the Conflicts tab). Approved jobs are frozen and will be sent as planned.`,
            confirmLabel: 'Approve anyway',
            danger: false,
          });
          if (!ok) return;
        }
      }
      const cmds = targets.map((j) =>
        approveJobCommand({ jobId: j.id, before: j.status === 'approved', after: approve }),
      );
      const label = `${approve ? 'Approve' : 'Withdraw approval of'} ${plural(cmds.length, 'job')}`;
      if (cmds.length === 1) await run(cmds[0] as Command);
      else if (cmds.length > 1) await run(batchCommand(label, cmds));
    },
    [readOnly, rawJob, run, conflicts],
  );

  const onOpen = useCallback((jobId: string) => navigate('plates', [jobId]), []);

  // L and A act on the selection wherever the focus is on this page (not while typing).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      const key = e.key.toLowerCase();
      if (key !== 'l' && key !== 'a') return;
      const ids = useTimeline.getState().selected;
      if (ids.length === 0) return;
      e.preventDefault();
      void onAction(key === 'l' ? 'lock' : 'approve', ids);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onAction]);

  const locate = useCallback((jobId: string) => {
    const st = useTimeline.getState();
    st.select([jobId]);
    st.focusJob(jobId);
    gantt.current?.scrollToJob(jobId);
  }, []);

  const onLocateChange = useCallback(
    (jobId: string, kind: JobChange['kind']) => {
      // A removed job only exists in the plan in force.
      if (kind === 'removed') useReview.getState().setView('current');
      else useReview.getState().setView('proposal');
      setTimeout(() => locate(jobId), 0);
    },
    [locate],
  );

  // ------------------------------------------------------------------ empty states
  const pendingModels = (data.models.data ?? []).filter(
    (m) => m.status === 'pending' || m.status === 'analysing',
  ).length;

  if (data.printers.data && data.printers.data.length === 0) {
    return (
      <div className="page">
        <div className="page__main">
          <PageHeader title="Timeline" subtitle="No printers yet" />
          <div className="page__scroll">
            <EmptyState icon="printers" title="Add a printer first" testId="timeline-no-printers">
              <p>
                The timeline has one row per printer. Add your printers (bed size, height, profiles)
                under <a href="#/printers">Printers</a>, your operators’ shifts under{' '}
                <a href="#/calendar">Calendar</a>, then come back and click Plan.
              </p>
            </EmptyState>
          </div>
        </div>
      </div>
    );
  }

  const slots = calendar?.slots.length ?? 0;
  const noPlan = jobs.length === 0 && !proposal && !data.loading;
  const subtitle = showProposal
    ? `Proposal: ${plural(proposal.plan.jobs.length, 'job')} — not in force until accepted`
    : current
      ? `${plural(currentJobs.length, 'job')} on ${plural(printers.length, 'printer')} · plan in force since ${formatShort(Date.parse(current.createdAt), timeZone)}`
      : 'No plan in force yet';

  const tabs: { key: PanelTab; label: string; badge?: number }[] = [
    { key: 'job', label: 'Job' },
    { key: 'conflicts', label: 'Conflicts', badge: conflicts.size },
    { key: 'review', label: 'Review' },
  ];

  return (
    <div className="page timeline-page" data-testid="timeline">
      <div className="page__main">
        <PageHeader
          title="Timeline"
          subtitle={subtitle}
          actions={<PlanControls pendingModels={pendingModels} />}
        />
        <TimelineToolbar
          gantt={gantt}
          nowMs={nowMs}
          conflictCount={conflicts.size}
          errorCount={errorCount}
          proposalOpen={proposal !== null}
          view={view}
          onView={(v) => useReview.getState().setView(v)}
          legend
          anchorOf={(id) => (id ? model.byId.get(id)?.startMs : undefined)}
        />
        <div className="tl-body">
          <div className={`tl-gantt-wrap${showProposal ? ' is-proposal' : ''}`}>
            {showProposal ? (
              <div className="tl-proposal-banner" data-testid="proposal-banner">
                Showing the proposal · <span className="tl-key tl-key--added">new</span>{' '}
                <span className="tl-key tl-key--moved">moved</span>{' '}
                <span className="tl-key tl-key--removed">removed</span> · dashed outlines mark where
                jobs are in the plan in force
              </div>
            ) : null}
            <Gantt
              model={model}
              range={range}
              timeZone={timeZone}
              shifts={shifts}
              closed={closed}
              conflicts={conflicts}
              checker={checker}
              readOnly={readOnly}
              picked={showProposal ? picked : null}
              nowMs={nowMs}
              handle={gantt}
              printerName={printerName}
              onMove={onMove}
              onOpen={onOpen}
              onAction={(a, ids) => void onAction(a, ids)}
            />
            {noPlan ? (
              <div className="tl-empty" data-testid="timeline-empty">
                <EmptyState icon="timeline" title="Nothing scheduled yet">
                  <p>
                    Click <strong>Plan</strong> (top right): PlateShift composes plates from the
                    queue and schedules them on these printers so that every setup and removal falls
                    inside an operator’s shift (the shaded bands). You review the proposal before
                    anything changes.
                  </p>
                  <ol className="steps">
                    <li>
                      {slots > 0 ? (
                        <>Operator shifts are set ({plural(slots, 'weekly slot')}).</>
                      ) : (
                        <>
                          Enter operator shifts under <a href="#/calendar">Calendar</a>.
                        </>
                      )}
                    </li>
                    <li>
                      Orders waiting in the <a href="#/queue">Queue</a> are what gets planned
                      {pendingModels > 0
                        ? ` (${plural(pendingModels, 'model')} still being analysed)`
                        : ''}
                      .
                    </li>
                  </ol>
                </EmptyState>
              </div>
            ) : null}
          </div>
          <aside className="tl-side" aria-label="Details">
            <div className="tl-tabs" role="tablist">
              {tabs.map((t) => (
                <button
                  key={t.key}
                  type="button"
                  role="tab"
                  aria-selected={tab === t.key}
                  className={`tl-tab${tab === t.key ? ' is-on' : ''}`}
                  onClick={() => setTab(t.key)}
                  data-testid={`tab-${t.key}`}
                >
                  {t.label}
                  {t.badge ? (
                    <span className={`tl-tab__badge${errorCount > 0 ? ' is-bad' : ''}`}>
                      {t.badge}
                    </span>
                  ) : null}
                  {t.key === 'review' && (proposal || running) ? (
                    <span className="tl-tab__dot" aria-label="proposal waiting" />
                  ) : null}
                </button>
              ))}
            </div>
            <div className="tl-side__body" role="tabpanel">
              {tab === 'job' ? (
                <JobPanel
                  model={model}
                  conflicts={conflicts}
                  timeZone={timeZone}
                  printerName={printerName}
                  operatorName={operatorName}
                  models={data.modelMap}
                  profiles={profileMap}
                  readOnly={readOnly}
                  onAction={(a, ids) => void onAction(a, ids)}
                  onOpen={onOpen}
                />
              ) : tab === 'conflicts' ? (
                <ConflictsPanel
                  model={model}
                  conflicts={conflicts}
                  timeZone={timeZone}
                  printerName={printerName}
                  onLocate={locate}
                />
              ) : (
                <ReviewPanel
                  timeZone={timeZone}
                  printerName={printerName}
                  onLocate={onLocateChange}
                />
              )}
            </div>
          </aside>
        </div>
      </div>
      <HoverCard
        model={model}
        conflicts={conflicts}
        timeZone={timeZone}
        printerName={printerName}
        operatorName={operatorName}
      />
      <JobMenu
        model={model}
        readOnly={readOnly}
        onAction={(a, ids) => void onAction(a, ids)}
        onOpen={onOpen}
        onZoomTo={(id) => {
          useTimeline.getState().select([id]);
          gantt.current?.zoomToJob(id);
        }}
      />
      <RefusalNote />
    </div>
  );
}
