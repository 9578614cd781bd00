import type { WebSocket } from '@fastify/websocket';
import type { AuthInfo, ServerContext, SessionEnded } from '../context.js';
import type { StreamEvent } from '../events/hub.js';
import type { Metrics, WsDropReason } from '../ops/metrics.js';
import { type HelloMessage, WS_CLOSE } from './protocol.js';

/** Tunables of the live stream. */
export interface LiveStreamSettings {
  /** A client whose unsent bytes exceed this when an event comes is cut off. */
  maxBufferedBytes: number;
  /** Ping interval; a client that did not answer the previous ping is cut off. @default 30_000 */
  heartbeatMs: number;
  /** How long a slow client gets to read its close frame before the connection is cut. @default 1000 */
  slowCloseGraceMs: number;
}

interface StreamClient {
  readonly socket: WebSocket;
  readonly auth: AuthInfo;
  alive: boolean;
  open: boolean;
  expiryTimer: NodeJS.Timeout | undefined;
}

const OPEN = 1;
/** setTimeout's largest delay. */
const MAX_TIMER_MS = 2_147_483_647;

/** A close reason fits in 123 bytes of UTF-8. */
function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}

/**
 * Fans hub events out to the WebSocket clients of each tenant.
 *
 * One hub subscription for all clients (taken while at least one client is connected); each
 * event is serialized once per tenant and the same buffer is written to every client of that
 * tenant. A write never waits for a client: a client whose send buffer is above
 * `maxBufferedBytes` when the next event comes is dropped instead (close 1013, then cut after a
 * short grace), so one slow reader costs the others nothing.
 */
export class LiveStream {
  readonly #ctx: ServerContext;
  readonly #metrics: Metrics;
  readonly #settings: LiveStreamSettings;
  readonly #tenants = new Map<string, Set<StreamClient>>();
  readonly #seq = new Map<string, number>();
  #clients = 0;
  #unsubscribe: (() => void) | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(ctx: ServerContext, metrics: Metrics, settings: LiveStreamSettings) {
    this.#ctx = ctx;
    this.#metrics = metrics;
    this.#settings = settings;
  }

  /** Open connections. */
  get size(): number {
    return this.#clients;
  }

  /** Adds an open, authenticated socket: sends `hello`, arms the expiry timer, then streams events. */
  add(socket: WebSocket, auth: AuthInfo): void {
    if (this.#closed) {
      socket.close(1001, 'server shutting down');
      return;
    }
    const client: StreamClient = { socket, auth, alive: true, open: true, expiryTimer: undefined };
    let tenantClients = this.#tenants.get(auth.tenantId);
    if (!tenantClients) {
      tenantClients = new Set();
      this.#tenants.set(auth.tenantId, tenantClients);
    }
    tenantClients.add(client);
    this.#clients += 1;
    this.#metrics.wsClients.inc();
    this.#metrics.wsConnections.inc();
    this.#listen();

    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('message', () => {
      client.alive = true;
    });
    socket.once('close', () => this.#remove(client));

    const hello: HelloMessage = {
      type: 'hello',
      seq: this.#seq.get(auth.tenantId) ?? 0,
      at: this.#ctx.now().toISOString(),
      payload: {
        tenantId: auth.tenantId,
        user: { id: auth.userId, email: auth.email, role: auth.role },
        expiresAt: new Date(auth.expiresAt).toISOString(),
        heartbeatIntervalMs: this.#settings.heartbeatMs,
        maxBufferedBytes: this.#settings.maxBufferedBytes,
      },
    };
    socket.send(JSON.stringify(hello));
    this.#armExpiry(client);
  }

  /** Stops listening and forgets every client (the sockets are closed by the WebSocket server). */
  close(): void {
    this.#closed = true;
    for (const clients of this.#tenants.values())
      for (const client of clients) {
        clearTimeout(client.expiryTimer);
        client.open = false;
      }
    this.#tenants.clear();
    if (this.#clients > 0) this.#metrics.wsClients.dec(this.#clients);
    this.#clients = 0;
    this.#stopListening();
  }

  #armExpiry(client: StreamClient): void {
    const left = client.auth.expiresAt - this.#ctx.now().getTime();
    if (left <= 0) {
      this.#end(client, WS_CLOSE.tokenExpired, 'access token expired');
      return;
    }
    client.expiryTimer = setTimeout(() => this.#armExpiry(client), Math.min(left, MAX_TIMER_MS));
  }

  #listen(): void {
    if (this.#unsubscribe) return;
    const offHub = this.#ctx.hub.subscribe((event) => this.#onEvent(event));
    const offSessions = this.#ctx.auth.onSessionEnded((ended) => this.#onSessionEnded(ended));
    this.#unsubscribe = () => {
      offHub();
      offSessions();
    };
    this.#heartbeat = setInterval(() => this.#beat(), this.#settings.heartbeatMs);
    this.#heartbeat.unref();
  }

  #stopListening(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  #onEvent(event: StreamEvent): void {
    const clients = this.#tenants.get(event.tenantId);
    if (!clients || clients.size === 0) return;
    const seq = (this.#seq.get(event.tenantId) ?? 0) + 1;
    let data: Buffer;
    try {
      data = Buffer.from(JSON.stringify({ type: event.type, seq, at: event.at, payload: event.payload }));
    } catch (error) {
      this.#ctx.log.error({ err: error, type: event.type }, 'live stream: an event could not be serialized');
      return;
    }
    this.#seq.set(event.tenantId, seq);
    const max = this.#settings.maxBufferedBytes;
    let sent = 0;
    for (const client of clients) {
      const { socket } = client;
      if (socket.readyState !== OPEN) continue;
      if (socket.bufferedAmount > max) {
        this.#drop(client, 'slow');
        continue;
      }
      socket.send(data, { binary: false });
      sent += 1;
    }
    if (sent > 0) this.#metrics.wsMessagesSent.inc(sent);
  }

  #onSessionEnded(ended: SessionEnded): void {
    const clients = this.#tenants.get(ended.tenantId);
    if (!clients) return;
    for (const client of clients) {
      if (client.auth.userId !== ended.userId) continue;
      if (ended.sessionId !== undefined && client.auth.sessionId !== ended.sessionId) continue;
      this.#end(client, WS_CLOSE.sessionEnded, `session ended: ${ended.reason}`);
    }
  }

  #beat(): void {
    for (const clients of this.#tenants.values())
      for (const client of clients) {
        if (!client.alive) {
          this.#drop(client, 'heartbeat');
          continue;
        }
        client.alive = false;
        if (client.socket.readyState === OPEN) client.socket.ping();
      }
  }

  /** Cuts a client off for being slow or unresponsive. */
  #drop(client: StreamClient, reason: WsDropReason): void {
    this.#metrics.wsDropped.inc({ reason });
    this.#ctx.log.info(
      { tenantId: client.auth.tenantId, userId: client.auth.userId, reason },
      'live stream: client dropped',
    );
    this.#detach(client);
    if (reason === 'heartbeat') {
      client.socket.terminate();
      return;
    }
    client.socket.close(WS_CLOSE.tooSlow, 'client too slow');
    setTimeout(() => client.socket.terminate(), this.#settings.slowCloseGraceMs).unref();
  }

  /** Closes a client's connection with a code; it receives nothing more. */
  #end(client: StreamClient, code: number, reason: string): void {
    this.#detach(client);
    client.socket.close(code, closeReason(reason));
  }

  /** Stops sending to a client at once (its socket may still be closing). */
  #detach(client: StreamClient): void {
    if (!client.open) return;
    client.open = false;
    clearTimeout(client.expiryTimer);
    const clients = this.#tenants.get(client.auth.tenantId);
    clients?.delete(client);
    if (clients?.size === 0) this.#tenants.delete(client.auth.tenantId);
    this.#clients -= 1;
    this.#metrics.wsClients.dec();
    if (this.#clients === 0) this.#stopListening();
  }

  #remove(client: StreamClient): void {
    this.#detach(client);
  }
}
