import { memo } from 'react';
import type { Conflict } from './conflicts';
import type { GanttModel } from './gantt-model';

const STATUS: Record<string, { text: string; tone: string }> = {
  available: { text: 'available', tone: 'ok' },
  maintenance: { text: 'maintenance', tone: 'warn' },
  offline: { text: 'offline', tone: 'off' },
};

/** The sticky left column: operator lanes, then one label per printer (name, model, status). */
export const GanttLabels = memo(function GanttLabels({
  model,
  first,
  last,
  height,
  conflicts,
}: {
  model: GanttModel;
  first: number;
  last: number;
  height: number;
  conflicts: ReadonlyMap<string, Conflict[]>;
}) {
  const perPrinter = new Map<string, number>();
  for (const [jobId] of conflicts) {
    const p = model.byId.get(jobId)?.printerId;
    if (p) perPrinter.set(p, (perPrinter.get(p) ?? 0) + 1);
  }
  const firstPrinter = model.rows.findIndex((r) => r.kind === 'printer');
  const items = [];
  for (let i = first; i <= last; i++) {
    const row = model.rows[i];
    if (!row) continue;
    const style = { top: model.layout.tops[i], height: model.layout.heights[i] };
    if (row.kind === 'operator') {
      items.push(
        <div
          key={row.id}
          className={`glabel glabel--operator${i === firstPrinter - 1 ? ' is-last' : ''}`}
          style={style}
          role="rowheader"
          data-testid="operator-row"
        >
          <span className="glabel__swatch" style={{ background: `var(--op-${row.color})` }} />
          <span className="glabel__name">{row.name}</span>
          {i === 0 ? <span className="glabel__kind">operators</span> : null}
        </div>,
      );
      continue;
    }
    const p = row.printer;
    const status = STATUS[p.status] ?? { text: p.status, tone: 'off' };
    const n = perPrinter.get(p.id) ?? 0;
    items.push(
      <div
        key={row.id}
        className="glabel glabel--printer"
        style={style}
        role="rowheader"
        data-testid="printer-lane"
        data-printer-id={p.id}
      >
        <div className="glabel__line">
          <span className={`glabel__dot glabel__dot--${status.tone}`} title={status.text} />
          <span className="glabel__name">{p.name}</span>
          {n > 0 ? (
            <span
              className="glabel__conflicts"
              title={`${n} ${n === 1 ? 'job has' : 'jobs have'} conflicts`}
            >
              {n}
            </span>
          ) : null}
        </div>
        <div className="glabel__meta">
          {p.model || 'Printer'}
          {p.loadedMaterial ? ` · ${p.loadedMaterial}` : ''}
          {p.status !== 'available' ? (
            <span className="glabel__status"> · {status.text}</span>
          ) : null}
        </div>
      </div>,
    );
  }
  return (
    <div className="gantt__labels" style={{ height }} role="presentation">
      {items}
    </div>
  );
});
