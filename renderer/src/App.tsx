import { CalendarPage } from './calendar/CalendarPage';
import { PlatesPage } from './plates/PlatesPage';
import { PrintersPage } from './printers/PrintersPage';
import { QueuePage } from './queue/QueuePage';
import { ReportsPage } from './reports/ReportsPage';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { NavRail } from './shell/NavRail';
import { type Route } from './shell/routes';
import { StatusBar } from './shell/StatusBar';
import { Toasts } from './shell/Toasts';
import { TopBar } from './shell/TopBar';
import { useRoute } from './shell/use-route';
import { useShellEffects } from './shell/use-shell-effects';
import { TimelinePage } from './timeline/TimelinePage';
import { WorkspacePage } from './workspace/WorkspacePage';
import { ConfirmHost } from './ui/confirm';
import { EmptyState } from './ui/EmptyState';

function Page({ route }: { route: Route }) {
  switch (route.area) {
    case 'queue':
      return <QueuePage route={route} />;
    case 'plates':
      return <PlatesPage route={route} />;
    case 'timeline':
      return <TimelinePage route={route} />;
    case 'printers':
      return <PrintersPage route={route} />;
    case 'calendar':
      return <CalendarPage route={route} />;
    case 'reports':
      return <ReportsPage route={route} />;
    case 'workspace':
      return <WorkspacePage />;
    case null:
      return (
        <EmptyState icon="info" title="Nothing here" testId="not-found">
          <p>
            This address does not lead to a part of the studio. Pick an area in the rail on the
            left.
          </p>
        </EmptyState>
      );
  }
}

export function App() {
  useShellEffects();
  const route = useRoute();
  return (
    <div className="app">
      <NavRail active={route.area} />
      <TopBar area={route.area} />
      <main className="content" id="content" data-area={route.area ?? 'none'}>
        <ErrorBoundary resetKey={route.area ?? ''}>
          <Page route={route} />
        </ErrorBoundary>
      </main>
      <StatusBar />
      <Toasts />
      <ConfirmHost />
    </div>
  );
}
