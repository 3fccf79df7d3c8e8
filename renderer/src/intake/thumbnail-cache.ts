import { api } from '../platform/api';
import { decodeFloat32Base64 } from './base64';
import { projectMesh, shadeColor } from './iso-projection';

/**
 * Thumbnails rendered once per model and kept as PNG data URLs: a model's bytes never change
 * (its id is their hash), so the cache needs no invalidation.
 */

/** Pixels of the cached image (shown at 28–64 CSS px, so sharp on 2× screens). */
export const THUMB_PX = 128;
/**
 * `models.mesh` thins larger meshes by dropping triangles, which shows as holes; 50k keeps
 * the parts a lab prints whole, and a 1-pixel outline closes what is left at this size.
 */
export const THUMB_MAX_TRIANGLES = 50_000;
const CONCURRENT_FETCHES = 2;

export type ThumbState =
  | { status: 'loading' }
  | { status: 'ready'; url: string; triangles: number }
  | { status: 'error'; message: string };

const states = new Map<string, ThumbState>();
const listeners = new Map<string, Set<() => void>>();
const waiting: string[] = [];
let active = 0;

function set(id: string, state: ThumbState): void {
  states.set(id, state);
  for (const l of [...(listeners.get(id) ?? [])]) l();
}

export function thumbnailState(id: string): ThumbState | undefined {
  return states.get(id);
}

export function subscribeThumbnail(id: string, listener: () => void): () => void {
  let bucket = listeners.get(id);
  if (!bucket) listeners.set(id, (bucket = new Set()));
  bucket.add(listener);
  return () => {
    bucket.delete(listener);
  };
}

/** Ask for a model's thumbnail; cheap to call again (cached, de-duplicated, queued). */
export function requestThumbnail(id: string): void {
  if (states.has(id)) return;
  set(id, { status: 'loading' });
  waiting.push(id);
  pump();
}

function pump(): void {
  while (active < CONCURRENT_FETCHES && waiting.length > 0) {
    const id = waiting.shift() as string;
    active++;
    void render(id).finally(() => {
      active--;
      pump();
    });
  }
}

/** Gives the event loop a turn between the fetch and the drawing, so input stays snappy. */
const nextFrame = () =>
  new Promise<void>((resolve) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => resolve());
    else setTimeout(resolve, 0);
  });

async function render(id: string): Promise<void> {
  try {
    const mesh = await api.call('models.mesh', { id, maxTriangles: THUMB_MAX_TRIANGLES });
    await nextFrame();
    const positions = decodeFloat32Base64(mesh.positionsBase64);
    const url = drawThumbnail(positions, THUMB_PX);
    set(id, { status: 'ready', url, triangles: mesh.triangles });
  } catch (err) {
    set(id, {
      status: 'error',
      message: err instanceof Error ? err.message : 'The model cannot be drawn.',
    });
  }
}

/** 48 shades of one material colour, built once. */
const PALETTE = Array.from({ length: 48 }, (_, i) => {
  const [r, g, b] = shadeColor(i / 47);
  return `rgb(${r},${g},${b})`;
});

export function drawThumbnail(positions: Float32Array, px: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = px;
  canvas.height = px;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas available.');
  const geom = projectMesh(positions, { width: px, height: px, padding: Math.round(px * 0.06) });
  const { xy, shade, order } = geom;
  ctx.lineJoin = 'round';
  // Hairline strokes of the fill colour hide the seams between neighbouring triangles.
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
  return canvas.toDataURL('image/png');
}
