import type { AutopilotEvent } from '@finops-autopilot/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../testing-support/test-server.js';
import type { StreamMessage } from './index.js';

// The live stream over real HTTP and WebSocket, with `ws` as the client.

const servers: TestServer[] = [];
const sockets: WebSocket[] = [];
/** A server for the tests that need no special options. */
let shared: TestServer;

async function start(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}

beforeAll(async () => {
  shared = await startTestServer();
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const server of servers.splice(0)) await server.close();
});
afterAll(async () => {
  await shared?.close();
});

interface Client {
  socket: WebSocket;
  messages: StreamMessage[];
  closed: Promise<{ code: number; reason: string }>;
}

function wsUrl(server: TestServer, query = ''): string {
  return `${server.url.replace(/^http/, 'ws')}/ws${query}`;
}

/** Opens a stream; messages are collected from the first one. */
function connect(url: string, protocols?: string[]): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols);
    sockets.push(socket);
    const messages: StreamMessage[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data)) as StreamMessage));
    const closed = new Promise<{ code: number; reason: string }>((done) =>
      socket.once('close', (code, reason) => done({ code, reason: String(reason) })),
    );
    socket.once('open', () => resolve({ socket, messages, closed }));
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`upgrade refused: ${response.statusCode}`)),
    );
    socket.once('error', reject);
  });
}

/** The HTTP status of a refused upgrade. */
function refusedStatus(url: string, protocols?: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols);
    sockets.push(socket);
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      socket.terminate();
    });
    socket.once('open', () => reject(new Error('the socket opened')));
    socket.on('error', () => {});
  });
}

const typesOf = (client: Client) => client.messages.map((message) => message.type);

describe('WebSocket /ws', () => {
  it('refuses the upgrade with 401 without a token, with a bad one, or a tampered one', async () => {
    const server = shared;
    const { accessToken } = await server.login();
    expect(await refusedStatus(wsUrl(server))).toBe(401);
    expect(await refusedStatus(wsUrl(server, '?access_token=not-a-jwt'))).toBe(401);
    expect(await refusedStatus(wsUrl(server), ['bearer', 'not-a-jwt'])).toBe(401);
    const tampered = `${accessToken.slice(0, -3)}${accessToken.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expect(await refusedStatus(wsUrl(server, `?access_token=${tampered}`))).toBe(401);
    const plain = await server.request('GET', '/ws', { token: accessToken });
    expect(plain.status).toBe(401);
    const asGet = await fetch(`${server.url}/ws?access_token=${accessToken}`);
    expect(asGet.status).toBe(426);
  });

  it('accepts the token as `bearer, <token>` subprotocols and says hello', async () => {
    const server = shared;
    const session = await server.login();
    const client = await connect(wsUrl(server), ['bearer', session.accessToken]);
    expect(client.socket.protocol).toBe('bearer');
    await expect.poll(() => client.messages.length).toBe(1);
    const [hello] = client.messages;
    expect(hello).toMatchObject({
      type: 'hello',
      seq: expect.any(Number),
      at: expect.any(String),
      payload: {
        tenantId: server.server.context.options.defaultTenantId,
        user: { id: session.user.id, email: server.adminEmail, role: 'admin' },
        expiresAt: session.expiresAt,
        heartbeatIntervalMs: 30_000,
        maxBufferedBytes: server.server.context.options.wsMaxBufferedBytes,
      },
    });
  });

  it("streams only the caller's tenant's events, numbered without gaps", async () => {
    const server = shared;
    const hub = server.server.context.hub;
    const defaultTenant = server.server.context.options.defaultTenantId;
    const mine = await server.login();
    const other = await server.userSession('viewer', 'tenant-b');
    const a = await connect(wsUrl(server, `?access_token=${mine.accessToken}`));
    const b = await connect(wsUrl(server, `?access_token=${other.accessToken}`));
    await expect.poll(() => typesOf(a).length + typesOf(b).length).toBe(2);

    hub.publish(defaultTenant, 'kpi-changed', { etag: 'a-1' });
    hub.publish('tenant-b', 'kpi-changed', { etag: 'b-1' });
    const cycleStart: AutopilotEvent<'cycle-start'> = {
      type: 'cycle-start',
      seq: 99,
      at: '2026-01-15T12:00:00.000Z',
      tenantId: defaultTenant,
      payload: { cycleId: 7 },
    };
    hub.forward(cycleStart);
    hub.publish('tenant-b', 'config-changed', { keys: ['engines.heuristic.enabled'] });
    hub.publish('nobody', 'kpi-changed', { etag: 'c-1' });

    await expect.poll(() => typesOf(a)).toEqual(['hello', 'kpi-changed', 'cycle-start']);
    await expect.poll(() => typesOf(b)).toEqual(['hello', 'kpi-changed', 'config-changed']);
    expect(a.messages[1]?.payload).toEqual({ etag: 'a-1' });
    expect(a.messages[2]).toEqual({
      type: 'cycle-start',
      seq: (a.messages[0]?.seq ?? 0) + 2,
      at: '2026-01-15T12:00:00.000Z',
      payload: { cycleId: 7 },
    });
    expect(b.messages[1]?.payload).toEqual({ etag: 'b-1' });
    for (const client of [a, b]) {
      const seqs = client.messages.map((message) => message.seq);
      expect(seqs).toEqual(seqs.map((_, index) => (seqs[0] ?? 0) + index));
      for (const message of client.messages)
        expect(Object.keys(message).sort()).toEqual(['at', 'payload', 'seq', 'type']);
    }
  });

  it('closes the socket with 4001 when the access token expires', async () => {
    const server = await start({ auth: { accessTokenTtlSeconds: 2 } });
    const session = await server.login();
    const client = await connect(wsUrl(server, `?access_token=${session.accessToken}`));
    const opened = Date.now();
    const closed = await client.closed;
    expect(closed.code).toBe(4001);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(session.expiresAt) - 50);
    expect(Date.now() - opened).toBeLessThan(3500);
    expect(await refusedStatus(wsUrl(server, `?access_token=${session.accessToken}`))).toBe(401);
  });

  it('closes the socket with 4003 on logout, and only the socket of that session', async () => {
    const server = shared;
    const first = await server.login();
    const second = await server.login();
    const a = await connect(wsUrl(server, `?access_token=${first.accessToken}`));
    const b = await connect(wsUrl(server, `?access_token=${second.accessToken}`));
    const logout = await server.request('POST', '/api/auth/logout', {
      token: first.accessToken,
      body: { refreshToken: first.refreshToken },
    });
    expect(logout.status).toBeLessThan(300);
    const closed = await a.closed;
    expect(closed.code).toBe(4003);
    expect(closed.reason).toMatch(/session ended/);

    server.server.context.hub.publish(server.server.context.options.defaultTenantId, 'kpi-changed', {
      etag: 'still-here',
    });
    await expect.poll(() => typesOf(b)).toEqual(['hello', 'kpi-changed']);
    expect(b.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('drops a client that stops reading while a fast one keeps receiving every event', async () => {
    const server = await start({ wsMaxBufferedBytes: 64 * 1024 });
    const hub = server.server.context.hub;
    const tenant = server.server.context.options.defaultTenantId;
    const session = await server.login();
    const fast = await connect(wsUrl(server, `?access_token=${session.accessToken}`));
    const slow = await connect(wsUrl(server, `?access_token=${session.accessToken}`));
    await expect.poll(() => fast.messages.length + slow.messages.length).toBe(2);
    // Stop reading: the kernel buffers fill, then the server's send buffer grows.
    (slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();

    const big = Array.from({ length: 64 }, (_, index) => `key-${index}-${'x'.repeat(1000)}`);
    const events = 400; // 26 MB: more than loopback socket buffers hold
    for (let index = 1; index <= events; index++) {
      hub.publish(tenant, 'config-changed', { keys: [String(index), ...big] });
      // The fast client reads each event before the next one comes.
      await expect.poll(() => fast.messages.length, { interval: 1, timeout: 5000 }).toBe(index + 1);
    }
    const numbers = fast.messages.slice(1).map((message) => (message.payload as { keys: string[] }).keys[0]);
    expect(numbers).toEqual(Array.from({ length: events }, (_, index) => String(index + 1)));

    (slow.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    const closed = await slow.closed;
    expect([1006, 1013]).toContain(closed.code);
    expect(slow.messages.length).toBeLessThan(events + 1);
    expect(fast.socket.readyState).toBe(WebSocket.OPEN);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^finops_ws_clients_dropped_total\{reason="slow"\} 1$/m);
    expect(metrics).toMatch(/^finops_ws_clients 1$/m);
    expect(metrics).toMatch(/^finops_ws_connections_total 2$/m);
  });

  it('stops listening to the hub when the last client leaves', async () => {
    const server = await start();
    const hub = server.server.context.hub;
    const before = hub.listenerCount;
    const session = await server.login();
    const clients = await Promise.all(
      [1, 2, 3].map(() => connect(wsUrl(server, `?access_token=${session.accessToken}`))),
    );
    expect(hub.listenerCount).toBe(before + 1);
    for (const client of clients) client.socket.close();
    await expect.poll(() => hub.listenerCount).toBe(before);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^finops_ws_clients 0$/m);
  });
});
