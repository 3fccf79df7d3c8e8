import type { Calendar } from '../../../shared/domain/calendar';
import { timeOfDayToMinutes } from '../../../shared/domain/common';
import { formatHash } from '../shell/routes';
import { navigate } from '../shell/use-route';
import { SectionHeader } from '../ui/PageHeader';
import { formatDuration, weekdayShort } from './time-input';
import { operatorColorIndex, sortSlots } from './week-grid';

export function SlotTable({
  calendar,
  selectedId,
}: {
  calendar: Calendar;
  selectedId: string | null;
}) {
  const names = new Map(calendar.operators.map((o) => [o.id, o.name]));
  const slots = sortSlots(calendar.slots, calendar.operators);
  return (
    <section className="section">
      <SectionHeader title={`Weekly slots (${slots.length})`} />
      {slots.length === 0 ? (
        <p className="muted small section__pad">
          No slots yet. Click into the grid above or use “Add slot”: for example Mon–Fri 08:00–12:00
          and 12:30–16:00.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="slot-table">
            <thead>
              <tr>
                <th>Day</th>
                <th>Operator</th>
                <th className="num">Start</th>
                <th className="num">End</th>
                <th className="num">Length</th>
              </tr>
            </thead>
            <tbody>
              {slots.map((s) => (
                <tr
                  key={s.id}
                  data-testid="slot-row"
                  data-id={s.id}
                  className={`table__row--click${s.id === selectedId ? ' is-selected' : ''}`}
                  onClick={() => navigate('calendar', ['slot', s.id])}
                >
                  <td className="strong">
                    <a
                      href={formatHash('calendar', ['slot', s.id])}
                      onClick={(e) => e.stopPropagation()}
                    >
                      {weekdayShort(s.weekday)}
                    </a>
                  </td>
                  <td>
                    <span
                      className={`op-swatch op-color-${operatorColorIndex(calendar.operators, s.operatorId)}`}
                    />
                    {names.get(s.operatorId) ?? 'Unknown'}
                  </td>
                  <td className="num">{s.start}</td>
                  <td className="num">{s.end}</td>
                  <td className="num">
                    {formatDuration(timeOfDayToMinutes(s.end) - timeOfDayToMinutes(s.start))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
