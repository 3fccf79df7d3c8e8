import { projectMesh, shadeColor } from './iso-projection';

/** The parts of a 2D context the painter uses (a canvas's or an OffscreenCanvas's). */
export interface PaintContext {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  lineJoin: CanvasLineJoin;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  closePath(): void;
  fill(): void;
  stroke(): void;
}

/** 48 shades of one material colour, built once. */
const PALETTE = Array.from({ length: 48 }, (_, i) => {
  const [r, g, b] = shadeColor(i / 47);
  return `rgb(${r},${g},${b})`;
});

/** Paints a triangle soup, projected and shaded, back to front into a px×px area. */
export function paintThumbnail(ctx: PaintContext, positions: Float32Array, px: number): number {
  const geom = projectMesh(positions, { width: px, height: px, padding: Math.round(px * 0.06) });
  const { xy, shade, order } = geom;
  ctx.lineJoin = 'round';
  // Hairline strokes of the fill colour hide the seams between neighbouring triangles (and the
  // gaps of meshes thinned for display).
  ctx.lineWidth = geom.count > 20_000 ? 1 : 0.6;
  for (let k = 0; k < order.length; k++) {
    const t = order[k] as number;
    const o = t * 6;
    const color = PALETTE[Math.min(47, Math.round((shade[t] as number) * 47))] as string;
    ctx.beginPath();
    ctx.moveTo(xy[o] as number, xy[o + 1] as number);
    ctx.lineTo(xy[o + 2] as number, xy[o + 3] as number);
    ctx.lineTo(xy[o + 4] as number, xy[o + 5] as number);
    ctx.closePath();
    ctx.fillStyle = color;
    ctx.strokeStyle = color;
    ctx.fill();
    ctx.stroke();
  }
  return geom.count;
}
