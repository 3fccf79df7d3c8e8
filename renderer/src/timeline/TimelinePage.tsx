import type { Job } from '../../../shared/domain/plan';
import { formatDateTime, plural } from '../lib/format';
import { safeTimeZone } from '../lib/zoned-time';
import { useQuery } from '../platform/hooks';
import { formatHash, type Route } from '../shell/routes';
import { Badge } from '../ui/Badge';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';

/**
 * Timeline: the Gantt of jobs per printer against operator shifts. Until the Gantt lands this
 * page lists the current plan's jobs in time order.
 */
export function TimelinePage(_props: { route: Route }) {
  const plan = useQuery('plans.current', {});
  const printers = useQuery('printers.list', {});
  const calendar = useQuery('calendar.get', {});
  const settings = useQuery('settings.get', {});
  const timeZone = safeTimeZone(settings.data?.timezone);
  const jobs: Job[] = [...(plan.data?.jobs ?? [])].sort((a, b) => a.start.localeCompare(b.start));
  const printerName = new Map((printers.data ?? []).map((p) => [p.id, p.name]));
  const slots = calendar.data?.slots.length ?? 0;

  return (
    <div className="page">
      <div className="page__main">
        <PageHeader
          title="Timeline"
          subtitle={plan.data ? `${plural(jobs.length, 'job')} in the current plan` : 'No plan yet'}
        />
        <div className="page__scroll">
          {jobs.length === 0 ? (
            <EmptyState icon="timeline" title="Nothing scheduled yet" testId="timeline-empty">
              <p>
                The timeline shows one row per printer with its jobs as bars, operator shifts as
                shaded bands, and setup and removal tasks. Drag a job to move it; PlateShift tells
                you at once if no operator is there to start or clear it.
              </p>
              <ol className="steps">
                <li>
                  {slots > 0 ? (
                    <>Operator shifts are set ({plural(slots, 'weekly slot')}).</>
                  ) : (
                    <>
                      Enter operator shifts under <a href="#/calendar">Calendar</a>: jobs must start
                      and end while someone is there.
                    </>
                  )}
                </li>
                <li>
                  Fill the <a href="#/queue">Queue</a> and run the planner.
                </li>
              </ol>
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="job-table">
                <thead>
                  <tr>
                    <th>Printer</th>
                    <th>Start</th>
                    <th>End</th>
                    <th className="num">Estimate</th>
                    <th className="num">Parts</th>
                    <th>Status</th>
                  </tr>
                </thead>
                <tbody>
                  {jobs.map((j) => (
                    <tr key={j.id} data-testid="job-row">
                      <td className="strong">
                        <a href={formatHash('plates', [j.id])}>
                          {printerName.get(j.printerId) ?? 'Printer'}
                        </a>
                      </td>
                      <td>{formatDateTime(j.start, timeZone)}</td>
                      <td>{formatDateTime(j.end, timeZone)}</td>
                      <td className="num">{Math.round(j.estimateMinutes)} min</td>
                      <td className="num">{j.placements.length}</td>
                      <td>
                        <Badge>{j.status}</Badge>
                        {j.locked ? <Badge tone="warning">locked</Badge> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
