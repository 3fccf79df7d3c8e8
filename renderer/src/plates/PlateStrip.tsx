import { memo, useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { Job } from '../../../shared/domain/plan';
import type { Printer } from '../../../shared/domain/printer';
import { formatDateTime, plural } from '../lib/format';
import { formatHash } from '../shell/routes';
import { Badge, type Tone } from '../ui/Badge';
import { plateDensity, usableBedArea } from './plate-facts';
import { platesByPrinter } from './plate-strip';
import { plateThumbnail } from './plate-thumbnail';
import { checkPlate } from './plate-check';
import { plateContext, type PlateData } from './use-plate-data';

export const STATUS_TONE: Record<Job['status'], Tone> = {
  planned: 'neutral',
  approved: 'accent',
  sent: 'info',
  printing: 'info',
  printed: 'success',
  done: 'success',
  failed: 'danger',
  cancelled: 'neutral',
};

/** Every plate of the plan, per printer in time order, as mini top views. */
export function PlateStrip({
  data: current,
  selectedId,
}: {
  data: PlateData;
  selectedId: string | undefined;
}) {
  // The strip's thumbnails follow an edit one render later, after the 3D view's frame.
  const data = useDeferredValue(current);
  const groups = useMemo(
    () => platesByPrinter(data.jobs, data.printers),
    [data.jobs, data.printers],
  );
  // What a card draws with, apart from its job: unchanged by an edit of another plate, so only
  // the edited plate's card recomputes its thumbnail and re-checks its plate.
  const look = useMemo<CardLook>(
    () => ({
      footprints: data.footprints,
      looks: data.looks,
      models: data.models,
      spacingMm: data.spacingMm,
      label: data.label,
      timeZone: data.timeZone,
    }),
    [data.footprints, data.looks, data.models, data.spacingMm, data.label, data.timeZone],
  );
  return (
    <nav className="plate-strip" aria-label="Plates" data-testid="plate-list">
      {groups.map((g) => (
        <section key={g.printerId} className="plate-strip__printer">
          <h2 className="plate-strip__printer-name">
            {g.printerName} <span className="muted small">{plural(g.jobs.length, 'plate')}</span>
          </h2>
          {g.jobs.map((j, i) => (
            <PlateCard
              key={j.id}
              job={j}
              index={i + 1}
              printer={data.printers.find((p) => p.id === j.printerId)}
              look={look}
              selected={j.id === selectedId}
            />
          ))}
        </section>
      ))}
    </nav>
  );
}

type CardLook = Pick<
  PlateData,
  'footprints' | 'looks' | 'models' | 'spacingMm' | 'label' | 'timeZone'
>;

const PlateCard = memo(function PlateCard({
  job,
  index,
  printer,
  look: data,
  selected,
}: {
  job: Job;
  index: number;
  printer: Printer | undefined;
  look: CardLook;
  selected: boolean;
}) {
  const summary = useMemo(() => {
    if (!printer) return null;
    const thumb = plateThumbnail(
      printer.bed,
      printer.exclusionZones,
      job.placements.map((p) => ({
        id: p.partId,
        pose: p,
        rings: data.footprints.get(p.modelId) ?? [],
        tone: data.looks.get(p.modelId)?.tone ?? 0,
      })),
    );
    const density = plateDensity(
      job.placements,
      (m) => data.models.get(m)?.facts?.footprintAreaMm2 ?? 0,
      usableBedArea(printer.bed, printer.exclusionZones),
    );
    return { thumb, density };
  }, [job.placements, printer, data]);
  const errors = useErrorCount(job, printer, data);

  return (
    <a
      href={formatHash('plates', [job.id])}
      className={`plate-tile${selected ? ' is-selected' : ''}`}
      data-testid="plate-card"
      data-job-id={job.id}
      aria-current={selected ? 'page' : undefined}
    >
      <svg
        className="plate-tile__thumb"
        viewBox={summary?.thumb.viewBox ?? '0 0 1 1'}
        aria-hidden="true"
      >
        {summary ? (
          <>
            <path d={summary.thumb.bed} className="plate-thumb__bed" />
            {summary.thumb.zones.map((d, i) => (
              <path key={i} d={d} className="plate-thumb__zone" />
            ))}
            {summary.thumb.parts.map((p) => (
              <path
                key={p.id}
                d={p.d}
                className={`plate-thumb__part plate-tone-${p.tone}`}
                fillRule="evenodd"
              />
            ))}
          </>
        ) : null}
      </svg>
      <div className="plate-tile__text">
        <div className="plate-tile__head">
          <span className="strong">Plate {index}</span>
          <Badge tone={STATUS_TONE[job.status]}>{job.status}</Badge>
        </div>
        <div className="muted small">{formatDateTime(job.start, data.timeZone ?? 'UTC')}</div>
        <div className="small">
          {plural(job.placements.length, 'part')} · {Math.round(job.estimateMinutes / 6) / 10} h
          {summary ? ` · ${Math.round(summary.density * 100)} %` : ''}
        </div>
        {errors !== null && errors > 0 ? (
          <div className="small danger-text" data-testid="plate-card-problems">
            {plural(errors, 'problem')}
          </div>
        ) : null}
      </div>
    </a>
  );
});

/** Errors on a plate, checked off the UI thread (null until known). */
function useErrorCount(job: Job, printer: Printer | undefined, data: CardLook): number | null {
  const [result, setResult] = useState<{ for: Job['placements']; errors: number } | null>(null);
  useEffect(() => {
    const ctx = plateContext(printer, data);
    if (!ctx) return;
    let live = true;
    void checkPlate(job.placements, ctx).then((raw) => {
      if (!live) return;
      const errors = raw.violations.filter((v) => v.kind !== 'spacing' && v.kind !== 'edge-margin');
      setResult({ for: job.placements, errors: errors.length });
    });
    return () => {
      live = false;
    };
  }, [job.placements, printer, data]);
  return result && result.for === job.placements ? result.errors : null;
}
