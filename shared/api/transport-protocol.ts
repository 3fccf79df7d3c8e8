/**
 * How the contract travels. Two carriers, one shape (WireResult for calls, {event, payload}
 * for pushes), so the renderer's client is the same over both.
 *
 * Electron: the preload exposes `window.plateshift` as a {@link Transport}
 * (`invoke` → ipcRenderer.invoke(IPC_CALL, channel, input); pushes arrive on IPC_EVENT).
 *
 * Browser mode (electron/serve):
 * - `POST /api/call/<channel>` with a JSON body (the input) → always a JSON WireResult;
 *   HTTP status 200 for handled results, 400 malformed JSON, 401 missing/bad token,
 *   413 body too large, 404 unknown path.
 * - `GET /api/events` upgraded to a WebSocket → text frames `{"event": name, "payload": …}`.
 * - LAN mode: requests from other machines carry `Authorization: Bearer <token>`
 *   (WebSocket: `?token=<token>`). The page learns the token from its URL `?token=`.
 */
export const IPC_CALL = 'plateshift:call';
export const IPC_EVENT = 'plateshift:event';
export const HTTP_CALL_PREFIX = '/api/call/';
export const WS_EVENTS_PATH = '/api/events';
export const MAX_REQUEST_BYTES = 256 * 1024 * 1024;

export interface PushedFrame {
  event: string;
  payload: unknown;
}
