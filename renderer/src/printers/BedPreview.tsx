import { useId } from 'react';
import type { Polygon } from '../../../shared/domain/common';
import { formatDecimal } from '../lib/numbers';
import { bedPreviewGeometry } from './bed-preview';

/** The bed to scale, front edge at the bottom, exclusion zones hatched. */
export function BedPreview({
  bed,
  zones,
  size = 220,
}: {
  bed: Polygon | null;
  zones: readonly Polygon[];
  size?: number;
}) {
  const hatchId = `hatch-${useId().replace(/:/g, '')}`;
  if (!bed) {
    return (
      <div className="bed-preview bed-preview--empty" style={{ height: size * 0.8 }}>
        Enter width and depth to see the bed
      </div>
    );
  }
  const g = bedPreviewGeometry(bed, zones);
  const stroke = Math.max(g.width, g.depth) / size;
  return (
    <figure className="bed-preview" data-testid="bed-preview">
      <svg viewBox={g.viewBox} width={size} height={size * (g.depth / g.width) || size} role="img">
        <title>{`Bed ${formatDecimal(g.width, 1)} × ${formatDecimal(g.depth, 1)} mm, ${zones.length} exclusion zones`}</title>
        <defs>
          <pattern
            id={hatchId}
            patternUnits="userSpaceOnUse"
            width={stroke * 8}
            height={stroke * 8}
            patternTransform="rotate(45)"
          >
            <line
              x1="0"
              y1="0"
              x2="0"
              y2={stroke * 8}
              stroke="var(--danger)"
              strokeWidth={stroke * 2}
            />
          </pattern>
        </defs>
        <path d={g.bedPath} className="bed-preview__bed" strokeWidth={stroke * 1.5} />
        {g.gridX.map((x) => (
          <line
            key={`x${x}`}
            x1={x}
            x2={x}
            y1={g.minY}
            y2={g.minY + g.depth}
            className="bed-preview__grid"
            strokeWidth={stroke}
          />
        ))}
        {g.gridY.map((y) => (
          <line
            key={`y${y}`}
            y1={y}
            y2={y}
            x1={g.minX}
            x2={g.minX + g.width}
            className="bed-preview__grid"
            strokeWidth={stroke}
          />
        ))}
        {g.zonePaths.map((d, i) => (
          <path
            key={i}
            d={d}
            fill={`url(#${hatchId})`}
            stroke="var(--danger)"
            strokeWidth={stroke}
            className="bed-preview__zone"
          />
        ))}
        <circle cx={g.minX} cy={g.minY + g.depth} r={stroke * 4} className="bed-preview__origin" />
      </svg>
      <figcaption className="muted small">
        {formatDecimal(g.width, 1)} × {formatDecimal(g.depth, 1)} mm · origin front-left
      </figcaption>
    </figure>
  );
}
