import { ApiError, WireResult } from './errors';
import { channels, type ChannelInput, type ChannelName, type ChannelOutput } from './contract';
import { pushEvents, type PushEventName, type PushEventPayload } from './events';

/**
 * How a client reaches a host: Electron's preload bridge or the browser socket.
 * Both carry plain JSON-compatible values.
 */
export interface Transport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

export interface PlateShiftApi {
  call<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>>;
  on<E extends PushEventName>(
    event: E,
    listener: (payload: PushEventPayload<E>) => void,
  ): () => void;
}

/** A typed client over any transport; responses and events are validated on receipt. */
export function createClient(transport: Transport): PlateShiftApi {
  return {
    async call(channel, input) {
      let raw: unknown;
      try {
        raw = await transport.invoke(channel, input);
      } catch (err) {
        throw new ApiError(
          'unavailable',
          'The PlateShift host did not answer. Is it still running?',
          err instanceof Error ? { cause: err.message } : undefined,
        );
      }
      const wire = WireResult.safeParse(raw);
      if (!wire.success) {
        throw new ApiError('internal', `Malformed reply on “${channel}”.`);
      }
      if (!wire.data.ok) throw ApiError.from(wire.data.error);
      const out = channels[channel].output.safeParse(wire.data.value);
      if (!out.success) {
        throw new ApiError('internal', `The reply on “${channel}” does not match the contract.`, {
          issues: out.error.issues,
        });
      }
      return out.data as ChannelOutput<typeof channel>;
    },
    on(event, listener) {
      return transport.subscribe((name, payload) => {
        if (name !== event) return;
        const parsed = pushEvents[event].safeParse(payload);
        if (parsed.success) listener(parsed.data as PushEventPayload<typeof event>);
      });
    },
  };
}
