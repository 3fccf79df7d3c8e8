import { api } from '../platform/api';
import { decodeFloat32Base64 } from './base64';
import { paintThumbnail } from './thumbnail-paint';
import type { ThumbnailReply, ThumbnailRequest } from './thumbnail-worker';

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
/**
 * While files are being judged, the host's CPU is better spent on verdicts: meshes are parsed
 * on the host's main thread. Thumbnails wait until `whenQuiet` resolves.
 */
let whenQuiet: () => Promise<void> = () => Promise.resolve();

export function deferThumbnailsWhile(quiet: () => Promise<void>): void {
  whenQuiet = quiet;
}
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
    await whenQuiet();
    const t0 = performance.now();
    const mesh = await api.call('models.mesh', { id, maxTriangles: THUMB_MAX_TRIANGLES });
    const t1 = performance.now();
    const url = await drawOffThread(id, mesh.positionsBase64);
    // Visible in the Performance panel: the fetch, then the drawing (off thread when possible).
    performance.measure('thumbnail-fetch', { start: t0, end: t1 });
    performance.measure('thumbnail-draw', { start: t1, end: performance.now() });
    set(id, { status: 'ready', url, triangles: mesh.triangles });
  } catch (err) {
    set(id, {
      status: 'error',
      message: err instanceof Error ? err.message : 'The model cannot be drawn.',
    });
  }
}

let worker: Worker | null | undefined;
const replies = new Map<string, (reply: ThumbnailReply) => void>();

function thumbnailWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker =
      typeof OffscreenCanvas === 'undefined'
        ? null
        : new Worker(new URL('./thumbnail-worker.ts', import.meta.url), { type: 'module' });
    worker?.addEventListener('message', (e: MessageEvent<ThumbnailReply>) => {
      replies.get(e.data.id)?.(e.data);
      replies.delete(e.data.id);
    });
    worker?.addEventListener('error', () => {
      // A worker that cannot start (old engine, strict policy): draw on this thread instead.
      worker?.terminate();
      worker = null;
      for (const [id, reply] of replies) reply({ id, ok: false, message: 'worker failed' });
      replies.clear();
    });
  } catch {
    worker = null;
  }
  return worker;
}

async function drawOffThread(id: string, positionsBase64: string): Promise<string> {
  const w = thumbnailWorker();
  if (w) {
    const reply = await new Promise<ThumbnailReply>((resolve) => {
      replies.set(id, resolve);
      w.postMessage({ id, positionsBase64, px: THUMB_PX } satisfies ThumbnailRequest);
    });
    if (reply.ok) return URL.createObjectURL(reply.blob);
  }
  await nextFrame();
  return drawThumbnail(decodeFloat32Base64(positionsBase64), THUMB_PX);
}

/** Main-thread fallback: the same painting into a canvas, as a data URL. */
export function drawThumbnail(positions: Float32Array, px: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = px;
  canvas.height = px;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas available.');
  paintThumbnail(ctx, positions, px);
  return canvas.toDataURL('image/png');
}
