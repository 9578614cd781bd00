import type { StreamMessage } from './types.js';

/**
 * - `connecting`: first attempt under way;
 * - `open`: connected and receiving events;
 * - `reconnecting`: the connection dropped; the next attempt is scheduled (views poll meanwhile);
 * - `stopped`: not started, signed out, or the session ended.
 */
export type LiveStatus = 'connecting' | 'open' | 'reconnecting' | 'stopped';

/** Close codes of the server's stream. */
export const CLOSE_TOKEN_EXPIRED = 4001;
export const CLOSE_SESSION_ENDED = 4003;

/** The parts of a browser WebSocket this client uses. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string, protocols: string[]) => SocketLike;

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LiveClientOptions {
  /** Absolute `ws:`/`wss:` URL of the stream. */
  url: string;
  /** A valid access token (refreshed when about to expire), or null when signed out. */
  token: () => Promise<string | null>;
  /** Exchanges the refresh token after the server closed with 4001; false when the session is over. */
  refresh: () => Promise<boolean>;
  /** The server ended the session (4003): sign the user out. */
  onSessionEnded: (reason: string) => void;
  /** Every event message (not `hello`). */
  onEvent: (message: StreamMessage) => void;
  /**
   * The picture may be stale: after a (re)connect, or when sequence numbers
   * jumped (events were missed). Views refetch what they show.
   */
  onResync?: () => void;
  onStatus?: (status: LiveStatus) => void;
  createSocket?: SocketFactory;
  timers?: Timers;
  /** First reconnect delay; doubles per failure up to `maxDelayMs`. @default 1000 */
  initialDelayMs?: number;
  /** @default 30_000 */
  maxDelayMs?: number;
  /** 0..1 share of random spread added to each delay. @default 0.2 */
  jitter?: number;
  random?: () => number;
}

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const defaultSocket: SocketFactory = (url, protocols) =>
  new WebSocket(url, protocols) as unknown as SocketLike;

/** The delay before reconnect attempt `attempt` (0-based): exponential, capped, with jitter. */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  jitter: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 20));
  return Math.round(base * (1 + jitter * random()));
}

/** `ws(s)://host/ws` for a page served from `location`. */
export function streamUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}

/**
 * The live stream client: connects with the access token (subprotocols
 * `bearer, <token>`), reconnects with exponential backoff, refreshes the token
 * when the server closes with 4001, signs out on 4003, and asks views to
 * resync after every (re)connect and after a gap in sequence numbers.
 * While it is not `open`, views fall back to polling.
 */
export class LiveClient {
  readonly #options: LiveClientOptions;
  readonly #timers: Timers;
  readonly #createSocket: SocketFactory;
  #socket: SocketLike | undefined;
  #status: LiveStatus = 'stopped';
  #attempt = 0;
  #timer: unknown;
  #running = false;
  #lastSeq: number | undefined;
  #generation = 0;

  constructor(options: LiveClientOptions) {
    this.#options = options;
    this.#timers = options.timers ?? defaultTimers;
    this.#createSocket = options.createSocket ?? defaultSocket;
  }

  get status(): LiveStatus {
    return this.#status;
  }

  /** Reconnect attempts since the last successful connection. */
  get attempts(): number {
    return this.#attempt;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#attempt = 0;
    this.#setStatus('connecting');
    void this.#connect();
  }

  stop(): void {
    this.#running = false;
    this.#generation += 1;
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.onerror = null;
      socket.onopen = null;
      try {
        socket.close(1000, 'client stopped');
      } catch {
        // already closed
      }
    }
    this.#setStatus('stopped');
  }

  #setStatus(status: LiveStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    this.#options.onStatus?.(status);
  }

  async #connect(): Promise<void> {
    const generation = this.#generation;
    let token: string | null;
    try {
      token = await this.#options.token();
    } catch {
      token = null;
      if (this.#running && generation === this.#generation) {
        this.#scheduleReconnect();
        return;
      }
    }
    if (!this.#running || generation !== this.#generation) return;
    if (!token) {
      this.stop();
      return;
    }
    let socket: SocketLike;
    try {
      socket = this.#createSocket(this.#options.url, ['bearer', token]);
    } catch {
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    this.#lastSeq = undefined;
    socket.onmessage = (event) => this.#onMessage(event.data);
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      void this.#onClose(event.code);
    };
    socket.onerror = () => {
      // A close event follows; nothing to do here.
    };
  }

  #onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: StreamMessage;
    try {
      message = JSON.parse(data) as StreamMessage;
    } catch {
      return;
    }
    if (!message || typeof message.type !== 'string') return;
    if (message.type === 'hello') {
      this.#attempt = 0;
      this.#lastSeq = message.seq;
      this.#setStatus('open');
      this.#options.onResync?.();
      return;
    }
    const gap = this.#lastSeq !== undefined && message.seq > this.#lastSeq + 1;
    this.#lastSeq = message.seq;
    this.#options.onEvent(message);
    if (gap) this.#options.onResync?.();
  }

  async #onClose(code: number): Promise<void> {
    if (!this.#running) return;
    if (code === CLOSE_SESSION_ENDED) {
      this.stop();
      this.#options.onSessionEnded('The session was ended on the server.');
      return;
    }
    if (code === CLOSE_TOKEN_EXPIRED) {
      this.#setStatus('reconnecting');
      const generation = this.#generation;
      let ok = false;
      try {
        ok = await this.#options.refresh();
      } catch {
        ok = false;
        // Network trouble: try again later with backoff.
        if (this.#running && generation === this.#generation) this.#scheduleReconnect();
        return;
      }
      if (!this.#running || generation !== this.#generation) return;
      if (!ok) {
        this.stop();
        return;
      }
      void this.#connect();
      return;
    }
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (!this.#running) return;
    this.#setStatus('reconnecting');
    const delay = backoffDelay(
      this.#attempt,
      this.#options.initialDelayMs ?? 1000,
      this.#options.maxDelayMs ?? 30_000,
      this.#options.jitter ?? 0.2,
      this.#options.random,
    );
    this.#attempt += 1;
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined;
      void this.#connect();
    }, delay);
  }
}
