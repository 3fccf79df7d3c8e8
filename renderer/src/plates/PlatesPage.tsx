import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type DragEvent } from 'react';
import type { Job } from '../../../shared/domain/plan';
import type { Printer } from '../../../shared/domain/printer';
import { plural } from '../lib/format';
import { api } from '../platform/api';
import { formatHash, type Route } from '../shell/routes';
import { useUi } from '../shell/ui-store';
import { Badge } from '../ui/Badge';
import { EmptyState } from '../ui/EmptyState';
import { Icon } from '../ui/Icon';
import { PageHeader } from '../ui/PageHeader';
import { MeshCache } from './mesh-cache';
import { boundsOf, centreOf } from './placement-transform';
import {
  addToPlate,
  cancelRenest,
  dropToQueue,
  renestPlate,
  rotateSelection,
  selectAll,
  useRenest,
} from './plate-commands';
import { pinToggleTarget } from './plate-edit';
import { placementIndex, plateActions, shownPlacements, usePlateStore } from './plate-store';
import { readOnlyReason, platesByPrinter, stripOrder } from './plate-strip';
import { pinParts, PlateSidePanel, PART_DRAG_TYPE } from './PlateSidePanel';
import { PlateStrip, STATUS_TONE } from './PlateStrip';
import { bedPointAt, PlateViewport } from './PlateViewport';
import { readSceneColors, FALLBACK_COLORS, type SceneColors } from './scene-colors';
import { installPlatesTestHook } from './test-hook';
import { perf } from './viewport-rig';
import { plateContext, usePlateData, type PlateData } from './use-plate-data';
import './plates.css';

/** Max triangles per model for display: detailed enough to recognise a part, light on SwiftShader. */
const MESH_BUDGET = 60_000;

/**
 * Plates: every plate of the current plan, per printer in time order, and the selected one
 * (`#/plates/<jobId>`) in 3D on its printer's bed, editable by hand with undo.
 */
export function PlatesPage({ route }: { route: Route }) {
  const data = usePlateData();
  const selectedId = route.path[0];
  const job = data.jobs.find((j) => j.id === selectedId);
  const ordered = useMemo(
    () => stripOrder(platesByPrinter(data.jobs, data.printers)),
    [data.jobs, data.printers],
  );
  const [cache] = useState(
    () => new MeshCache((id) => api.call('models.mesh', { id, maxTriangles: MESH_BUDGET })),
  );
  useEffect(() => () => cache.dispose(), [cache]);
  useEffect(() => installPlatesTestHook(), []);

  // Opening the area shows the first plate rather than an empty stage.
  const first = ordered[0]?.id;
  useEffect(() => {
    if (!selectedId && first) window.location.replace(formatHash('plates', [first]));
  }, [selectedId, first]);

  if (data.jobs.length === 0) {
    return (
      <div className="page">
        <div className="page__main">
          <PageHeader title="Plates" subtitle={data.loading ? 'Loading…' : 'No plan yet'} />
          <div className="page__scroll">
            {data.loading ? null : (
              <EmptyState icon="plates" title="No plates to show yet" testId="plates-empty">
                <p>
                  Each job is one build plate on one printer. Here you will see every plate in 3D,
                  drawn to scale on its printer&rsquo;s bed, move and rotate parts, and re-nest a
                  plate.
                </p>
                <ol className="steps">
                  <li>
                    Make sure your printers and profiles are right under{' '}
                    <a href="#/printers">Printers</a>.
                  </li>
                  <li>
                    Put orders with parts into the <a href="#/queue">Queue</a>.
                  </li>
                  <li>
                    Run the planner from the <a href="#/timeline">Timeline</a>; its jobs appear here
                    as plates.
                  </li>
                </ol>
              </EmptyState>
            )}
          </div>
        </div>
      </div>
    );
  }

  const printer = job ? data.printers.find((p) => p.id === job.printerId) : undefined;
  const index = job ? ordered.findIndex((j) => j.id === job.id) : -1;
  return (
    <div className="page plates">
      <div className="page__main">
        <PageHeader
          title="Plates"
          subtitle={`${plural(data.jobs.length, 'plate')} in the current plan`}
        />
        <div className="plates__body">
          <PlateStrip data={data} selectedId={job?.id} />
          {job && printer ? (
            // Not keyed by job: switching plates keeps the WebGL context, the camera and the
            // mesh buffers; the store resets the selection when the job changes.
            <PlateWorkspace
              job={job}
              printer={printer}
              data={data}
              cache={cache}
              prevId={ordered[index - 1]?.id}
              nextId={ordered[index + 1]?.id}
            />
          ) : (
            <div className="plates__stage">
              {selectedId ? (
                <EmptyState
                  icon="plates"
                  title="This plate is not in the current plan"
                  testId="plate-missing"
                >
                  <p>It may have been re-planned or removed. Pick a plate on the left.</p>
                </EmptyState>
              ) : null}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable;
}

function PlateWorkspace({
  job,
  printer,
  data,
  cache,
  prevId,
  nextId,
}: {
  job: Job;
  printer: Printer;
  data: PlateData;
  cache: MeshCache;
  prevId: string | undefined;
  nextId: string | undefined;
}) {
  const readOnly = readOnlyReason(job);
  // Not keyed on `data` as a whole: an edit of this plate changes the plan, not the context its
  // check runs in, and a new context would re-check the whole plate.
  const { spacingMm, footprints, label } = data;
  const ctx = useMemo(
    () => plateContext(printer, { spacingMm, footprints, label }),
    [printer, spacingMm, footprints, label],
  );
  const [host, setHost] = useState<HTMLDivElement | null>(null);
  const [colors, setColors] = useState<SceneColors>(FALLBACK_COLORS);
  useEffect(() => {
    if (!host) return;
    setColors(readSceneColors(host));
    // The shell flips data-theme on <html> after this view's effects have run, so follow the
    // attribute itself rather than the store.
    const observer = new MutationObserver(() => setColors(readSceneColors(host)));
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme'],
    });
    return () => observer.disconnect();
  }, [host]);

  useEffect(() => {
    plateActions.setBase(job.id, job.placements, ctx);
  }, [job.id, job.placements, ctx]);

  const modelIds = useMemo(
    () => [...new Set(job.placements.map((p) => p.modelId))],
    [job.placements],
  );
  useEffect(() => cache.request(modelIds), [cache, modelIds]);
  const version = useSyncExternalStore(cache.subscribe, cache.getVersion, cache.getVersion);
  const loaded = useMemo(() => cache.settled(modelIds), [cache, modelIds, version]); // eslint-disable-line react-hooks/exhaustive-deps

  const pivotOf = useMemo(() => {
    const m = data.models;
    return (modelId: string) => {
      const rings = data.footprints.get(modelId);
      if (rings) return centreOf(boundsOf(rings.flat()));
      const b = m.get(modelId)?.facts?.bbox;
      return b ? { x: (b.max.x - b.min.x) / 2, y: (b.max.y - b.min.y) / 2 } : { x: 0, y: 0 };
    };
  }, [data.models, data.footprints]);

  // Keyboard: R / Shift+R rotate, Delete back to the queue, T top view, PageUp/PageDown…
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target)) return;
      // Ctrl+Z / Ctrl+Shift+Z are the shell's: one history for every view.
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'a') {
        e.preventDefault();
        selectAll();
      } else if (mod || e.altKey) {
        return;
      } else if (key === 'r' && !readOnly) {
        e.preventDefault();
        const t0 = performance.now();
        rotateSelection(e.shiftKey ? -data.rotationStepDeg : data.rotationStepDeg, pivotOf);
        perf.measure('plates:rotate', t0);
      } else if (key === 'p' && !readOnly) {
        e.preventDefault();
        const s = usePlateStore.getState();
        pinParts(s.selection, pinToggleTarget(shownPlacements(s), s.selection));
      } else if ((e.key === 'Delete' || e.key === 'Backspace') && !readOnly) {
        e.preventDefault();
        dropToQueue(usePlateStore.getState().selection);
      } else if (e.key === 'Escape') {
        plateActions.clearSelection();
      } else if (key === 't') {
        plateActions.setView(usePlateStore.getState().view === 'top' ? 'perspective' : 'top');
      } else if (e.key === 'Home') {
        plateActions.resetView();
      } else if (e.key === 'PageDown' && nextId) {
        e.preventDefault();
        window.location.hash = formatHash('plates', [nextId]);
      } else if (e.key === 'PageUp' && prevId) {
        e.preventDefault();
        window.location.hash = formatHash('plates', [prevId]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [readOnly, data.rotationStepDeg, pivotOf, nextId, prevId]);

  const onDragOver = (e: DragEvent) => {
    if (readOnly || !e.dataTransfer.types.includes(PART_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: DragEvent) => {
    const raw = e.dataTransfer.getData(PART_DRAG_TYPE);
    if (readOnly || !raw) return;
    e.preventDefault();
    const part = JSON.parse(raw) as { partId: string; modelId: string };
    const at = bedPointAt(e.clientX, e.clientY);
    if (!at) return;
    // The part's centre lands under the cursor.
    const c = pivotOf(part.modelId);
    addToPlate(part, data.rotationStepDeg, {
      x: Math.round(at.x - c.x),
      y: Math.round(at.y - c.y),
      rotationDeg: 0,
    });
  };

  return (
    <>
      <div className="plates__stage">
        <div
          ref={setHost}
          className="plate-viewport"
          data-testid="plate-viewport"
          data-job-id={job.id}
          data-models={modelIds.length}
          data-meshes-loaded={loaded}
          data-read-only={readOnly ? 'true' : 'false'}
          onDragOver={onDragOver}
          onDrop={onDrop}
        >
          <PlateViewport
            bed={printer.bed}
            zones={printer.exclusionZones}
            maxHeightMm={printer.maxHeightMm}
            colors={colors}
            cache={cache}
            looks={data.looks}
            footprints={data.footprints}
            readOnly={readOnly !== null}
          />
          <ViewportToolbar
            job={job}
            printer={printer}
            readOnly={readOnly !== null}
            rotationStepDeg={data.rotationStepDeg}
            pivotOf={pivotOf}
            loading={loaded < modelIds.length ? `${loaded}/${modelIds.length} meshes` : null}
          />
          {readOnly ? (
            <div className="plate-banner" data-testid="plate-read-only" role="status">
              <Icon name="info" size={14} /> {readOnly}
            </div>
          ) : null}
          <Readout />
          <RenestProgress />
        </div>
      </div>
      <PlateSidePanel job={job} printer={printer} data={data} readOnly={readOnly !== null} />
    </>
  );
}

function ViewportToolbar({
  job,
  printer,
  readOnly,
  rotationStepDeg,
  pivotOf,
  loading,
}: {
  job: Job;
  printer: Printer;
  readOnly: boolean;
  rotationStepDeg: number;
  pivotOf: (modelId: string) => { x: number; y: number };
  loading: string | null;
}) {
  const view = usePlateStore((s) => s.view);
  const selected = usePlateStore((s) => s.selection.size);
  // Would the Pin button pin (some selected part is free) or release (all are pinned)?
  const pinTarget = usePlateStore((s) => {
    const index = placementIndex(shownPlacements(s));
    let onPlate = false;
    for (const id of s.selection) {
      const p = index.get(id);
      if (!p) continue;
      if (!p.fixed) return true;
      onPlate = true;
    }
    return !onPlate;
  });
  const renesting = useRenest((s) => s.taskId !== null);
  const noEdit = readOnly || selected === 0;
  return (
    <div className="plate-toolbar" role="toolbar" aria-label="Plate tools">
      <div className="plate-toolbar__group">
        <span className="plate-toolbar__title">
          {printer.name}
          <Badge tone={STATUS_TONE[job.status]}>{job.status}</Badge>
          {job.locked ? (
            <Badge tone="info" title="Locked in time: re-planning keeps it">
              locked
            </Badge>
          ) : null}
        </span>
      </div>
      <div className="plate-toolbar__group" role="group" aria-label="View">
        <button
          type="button"
          className={`plate-tool${view === 'perspective' ? ' is-on' : ''}`}
          onClick={() => plateActions.setView('perspective')}
          aria-pressed={view === 'perspective'}
          data-testid="plate-view-3d"
          title="3D view: drag empty space to orbit, right-drag to pan, wheel to zoom"
        >
          3D
        </button>
        <button
          type="button"
          className={`plate-tool${view === 'top' ? ' is-on' : ''}`}
          onClick={() => plateActions.setView('top')}
          aria-pressed={view === 'top'}
          data-testid="plate-view-top"
          title="Top view (T): the plate as the nesting engine sees it"
        >
          Top
        </button>
        <button
          type="button"
          className="plate-tool"
          onClick={() => plateActions.resetView()}
          data-testid="plate-view-reset"
          title="Reset the view (Home)"
        >
          Reset
        </button>
      </div>
      <div className="plate-toolbar__group" role="group" aria-label="Selection">
        <button
          type="button"
          className="plate-tool"
          disabled={noEdit}
          onClick={() => rotateSelection(rotationStepDeg, pivotOf)}
          data-testid="plate-rotate-ccw"
          title={`Rotate ${rotationStepDeg}° counter-clockwise (R)`}
        >
          ⟲ {rotationStepDeg}°
        </button>
        <button
          type="button"
          className="plate-tool"
          disabled={noEdit}
          onClick={() => rotateSelection(-rotationStepDeg, pivotOf)}
          data-testid="plate-rotate-cw"
          title={`Rotate ${rotationStepDeg}° clockwise (Shift+R)`}
        >
          ⟳ {rotationStepDeg}°
        </button>
        <button
          type="button"
          className="plate-tool"
          disabled={noEdit}
          onClick={() => dropToQueue(usePlateStore.getState().selection)}
          data-testid="plate-drop"
          title="Send the selected parts back to the queue (Delete)"
        >
          <Icon name="trash" size={14} /> To queue
        </button>
        <button
          type="button"
          className={`plate-tool${!noEdit && !pinTarget ? ' is-on' : ''}`}
          disabled={noEdit}
          onClick={() => pinParts(usePlateStore.getState().selection, pinTarget)}
          aria-pressed={!noEdit && !pinTarget}
          data-testid="plate-pin"
          title={
            pinTarget
              ? 'Pin the selected parts: re-nesting keeps them where they are (P)'
              : 'Unpin the selected parts: the next re-nest may move them (P)'
          }
        >
          <Icon name="pin" size={14} /> {pinTarget ? 'Pin' : 'Unpin'}
        </button>
      </div>
      <div className="plate-toolbar__group">
        <button
          type="button"
          className="plate-tool plate-tool--primary"
          disabled={readOnly || renesting || job.placements.length === 0}
          onClick={() => void renestPlate()}
          data-testid="plate-renest"
          title="Let the nesting engine re-arrange this plate; hand-placed parts stay where they are"
        >
          <Icon name="layers" size={14} /> Re-nest this plate
        </button>
      </div>
      {loading ? <span className="plate-toolbar__note small">Loading {loading}…</span> : null}
    </div>
  );
}

/** Selection, position while dragging and the shortcuts, along the viewport's bottom edge. */
function Readout() {
  const selection = usePlateStore((s) => s.selection);
  const label = usePlateStore((s) => s.ctx?.label);
  const [only] = selection;
  // The position while dragging changes every frame: written straight into the DOM, not
  // through a React render.
  const coords = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let last = '';
    return usePlateStore.subscribe((s) => {
      const at = s.drag?.at;
      const text = at ? ` · x ${at.x.toFixed(1)} y ${at.y.toFixed(1)} mm` : '';
      if (text !== last && coords.current) coords.current.textContent = text;
      last = text;
    });
  }, []);
  return (
    <div className="plate-readout small" data-testid="plate-readout">
      <span>
        {selection.size === 0
          ? 'Click a part to select it · Shift-click adds'
          : selection.size === 1 && only && label
            ? label(only)
            : `${selection.size} parts selected`}
        <span ref={coords} />
      </span>
      <span className="muted">
        Drag to move (1 mm, Alt 0.1 mm) · R rotate · P pin · Del to queue · T top view · Ctrl+Z undo
      </span>
    </div>
  );
}

function RenestProgress() {
  const taskId = useRenest((s) => s.taskId);
  const item = useUi((s) => (taskId ? s.progress.find((p) => p.taskId === taskId) : undefined));
  if (!taskId) return null;
  const fraction = item && item.total > 0 ? Math.min(1, item.done / item.total) : null;
  return (
    <div className="plate-renest" role="status" data-testid="plate-renest-progress">
      <div className="plate-renest__text">
        <span className="strong">Re-nesting…</span>
        <span className="muted small">{item?.message ?? 'starting'}</span>
      </div>
      <div className="progress">
        <div
          className={`progress__fill${fraction === null ? ' progress__fill--indeterminate' : ''}`}
          style={fraction === null ? undefined : { width: `${fraction * 100}%` }}
        />
      </div>
      <button
        type="button"
        className="btn btn--small"
        onClick={() => void cancelRenest()}
        data-testid="plate-renest-cancel"
      >
        Cancel
      </button>
    </div>
  );
}
