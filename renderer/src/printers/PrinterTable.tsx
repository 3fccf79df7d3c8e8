import type { Printer, PrinterStatus } from '../../../shared/domain/printer';
import type { Profile } from '../../../shared/domain/profile';
import { formatDecimal } from '../lib/numbers';
import { formatHash } from '../shell/routes';
import { navigate } from '../shell/use-route';
import { Badge, type Tone } from '../ui/Badge';
import { EmptyState } from '../ui/EmptyState';
import { SectionHeader } from '../ui/PageHeader';
import { bedSizeLabel, CONNECTION_LABELS } from './printer-form';

export const STATUS_TONE: Record<PrinterStatus, Tone> = {
  available: 'success',
  maintenance: 'warning',
  offline: 'neutral',
};

function connectionDetail(p: Printer): string {
  const c = p.connection;
  switch (c.kind) {
    case 'virtual':
      return 'simulated';
    case 'serial':
      return `${c.path} @ ${c.baudRate}`;
    case 'octoprint':
    case 'moonraker':
      return c.url;
  }
}

export function PrinterTable({
  printers,
  profiles,
  loading,
  selectedId,
}: {
  printers: Printer[];
  profiles: Profile[];
  loading: boolean;
  selectedId: string | null;
}) {
  const profileName = new Map(profiles.map((p) => [p.id, p.name]));
  const open = (id: string) => navigate('printers', ['printer', id]);
  return (
    <section className="section">
      <SectionHeader title="Printers" />
      {printers.length === 0 ? (
        loading ? (
          <div className="loading-row">Loading printers…</div>
        ) : (
          <EmptyState icon="printers" title="No printers yet" testId="printers-empty">
            <p>
              Add each printer with its usable bed, height and the profiles it can print. Planning
              only places parts on printers listed here.
            </p>
          </EmptyState>
        )
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="printer-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Model</th>
                <th className="num">Bed (mm)</th>
                <th className="num">Max Z</th>
                <th className="num">Nozzle</th>
                <th>Loaded</th>
                <th>Profiles</th>
                <th>Status</th>
                <th>Connection</th>
              </tr>
            </thead>
            <tbody>
              {printers.map((p) => (
                <tr
                  key={p.id}
                  data-testid="printer-row"
                  data-id={p.id}
                  className={`table__row--click${p.id === selectedId ? ' is-selected' : ''}`}
                  onClick={() => open(p.id)}
                >
                  <td className="strong">
                    <a
                      href={formatHash('printers', ['printer', p.id])}
                      onClick={(e) => e.stopPropagation()}
                    >
                      {p.name}
                    </a>
                  </td>
                  <td>{p.model || <span className="faint">—</span>}</td>
                  <td
                    className="num"
                    title={
                      p.exclusionZones.length
                        ? `${p.exclusionZones.length} exclusion zones`
                        : undefined
                    }
                  >
                    {bedSizeLabel(p.bed)}
                    {p.exclusionZones.length ? (
                      <span className="faint"> ⊘{p.exclusionZones.length}</span>
                    ) : null}
                  </td>
                  <td className="num">{formatDecimal(p.maxHeightMm, 1)}</td>
                  <td className="num">{formatDecimal(p.nozzleMm)}</td>
                  <td>
                    {p.loadedMaterial || <span className="faint">—</span>}
                    {p.loadedColor ? <span className="muted"> {p.loadedColor}</span> : null}
                  </td>
                  <td>
                    <div className="chips">
                      {p.profileIds.length === 0 ? (
                        <span className="faint">none</span>
                      ) : (
                        p.profileIds.map((id) => (
                          <span key={id} className="chip">
                            {profileName.get(id) ?? 'unknown'}
                          </span>
                        ))
                      )}
                    </div>
                  </td>
                  <td>
                    <Badge tone={STATUS_TONE[p.status]}>{p.status}</Badge>
                  </td>
                  <td>
                    <span>{CONNECTION_LABELS[p.connection.kind]}</span>
                    <span className="muted small block ellipsis">{connectionDetail(p)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
