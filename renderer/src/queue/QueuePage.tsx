import { useMemo } from 'react';
import type { Order } from '../../../shared/domain/order';
import { plural } from '../lib/format';
import { safeTimeZone } from '../lib/zoned-time';
import { useQuery } from '../platform/hooks';
import type { Route } from '../shell/routes';
import { navigate } from '../shell/use-route';
import { EmptyState } from '../ui/EmptyState';
import { Icon } from '../ui/Icon';
import { PageHeader } from '../ui/PageHeader';
import { DropZone } from './DropZone';
import { OrderEditor } from './OrderEditor';
import { filterOrders, sortOrders, totalParts, type StatusFilter } from './order-list';
import { OrderTable } from './OrderTable';
import { useQueueView } from './queue-store';

const STATUS_FILTERS: { value: StatusFilter; label: string }[] = [
  { value: 'active', label: 'Open and in progress' },
  { value: 'all', label: 'All orders' },
  { value: 'open', label: 'Open' },
  { value: 'in-progress', label: 'In progress' },
  { value: 'done', label: 'Done' },
  { value: 'cancelled', label: 'Cancelled' },
];

/** `#/queue/order/<id|new>` opens the editor. */
function editingOf(route: Route): string | null {
  const [kind, id] = route.path;
  return kind === 'order' && id ? id : null;
}

export function QueuePage({ route }: { route: Route }) {
  const orders = useQuery('orders.list', {});
  const models = useQuery('models.list', {});
  const profiles = useQuery('profiles.list', {});
  const settings = useQuery('settings.get', {});
  const view = useQueueView();
  const timeZone = safeTimeZone(settings.data?.timezone);
  const all: Order[] = useMemo(() => orders.data ?? [], [orders.data]);
  const modelNames = useMemo(
    () => new Map((models.data ?? []).map((m) => [m.id, m.name])),
    [models.data],
  );
  const shown = useMemo(
    () =>
      sortOrders(
        filterOrders(all, { search: view.search, status: view.status }, modelNames),
        view.sortKey,
        view.sortDir,
      ),
    [all, view.search, view.status, view.sortKey, view.sortDir, modelNames],
  );
  const editingId = editingOf(route);
  const edited = editingId && editingId !== 'new' ? all.find((o) => o.id === editingId) : undefined;
  const showEditor = editingId !== null && (editingId === 'new' || edited !== undefined);
  const hiddenCount = all.length - shown.length;
  const openParts = all
    .filter((o) => o.status === 'open' || o.status === 'in-progress')
    .reduce((n, o) => n + totalParts(o), 0);

  return (
    <div className={`page${showEditor ? ' page--with-panel' : ''}`}>
      <div className="page__main">
        <PageHeader
          title="Queue"
          subtitle={`${plural(all.length, 'order')} · ${plural(openParts, 'part')} waiting or in work`}
          actions={
            <button
              type="button"
              className="btn btn--primary"
              data-testid="order-add"
              onClick={() => navigate('queue', ['order', 'new'])}
            >
              <Icon name="plus" /> New order
            </button>
          }
        />
        <div className="toolbar">
          <label className="search">
            <Icon name="search" />
            <input
              type="search"
              name="search"
              data-testid="order-search"
              placeholder="Search reference, requester, model…"
              aria-label="Search orders"
              value={view.search}
              onChange={(e) => view.setSearch(e.target.value)}
            />
          </label>
          <select
            name="statusFilter"
            data-testid="order-status-filter"
            aria-label="Show orders"
            value={view.status}
            onChange={(e) => view.setStatus(e.target.value as StatusFilter)}
          >
            {STATUS_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
          <span className="muted small">
            {shown.length === all.length
              ? plural(shown.length, 'order')
              : `${shown.length} of ${all.length} shown`}
          </span>
          <span className="spacer" />
          <DropZone compact />
        </div>
        <div className="page__scroll">
          {all.length === 0 ? (
            orders.loading ? (
              <div className="loading-row">Loading orders…</div>
            ) : (
              <EmptyState
                icon="queue"
                title="The queue is empty"
                testId="queue-empty"
                actions={
                  <button
                    type="button"
                    className="btn btn--primary"
                    onClick={() => navigate('queue', ['order', 'new'])}
                  >
                    <Icon name="plus" /> Create the first order
                  </button>
                }
              >
                <ol className="steps">
                  <li>
                    Check your machines and print profiles under <a href="#/printers">Printers</a>.
                  </li>
                  <li>Drop model files onto the queue, or pick models already in the workspace.</li>
                  <li>Create an order: who needs what, how many, and by when.</li>
                  <li>Then plan: jobs appear under Plates and on the Timeline.</li>
                </ol>
              </EmptyState>
            )
          ) : shown.length === 0 ? (
            <EmptyState icon="search" title="No order matches" testId="queue-no-match">
              <p>
                {view.search
                  ? 'Change the search or the status filter.'
                  : 'No order has this status. Pick another filter.'}
              </p>
            </EmptyState>
          ) : (
            <OrderTable
              orders={shown}
              modelNames={modelNames}
              profiles={profiles.data ?? []}
              timeZone={timeZone}
              selectedId={editingId}
            />
          )}
          {hiddenCount > 0 && shown.length > 0 ? (
            <button
              type="button"
              className="btn btn--ghost btn--small hidden-note"
              onClick={() => {
                view.setStatus('all');
                view.setSearch('');
              }}
            >
              {plural(hiddenCount, 'order')} hidden by the search or filter · show all
            </button>
          ) : null}
        </div>
      </div>
      {showEditor ? (
        <OrderEditor
          key={editingId}
          order={edited ?? null}
          allOrders={all}
          models={models.data ?? []}
          profiles={profiles.data ?? []}
          timeZone={timeZone}
          onClose={() => navigate('queue')}
        />
      ) : null}
    </div>
  );
}
