import { useCallback, useMemo, useRef, useState } from 'react';
import type { Model } from '../../../shared/domain/model';
import type { Order } from '../../../shared/domain/order';
import { history, orderSaveCommand } from '../commands';
import type { Collected } from '../intake/drop-files';
import { useFileDrop, useFilePickers } from '../intake/file-drop';
import { startDrop } from '../intake/intake-store';
import { IntakePanel } from '../intake/IntakePanel';
import { plural } from '../lib/format';
import { safeTimeZone } from '../lib/zoned-time';
import { reportApiError } from '../platform/api';
import { useQuery } from '../platform/hooks';
import { toApiError } from '../platform/query-cache';
import type { Route } from '../shell/routes';
import { toastSuccess, useUi } from '../shell/ui-store';
import { navigate } from '../shell/use-route';
import { EmptyState } from '../ui/EmptyState';
import { Icon } from '../ui/Icon';
import { PageHeader } from '../ui/PageHeader';
import { BulkBar } from './BulkBar';
import { DropZone } from './DropZone';
import { OrderEditor } from './OrderEditor';
import {
  filterOrders,
  PART_STATUSES,
  sortOrders,
  totalParts,
  type ModelInfo,
  type PartFilter,
  type QueueFilter,
  type StatusFilter,
  type VerdictFilter,
} from './order-list';
import { OrderTable } from './OrderTable';
import { useQueueView } from './queue-store';
import './queue.css';

const STATUS_FILTERS: { value: StatusFilter; label: string }[] = [
  { value: 'active', label: 'Open and in progress' },
  { value: 'all', label: 'All orders' },
  { value: 'open', label: 'Open' },
  { value: 'in-progress', label: 'In progress' },
  { value: 'done', label: 'Done' },
  { value: 'cancelled', label: 'Cancelled' },
];

const VERDICT_FILTERS: { value: VerdictFilter; label: string }[] = [
  { value: 'any', label: 'Any verdict' },
  { value: 'ok', label: 'Verdict: ok' },
  { value: 'warning', label: 'Verdict: to check' },
  { value: 'error', label: 'Verdict: error' },
  { value: 'pending', label: 'Not analysed yet' },
  { value: 'rejected', label: 'Rejected models' },
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
  const printers = useQuery('printers.list', {});
  const settings = useQuery('settings.get', {});
  const view = useQueueView();
  const timeZone = safeTimeZone(settings.data?.timezone);
  const maxFileSizeMb = settings.data?.maxFileSizeMb ?? 200;
  const all: Order[] = useMemo(() => orders.data ?? [], [orders.data]);
  const modelList: Model[] = useMemo(() => models.data ?? [], [models.data]);
  const modelNames = useMemo(() => new Map(modelList.map((m) => [m.id, m.name])), [modelList]);
  const modelInfo = useMemo(
    () =>
      new Map<string, ModelInfo>(
        modelList.map((m) => [m.id, { verdict: m.verdict?.level ?? null, status: m.status }]),
      ),
    [modelList],
  );
  const modelsById = useMemo(() => new Map(modelList.map((m) => [m.id, m])), [modelList]);
  const ordersById = useMemo(() => new Map(all.map((o) => [o.id, o])), [all]);
  const filter: QueueFilter = useMemo(
    () => ({
      search: view.search,
      status: view.status,
      parts: view.parts,
      verdict: view.verdict,
      profile: view.profile,
    }),
    [view.search, view.status, view.parts, view.verdict, view.profile],
  );
  const shown = useMemo(
    () =>
      sortOrders(
        filterOrders(all, filter, modelNames, modelInfo),
        view.sortKey,
        view.sortDir,
        modelInfo,
      ),
    [all, filter, view.sortKey, view.sortDir, modelNames, modelInfo],
  );
  const editingId = editingOf(route);
  const edited = editingId && editingId !== 'new' ? all.find((o) => o.id === editingId) : undefined;
  const showEditor = editingId !== null && (editingId === 'new' || edited !== undefined);
  const hiddenCount = all.length - shown.length;
  const openParts = all
    .filter((o) => o.status === 'open' || o.status === 'in-progress')
    .reduce((n, o) => n + totalParts(o), 0);
  const lineFilters = view.parts !== 'any' || view.verdict !== 'any' || view.profile !== 'any';
  const anyFilter = lineFilters || view.search !== '' || view.status !== 'active';

  const scrollRef = useRef<HTMLDivElement>(null);
  const onCollected = useCallback(
    (c: Collected) => {
      if (c.files.length === 0) {
        sayNothingToAdd(c);
        return;
      }
      startDrop(c, { timeZone, maxFileSizeMb });
      scrollRef.current?.scrollTo({ top: 0, behavior: 'smooth' });
    },
    [timeZone, maxFileSizeMb],
  );
  const drop = useFileDrop(onCollected);
  const pickers = useFilePickers(onCollected);
  const selectedIds = view.selection.selected;
  const profileList = profiles.data ?? [];

  return (
    <div className={`page${showEditor ? ' page--with-panel' : ''}`}>
      <div className="page__main queue-main" data-testid="queue-drop-target" {...drop.handlers}>
        {pickers.inputs}
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
        <div className="toolbar queue-toolbar">
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
          <select
            name="partFilter"
            data-testid="part-filter"
            aria-label="Part status"
            className={view.parts !== 'any' ? 'is-filtering' : undefined}
            value={view.parts}
            onChange={(e) => view.setParts(e.target.value as PartFilter)}
          >
            <option value="any">Any part status</option>
            {PART_STATUSES.map((s) => (
              <option key={s} value={s}>
                Parts {s}
              </option>
            ))}
          </select>
          <select
            name="verdictFilter"
            data-testid="verdict-filter"
            aria-label="Verdict"
            className={view.verdict !== 'any' ? 'is-filtering' : undefined}
            value={view.verdict}
            onChange={(e) => view.setVerdict(e.target.value as VerdictFilter)}
          >
            {VERDICT_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
          <select
            name="profileFilter"
            data-testid="profile-filter"
            aria-label="Profile"
            className={view.profile !== 'any' ? 'is-filtering' : undefined}
            value={view.profile}
            onChange={(e) => view.setProfile(e.target.value)}
          >
            <option value="any">Any profile</option>
            <option value="none">No particular profile</option>
            {profileList.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          {anyFilter ? (
            <button
              type="button"
              className="btn btn--ghost btn--small"
              data-testid="filters-reset"
              onClick={() => view.resetFilters()}
            >
              Show everything
            </button>
          ) : null}
          <span className="muted small" data-testid="order-count">
            {shown.length === all.length
              ? plural(shown.length, 'order')
              : `${shown.length} of ${all.length} shown`}
          </span>
          <span className="spacer" />
          <DropZone compact onPickFiles={pickers.pickFiles} onPickFolder={pickers.pickFolder} />
        </div>
        {selectedIds.size > 0 ? (
          <BulkBar
            selectedIds={selectedIds}
            profiles={profileList}
            timeZone={timeZone}
            onClear={() => view.clearSelected()}
          />
        ) : null}
        <div className="page__scroll" ref={scrollRef}>
          <IntakePanel
            printers={printers.data ?? []}
            profiles={profileList}
            ordersById={ordersById}
            modelsById={modelsById}
            timeZone={timeZone}
          />
          {all.length === 0 ? (
            orders.loading ? (
              <div className="loading-row">Loading orders…</div>
            ) : (
              <QueueEmpty
                models={modelList}
                onPickFiles={pickers.pickFiles}
                onPickFolder={pickers.pickFolder}
              />
            )
          ) : shown.length === 0 ? (
            <EmptyState
              icon="search"
              title="No order matches"
              testId="queue-no-match"
              actions={
                <button
                  type="button"
                  className="btn btn--primary"
                  onClick={() => view.resetFilters()}
                >
                  Show all {plural(all.length, 'order')}
                </button>
              }
            >
              <p>
                {view.search
                  ? `Nothing matches “${view.search}” with these filters.`
                  : 'No order matches these filters.'}
              </p>
            </EmptyState>
          ) : (
            <OrderTable
              orders={shown}
              modelNames={modelNames}
              models={modelInfo}
              profiles={profileList}
              timeZone={timeZone}
              selectedId={editingId}
              filter={filter}
            />
          )}
          {hiddenCount > 0 && shown.length > 0 ? (
            <button
              type="button"
              className="btn btn--ghost btn--small hidden-note"
              onClick={() => view.resetFilters()}
            >
              {plural(hiddenCount, 'order')} hidden by the search or filters · show all
            </button>
          ) : null}
          {shown.length > 0 ? (
            <p className="queue-keys faint small">
              Keys: ↑ ↓ move · Space selects · Shift+↑↓ or Shift+click selects a range · Enter opens
              · Ctrl+A selects all · Esc clears
            </p>
          ) : null}
        </div>
        {drop.over ? (
          <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
            <Icon name="upload" size={40} />
            Drop to add to the queue
            <span className="muted">
              Files, folders or a zip: they become one new order, judged file by file.
            </span>
          </div>
        ) : null}
      </div>
      {showEditor ? (
        <OrderEditor
          key={editingId}
          order={edited ?? null}
          allOrders={all}
          models={modelList}
          profiles={profileList}
          timeZone={timeZone}
          onClose={() => navigate('queue')}
        />
      ) : null}
    </div>
  );
}

/** A drop that held nothing usable (only notes, or hidden files) still deserves an answer. */
function sayNothingToAdd(c: Collected): void {
  const what = c.skipped.length
    ? `${plural(c.skipped.length, 'file')} dropped, none of them STL, 3MF, OBJ or zip.`
    : 'Nothing to add: the drop held no model files.';
  useUi.getState().pushToast('info', what, 'intake');
}

/** What a newcomer sees in an empty queue: where files go, and a quick start from samples. */
function QueueEmpty({
  models,
  onPickFiles,
  onPickFolder,
}: {
  models: Model[];
  onPickFiles: () => void;
  onPickFolder: () => void;
}) {
  const [creating, setCreating] = useState(false);
  const usable = models.filter((m) => m.status !== 'rejected');
  const demoOrder = async () => {
    setCreating(true);
    try {
      await history.execute(
        orderSaveCommand(
          {
            id: null,
            before: null,
            after: null,
            input: {
              reference: 'Demo order',
              requester: 'Demo',
              notes: 'One of each model in the workspace, to try planning.',
              lines: usable.map((m) => ({ modelId: m.id, quantity: 2 })),
            },
          },
          'Create order Demo order',
        ),
      );
      toastSuccess(`Order Demo order created with ${plural(usable.length, 'line')}.`);
    } catch (err) {
      reportApiError(toApiError(err), 'orders.save');
    } finally {
      setCreating(false);
    }
  };
  return (
    <EmptyState
      icon="queue"
      title="The queue is empty"
      testId="queue-empty"
      actions={
        <>
          {usable.length > 0 ? (
            <button
              type="button"
              className="btn btn--primary"
              data-testid="queue-demo-order"
              disabled={creating}
              onClick={() => void demoOrder()}
            >
              <Icon name="layers" /> Order all {plural(usable.length, 'model')}
            </button>
          ) : null}
          <button type="button" className="btn" onClick={() => navigate('queue', ['order', 'new'])}>
            <Icon name="plus" /> New order
          </button>
        </>
      }
    >
      <DropZone onPickFiles={onPickFiles} onPickFolder={onPickFolder} />
      <ol className="steps">
        <li>
          Drop model files, a folder or a zip anywhere on this page: each file is checked (holes,
          size, fit) and becomes a line of a new order.
        </li>
        <li>Set quantity, due date, priority and profile right in the list.</li>
        <li>
          Check your machines and print profiles under <a href="#/printers">Printers</a>, then plan:
          jobs appear under Plates and on the Timeline.
        </li>
      </ol>
      {usable.length > 0 ? (
        <p className="muted small queue-empty__note">
          The workspace already holds {plural(usable.length, 'model')} (the demo samples and
          anything dropped before): order them all, two of each, to try planning right away.
        </p>
      ) : null}
    </EmptyState>
  );
}
