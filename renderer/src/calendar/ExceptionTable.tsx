import type { Calendar } from '../../../shared/domain/calendar';
import { formatHash } from '../shell/routes';
import { navigate } from '../shell/use-route';
import { Badge } from '../ui/Badge';
import { SectionHeader } from '../ui/PageHeader';
import { EXCEPTION_LABELS, exceptionTimeLabel } from './exception-form';
import { weekdayOfDate, weekdayShort } from './time-input';

export function ExceptionTable({
  calendar,
  selectedId,
  today,
}: {
  calendar: Calendar;
  selectedId: string | null;
  /** The site's date; exceptions before it are shown faded. */
  today: string;
}) {
  const names = new Map(calendar.operators.map((o) => [o.id, o.name]));
  const rows = [...calendar.exceptions].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : a.start < b.start ? -1 : 1,
  );
  return (
    <section className="section">
      <SectionHeader title={`Dated exceptions (${rows.length})`} />
      {rows.length === 0 ? (
        <p className="muted small section__pad">
          Holidays, days off and extra shifts override the weekly pattern on one date. None yet.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="exception-table">
            <thead>
              <tr>
                <th>Date</th>
                <th>Kind</th>
                <th>Who</th>
                <th>Time</th>
                <th>Note</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr
                  key={e.id}
                  data-testid="exception-row"
                  data-id={e.id}
                  className={`table__row--click${e.id === selectedId ? ' is-selected' : ''}${e.date < today ? ' is-past' : ''}`}
                  onClick={() => navigate('calendar', ['exception', e.id])}
                >
                  <td className="strong num-font">
                    <a
                      href={formatHash('calendar', ['exception', e.id])}
                      onClick={(ev) => ev.stopPropagation()}
                    >
                      {e.date}
                    </a>
                    <span className="muted"> {weekdayShort(weekdayOfDate(e.date))}</span>
                  </td>
                  <td>
                    <Badge tone={e.kind === 'off' ? 'warning' : 'success'}>
                      {EXCEPTION_LABELS[e.kind]}
                    </Badge>
                  </td>
                  <td>
                    {e.operatorId ? (
                      (names.get(e.operatorId) ?? 'Unknown')
                    ) : (
                      <span className="muted">Everyone</span>
                    )}
                  </td>
                  <td>{exceptionTimeLabel(e)}</td>
                  <td className="muted ellipsis">{e.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
