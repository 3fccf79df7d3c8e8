import type { PushEventName, PushEventPayload } from '../../shared/api';

type Listener = (event: PushEventName, payload: unknown) => void;

/** Fan-out of pushed events from core services to every connected host (IPC, WebSocket). */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<E extends PushEventName>(event: E, payload: PushEventPayload<E>): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch (err) {
        // One broken subscriber (a closed socket) must not stop the others.
        console.error(`event listener failed on ${event}:`, err);
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
