import { useDeferredValue, useMemo, type DragEvent } from 'react';
import type { Job, Placement } from '../../../shared/domain/plan';
import type { Printer } from '../../../shared/domain/printer';
import { formatDateTime, plural } from '../lib/format';
import { Badge } from '../ui/Badge';
import { Icon } from '../ui/Icon';
import { addToPlate, commitPlacements } from './plate-commands';
import { editLabel, setPinned } from './plate-edit';
import {
  estimateMaterial,
  materialDensity,
  partList,
  plateDensity,
  usableBedArea,
} from './plate-facts';
import { plateActions, shownPlacements, usePlateStore } from './plate-store';
import type { PlateData, QueuedPart } from './use-plate-data';

/** MIME type of a queued part dragged onto the plate. */
export const PART_DRAG_TYPE = 'application/x-plateshift-part';

function hours(minutes: number): string {
  if (minutes < 60) return `${Math.round(minutes)} min`;
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes - h * 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}

/**
 * Pin or release parts as one undoable plate edit. Re-nesting keeps pinned parts where they
 * are; every part moved, turned or added by hand is pinned, so releasing is how a plate that
 * went wrong by hand gets back to the engine.
 */
export function pinParts(ids: ReadonlySet<string> | 'all', pinned: boolean): void {
  afterPendingEdit(() => {
    const s = usePlateStore.getState();
    if (s.drag) return;
    const current = shownPlacements(s);
    const after = setPinned(current, ids, pinned);
    const changed = new Set(after.filter((p, i) => p !== current[i]).map((p) => p.partId));
    if (changed.size === 0) return;
    const [only] = changed;
    const name = changed.size === 1 && only && s.ctx ? s.ctx.label(only) : undefined;
    const label =
      ids === 'all'
        ? `Unpin all ${changed.size}`
        : editLabel(pinned ? 'Pin' : 'Unpin', changed, name);
    void commitPlacements(after, label, changed);
  });
}

/**
 * Runs `edit` once the host has answered the edit in flight. Pin is a toggle: pressed twice
 * quickly, the second press would otherwise be measured against the arrangement from before
 * the first one and taken for "no change".
 */
function afterPendingEdit(edit: () => void): void {
  const pending = (s: ReturnType<typeof usePlateStore.getState>) => s.draft !== null && !s.drag;
  if (!pending(usePlateStore.getState())) {
    edit();
    return;
  }
  const unsubscribe = usePlateStore.subscribe((s) => {
    if (pending(s)) return;
    unsubscribe();
    edit();
  });
}

const pinKeys = new WeakMap<readonly Placement[], string>();

/**
 * The pinned parts of a placement list as a stable string (cached per list: the store hands
 * out a new list on every drag frame, and the panel must not re-render for those).
 */
function pinnedKey(placements: readonly Placement[]): string {
  let key = pinKeys.get(placements);
  if (key === undefined) {
    key = placements
      .filter((p) => p.fixed)
      .map((p) => p.partId)
      .sort()
      .join(',');
    pinKeys.set(placements, key);
  }
  return key;
}

/** Facts, live problems, the parts on the plate and the queue to add from. */
export function PlateSidePanel({
  job,
  printer,
  data,
  readOnly,
}: {
  job: Job;
  printer: Printer;
  data: PlateData;
  readOnly: boolean;
}) {
  // The facts and lists follow a stored edit one render later: the frame right after the edit
  // belongs to the 3D view (the live problems below still come straight from the plate store).
  const shownJob = useDeferredValue(job);
  const shownData = useDeferredValue(data);
  const sections = useMemo(
    () => (
      <>
        <PlateFacts job={shownJob} printer={printer} data={shownData} />
        <ProblemList />
        <PartsOnPlate data={shownData} readOnly={readOnly} />
        <QueueList job={shownJob} data={shownData} readOnly={readOnly} />
      </>
    ),
    [shownJob, printer, shownData, readOnly],
  );
  return (
    <aside className="plate-side" aria-label="Plate facts" data-testid="plate-side">
      <div className="plate-side__scroll">{sections}</div>
      {readOnly ? null : <QueueDropZone />}
    </aside>
  );
}

function PlateFacts({ job, printer, data }: { job: Job; printer: Printer; data: PlateData }) {
  const layout = usePlateStore((s) => s.layout);
  // Counts, not the list: a drag rewords problems (areas) on every move.
  const errors = usePlateStore((s) => s.problems.filter((p) => p.severity === 'error').length);
  const warnings = usePlateStore((s) => s.problems.length) - errors;
  const checking = usePlateStore((s) => s.checking && s.drag === null);
  const facts = useMemo(() => {
    const placements = layout.groups.flatMap((g) => g.partIds.map(() => ({ modelId: g.modelId })));
    const density = plateDensity(
      placements,
      (m) => data.models.get(m)?.facts?.footprintAreaMm2 ?? 0,
      usableBedArea(printer.bed, printer.exclusionZones),
    );
    const profile = job.profileId ? data.profiles.get(job.profileId) : undefined;
    const firstPart = layout.groups[0]?.partIds[0];
    const material =
      profile?.material || (firstPart ? data.parts.get(firstPart)?.material : '') || 'PLA';
    const { density: gcm3, known } = materialDensity(material);
    const infill = profile?.infillPercent ?? 15;
    let printed = 0;
    let solid = 0;
    let unknownModels = 0;
    for (const g of layout.groups) {
      const f = data.models.get(g.modelId)?.facts;
      if (!f) {
        unknownModels++;
        continue;
      }
      const m = estimateMaterial(f, gcm3, infill);
      printed += m.printedGrams * g.partIds.length;
      solid += m.solidGrams * g.partIds.length;
    }
    return {
      density,
      material,
      gcm3,
      known,
      infill,
      printed,
      solid,
      unknownModels,
      profile,
      count: placements.length,
    };
  }, [layout, data, job.profileId, printer]);
  return (
    <section className="plate-side__section" data-testid="plate-facts">
      <h2 className="plate-side__title">Plate facts</h2>
      <dl className="plate-facts">
        <dt>Printer</dt>
        <dd>
          {printer.name} <span className="muted small">{printer.model}</span>
        </dd>
        <dt>Profile</dt>
        <dd>{facts.profile?.name ?? <span className="muted">any</span>}</dd>
        <dt>Runs</dt>
        <dd>
          {formatDateTime(job.start, data.timeZone ?? 'UTC')} →{' '}
          {formatDateTime(job.end, data.timeZone ?? 'UTC')}
        </dd>
        <dt>Estimated</dt>
        <dd data-testid="plate-estimate">
          {hours(job.estimateMinutes)}
          {job.uncertaintyMinutes > 0 ? (
            <span className="muted small"> ± {hours(job.uncertaintyMinutes)}</span>
          ) : null}
        </dd>
        <dt>Parts</dt>
        <dd>{facts.count}</dd>
        <dt>Density</dt>
        <dd data-testid="plate-density">
          <span className="plate-meter" aria-hidden="true">
            <span style={{ width: `${Math.min(100, facts.density * 100)}%` }} />
          </span>
          {Math.round(facts.density * 1000) / 10} %
          <span className="muted small"> of the usable bed</span>
        </dd>
        <dt>Material</dt>
        <dd
          data-testid="plate-material"
          title={`Walls solid, inside at ${facts.infill} % infill; ${facts.gcm3} g/cm³`}
        >
          ≈ {Math.round(facts.printed)} g {facts.material}
          <span className="muted small">
            {' '}
            (solid {Math.round(facts.solid)} g{facts.known ? '' : ', density assumed'})
          </span>
          {facts.unknownModels > 0 ? (
            <div className="muted small">
              {plural(facts.unknownModels, 'model')} not analysed yet
            </div>
          ) : null}
        </dd>
        <dt>Check</dt>
        <dd data-testid="plate-validation">
          {checking ? (
            <Badge>checking…</Badge>
          ) : errors > 0 ? (
            <Badge tone="danger">{plural(errors, 'problem')}</Badge>
          ) : warnings > 0 ? (
            <Badge tone="warning">{plural(warnings, 'warning')}</Badge>
          ) : (
            <Badge tone="success">valid</Badge>
          )}
        </dd>
      </dl>
    </section>
  );
}

function ProblemList() {
  const problems = usePlateStore((s) => s.problems);
  const dragging = usePlateStore((s) => s.drag !== null);
  if (problems.length === 0) return null;
  return (
    <section className="plate-side__section" data-testid="plate-problems" aria-live="polite">
      <h2 className="plate-side__title">
        {dragging ? 'While you drag' : 'Problems on this plate'}
      </h2>
      <ul className="plate-problems">
        {problems.slice(0, 30).map((p) => (
          <li
            key={p.key}
            className={`plate-problem plate-problem--${p.severity}`}
            data-testid="plate-problem"
            data-kind={p.kind}
          >
            <button
              type="button"
              className="plate-problem__button"
              onClick={() => plateActions.select(p.partIds)}
            >
              <Icon name="alert" size={14} />
              <span>{p.message}</span>
            </button>
          </li>
        ))}
        {problems.length > 30 ? (
          <li className="muted small">…and {problems.length - 30} more</li>
        ) : null}
      </ul>
    </section>
  );
}

function PartsOnPlate({ data, readOnly }: { data: PlateData; readOnly: boolean }) {
  const layout = usePlateStore((s) => s.layout);
  const selection = usePlateStore((s) => s.selection);
  const pinKey = usePlateStore((s) => pinnedKey(shownPlacements(s)));
  const pinned = useMemo(() => new Set(pinKey ? pinKey.split(',') : []), [pinKey]);
  const rows = useMemo(
    () =>
      partList(
        layout.groups.flatMap((g) => g.partIds.map((partId) => ({ partId, modelId: g.modelId }))),
        (id) => data.parts.get(id),
        (m) => data.models.get(m)?.name ?? 'model',
      ),
    [layout, data],
  );
  return (
    <section className="plate-side__section" data-testid="plate-parts">
      <h2 className="plate-side__title plate-side__title--row">
        <span>On this plate</span>
        {pinned.size > 0 ? (
          <>
            <span className="muted small" data-testid="plate-pinned-count">
              {pinned.size} pinned
            </span>
            <button
              type="button"
              className="btn btn--ghost btn--small plate-side__title-action"
              disabled={readOnly}
              data-testid="plate-unpin-all"
              onClick={() => pinParts('all', false)}
              title="Release every pinned part: the next re-nest may move all of them"
            >
              Unpin all
            </button>
          </>
        ) : null}
      </h2>
      {rows.length === 0 ? (
        <p className="muted small">No parts yet. Add some from the queue below.</p>
      ) : (
        <ul className="plate-parts">
          {rows.map((r) => {
            const selected = r.partIds.filter((id) => selection.has(id)).length;
            const pinnedHere = r.partIds.filter((id) => pinned.has(id));
            return (
              <li key={r.modelId} className="plate-parts__item">
                <button
                  type="button"
                  className={`plate-parts__row${selected > 0 ? ' is-selected' : ''}`}
                  onClick={(e) => plateActions.select(r.partIds, e.shiftKey ? 'add' : 'replace')}
                  title="Select these parts (Shift adds to the selection)"
                >
                  <span
                    className={`plate-swatch plate-tone-${data.looks.get(r.modelId)?.tone ?? 0}`}
                  />
                  <span className="plate-parts__name">{r.modelName}</span>
                  <span className="plate-parts__count">× {r.count}</span>
                  <span className="plate-parts__orders muted small">{r.orders.join(', ')}</span>
                </button>
                {pinnedHere.length > 0 ? (
                  <button
                    type="button"
                    className="plate-parts__pin"
                    data-testid="plate-part-pinned"
                    data-pinned={pinnedHere.length}
                    disabled={readOnly}
                    onClick={() => pinParts(new Set(pinnedHere), false)}
                    aria-label={`Unpin ${plural(pinnedHere.length, 'pinned part')} of ${r.modelName}`}
                    title={`${plural(pinnedHere.length, 'part')} placed by hand: re-nesting keeps ${pinnedHere.length === 1 ? 'it' : 'them'} where ${pinnedHere.length === 1 ? 'it is' : 'they are'}. Click to unpin.`}
                  >
                    <Icon name="pin" size={12} />
                    {pinnedHere.length}
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/**
 * While parts are dragged, a fixed target at the foot of the panel: releasing there sends them
 * back to the queue. It never moves while the problem list above grows and shrinks.
 */
function QueueDropZone() {
  const dragging = usePlateStore((s) => s.drag?.movingIds.size ?? 0);
  if (dragging === 0) return null;
  return (
    <div className="plate-queue-drop" data-plate-drop="queue" data-testid="plate-queue-drop">
      <Icon name="queue" size={18} />
      <span>
        Release here to send {dragging === 1 ? 'the part' : `${dragging} parts`} back to the queue
      </span>
    </div>
  );
}

interface QueueGroup {
  key: string;
  modelId: string;
  modelName: string;
  orderReference: string;
  parts: QueuedPart[];
  compatible: boolean;
  why: string | null;
}

function QueueList({ job, data, readOnly }: { job: Job; data: PlateData; readOnly: boolean }) {
  const groups = useMemo(() => {
    const map = new Map<string, QueueGroup>();
    for (const q of data.queued) {
      const key = `${q.modelId}|${q.orderReference}`;
      let g = map.get(key);
      if (!g) {
        const profileClash = job.profileId && q.profileId && q.profileId !== job.profileId;
        const noFootprint = !data.footprints.has(q.modelId);
        g = {
          key,
          modelId: q.modelId,
          modelName: q.modelName,
          orderReference: q.orderReference,
          parts: [],
          compatible: !profileClash && !noFootprint,
          why: profileClash
            ? `Needs ${data.profiles.get(q.profileId ?? '')?.name ?? 'another profile'}`
            : noFootprint
              ? 'Still being analysed'
              : null,
        };
        map.set(key, g);
      }
      g.parts.push(q);
    }
    return [...map.values()].sort(
      (a, b) =>
        Number(b.compatible) - Number(a.compatible) || a.modelName.localeCompare(b.modelName),
    );
  }, [data, job.profileId]);

  const onDragStart = (e: DragEvent, g: QueueGroup) => {
    const part = g.parts[0];
    if (!part) return;
    e.dataTransfer.setData(
      PART_DRAG_TYPE,
      JSON.stringify({ partId: part.partId, modelId: part.modelId }),
    );
    e.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <section
      className="plate-side__section plate-queue"
      data-testid="plate-queue"
      data-plate-drop="queue"
    >
      <h2 className="plate-side__title">
        Queue <span className="muted small">{plural(data.queued.length, 'part')} waiting</span>
      </h2>
      {groups.length === 0 ? (
        <p className="muted small">
          Nothing is waiting. Parts you send back to the queue show up here.
        </p>
      ) : (
        <ul className="plate-queue__list">
          {groups.map((g) => (
            <li
              key={g.key}
              className={`plate-queue__row${g.compatible ? '' : ' is-disabled'}`}
              draggable={!readOnly && g.compatible}
              onDragStart={(e) => onDragStart(e, g)}
              data-testid="plate-queue-row"
              title={
                g.why ?? 'Drag onto the plate, or press Add to place it at the first free spot'
              }
            >
              <span className={`plate-swatch plate-tone-${data.looks.get(g.modelId)?.tone ?? 0}`} />
              <span className="plate-queue__name">
                {g.modelName} <span className="muted small">× {g.parts.length}</span>
                <span className="block muted small">{g.why ?? g.orderReference}</span>
              </span>
              <button
                type="button"
                className="btn btn--small"
                disabled={readOnly || !g.compatible}
                data-testid="plate-queue-add"
                onClick={() => {
                  const part = g.parts[0];
                  if (part) addToPlate(part, data.rotationStepDeg);
                }}
              >
                <Icon name="plus" size={12} /> Add
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
