import type { IpcMain } from 'electron';
import {
  IPC_CALL,
  IPC_EVENT,
  type Dispatcher,
  type PushedFrame,
  type WireResult,
} from '../../shared/api';
import type { EventBus } from '../core/event-bus';
import { isAppUrl, isTrustedSender, type SenderFrame } from './security';

const REFUSED: WireResult = {
  ok: false,
  error: { code: 'unauthorized', message: 'This window may not call PlateShift.' },
};

/** The contract over IPC: one handler, every sender checked before anything is dispatched. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatcher: Dispatcher,
  log: (message: string) => void = () => undefined,
): () => void {
  ipcMain.handle(
    IPC_CALL,
    async (event: { senderFrame: SenderFrame | null }, channel: unknown, input: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        log(`refused IPC from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
        return REFUSED;
      }
      // The dispatcher turns a non-string or unknown channel into a typed error.
      return dispatcher.dispatch(channel as string, input, { actor: 'desktop' });
    },
  );
  return () => ipcMain.removeHandler(IPC_CALL);
}

/** The parts of a BrowserWindow's WebContents the event bridge needs. */
export interface EventTarget {
  webContents: {
    isDestroyed(): boolean;
    getURL(): string;
    send(channel: string, frame: PushedFrame): void;
  };
}

/** Pushes every core event to every window showing the studio. */
export function forwardEvents(bus: EventBus, windows: () => EventTarget[]): () => void {
  return bus.subscribe((event, payload) => {
    for (const w of windows()) {
      const contents = w.webContents;
      if (contents.isDestroyed() || !isAppUrl(contents.getURL())) continue;
      contents.send(IPC_EVENT, { event, payload });
    }
  });
}
