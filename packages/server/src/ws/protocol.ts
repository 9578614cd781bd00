import type { Role } from '@finops-autopilot/core';
import type { StreamEvent } from '../events/hub.js';

/**
 * The live stream at `GET /ws` (WebSocket), server to client only.
 *
 * **Authentication** happens on the upgrade request, before the socket opens: send the access
 * token either as the query parameter `?access_token=<token>` or as the subprotocols
 * `bearer, <token>` (`new WebSocket(url, ['bearer', token])`; the server then selects the
 * subprotocol `bearer`). A missing, invalid, expired or revoked token gets HTTP 401 and no
 * upgrade. Prefer the subprotocol: query strings end up in proxy logs.
 *
 * **Messages** are JSON text frames, one event each:
 *
 * ```json
 * { "type": "recommendation-created", "seq": 42, "at": "2026-01-15T12:00:00.000Z", "payload": { … } }
 * ```
 *
 * - `type`: `hello` first, then any autopilot event type (`cycle-start`, `cycle-end`, `cycle-error`,
 *   `engine-diagnostic`, `recommendation-created`, `recommendation-updated`, `recommendation-status`,
 *   `approval-requested`, `approval-decided`, `execution-start`, `execution-dry-run`, `execution-end`,
 *   `execution-error`, `execution-rolled-back`, `recommendation-verified`) or server event type
 *   (`kpi-changed`, `cycle-telemetry`, `config-changed`); `payload` is that event's payload.
 * - `seq`: the position in the tenant's stream; it grows by exactly 1 from one message to the
 *   next on a connection. `hello` carries the current position (the next event has `seq + 1`).
 *   Events that happen while a client is disconnected are not replayed: after a reconnect, refetch
 *   what you show over the REST API.
 * - `at`: when the event happened (ISO 8601, UTC).
 *
 * Only events of the token's tenant are sent. The client never needs to send anything; what it
 * sends is ignored (at most 64 KiB per message).
 *
 * **Closing**: {@link WS_CLOSE} lists the codes. `4001` when the access token expires (reconnect with
 * a refreshed token), `4003` when the session ends (logout, revoked refresh token, user disabled or
 * role changed), `1013` when the client reads too slowly and its send buffer passed the server's bound
 * (the connection is then cut after a short grace). The server pings every 30 s and cuts a client that
 * did not answer the previous ping.
 */
export type StreamMessage = HelloMessage | EventMessage;

/** The first message on every connection. */
export interface HelloMessage {
  type: 'hello';
  seq: number;
  at: string;
  payload: HelloPayload;
}

export interface HelloPayload {
  tenantId: string;
  user: { id: string; email: string; role: Role };
  /** When the access token expires and the server closes the socket with 4001 (ISO 8601). */
  expiresAt: string;
  /** How often the server pings. */
  heartbeatIntervalMs: number;
  /** How far behind (in bytes) the client may fall before it is cut off. */
  maxBufferedBytes: number;
}

/** A hub event as sent: the event without its tenant, with the stream's own sequence number. */
export type EventMessage = {
  [K in StreamEvent['type']]: {
    type: K;
    seq: number;
    at: string;
    payload: Extract<StreamEvent, { type: K }>['payload'];
  };
}[StreamEvent['type']];

/** Close codes of the live stream. */
export const WS_CLOSE = {
  /** The access token expired. */
  tokenExpired: 4001,
  /** The session ended (logout, refresh-token reuse, user disabled or role changed). */
  sessionEnded: 4003,
  /** The client fell too far behind ("try again later"). */
  tooSlow: 1013,
  /** The upgrade had no verified caller (should not happen: the token is checked before). */
  policyViolation: 1008,
} as const;
