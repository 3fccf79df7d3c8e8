import { Icon, type IconName } from '../ui/Icon';
import { AREA_LABELS, AREAS, formatHash, type Area } from './routes';

const ICONS: Record<Area, IconName> = {
  queue: 'queue',
  plates: 'plates',
  timeline: 'timeline',
  printers: 'printers',
  calendar: 'calendar',
  reports: 'reports',
  workspace: 'archive',
};

export function NavRail({ active }: { active: Area | null }) {
  return (
    <nav className="rail" aria-label="Studio areas">
      <a className="rail__brand" href={formatHash('queue')} title="PlateShift">
        <svg viewBox="0 0 32 32" width="26" height="26" aria-hidden="true">
          <rect x="1" y="1" width="30" height="30" rx="7" fill="var(--accent)" />
          <rect x="6" y="8" width="9" height="7" rx="1.5" fill="#fff" />
          <rect x="17" y="8" width="9" height="7" rx="1.5" fill="#fff" opacity=".7" />
          <rect x="6" y="17" width="20" height="7" rx="1.5" fill="#fff" opacity=".85" />
        </svg>
      </a>
      <ul className="rail__list">
        {AREAS.map((area, i) => (
          <li key={area}>
            <a
              href={formatHash(area)}
              className={`rail__item${area === active ? ' rail__item--active' : ''}`}
              aria-current={area === active ? 'page' : undefined}
              data-testid={`nav-${area}`}
              title={`${AREA_LABELS[area]} (Alt+${i + 1})`}
            >
              <Icon name={ICONS[area]} size={20} />
              <span className="rail__label">{AREA_LABELS[area]}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
