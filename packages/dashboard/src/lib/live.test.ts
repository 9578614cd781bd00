import { describe, expect, it, vi } from 'vitest';
import {
  backoffDelay,
  CLOSE_SESSION_ENDED,
  CLOSE_TOKEN_EXPIRED,
  LiveClient,
  type LiveClientOptions,
  type LiveStatus,
  type SocketLike,
  streamUrl,
  type Timers,
} from './live.js';

class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  closedWith: number | undefined;

  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {}

  close(code?: number) {
    this.closedWith = code;
    this.readyState = 3;
  }

  /** The server's side. */
  hello(seq = 0) {
    this.readyState = 1;
    this.onopen?.({});
    this.send({ type: 'hello', seq, at: '2026-01-15T12:00:00Z', payload: {} });
  }
  send(message: unknown) {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

/** Timers run by hand: `due()` lists pending delays, `fire()` runs the next one. */
class ManualTimers implements Timers {
  pending: { id: number; ms: number; callback: () => void }[] = [];
  #next = 0;
  setTimeout(callback: () => void, ms: number) {
    this.#next += 1;
    this.pending.push({ id: this.#next, ms, callback });
    return this.#next;
  }
  clearTimeout(handle: unknown) {
    this.pending = this.pending.filter((timer) => timer.id !== handle);
  }
  due() {
    return this.pending.map((timer) => timer.ms);
  }
  fire() {
    const timer = this.pending.shift();
    timer?.callback();
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(overrides: Partial<LiveClientOptions> = {}) {
  const sockets: FakeSocket[] = [];
  const timers = new ManualTimers();
  const statuses: LiveStatus[] = [];
  const events: unknown[] = [];
  const onResync = vi.fn();
  const onSessionEnded = vi.fn();
  let token = 'token-1';
  const refresh = vi.fn(async () => {
    token = 'token-2';
    return true;
  });
  const client = new LiveClient({
    url: 'ws://example.test/ws',
    token: async () => token,
    refresh,
    onSessionEnded,
    onEvent: (message) => events.push(message),
    onResync,
    onStatus: (status) => statuses.push(status),
    createSocket: (url, protocols) => {
      const socket = new FakeSocket(url, protocols);
      sockets.push(socket);
      return socket;
    },
    timers,
    jitter: 0,
    ...overrides,
  });
  return { client, sockets, timers, statuses, events, onResync, onSessionEnded, refresh };
}

describe('LiveClient', () => {
  it('connects with the token as subprotocols, opens on hello, and passes events on', async () => {
    const { client, sockets, statuses, events, onResync } = setup();
    client.start();
    await flush();
    expect(sockets).toHaveLength(1);
    expect(sockets[0]?.url).toBe('ws://example.test/ws');
    expect(sockets[0]?.protocols).toEqual(['bearer', 'token-1']);
    expect(client.status).toBe('connecting');
    sockets[0]?.hello(10);
    expect(client.status).toBe('open');
    expect(onResync).toHaveBeenCalledTimes(1);
    sockets[0]?.send({ type: 'kpi-changed', seq: 11, at: 'x', payload: { etag: 'e' } });
    sockets[0]?.send('not json');
    expect(events).toEqual([{ type: 'kpi-changed', seq: 11, at: 'x', payload: { etag: 'e' } }]);
    expect(statuses).toEqual(['connecting', 'open']);
  });

  it('asks for a resync when sequence numbers jump (events were missed)', async () => {
    const { client, sockets, onResync } = setup();
    client.start();
    await flush();
    sockets[0]?.hello(1);
    sockets[0]?.send({ type: 'a', seq: 2, at: 'x', payload: {} });
    expect(onResync).toHaveBeenCalledTimes(1);
    sockets[0]?.send({ type: 'b', seq: 5, at: 'x', payload: {} });
    expect(onResync).toHaveBeenCalledTimes(2);
  });

  it('reconnects with exponential backoff after drops, and resets it after a good connection', async () => {
    const { client, sockets, timers, statuses } = setup({ initialDelayMs: 1000, maxDelayMs: 8000 });
    client.start();
    await flush();
    sockets[0]?.drop();
    expect(client.status).toBe('reconnecting');
    expect(timers.due()).toEqual([1000]);
    timers.fire();
    await flush();
    sockets[1]?.drop();
    expect(timers.due()).toEqual([2000]);
    timers.fire();
    await flush();
    sockets[2]?.drop();
    expect(timers.due()).toEqual([4000]);
    timers.fire();
    await flush();
    sockets[3]?.drop();
    expect(timers.due()).toEqual([8000]);
    timers.fire();
    await flush();
    sockets[4]?.drop();
    expect(timers.due()).toEqual([8000]);
    timers.fire();
    await flush();
    sockets[5]?.hello();
    expect(client.status).toBe('open');
    sockets[5]?.drop();
    expect(timers.due()).toEqual([1000]);
    expect(statuses).toEqual(['connecting', 'reconnecting', 'open', 'reconnecting']);
  });

  it('refreshes the token and reconnects at once when the server says it expired (4001)', async () => {
    const { client, sockets, timers, refresh } = setup();
    client.start();
    await flush();
    sockets[0]?.hello();
    sockets[0]?.drop(CLOSE_TOKEN_EXPIRED);
    await flush();
    await flush();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(timers.due()).toEqual([]);
    expect(sockets).toHaveLength(2);
    expect(sockets[1]?.protocols).toEqual(['bearer', 'token-2']);
  });

  it('stops when the refresh says the session is over', async () => {
    const { client, sockets, refresh } = setup();
    refresh.mockResolvedValueOnce(false);
    client.start();
    await flush();
    sockets[0]?.drop(CLOSE_TOKEN_EXPIRED);
    await flush();
    await flush();
    expect(client.status).toBe('stopped');
    expect(sockets).toHaveLength(1);
  });

  it('backs off when the refresh fails for a network reason', async () => {
    const { client, sockets, refresh, timers } = setup();
    refresh.mockRejectedValueOnce(new Error('offline'));
    client.start();
    await flush();
    sockets[0]?.drop(CLOSE_TOKEN_EXPIRED);
    await flush();
    await flush();
    expect(client.status).toBe('reconnecting');
    expect(timers.due()).toEqual([1000]);
  });

  it('signs out when the server ends the session (4003) and does not reconnect', async () => {
    const { client, sockets, timers, onSessionEnded } = setup();
    client.start();
    await flush();
    sockets[0]?.hello();
    sockets[0]?.drop(CLOSE_SESSION_ENDED);
    await flush();
    expect(onSessionEnded).toHaveBeenCalledTimes(1);
    expect(client.status).toBe('stopped');
    expect(timers.due()).toEqual([]);
  });

  it('stays stopped without a token, and stop() closes the socket and cancels retries', async () => {
    const none = setup({ token: async () => null });
    none.client.start();
    await flush();
    expect(none.sockets).toHaveLength(0);
    expect(none.client.status).toBe('stopped');

    const { client, sockets, timers } = setup();
    client.start();
    await flush();
    sockets[0]?.drop();
    timers.fire();
    await flush();
    client.stop();
    expect(sockets[1]?.closedWith).toBe(1000);
    expect(timers.due()).toEqual([]);
    sockets[1]?.drop();
    expect(timers.due()).toEqual([]);
    expect(client.status).toBe('stopped');
  });

  it('retries later when the socket cannot even be created', async () => {
    let first = true;
    const { client, timers } = setup({
      createSocket: (url, protocols) => {
        if (first) {
          first = false;
          throw new Error('blocked');
        }
        return new FakeSocket(url, protocols);
      },
    });
    client.start();
    await flush();
    expect(client.status).toBe('reconnecting');
    expect(timers.due()).toEqual([1000]);
  });
});

describe('backoffDelay and streamUrl', () => {
  it('doubles up to the cap and adds jitter', () => {
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, 1000, 10_000, 0))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
    expect(backoffDelay(0, 1000, 10_000, 0.2, () => 0.5)).toBe(1100);
  });

  it('derives the stream URL from the page', () => {
    expect(streamUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/ws');
    expect(streamUrl({ protocol: 'https:', host: 'finops.example.com' })).toBe('wss://finops.example.com/ws');
  });
});
