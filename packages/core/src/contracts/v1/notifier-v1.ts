import type { AutopilotEvent } from '../../events/autopilot-events.js';

/** Delivers events to people or systems (Slack, email, webhooks). */
export interface NotifierV1 {
  readonly specificationVersion: 'v1';
  readonly notifierId: string;
  /** Which events to send; default all. */
  accepts?(event: AutopilotEvent): boolean;
  /** Delivers one event. Failures are reported, never retried forever, never block the cycle. */
  send(event: AutopilotEvent): Promise<void>;
}
