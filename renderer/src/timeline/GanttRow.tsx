import { memo, type ReactNode } from 'react';
import { formatShort } from './gantt-axis';
import { timeToX, type TimeScale, xToTime } from './gantt-geometry';
import type { GanttModel, Shift } from './gantt-model';
import { BarTile, type BarLook, TaskTile } from './GanttTiles';
import { BAR_HEIGHT, BAR_TOP } from './JobBar';

/**
 * What one row draws in the window: an operator's shifts and tasks, or a printer's state,
 * maintenance and bars, tile by tile. Tiles not yet drawn (see incremental.ts) show a flat
 * placeholder. Memoised on plain props, so a Gantt render that completes other rows' cells
 * skips this one.
 */
export const GanttRowCells = memo(function GanttRowCells({
  model,
  index,
  tileFirst,
  tileLast,
  tileW,
  tileMs,
  winStart,
  winEnd,
  scale,
  look,
  shifts,
  printerName,
  ready,
}: {
  model: GanttModel;
  index: number;
  tileFirst: number;
  tileLast: number;
  tileW: number;
  tileMs: number;
  /** The drawn window, lane px. */
  winStart: number;
  winEnd: number;
  scale: TimeScale;
  look: BarLook;
  /** An operator row's shifts. */
  shifts: readonly Shift[] | undefined;
  printerName: (id: string) => string;
  /** Tiles drawn with their content: `o` for the overhang, then `,k` per tile index. */
  ready: string;
}) {
  const row = model.rows[index];
  if (!row) return null;
  const top = model.layout.tops[index] ?? 0;
  const h = model.layout.heights[index] ?? 0;
  const t0 = xToTime(scale, winStart);
  const t1 = xToTime(scale, winEnd);
  const drawn = new Set(ready.split(','));
  const tileFrom = (k: number) => scale.originMs + k * tileMs;
  const out: ReactNode[] = [];
  const placeholder = (k: number, y: number, height: number) => (
    <div
      key={`wait-${k}`}
      className="gcell-wait"
      style={{ left: k * tileW, width: tileW, top: y, height }}
      aria-hidden="true"
    />
  );

  if (row.kind === 'operator') {
    for (const s of shifts ?? []) {
      if (s.endMs <= t0 || s.startMs >= t1) continue;
      out.push(
        <div
          key={`os-${s.startMs}`}
          className={`gshift op-c${row.color}`}
          style={{
            left: timeToX(scale, s.startMs),
            width: timeToX(scale, s.endMs) - timeToX(scale, s.startMs),
            top: top + 3,
            height: h - 6,
          }}
        />,
      );
    }
    for (let k = tileFirst - 1; k <= tileLast; k++) {
      out.push(
        drawn.has(String(k)) ? (
          <TaskTile
            key={`tt-${k}`}
            model={model}
            operatorId={row.id}
            color={row.color}
            fromMs={tileFrom(k)}
            toMs={tileFrom(k + 1)}
            scale={scale}
            top={top}
            height={h}
            look={look}
            printerName={printerName}
          />
        ) : (
          placeholder(k, top + 5, h - 10)
        ),
      );
    }
    return <>{out}</>;
  }

  const printer = row.printer;
  if (printer.status !== 'available') {
    out.push(
      <div
        key="off"
        className="grow-off"
        style={{ left: winStart, width: winEnd - winStart, top, height: h }}
      />,
    );
  }
  for (const m of printer.maintenance) {
    const a = Date.parse(m.start);
    const b = Date.parse(m.end);
    if (b <= t0 || a >= t1) continue;
    const x = timeToX(scale, a);
    const w = timeToX(scale, b) - x;
    out.push(
      <div
        key={`mnt-${a}`}
        className="gmaint"
        style={{ left: x, width: w, top: top + 4, height: h - 8 }}
        title={`Maintenance ${formatShort(a, look.timeZone)}–${formatShort(b, look.timeZone)}${m.reason ? `: ${m.reason}` : ''}`}
      >
        {w > 90 ? <span>{m.reason || 'Maintenance'}</span> : null}
      </div>,
    );
  }
  // Bars that started left of the drawn window but reach into it.
  if (drawn.has('o')) {
    out.push(
      <BarTile
        key="bo"
        model={model}
        printerId={row.id}
        printer={printer.name}
        fromMs={tileFrom(tileFirst) - model.maxSpanMs}
        toMs={tileFrom(tileFirst)}
        minEnd={t0}
        scale={scale}
        top={top}
        look={look}
      />,
    );
  }
  for (let k = tileFirst; k <= tileLast; k++) {
    out.push(
      drawn.has(String(k)) ? (
        <BarTile
          key={`bt-${k}`}
          model={model}
          printerId={row.id}
          printer={printer.name}
          fromMs={tileFrom(k)}
          toMs={tileFrom(k + 1)}
          minEnd={null}
          scale={scale}
          top={top}
          look={look}
        />
      ) : (
        placeholder(k, top + BAR_TOP, BAR_HEIGHT)
      ),
    );
  }
  return <>{out}</>;
});
