import type { Printer } from '../../../shared/domain/printer';
import type { Profile } from '../../../shared/domain/profile';
import { plural } from '../lib/format';
import { formatDecimal } from '../lib/numbers';
import { formatHash } from '../shell/routes';
import { navigate } from '../shell/use-route';
import { EmptyState } from '../ui/EmptyState';
import { SectionHeader } from '../ui/PageHeader';

export function ProfileTable({
  profiles,
  printers,
  loading,
  selectedId,
}: {
  profiles: Profile[];
  printers: Printer[];
  loading: boolean;
  selectedId: string | null;
}) {
  const usedBy = (id: string) => printers.filter((p) => p.profileIds.includes(id)).length;
  return (
    <section className="section">
      <SectionHeader title="Profiles" />
      {profiles.length === 0 ? (
        loading ? (
          <div className="loading-row">Loading profiles…</div>
        ) : (
          <EmptyState icon="layers" title="No profiles yet" testId="profiles-empty">
            <p>
              A profile is a print configuration (material, layer height, nozzle, infill). Order
              lines ask for one; printers offer some. Add PLA 0.2 mm to begin.
            </p>
          </EmptyState>
        )
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="profile-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Material</th>
                <th>Colour</th>
                <th className="num">Layer (mm)</th>
                <th className="num">Nozzle</th>
                <th className="num">Infill</th>
                <th className="num">Printers</th>
                <th>Slicer settings</th>
              </tr>
            </thead>
            <tbody>
              {profiles.map((p) => {
                const n = usedBy(p.id);
                const settings = Object.keys(p.slicerSettings).length;
                return (
                  <tr
                    key={p.id}
                    data-testid="profile-row"
                    data-id={p.id}
                    className={`table__row--click${p.id === selectedId ? ' is-selected' : ''}`}
                    onClick={() => navigate('printers', ['profile', p.id])}
                  >
                    <td className="strong">
                      <a
                        href={formatHash('printers', ['profile', p.id])}
                        onClick={(e) => e.stopPropagation()}
                      >
                        {p.name}
                      </a>
                    </td>
                    <td>{p.material}</td>
                    <td>
                      {p.color ? (
                        <span className="swatch-label">
                          <span className="swatch" style={{ background: cssColor(p.color) }} />
                          {p.color}
                        </span>
                      ) : (
                        <span className="faint">any</span>
                      )}
                    </td>
                    <td className="num">{formatDecimal(p.layerHeightMm)}</td>
                    <td className="num">{formatDecimal(p.nozzleMm)}</td>
                    <td className="num">{formatDecimal(p.infillPercent, 0)} %</td>
                    <td className="num">{n === 0 ? <span className="warn-text">0</span> : n}</td>
                    <td className="muted">{settings ? plural(settings, 'key') : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Colour names like "Galaxy Black" are not CSS; show the last word when it is one. */
export function cssColor(name: string): string {
  const word = name.trim().split(/\s+/).pop()?.toLowerCase() ?? '';
  if (/^#[0-9a-f]{3,8}$/i.test(word)) return word;
  return CSS.supports?.('color', word) ? word : 'transparent';
}
