import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { IPC_CALL, IPC_EVENT, type PushedFrame } from '../../shared/api/transport-protocol';

/** What the page sees as window.plateshift: the contract's Transport and nothing else. */
export interface PlateShiftBridge {
  invoke(channel: string, input: unknown): Promise<unknown>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

const MAX_CHANNEL_LENGTH = 128;

export function createBridge(
  ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
): PlateShiftBridge {
  return {
    invoke(channel: unknown, input: unknown) {
      if (
        typeof channel !== 'string' ||
        channel.length === 0 ||
        channel.length > MAX_CHANNEL_LENGTH
      ) {
        return Promise.reject(
          new TypeError('plateshift.invoke: the channel must be a short string'),
        );
      }
      return ipc.invoke(IPC_CALL, channel, input);
    },
    subscribe(listener: unknown) {
      if (typeof listener !== 'function') {
        throw new TypeError('plateshift.subscribe: the listener must be a function');
      }
      const handler = (_event: IpcRendererEvent, frame: PushedFrame) => {
        if (typeof frame !== 'object' || frame === null || typeof frame.event !== 'string') return;
        (listener as (event: string, payload: unknown) => void)(frame.event, frame.payload);
      };
      ipc.on(IPC_EVENT, handler);
      return () => {
        ipc.removeListener(IPC_EVENT, handler);
      };
    },
  };
}
