import type { Job } from '../../../shared/domain/plan';
import { formatDateTime, plural } from '../lib/format';
import { safeTimeZone } from '../lib/zoned-time';
import { useQuery } from '../platform/hooks';
import { formatHash, type Route } from '../shell/routes';
import { Badge } from '../ui/Badge';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';

/**
 * Plates: one build plate per job. The 3D plate view (@react-three/fiber) replaces the body of
 * this page; the route `#/plates/<jobId>` already selects a job.
 */
export function PlatesPage({ route }: { route: Route }) {
  const plan = useQuery('plans.current', {});
  const printers = useQuery('printers.list', {});
  const settings = useQuery('settings.get', {});
  const timeZone = safeTimeZone(settings.data?.timezone);
  const jobs: Job[] = plan.data?.jobs ?? [];
  const printerName = new Map((printers.data ?? []).map((p) => [p.id, p.name]));
  const selected = route.path[0];

  return (
    <div className="page">
      <div className="page__main">
        <PageHeader
          title="Plates"
          subtitle={
            plan.data ? `${plural(jobs.length, 'plate')} in the current plan` : 'No plan yet'
          }
        />
        <div className="page__scroll">
          {jobs.length === 0 ? (
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
                <li>Run the planner; its jobs appear here as plates.</li>
              </ol>
            </EmptyState>
          ) : (
            <div className="card-grid" data-testid="plate-list">
              {jobs.map((j) => (
                <a
                  key={j.id}
                  href={formatHash('plates', [j.id])}
                  className={`plate-card${selected === j.id ? ' is-selected' : ''}`}
                  data-testid="plate-card"
                >
                  <div className="plate-card__head">
                    <span className="strong">{printerName.get(j.printerId) ?? 'Printer'}</span>
                    <Badge>{j.status}</Badge>
                  </div>
                  <div className="muted small">{formatDateTime(j.start, timeZone)}</div>
                  <div className="small">
                    {plural(j.placements.length, 'part')} · {Math.round(j.estimateMinutes)} min
                  </div>
                </a>
              ))}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
