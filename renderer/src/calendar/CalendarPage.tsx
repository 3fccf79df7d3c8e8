import type { Calendar } from '../../../shared/domain/calendar';
import { isoDateInZone, safeTimeZone } from '../lib/zoned-time';
import { useQuery } from '../platform/hooks';
import type { Route } from '../shell/routes';
import { navigate } from '../shell/use-route';
import { Icon } from '../ui/Icon';
import { PageHeader } from '../ui/PageHeader';
import { ExceptionEditor } from './ExceptionEditor';
import { ExceptionTable } from './ExceptionTable';
import { OperatorsCard } from './OperatorsCard';
import { SlotEditor } from './SlotEditor';
import { SlotTable } from './SlotTable';
import { TimeZoneCard } from './TimeZoneCard';
import { formatDuration } from './time-input';
import { weeklyMinutes } from './week-grid';
import { WeekGrid } from './WeekGrid';

const EMPTY: Calendar = { timezone: 'UTC', operators: [], slots: [], exceptions: [] };

type Editing = { kind: 'slot' | 'exception'; id: string } | null;

function editingOf(route: Route): Editing {
  const [kind, id] = route.path;
  if ((kind === 'slot' || kind === 'exception') && id) return { kind, id };
  return null;
}

export function CalendarPage({ route }: { route: Route }) {
  const calendar = useQuery('calendar.get', {});
  const settings = useQuery('settings.get', {});
  const cal = calendar.data ?? EMPTY;
  const timeZone = safeTimeZone(settings.data?.timezone ?? cal.timezone);
  const editing = editingOf(route);
  const close = () => navigate('calendar');
  const totalMinutes = [...weeklyMinutes(cal.slots).values()].reduce((a, b) => a + b, 0);
  const activeOperators = cal.operators.filter((o) => o.active);
  const slot =
    editing?.kind === 'slot' && editing.id !== 'new'
      ? cal.slots.find((s) => s.id === editing.id)
      : undefined;
  const exception =
    editing?.kind === 'exception' && editing.id !== 'new'
      ? cal.exceptions.find((e) => e.id === editing.id)
      : undefined;
  const showEditor =
    editing !== null && !calendar.loading && (editing.id === 'new' || slot || exception);

  return (
    <div className={`page${showEditor ? ' page--with-panel' : ''}`}>
      <div className="page__main">
        <PageHeader
          title="Calendar"
          subtitle={
            <>
              {activeOperators.length} active operators · {formatDuration(totalMinutes)} on shift
              per week · times in <strong data-testid="site-timezone">{timeZone}</strong>
            </>
          }
          actions={
            <>
              <button
                type="button"
                className="btn"
                data-testid="exception-add"
                onClick={() => navigate('calendar', ['exception', 'new'])}
              >
                <Icon name="calendar" /> Add exception
              </button>
              <button
                type="button"
                className="btn btn--primary"
                data-testid="slot-add"
                onClick={() => navigate('calendar', ['slot', 'new'])}
              >
                <Icon name="plus" /> Add slot
              </button>
            </>
          }
        />
        <div className="page__scroll">
          <div className="calendar-layout">
            <div className="calendar-layout__side">
              <OperatorsCard calendar={cal} loading={calendar.loading} />
              <TimeZoneCard current={settings.data?.timezone} />
            </div>
            <div className="calendar-layout__main">
              <WeekGrid
                calendar={cal}
                timeZone={timeZone}
                selectedSlotId={editing?.kind === 'slot' ? editing.id : null}
              />
              <SlotTable calendar={cal} selectedId={editing?.kind === 'slot' ? editing.id : null} />
              <ExceptionTable
                calendar={cal}
                today={isoDateInZone(Date.now(), timeZone)}
                selectedId={editing?.kind === 'exception' ? editing.id : null}
              />
            </div>
          </div>
        </div>
      </div>
      {showEditor && editing ? (
        editing.kind === 'slot' ? (
          <SlotEditor
            key={`${editing.id}${JSON.stringify(route.query)}`}
            slot={slot ?? null}
            calendar={cal}
            prefill={route.query}
            onClose={close}
          />
        ) : (
          <ExceptionEditor
            key={editing.id}
            exception={exception ?? null}
            calendar={cal}
            today={isoDateInZone(Date.now(), timeZone)}
            onClose={close}
          />
        )
      ) : null}
    </div>
  );
}
