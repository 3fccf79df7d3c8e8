import type { MouseEvent } from 'react';
import type { Calendar } from '../../../shared/domain/calendar';
import { minutesToTimeOfDay } from '../../../shared/domain/common';
import { wallClock } from '../lib/zoned-time';
import { formatHash } from '../shell/routes';
import { navigate } from '../shell/use-route';
import { useSlotDraft } from './slot-draft';
import { DAY_MINUTES, layoutWeek, minutesAt, operatorColorIndex } from './week-grid';
import { WEEKDAY_LONG, WEEKDAY_SHORT } from './time-input';

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** Mon–Sun × 00–24 with every operator's weekly slots; click empty space to add one there. */
export function WeekGrid({
  calendar,
  timeZone,
  selectedSlotId,
}: {
  calendar: Calendar;
  timeZone: string;
  selectedSlotId: string | null;
}) {
  const draft = useSlotDraft((s) => s.draft);
  // While a slot is edited, the grid shows it where the form puts it, not where it was.
  const days = layoutWeek(
    draft?.id ? calendar.slots.filter((s) => s.id !== draft.id) : calendar.slots,
  );
  const names = new Map(calendar.operators.map((o) => [o.id, o]));
  const now = wallClock(Date.now(), timeZone);
  const nowPct = ((now.hour * 60 + now.minute) / DAY_MINUTES) * 100;
  const addAt = (weekday: number, e: MouseEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const start = minutesAt((e.clientY - rect.top) / rect.height, 30);
    navigate('calendar', ['slot', 'new'], { weekday: String(weekday), start: String(start) });
  };
  return (
    <section className="week" aria-label="Weekly operator slots" data-testid="week-grid">
      <div className="week__head">
        <div className="week__corner" />
        {WEEKDAY_SHORT.map((d, i) => (
          <div
            key={d}
            className={`week__day-head${now.weekday === i + 1 ? ' week__day-head--today' : ''}`}
          >
            {d}
          </div>
        ))}
      </div>
      <div className="week__body">
        <div className="week__axis" aria-hidden="true">
          {HOURS.map((h) => (
            <div key={h} className="week__hour">
              {h === 0 ? '' : `${String(h).padStart(2, '0')}:00`}
            </div>
          ))}
        </div>
        {days.map((blocks, i) => (
          <div
            key={i}
            className={`week__col${i >= 5 ? ' week__col--weekend' : ''}`}
            onClick={(e) => addAt(i + 1, e)}
            title={`Click to add a ${WEEKDAY_LONG[i]} slot`}
          >
            {now.weekday === i + 1 ? (
              <div className="week__now" style={{ top: `${nowPct}%` }} aria-hidden="true" />
            ) : null}
            {draft && draft.weekday === i + 1 ? (
              <div
                className={`slot-block slot-block--draft op-color-${operatorColorIndex(calendar.operators, draft.operatorId)}`}
                style={{
                  top: `${(draft.startMin / DAY_MINUTES) * 100}%`,
                  height: `${((draft.endMin - draft.startMin) / DAY_MINUTES) * 100}%`,
                }}
                data-testid="slot-draft"
                aria-hidden="true"
              >
                <span className="slot-block__name">
                  {names.get(draft.operatorId)?.name ?? 'New slot'}
                </span>
                <span className="slot-block__time">
                  {minutesToTimeOfDay(draft.startMin)}–{minutesToTimeOfDay(draft.endMin)}
                </span>
              </div>
            ) : null}
            {blocks.map((b) => {
              const op = names.get(b.slot.operatorId);
              const color = operatorColorIndex(calendar.operators, b.slot.operatorId);
              const heightPct = ((b.endMin - b.startMin) / DAY_MINUTES) * 100;
              return (
                <a
                  key={b.slot.id}
                  href={formatHash('calendar', ['slot', b.slot.id])}
                  className={`slot-block op-color-${color}${op?.active === false ? ' slot-block--inactive' : ''}${b.clash ? ' slot-block--clash' : ''}${b.slot.id === selectedSlotId ? ' is-selected' : ''}`}
                  style={{
                    top: `${(b.startMin / DAY_MINUTES) * 100}%`,
                    height: `${heightPct}%`,
                    left: `calc(${(b.lane / b.lanes) * 100}% + 2px)`,
                    width: `calc(${100 / b.lanes}% - 4px)`,
                  }}
                  title={`${op?.name ?? 'Unknown operator'} · ${WEEKDAY_LONG[i]} ${b.slot.start}–${b.slot.end}${b.clash ? ' · overlaps another slot of the same operator' : ''}`}
                  data-testid="slot-block"
                >
                  <span className="slot-block__name">{op?.name ?? '?'}</span>
                  {heightPct > 6 ? (
                    <span className="slot-block__time">
                      {b.slot.start}–{b.slot.end}
                    </span>
                  ) : null}
                </a>
              );
            })}
          </div>
        ))}
      </div>
    </section>
  );
}
