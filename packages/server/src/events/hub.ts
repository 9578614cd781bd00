import type { AutopilotEvent } from '@finops-autopilot/core';
import { EventEmitter } from 'eventemitter3';

/** Events the server adds to the autopilot's own. */
export interface ServerEventPayloads {
  /** KPIs were recomputed and differ from the last published ones. */
  'kpi-changed': { etag: string };
  /** One cycle's telemetry, for the operations view. */
  'cycle-telemetry': {
    cycleId: number;
    durationMs: number;
    queueDepth: number;
    errors: number;
    analyzed: number;
    resources: number;
  };
  /** The tenant's configuration changed. */
  'config-changed': { keys: string[] };
}

export type ServerEventType = keyof ServerEventPayloads;

/** A server event, shaped like an autopilot event (type, seq, at, tenantId, payload). */
export type ServerEvent<T extends ServerEventType = ServerEventType> = {
  [K in T]: { type: K; seq: number; at: string; tenantId: string; payload: ServerEventPayloads[K] };
}[T];

/** Anything the live stream carries. */
export type StreamEvent = AutopilotEvent | ServerEvent;

interface HubEvents {
  event: (event: StreamEvent) => void;
}

/**
 * Fan-in of every tenant's events: autopilot events are forwarded as they are;
 * server events get their own sequence numbers per tenant. Listeners must not throw.
 */
export class EventHub {
  readonly #emitter = new EventEmitter<HubEvents>();
  readonly #seq = new Map<string, number>();
  readonly #now: () => Date;

  constructor(now: () => Date = () => new Date()) {
    this.#now = now;
  }

  /** Forwards an autopilot event. */
  forward(event: AutopilotEvent): void {
    this.#emitter.emit('event', event);
  }

  /** Publishes a server event for a tenant. */
  publish<T extends ServerEventType>(tenantId: string, type: T, payload: ServerEventPayloads[T]): void {
    const seq = (this.#seq.get(tenantId) ?? 0) + 1;
    this.#seq.set(tenantId, seq);
    const event = { type, seq, at: this.#now().toISOString(), tenantId, payload } as ServerEvent;
    this.#emitter.emit('event', event);
  }

  /** Listens to every event of every tenant; returns the unsubscribe function. */
  subscribe(listener: (event: StreamEvent) => void): () => void {
    this.#emitter.on('event', listener);
    return () => {
      this.#emitter.off('event', listener);
    };
  }

  get listenerCount(): number {
    return this.#emitter.listenerCount('event');
  }
}
