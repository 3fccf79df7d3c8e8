import { ringsOf } from './polygon';
import {
  type Footprint,
  type NestBed,
  type NestPlacement,
  type NestResult,
  type Point2,
} from './types';

export interface SvgOptions {
  /** Pixels per mm (default: fit 1000 px wide). */
  scale?: number;
  /** Part ids to draw in red (e.g. from validatePlate). */
  highlight?: Iterable<string>;
  title?: string;
}

function esc(s: string): string {
  return s.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string,
  );
}

/** Draws a result (one column per plate, or the strip) as a standalone SVG document. */
export function renderSvg(
  bed: NestBed,
  result: Pick<NestResult, 'placements' | 'plateCount' | 'stripLength' | 'density' | 'mode'>,
  footprints: ReadonlyMap<string, Footprint>,
  options: SvgOptions = {},
): string {
  const xs = bed.outline.map((p) => p.x);
  const ys = bed.outline.map((p) => p.y);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const bedW = result.mode === 'strip' ? (result.stripLength ?? 0) : Math.max(...xs) - minX;
  const bedH = Math.max(...ys) - minY;
  const plates = Math.max(1, result.plateCount);
  const gap = bedW * 0.05;
  const totalW = plates * bedW + (plates - 1) * gap;
  const k = options.scale ?? Math.min(1000 / Math.max(totalW, 1e-9), 700 / Math.max(bedH, 1e-9));
  const pad = 10;
  const W = totalW * k + 2 * pad;
  const H = bedH * k + 2 * pad + 24;
  const hl = new Set(options.highlight ?? []);
  const tx = (plate: number, p: Point2) =>
    `${(pad + (plate * (bedW + gap) + p.x - minX) * k).toFixed(2)},${(pad + 24 + (bedH - (p.y - minY)) * k).toFixed(2)}`;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W.toFixed(0)}" height="${H.toFixed(0)}" viewBox="0 0 ${W.toFixed(2)} ${H.toFixed(2)}">`,
  );
  out.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  const title = options.title ?? `${result.mode}: density ${(result.density * 100).toFixed(1)} %`;
  out.push(`<text x="${pad}" y="18" font-family="sans-serif" font-size="14">${esc(title)}</text>`);
  for (let plate = 0; plate < plates; plate++) {
    const bedPts =
      result.mode === 'strip'
        ? [
            { x: minX, y: minY },
            { x: minX + bedW, y: minY },
            { x: minX + bedW, y: minY + bedH },
            { x: minX, y: minY + bedH },
          ]
        : bed.outline;
    out.push(
      `<polygon points="${bedPts.map((p) => tx(plate, p)).join(' ')}" fill="#f4f4f4" stroke="#555" stroke-width="1"/>`,
    );
    for (const z of bed.exclusionZones ?? []) {
      out.push(
        `<polygon points="${z.map((p) => tx(plate, p)).join(' ')}" fill="#ddd" stroke="#999" stroke-dasharray="4 2"/>`,
      );
    }
  }
  result.placements.forEach((pl: NestPlacement, n) => {
    const fp = footprints.get(pl.id);
    if (!fp) return;
    const r = (pl.rotationDeg * Math.PI) / 180;
    const c = Math.cos(r);
    const s = Math.sin(r);
    const hue = (n * 47) % 360;
    const fill = hl.has(pl.id) ? '#e33' : `hsl(${hue},55%,70%)`;
    const d = ringsOf(fp)
      .map(
        (ring) =>
          'M' +
          ring
            .map((p) => tx(pl.plate, { x: c * p.x - s * p.y + pl.x, y: s * p.x + c * p.y + pl.y }))
            .join('L') +
          'Z',
      )
      .join(' ');
    out.push(
      `<path d="${d}" fill="${fill}" fill-rule="evenodd" stroke="${pl.fixed ? '#000' : '#333'}" stroke-width="${pl.fixed ? 2 : 0.7}"><title>${esc(pl.id)}</title></path>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}
