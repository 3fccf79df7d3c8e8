import type { Printer } from '../../../shared/domain/printer';
import type { Profile } from '../../../shared/domain/profile';
import { useQuery } from '../platform/hooks';
import type { Route } from '../shell/routes';
import { navigate } from '../shell/use-route';
import { Icon } from '../ui/Icon';
import { PageHeader } from '../ui/PageHeader';
import { plural } from '../lib/format';
import { PrinterEditor } from './PrinterEditor';
import { PrinterTable } from './PrinterTable';
import { ProfileEditor } from './ProfileEditor';
import { ProfileTable } from './ProfileTable';

/** `#/printers/printer/<id|new>` or `#/printers/profile/<id|new>` opens an editor. */
type Editing = { kind: 'printer' | 'profile'; id: string } | null;

function editingOf(route: Route): Editing {
  const [kind, id] = route.path;
  if ((kind === 'printer' || kind === 'profile') && id) return { kind, id };
  return null;
}

export function PrintersPage({ route }: { route: Route }) {
  const printers = useQuery('printers.list', {});
  const profiles = useQuery('profiles.list', {});
  const editing = editingOf(route);
  const close = () => navigate('printers');
  const printerList: Printer[] = printers.data ?? [];
  const profileList: Profile[] = profiles.data ?? [];
  const editedPrinter =
    editing?.kind === 'printer' && editing.id !== 'new'
      ? printerList.find((p) => p.id === editing.id)
      : undefined;
  const editedProfile =
    editing?.kind === 'profile' && editing.id !== 'new'
      ? profileList.find((p) => p.id === editing.id)
      : undefined;
  // An id that is not (or no longer) there: wait for the list, then show nothing.
  const waiting = editing && editing.id !== 'new' && (printers.loading || profiles.loading);

  return (
    <div className={`page${editing ? ' page--with-panel' : ''}`}>
      <div className="page__main">
        <PageHeader
          title="Printers"
          subtitle={`${plural(printerList.length, 'printer')} · ${plural(profileList.length, 'profile')}`}
          actions={
            <>
              <button
                type="button"
                className="btn"
                data-testid="profile-add"
                onClick={() => navigate('printers', ['profile', 'new'])}
              >
                <Icon name="layers" /> Add profile
              </button>
              <button
                type="button"
                className="btn btn--primary"
                data-testid="printer-add"
                onClick={() => navigate('printers', ['printer', 'new'])}
              >
                <Icon name="plus" /> Add printer
              </button>
            </>
          }
        />
        <div className="page__scroll">
          <PrinterTable
            printers={printerList}
            profiles={profileList}
            loading={printers.loading}
            selectedId={editing?.kind === 'printer' ? editing.id : null}
          />
          <ProfileTable
            profiles={profileList}
            printers={printerList}
            loading={profiles.loading}
            selectedId={editing?.kind === 'profile' ? editing.id : null}
          />
        </div>
      </div>
      {editing && !waiting ? (
        editing.kind === 'printer' ? (
          editing.id === 'new' || editedPrinter ? (
            <PrinterEditor
              key={editing.id}
              printer={editedPrinter ?? null}
              profiles={profileList}
              onClose={close}
            />
          ) : (
            <GoneNotice what="printer" onClose={close} />
          )
        ) : editing.id === 'new' || editedProfile ? (
          <ProfileEditor
            key={editing.id}
            profile={editedProfile ?? null}
            printers={printerList}
            onClose={close}
          />
        ) : (
          <GoneNotice what="profile" onClose={close} />
        )
      ) : null}
    </div>
  );
}

function GoneNotice({ what, onClose }: { what: string; onClose: () => void }) {
  return (
    <aside className="side-panel">
      <header className="side-panel__head">
        <h2>Not found</h2>
        <button type="button" className="icon-btn" onClick={onClose} aria-label="Close panel">
          <Icon name="close" />
        </button>
      </header>
      <div className="side-panel__body">
        <p className="muted">This {what} does not exist any more; it may have been deleted.</p>
      </div>
    </aside>
  );
}
