import { useQuery } from '../platform/hooks';
import { platform } from '../platform/api';
import { Badge } from '../ui/Badge';
import { Icon } from '../ui/Icon';
import { AREA_LABELS, type Area } from './routes';
import { UndoRedo } from './UndoRedo';
import { useUi } from './ui-store';

export function TopBar({ area }: { area: Area | null }) {
  const info = useQuery('workspace.info', {});
  const theme = useUi((s) => s.theme);
  const toggleTheme = useUi((s) => s.toggleTheme);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <header className="topbar">
      <div className="topbar__left">
        <span className="topbar__product">PlateShift</span>
        <span className="topbar__sep" aria-hidden="true">
          /
        </span>
        <span
          className="topbar__workspace"
          data-testid="workspace-name"
          title={info.data?.location}
        >
          {info.data?.name ?? (info.loading ? '…' : 'No workspace')}
        </span>
        {info.data?.demo ? (
          <Badge tone="info" title="Sample data: edit or delete it freely">
            demo
          </Badge>
        ) : null}
        {area ? (
          <>
            <span className="topbar__sep" aria-hidden="true">
              /
            </span>
            <span className="topbar__area">{AREA_LABELS[area]}</span>
          </>
        ) : null}
      </div>
      <div className="topbar__right">
        <UndoRedo />
        <span className="muted small" title="How this window reaches the PlateShift host">
          {platform.kind === 'electron' ? 'Desktop' : 'Browser mode'}
        </span>
        <button
          type="button"
          className="icon-btn"
          onClick={toggleTheme}
          data-testid="theme-toggle"
          aria-label={`Switch to ${next} theme`}
          title={`Switch to ${next} theme`}
        >
          <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
        </button>
      </div>
    </header>
  );
}
