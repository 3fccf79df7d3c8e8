import {
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
  type RefObject,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { flushSync } from 'react-dom';
import type { Job } from '../../../shared/domain/plan';
import type { Conflict, ConflictChecker } from './conflicts';
import { buildAxis, formatShort } from './gantt-axis';
import {
  clampZoom,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  pxPerHourForSpan,
  snapMs,
  snapStepMinutes,
  startOfDay,
  timeToX,
  type TimeScale,
  xToTime,
  ZOOM_PRESETS,
  type ZoomPreset,
  zoomAt,
} from './gantt-geometry';
import {
  type GanttModel,
  HEADER_HEIGHT,
  LABEL_WIDTH,
  neighbourJob,
  type Shift,
} from './gantt-model';
import { BAR_HEIGHT, BAR_TOP } from './JobBar';
import { type BarLook } from './GanttTiles';
import { GanttRowCells } from './GanttRow';
import { GanttLabels } from './GanttLabels';
import { type JobAction, moveRefusal } from './job-rules';
import { memoLast } from './memo-last';
import { useDrag, useTimeline } from './timeline-store';
import { type Cell, cellKey, cellsOf, nextBudget, pickBatch, START_BUDGET } from './incremental';
import { covers, drawWindow, rowIndexAt, rowsInSpan, sameSpan, type Span } from './virtual-range';

export interface GanttHandle {
  zoomBy: (factor: number) => void;
  preset: (p: ZoomPreset, anchorMs?: number) => void;
  scrollToTime: (ms: number) => void;
  scrollToJob: (jobId: string) => void;
  /** Zooms so the job, setup to removal, fills most of the viewport. */
  zoomToJob: (jobId: string) => void;
  /** The zoom that would show `hours` in the viewport (to tell which preset is active). */
  presetZoom: (p: ZoomPreset) => number;
}

export interface GanttProps {
  model: GanttModel;
  range: { startMs: number; endMs: number };
  timeZone: string;
  shifts: { periods: Shift[]; byOperator: Map<string, Shift[]> };
  closed: ReadonlyMap<string, string>;
  conflicts: ReadonlyMap<string, Conflict[]>;
  checker: ConflictChecker | null;
  /** Why jobs cannot be edited in this view (the proposal preview), or null. */
  readOnly: string | null;
  picked: ReadonlySet<string> | null;
  nowMs: number;
  handle: RefObject<GanttHandle | null>;
  printerName: (id: string) => string;
  onMove: (job: Job, printerId: string, startMs: number) => void;
  onOpen: (jobId: string) => void;
  onAction: (action: JobAction, jobIds: readonly string[]) => void;
}

/** Runs `fn` once the main thread is idle (at the latest after 300 ms); returns a cancel. */
function whenIdle(fn: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout: 300 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(fn, 50);
  return () => clearTimeout(id);
}

// Across visits: the axis of the window shown when the Timeline was left is the one needed again.
const axisOf = memoLast(buildAxis, 2);

interface Press {
  pointerId: number;
  jobId: string;
  startX: number;
  startY: number;
  grabOffsetMs: number;
  dragging: boolean;
  refused: boolean;
  printerId: string;
}

export function Gantt(props: GanttProps) {
  const {
    model,
    range,
    timeZone,
    shifts,
    closed,
    conflicts,
    checker,
    readOnly,
    picked,
    nowMs,
    handle,
    printerName,
    onMove,
    onOpen,
    onAction,
  } = props;
  const scrollerRef = useRef<HTMLDivElement>(null);
  const lanesRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ w: 0, h: 0 });
  const storedZoom = useTimeline((s) => s.pxPerHour);
  const selected = useTimeline((s) => s.selected);
  const focusJobId = useTimeline((s) => s.focusJobId);
  const laneW = Math.max(0, viewport.w - LABEL_WIDTH);
  const laneH = Math.max(0, viewport.h - HEADER_HEIGHT);
  const pxPerHour = storedZoom ?? pxPerHourForSpan(laneW || 1200, ZOOM_PRESETS.week);
  const scale: TimeScale = useMemo(
    () => ({ originMs: range.startMs, pxPerHour }),
    [range.startMs, pxPerHour],
  );
  const scaleRef = useRef(scale);
  scaleRef.current = scale;
  const contentW = Math.ceil(timeToX(scale, range.endMs));
  const totalH = model.layout.total;
  const pendingScroll = useRef<number | null>(null);
  // Time tiles a quarter of the viewport wide: the unit of drawing and of overscan.
  const tileW = Math.max(160, Math.round(laneW / 4));
  const tileMs = (tileW / pxPerHour) * MS_PER_HOUR;
  // The drawn window, the viewport it was computed for (to draw what is in view first) and
  // the view (zoom, tile size) it belongs to.
  const [win, setWin] = useState<{
    x: Span;
    y: Span;
    view: { x: Span; y: Span };
    key: string;
  }>({
    x: { start: 0, end: 0 },
    y: { start: 0, end: 0 },
    view: { x: { start: 0, end: 0 }, y: { start: 0, end: 0 } },
    key: '',
  });
  const viewKey = `${scale.originMs}|${scale.pxPerHour}|${tileW}`;

  useLayoutEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const measure = () => setViewport({ w: el.clientWidth, h: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Cells (row × tile) drawn with their content, for the view (zoom, tile size) they belong to.
  const [drawn, setDrawn] = useState<{ view: string; keys: ReadonlySet<string> }>(() => ({
    view: '',
    keys: new Set(),
  }));
  /** Cost budget of one slice of incremental drawing, adapted to what the slices took. */
  const slice = useRef(START_BUDGET);

  // The first frame draws what is on screen; the overscan around it (what scrolling needs next)
  // is drawn when the main thread is next idle, so entering the view does not pay for the unseen.
  const [overscan, setOverscan] = useState(0);
  useEffect(() => whenIdle(() => setOverscan(1)), []);

  // Windows are quantised to half a viewport: most scroll events change nothing at all.
  const windowAt = useCallback(
    (el: HTMLElement) => ({
      x: drawWindow(el.scrollLeft, laneW, contentW, tileW, overscan),
      y: drawWindow(el.scrollTop, laneH, totalH, Math.max(160, laneH / 2), overscan),
    }),
    [laneW, laneH, contentW, totalH, tileW, overscan],
  );
  const recompute = useCallback(() => {
    const el = scrollerRef.current;
    if (!el || laneW === 0) return;
    const { x, y } = windowAt(el);
    const view = {
      x: { start: el.scrollLeft, end: el.scrollLeft + laneW },
      y: { start: el.scrollTop, end: el.scrollTop + laneH },
    };
    setWin((prev) =>
      sameSpan(prev.x, x) &&
      sameSpan(prev.y, y) &&
      sameSpan(prev.view.x, view.x) &&
      sameSpan(prev.view.y, view.y) &&
      prev.key === viewKey
        ? prev
        : { x, y, view, key: viewKey },
    );
  }, [laneW, laneH, windowAt, viewKey]);

  const winRef = useRef(win);
  winRef.current = win;
  const onScroll = useCallback(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const w = winRef.current;
    if (covers(w.x, el.scrollLeft, laneW) && covers(w.y, el.scrollTop, laneH)) return;
    recompute();
  }, [recompute, laneW, laneH]);

  // First layout: apply the default zoom and scroll to the remembered instant or to today.
  const initialised = useRef(false);
  useLayoutEffect(() => {
    const el = scrollerRef.current;
    if (!el || laneW === 0) return;
    if (!initialised.current) {
      initialised.current = true;
      const st = useTimeline.getState();
      if (st.pxPerHour === null) st.setZoom(pxPerHour);
      const left = st.leftMs ?? startOfDay(nowMs, timeZone);
      el.scrollLeft = Math.max(0, timeToX(scale, left));
    }
    if (pendingScroll.current !== null) {
      el.scrollLeft = pendingScroll.current;
      pendingScroll.current = null;
    }
    recompute();
  }, [laneW, laneH, scale, contentW, recompute, nowMs, pxPerHour, timeZone]);

  // Remember where the view was, for the next visit.
  useEffect(
    () => () => {
      const el = scrollerRef.current;
      if (el) useTimeline.getState().setLeftMs(xToTime(scaleRef.current, el.scrollLeft));
    },
    [],
  );

  const zoomTo = useCallback(
    (next: number, anchorX?: number) => {
      const el = scrollerRef.current;
      if (!el) return;
      const s = scaleRef.current;
      const z = zoomAt(s, el.scrollLeft, anchorX ?? laneW / 2, next / s.pxPerHour);
      pendingScroll.current = z.scrollLeft;
      scaleRef.current = z.scale;
      useTimeline.getState().setZoom(z.scale.pxPerHour);
    },
    [laneW],
  );

  const scrollToTime = useCallback(
    (ms: number) => {
      const el = scrollerRef.current;
      if (!el) return;
      el.scrollLeft = Math.max(0, timeToX(scaleRef.current, ms) - laneW * 0.1);
    },
    [laneW],
  );

  const scrollToJob = useCallback(
    (jobId: string) => {
      const el = scrollerRef.current;
      const bar = model.byId.get(jobId);
      if (!el || !bar) return;
      const s = scaleRef.current;
      const x0 = timeToX(s, bar.spanStart);
      const x1 = timeToX(s, bar.spanEnd);
      if (x0 < el.scrollLeft || x1 > el.scrollLeft + laneW) {
        el.scrollLeft = Math.max(0, (x0 + x1) / 2 - laneW / 2);
      }
      const row = model.printerRow.get(bar.printerId);
      if (row !== undefined) {
        const top = model.layout.tops[row] ?? 0;
        const h = model.layout.heights[row] ?? 0;
        if (top < el.scrollTop || top + h > el.scrollTop + laneH) {
          el.scrollTop = Math.max(0, top - laneH / 3);
        }
      }
      recompute();
    },
    [model, laneW, laneH, recompute],
  );

  useImperativeHandle(
    handle,
    () => ({
      zoomBy: (f) => zoomTo(scaleRef.current.pxPerHour * f),
      preset: (p, anchorMs) => {
        const el = scrollerRef.current;
        if (!el) return;
        // Presets frame the selected job from the start of its day (a day before it for the
        // wider ones); without a selection the left edge stays on its day, and Day shows today
        // when today is in view, else the day in the middle.
        const s0 = scaleRef.current;
        const leftNow = xToTime(s0, el.scrollLeft + 1);
        const rightNow = xToTime(s0, el.scrollLeft + laneW);
        let left: number;
        if (anchorMs !== undefined) {
          left = startOfDay(anchorMs - (p === 'day' ? 0 : 86_400_000), timeZone);
        } else if (p === 'day') {
          const centre = (leftNow + rightNow) / 2;
          left = startOfDay(nowMs >= leftNow && nowMs <= rightNow ? nowMs : centre, timeZone);
        } else {
          left = startOfDay(leftNow, timeZone);
        }
        const next = pxPerHourForSpan(laneW, ZOOM_PRESETS[p]);
        const s = { originMs: scaleRef.current.originMs, pxPerHour: next };
        pendingScroll.current = Math.max(0, timeToX(s, left));
        scaleRef.current = s;
        useTimeline.getState().setZoom(next);
        // Same zoom as before: no re-render would apply the scroll, so apply it now.
        el.scrollLeft = pendingScroll.current;
      },
      scrollToTime,
      scrollToJob,
      zoomToJob: (jobId) => {
        const el = scrollerRef.current;
        const bar = model.byId.get(jobId);
        if (!el || !bar) return;
        const hours = Math.max(0.5, (bar.spanEnd - bar.spanStart) / MS_PER_HOUR);
        const next = clampZoom((laneW * 0.6) / hours);
        const s = { originMs: scaleRef.current.originMs, pxPerHour: next };
        pendingScroll.current = Math.max(0, timeToX(s, bar.spanStart) - laneW * 0.2);
        scaleRef.current = s;
        useTimeline.getState().setZoom(next);
        el.scrollLeft = pendingScroll.current;
        scrollToJob(jobId);
      },
      presetZoom: (p) => pxPerHourForSpan(laneW, ZOOM_PRESETS[p]),
    }),
    [zoomTo, scrollToTime, scrollToJob, laneW, timeZone, nowMs, model],
  );

  // Ctrl/Cmd + wheel zooms around the pointer (a non-passive listener, to keep the page still).
  useEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      const anchor = Math.max(0, e.clientX - rect.left - LABEL_WIDTH);
      const factor = Math.exp(-e.deltaY * 0.0015);
      zoomTo(scaleRef.current.pxPerHour * factor, anchor);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoomTo]);

  // Keyboard focus follows arrow navigation even when the target bar was not drawn yet.
  useEffect(() => {
    if (!focusJobId) return;
    const lanes = lanesRef.current;
    const el = lanes?.querySelector<HTMLElement>(`.gbar[data-job-id="${CSS.escape(focusJobId)}"]`);
    if (el && document.activeElement !== el && lanes?.contains(document.activeElement)) {
      el.focus({ preventScroll: true });
    }
  }, [focusJobId, win, drawn]);

  // ------------------------------------------------------------------ drag and pointer
  const press = useRef<Press | null>(null);

  const laneCoords = (clientX: number, clientY: number) => {
    const rect = lanesRef.current?.getBoundingClientRect();
    return rect ? { x: clientX - rect.left, y: clientY - rect.top } : { x: 0, y: 0 };
  };

  const jobOf = (id: string) => model.byId.get(id)?.job;

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const target = (e.target as Element).closest<HTMLElement>('[data-job-id]');
    const st = useTimeline.getState();
    st.openMenu(null);
    if (e.button !== 0) return;
    if (!target) {
      if (!e.ctrlKey && !e.metaKey && !e.shiftKey) st.select([]);
      return;
    }
    const jobId = target.dataset.jobId as string;
    const bar = model.byId.get(jobId);
    if (!bar) return;
    if (e.ctrlKey || e.metaKey) st.toggleSelected(jobId);
    else if (e.shiftKey) st.select([...st.selected, jobId]);
    else if (!st.selected.includes(jobId)) st.select([jobId]);
    st.focusJob(jobId);
    if (target.dataset.part === 'task' || !target.classList.contains('gbar')) return;
    const { x } = laneCoords(e.clientX, e.clientY);
    press.current = {
      pointerId: e.pointerId,
      jobId,
      startX: e.clientX,
      startY: e.clientY,
      grabOffsetMs: xToTime(scale, x) - bar.startMs,
      dragging: false,
      refused: false,
      printerId: bar.printerId,
    };
    e.currentTarget.setPointerCapture(e.pointerId);
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const p = press.current;
    if (!p || p.pointerId !== e.pointerId) {
      updateHover(e);
      return;
    }
    const job = jobOf(p.jobId);
    if (!job) return;
    if (!p.dragging) {
      if (Math.hypot(e.clientX - p.startX, e.clientY - p.startY) < 4) return;
      const why = moveRefusal(job, readOnly);
      if (why) {
        if (!p.refused) {
          p.refused = true;
          useTimeline.getState().refuse({ message: why, x: e.clientX, y: e.clientY });
        }
        return;
      }
      p.dragging = true;
      useTimeline.getState().setHover(null);
    }
    const { x, y } = laneCoords(e.clientX, e.clientY);
    const row = rowIndexAt(model.layout, y);
    const target = row >= 0 ? model.rows[row] : undefined;
    if (target?.kind === 'printer') p.printerId = target.id;
    const step = snapStepMinutes(scale.pxPerHour);
    const raw = xToTime(scale, x) - p.grabOffsetMs;
    const was = Date.parse(job.start);
    // A drag straight up or down keeps the job's time; snapping applies once it moves sideways.
    const startMs =
      Math.abs(raw - was) < (step * MS_PER_MINUTE) / 2 ? was : snapMs(raw, step, timeZone);
    const duration = Date.parse(job.end) - Date.parse(job.start);
    const found = checker?.check(job, { printerId: p.printerId, startMs }) ?? [];
    useDrag.setState({
      ghost: {
        jobId: job.id,
        printerId: p.printerId,
        startMs,
        endMs: startMs + duration,
        conflicts: found,
        clientX: e.clientX,
        clientY: e.clientY,
      },
    });
    autoScroll(e.clientX, e.clientY);
  };

  const autoScroll = (clientX: number, clientY: number) => {
    const el = scrollerRef.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    const edge = 36;
    if (clientX > r.right - edge) el.scrollLeft += 24;
    else if (clientX < r.left + LABEL_WIDTH + edge) el.scrollLeft -= 24;
    if (clientY > r.bottom - edge) el.scrollTop += 16;
    else if (clientY < r.top + HEADER_HEIGHT + edge) el.scrollTop -= 16;
  };

  const endPress = (e: PointerEvent<HTMLDivElement>, commit: boolean) => {
    const p = press.current;
    if (!p || p.pointerId !== e.pointerId) return;
    press.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) {
      e.currentTarget.releasePointerCapture(e.pointerId);
    }
    const ghost = useDrag.getState().ghost;
    useDrag.setState({ ghost: null });
    if (p.refused) setTimeout(() => useTimeline.getState().refuse(null), 2600);
    if (!commit || !p.dragging || !ghost) return;
    const job = jobOf(p.jobId);
    if (!job) return;
    if (ghost.printerId === job.printerId && ghost.startMs === Date.parse(job.start)) return;
    onMove(job, ghost.printerId, ghost.startMs);
  };

  const hoverId = useRef<string | null>(null);
  const updateHover = (e: PointerEvent<HTMLDivElement>) => {
    const target = (e.target as Element).closest<HTMLElement>('[data-job-id]');
    const id = target?.dataset.jobId ?? null;
    if (id === hoverId.current) return;
    hoverId.current = id;
    useTimeline.getState().setHover(id ? { jobId: id, x: e.clientX, y: e.clientY } : null);
  };

  const onPointerLeave = () => {
    hoverId.current = null;
    useTimeline.getState().setHover(null);
  };

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || !press.current) return;
      press.current = null;
      useDrag.setState({ ghost: null });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // ------------------------------------------------------------------ keyboard
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = (e.target as Element).closest<HTMLElement>('.gbar[data-job-id]');
    const st = useTimeline.getState();
    if (e.key === '+' || e.key === '=') {
      e.preventDefault();
      zoomTo(scale.pxPerHour * 1.5);
      return;
    }
    if (e.key === '-' || e.key === '_') {
      e.preventDefault();
      zoomTo(scale.pxPerHour / 1.5);
      return;
    }
    if (!target) {
      if (e.key.startsWith('Arrow') && model.order.length > 0) {
        e.preventDefault();
        const first = st.selected[0] ?? model.order[0] ?? null;
        if (first) {
          st.focusJob(first);
          scrollToJob(first);
        }
      }
      return;
    }
    const jobId = target.dataset.jobId as string;
    const job = jobOf(jobId);
    if (!job) return;
    const targets = st.selected.includes(jobId) ? st.selected : [jobId];
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (e.ctrlKey || e.metaKey) return; // leave Ctrl+Z and friends to the shell
    if (key === 'Enter') {
      e.preventDefault();
      onOpen(jobId);
    } else if (key === ' ') {
      e.preventDefault();
      st.toggleSelected(jobId);
    } else if (key === 'l') {
      e.preventDefault();
      onAction('lock', targets);
    } else if (key === 'a') {
      e.preventDefault();
      onAction('approve', targets);
    } else if (key === 'Escape') {
      st.select([]);
      st.openMenu(null);
    } else if (key === 'ContextMenu' || (key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      const r = target.getBoundingClientRect();
      if (!st.selected.includes(jobId)) st.select([jobId]);
      st.openMenu({ jobId, x: r.left + 12, y: r.bottom + 2 });
    } else if (key.startsWith('Arrow')) {
      e.preventDefault();
      if (e.altKey) {
        const why = moveRefusal(job, readOnly);
        if (why) {
          const r = target.getBoundingClientRect();
          st.refuse({ message: why, x: r.left, y: r.bottom });
          setTimeout(() => useTimeline.getState().refuse(null), 2600);
          return;
        }
        const start = Date.parse(job.start);
        if (key === 'ArrowLeft' || key === 'ArrowRight') {
          const step = (e.shiftKey ? 60 : snapStepMinutes(scale.pxPerHour)) * MS_PER_MINUTE;
          const next = snapMs(start + (key === 'ArrowLeft' ? -step : step), 5, timeZone);
          onMove(job, job.printerId, next);
        } else {
          const row = model.printerRow.get(job.printerId) ?? -1;
          const dir = key === 'ArrowUp' ? -1 : 1;
          for (let r = row + dir; r >= 0 && r < model.rows.length; r += dir) {
            const candidate = model.rows[r];
            if (candidate?.kind === 'printer') {
              onMove(job, candidate.id, start);
              break;
            }
          }
        }
        return;
      }
      const dir = key.replace('Arrow', '').toLowerCase() as 'left' | 'right' | 'up' | 'down';
      const next = neighbourJob(model, jobId, dir);
      if (next) {
        if (!e.shiftKey) st.select([next]);
        else st.select([...st.selected, next]);
        st.focusJob(next);
        scrollToJob(next);
      }
    }
  };

  // ------------------------------------------------------------------ what to draw
  const t0 = xToTime(scale, win.x.start);
  const t1 = xToTime(scale, win.x.end);
  const nowMinute = Math.floor(nowMs / 60_000) * 60_000;
  const axis = useMemo(
    () => (win.x.end > win.x.start ? axisOf(t0, t1, pxPerHour, timeZone, closed, nowMinute) : null),
    [t0, t1, pxPerHour, timeZone, closed, nowMinute, win.x.end, win.x.start],
  );
  const rowSpan = rowsInSpan(model.layout, win.y);
  const opColor = useMemo(() => {
    const m = new Map<string, number>();
    for (const r of model.rows) if (r.kind === 'operator') m.set(r.id, r.color);
    return m;
  }, [model.rows]);
  const firstPrinterTop =
    model.layout.tops[model.rows.findIndex((r) => r.kind === 'printer')] ?? totalH;
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const roving = focusJobId ?? selected[0] ?? model.order[0] ?? null;

  const look: BarLook = useMemo(
    () => ({ selected: selectedSet, conflicts, picked, roving, opColor, timeZone }),
    [selectedSet, conflicts, picked, roving, opColor, timeZone],
  );
  const tileFirst = Math.floor(win.x.start / tileW);
  const tileLast = Math.ceil(win.x.end / tileW) - 1;

  const cells = useMemo(() => {
    const from = (k: number) => scale.originMs + k * tileMs;
    // Roughly the elements a cell adds: a bar is a few, an operator task one. Empty cells
    // (most of a quiet farm) cost nothing and are never deferred.
    const costOf = (c: Cell): number => {
      const row = model.rows[c.row];
      if (!row) return 0;
      const a = c.tile === 'over' ? from(tileFirst) - model.maxSpanMs : from(c.tile);
      const b = c.tile === 'over' ? from(tileFirst) : from(c.tile + 1);
      if (row.kind === 'printer') return model.bars.get(row.id)?.query(a, b).length ?? 0;
      return Math.ceil((model.tasks.get(row.id)?.query(a, b).length ?? 0) / 3);
    };
    const list = cellsOf({
      rows: model.rows,
      layout: model.layout,
      first: rowSpan.first,
      last: rowSpan.last,
      tileFirst,
      tileLast,
      tileW,
      view: win.view,
    }).map((c) => ({ ...c, cost: costOf(c) }));
    return { list, byKey: new Map(list.map((c) => [c.key, c])) };
  }, [model, rowSpan.first, rowSpan.last, tileFirst, tileLast, tileW, tileMs, scale, win.view]);
  const fresh = drawn.view !== viewKey;
  /** Whether a cell draws its content now, or a placeholder until its slice comes. */
  const ready = (key: string): boolean => {
    if (drawn.keys.has(key)) return true;
    const c = cells.byKey.get(key);
    return !c || c.cost === 0 || (fresh && c.inView);
  };

  // Draw the cells still missing a few per frame, those in view first (see incremental.ts).
  useEffect(() => {
    const el = scrollerRef.current;
    if (!el || laneW === 0 || cells.list.length === 0) return;
    // A render at a new zoom with the window of the old one: the next render has the right cells.
    if (win.key !== viewKey || pendingScroll.current !== null) return;
    if (fresh) {
      // The view's first frame drew everything in view at once; remember that.
      const keys = new Set(cells.list.filter((c) => c.inView || c.cost === 0).map((c) => c.key));
      setDrawn({ view: viewKey, keys });
      return;
    }
    const missing = cells.list.filter((c) => c.cost > 0 && !drawn.keys.has(c.key));
    if (missing.length === 0) {
      // Remember empty cells as drawn too: a job dropped into one later must not flash a
      // placeholder. Forget cells that left the window.
      const complete =
        drawn.keys.size === cells.list.length && cells.list.every((c) => drawn.keys.has(c.key));
      if (!complete) setDrawn({ view: viewKey, keys: new Set(cells.byKey.keys()) });
      return;
    }
    const id = requestAnimationFrame(() => {
      const t = performance.now();
      const batch = pickBatch(missing, (c) => c.cost, slice.current);
      // Committed inside the frame callback, so the frame that follows lays the cells out and
      // the next scroll event does not find the layout dirty (reading scrollLeft would force it).
      flushSync(() =>
        setDrawn((prev) => {
          if (prev.view !== viewKey) return prev;
          const keys = new Set<string>();
          for (const k of prev.keys) if (cells.byKey.has(k)) keys.add(k);
          for (const c of batch) keys.add(c.key);
          for (const c of cells.list) if (c.cost === 0) keys.add(c.key);
          return { view: viewKey, keys };
        }),
      );
      slice.current = nextBudget(slice.current, performance.now() - t);
    });
    return () => cancelAnimationFrame(id);
  }, [cells, drawn, fresh, viewKey, win.key, laneW]);

  // One memoised component per row: a slice of incremental drawing re-renders only the rows
  // whose cells it completed (`ready` is the row's list of drawn tiles, compared as a string).
  const rowEls: ReactNode[] = [];
  for (let i = rowSpan.first; i <= rowSpan.last; i++) {
    const row = model.rows[i];
    if (!row) continue;
    const first = row.kind === 'operator' ? tileFirst - 1 : tileFirst;
    let readyTiles = row.kind === 'printer' && ready(cellKey(row.id, 'over')) ? 'o' : '';
    for (let k = first; k <= tileLast; k++) if (ready(cellKey(row.id, k))) readyTiles += `,${k}`;
    rowEls.push(
      <GanttRowCells
        key={`row-${row.id}`}
        model={model}
        index={i}
        tileFirst={tileFirst}
        tileLast={tileLast}
        tileW={tileW}
        tileMs={tileMs}
        winStart={win.x.start}
        winEnd={win.x.end}
        scale={scale}
        look={look}
        shifts={row.kind === 'operator' ? shifts.byOperator.get(row.id) : undefined}
        printerName={printerName}
        ready={readyTiles}
      />,
    );
  }

  const nowX = timeToX(scale, nowMs);
  const laneBg = (
    <>
      {shifts.periods
        .filter((s) => s.endMs > t0 && s.startMs < t1)
        .map((s) => (
          <div
            key={`band-${s.startMs}`}
            className="gband"
            data-testid="operator-band"
            style={{
              left: timeToX(scale, s.startMs),
              width: timeToX(scale, s.endMs) - timeToX(scale, s.startMs),
              top: firstPrinterTop,
              height: totalH - firstPrinterTop,
            }}
          />
        ))}
      {axis?.lines.map((l) => (
        <div
          key={`line-${l.ms}`}
          className={`gline${l.strong ? ' gline--strong' : ''}`}
          style={{ left: timeToX(scale, l.ms) }}
        />
      ))}
      {model.rows.map((r, i) =>
        i < rowSpan.first || i > rowSpan.last ? null : (
          <div
            key={`row-${r.id}`}
            className={`grow grow--${r.kind}`}
            style={{
              top: model.layout.tops[i],
              height: model.layout.heights[i],
              left: win.x.start,
              width: win.x.end - win.x.start,
            }}
          />
        ),
      )}
    </>
  );

  return (
    <div className="gantt" data-testid="gantt">
      <div
        ref={scrollerRef}
        className="gantt__scroller"
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        tabIndex={0}
        role="grid"
        aria-label="Timeline: jobs per printer over time. Arrow keys move between jobs; Alt+arrows move the job; L lock, A approve, Enter opens the plate."
        aria-rowcount={model.rows.length}
      >
        <div
          className="gantt__canvas"
          style={{ width: LABEL_WIDTH + contentW, height: HEADER_HEIGHT + totalH }}
        >
          <div className="gantt__header" style={{ width: LABEL_WIDTH + contentW }}>
            <div className="gantt__corner">
              <span className="gantt__tz" title="All times are shown in the site's time zone">
                {timeZone}
              </span>
            </div>
            <div className="gantt__axis" style={{ width: contentW }}>
              {axis?.top.map((c) => (
                <div
                  key={`t-${c.key}`}
                  className={`gaxis__top${c.weekend ? ' is-weekend' : ''}${c.closed ? ' is-closed' : ''}${c.today ? ' is-today' : ''}`}
                  style={{
                    left: timeToX(scale, c.startMs),
                    width: timeToX(scale, c.endMs) - timeToX(scale, c.startMs),
                  }}
                  title={c.closed}
                >
                  <span className="gaxis__label">
                    {c.label}
                    {c.closed ? <em> · {c.closed}</em> : null}
                  </span>
                </div>
              ))}
              {axis?.bottom.map((c) => (
                <div
                  key={`b-${c.key}`}
                  className={`gaxis__bottom${c.weekend ? ' is-weekend' : ''}${c.closed ? ' is-closed' : ''}${c.today ? ' is-today' : ''}`}
                  style={{
                    left: timeToX(scale, c.startMs),
                    width: timeToX(scale, c.endMs) - timeToX(scale, c.startMs),
                  }}
                >
                  {c.label}
                </div>
              ))}
              {nowMs >= range.startMs && nowMs <= range.endMs ? (
                <div className="gaxis__now" style={{ left: nowX }} title="Now" />
              ) : null}
            </div>
          </div>
          <div className="gantt__body">
            <GanttLabels
              model={model}
              first={rowSpan.first}
              last={rowSpan.last}
              height={totalH}
              conflicts={conflicts}
            />
            <div
              ref={lanesRef}
              className="gantt__lanes"
              style={{ width: contentW, height: totalH }}
              data-origin-ms={scale.originMs}
              data-px-per-hour={scale.pxPerHour}
              onPointerDown={onPointerDown}
              onPointerMove={onPointerMove}
              onPointerUp={(e) => endPress(e, true)}
              onPointerCancel={(e) => endPress(e, false)}
              onPointerLeave={onPointerLeave}
              onDoubleClick={(e) => {
                const id = (e.target as Element).closest<HTMLElement>('[data-job-id]')?.dataset
                  .jobId;
                if (id) onOpen(id);
              }}
              onContextMenu={(e) => {
                const id = (e.target as Element).closest<HTMLElement>('[data-job-id]')?.dataset
                  .jobId;
                if (!id) return;
                e.preventDefault();
                const st = useTimeline.getState();
                if (!st.selected.includes(id)) st.select([id]);
                st.openMenu({ jobId: id, x: e.clientX, y: e.clientY });
              }}
            >
              {laneBg}
              {rowEls}
              {nowMs >= range.startMs && nowMs <= range.endMs ? (
                <div className="gnow" style={{ left: nowX }} data-testid="now-line" />
              ) : null}
              <DragGhost
                model={model}
                scale={scale}
                timeZone={timeZone}
                printerName={printerName}
              />
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}

/** The job where it would land, with the first reason it would be wrong there. */
function DragGhost({
  model,
  scale,
  timeZone,
  printerName,
}: {
  model: GanttModel;
  scale: TimeScale;
  timeZone: string;
  printerName: (id: string) => string;
}) {
  const ghost = useDrag((s) => s.ghost);
  if (!ghost) return null;
  const row = model.printerRow.get(ghost.printerId);
  if (row === undefined) return null;
  const top = model.layout.tops[row] ?? 0;
  const h = model.layout.heights[row] ?? 0;
  const x = timeToX(scale, ghost.startMs);
  const w = Math.max(6, timeToX(scale, ghost.endMs) - x);
  const errors = ghost.conflicts.filter((c) => c.severity === 'error');
  const first = errors[0] ?? ghost.conflicts[0];
  const bad = errors.length > 0;
  return (
    <>
      <div className="gdrop-row" style={{ top, height: h }} />
      <div
        className={`gghost${bad ? ' gghost--bad' : ' gghost--ok'}`}
        style={{ left: x, width: w, top: top + BAR_TOP, height: BAR_HEIGHT }}
        data-testid="drag-ghost"
      />
      <div
        className={`gghost__reason${bad ? ' is-bad' : ''}`}
        style={{ left: x, top: top + BAR_TOP + BAR_HEIGHT + 4 }}
        data-testid="drag-reason"
        role="status"
      >
        <strong>
          {formatShort(ghost.startMs, timeZone)} → {printerName(ghost.printerId)}
        </strong>
        {first ? (
          <span>
            {first.message}
            {ghost.conflicts.length > 1 ? ` (+${ghost.conflicts.length - 1} more)` : ''}
          </span>
        ) : (
          <span>Operator present at setup and removal · printer free · plate fits</span>
        )}
      </div>
    </>
  );
}
