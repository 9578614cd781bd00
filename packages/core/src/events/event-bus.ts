import { EventEmitter } from 'eventemitter3';
import type { AutopilotEvent, AutopilotEventPayloads, AutopilotEventType } from './autopilot-events.js';

/**
 * Typed event bus. Every event is delivered to listeners of its type and then
 * to `event` listeners (all types), synchronously and in emission order.
 * A throwing listener is reported through `onListenerError` and never stops the others.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();
  private seq = 0;

  constructor(
    private readonly tenantId: string,
    private readonly now: () => Date = () => new Date(),
    private readonly onListenerError: (error: unknown) => void = () => {},
  ) {}

  /** Listens to every event; returns the unsubscribe function. */
  on(type: 'event', listener: (event: AutopilotEvent) => void): () => void;
  /** Listens to one event type; returns the unsubscribe function. */
  on<K extends AutopilotEventType>(type: K, listener: (event: AutopilotEvent<K>) => void): () => void;
  on(type: string, listener: (event: never) => void): () => void {
    const guarded = (event: never) => {
      try {
        (listener as (value: never) => void)(event);
      } catch (error) {
        this.onListenerError(error);
      }
    };
    this.emitter.on(type, guarded as never);
    return () => {
      this.emitter.off(type, guarded as never);
    };
  }

  emit<K extends AutopilotEventType>(type: K, payload: AutopilotEventPayloads[K]): AutopilotEvent<K> {
    this.seq += 1;
    const event = {
      type,
      seq: this.seq,
      at: this.now().toISOString(),
      tenantId: this.tenantId,
      payload,
    } as AutopilotEvent<K>;
    this.emitter.emit(type, event);
    this.emitter.emit('event', event);
    return event;
  }

  removeAllListeners(): void {
    this.emitter.removeAllListeners();
  }
}
