import { decodeFloat32Base64 } from './base64';
import { paintThumbnail } from './thumbnail-paint';

/**
 * Draws thumbnails off the UI thread: base64 → triangles → projected, sorted and painted on
 * an OffscreenCanvas → PNG blob. A 30k-triangle part costs ~50 ms that the page no longer pays.
 */

export interface ThumbnailRequest {
  id: string;
  positionsBase64: string;
  px: number;
}

export type ThumbnailReply =
  { id: string; ok: true; blob: Blob } | { id: string; ok: false; message: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ThumbnailRequest>) => void) | null;
  postMessage(message: ThumbnailReply): void;
};

scope.onmessage = (e) => {
  const { id, positionsBase64, px } = e.data;
  void (async () => {
    try {
      const canvas = new OffscreenCanvas(px, px);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('No 2D canvas in the worker.');
      paintThumbnail(ctx, decodeFloat32Base64(positionsBase64), px);
      const blob = await canvas.convertToBlob({ type: 'image/png' });
      scope.postMessage({ id, ok: true, blob });
    } catch (err) {
      scope.postMessage({
        id,
        ok: false,
        message: err instanceof Error ? err.message : String(err),
      });
    }
  })();
};
