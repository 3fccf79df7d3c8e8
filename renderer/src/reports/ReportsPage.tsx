import type { PlanKpis } from '../../../shared/domain/plan';
import { useQuery } from '../platform/hooks';
import type { Route } from '../shell/routes';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';

const KPI_LABELS: { key: keyof PlanKpis; label: string; format: (n: number) => string }[] = [
  { key: 'partsPlanned', label: 'Parts planned', format: String },
  { key: 'partsUnplanned', label: 'Parts not planned', format: String },
  { key: 'utilisation', label: 'Printer utilisation', format: (n) => `${Math.round(n * 100)} %` },
  { key: 'plateDensity', label: 'Plate density', format: (n) => `${Math.round(n * 100)} %` },
  { key: 'lateParts', label: 'Late parts', format: String },
  { key: 'tardinessHours', label: 'Tardiness', format: (n) => `${n.toFixed(1)} h` },
  { key: 'operatorMinutes', label: 'Operator time', format: (n) => `${Math.round(n)} min` },
  { key: 'waitingPlateHours', label: 'Plates waiting', format: (n) => `${n.toFixed(1)} h` },
];

const COMING = [
  ['Utilisation', 'printer hours used vs. available, per printer and week'],
  ['Idle-capacity cost', 'what unused printer time costs (time-driven ABC)'],
  ['Cost per part', 'material, machine hours, failure rate and setup'],
  ['On-time rate and lead time', 'from order received to parts done'],
  ['Plate density and material', 'how full plates are and what they consume'],
  ['Exports', 'CSV of every table and an iCalendar feed of operator tasks'],
] as const;

/** Reports: the figures a lab manager asks for. Filled in by the reporting work. */
export function ReportsPage(_props: { route: Route }) {
  const plan = useQuery('plans.current', {});
  const kpis = plan.data?.kpis ?? null;
  return (
    <div className="page">
      <div className="page__main">
        <PageHeader title="Reports" subtitle="Utilisation, cost and delivery at a glance" />
        <div className="page__scroll">
          {kpis ? (
            <section className="section">
              <h2 className="section-title">Current plan</h2>
              <div className="kpi-grid" data-testid="kpi-grid">
                {KPI_LABELS.map((k) => (
                  <div className="kpi" key={k.key}>
                    <span className="kpi__value">{k.format(kpis[k.key])}</span>
                    <span className="kpi__label">{k.label}</span>
                  </div>
                ))}
              </div>
            </section>
          ) : null}
          <EmptyState icon="reports" title="Reports fill up as you print" testId="reports-empty">
            <p>Once jobs have been planned and printed, this page will show:</p>
            <ul className="feature-list">
              {COMING.map(([title, text]) => (
                <li key={title}>
                  <strong>{title}</strong> — {text}
                </li>
              ))}
            </ul>
            <p className="muted">
              Start by planning the queue; the plan&rsquo;s own figures appear here immediately.
            </p>
          </EmptyState>
        </div>
      </div>
    </div>
  );
}
