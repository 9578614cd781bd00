import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AuthInfo, ServerContext, SessionEnded } from '../context.js';
import { EventHub } from '../events/hub.js';
import { HttpError } from '../http/http-error.js';
import { createMetrics, type Metrics } from '../ops/metrics.js';
import { resolveOptions } from '../options.js';
import { registerWebSocket } from './index.js';

// The live stream on a bare Fastify app with a stand-in authenticator, to run the
// heartbeat fast (the real server pings every 30 s).

const CALLER: AuthInfo = {
  userId: 'u-1',
  tenantId: 't-1',
  email: 'u1@example.com',
  role: 'viewer',
  sessionId: 's-1',
  expiresAt: Date.now() + 3_600_000,
};

interface Harness {
  app: FastifyInstance;
  url: string;
  hub: EventHub;
  metrics: Metrics;
}

const open: Harness[] = [];

async function harness(heartbeatMs: number): Promise<Harness> {
  const app = Fastify({ logger: false });
  await app.register(websocket);
  const hub = new EventHub();
  const listeners = new Set<(ended: SessionEnded) => void>();
  const ctx: ServerContext = {
    options: resolveOptions({}, {}),
    store: {} as ServerContext['store'],
    log: app.log,
    hub,
    auth: {
      authenticate: async () => CALLER,
      verifyToken: async (token) => {
        if (token !== 'good') throw HttpError.unauthorized();
        return CALLER;
      },
      onSessionEnded: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    runtime: () => undefined,
    runtimes: () => [],
    now: () => new Date(),
  };
  const metrics = createMetrics(ctx);
  registerWebSocket(app, ctx, metrics, { heartbeatMs });
  app.addHook('onClose', async () => metrics.close());
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const made = { app, url: address.replace('http', 'ws'), hub, metrics };
  open.push(made);
  return made;
}

afterEach(async () => {
  for (const made of open.splice(0)) await made.app.close();
});

interface Client {
  socket: WebSocket;
  /** Types of the messages received so far. */
  types: string[];
}

function connect(url: string, options: WebSocket.ClientOptions = {}): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url}/ws?access_token=good`, options);
    const types: string[] = [];
    socket.on('message', (data) => types.push(JSON.parse(String(data)).type));
    socket.once('open', () => resolve({ socket, types }));
    socket.once('error', reject);
  });
}

async function metricValue(metrics: Metrics, name: string, labels: Record<string, string> = {}) {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  const match = metric?.values.find((value) =>
    Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted),
  );
  return match?.value ?? 0;
}

describe('live stream heartbeat', () => {
  it('cuts a client that stops answering pings and keeps one that answers', async () => {
    const { url, hub, metrics } = await harness(100);
    const silent = await connect(url, { autoPong: false });
    const answering = await connect(url);
    const silentClosed = new Promise<number>((resolve) =>
      silent.socket.once('close', (code) => resolve(code)),
    );

    expect(await silentClosed).toBe(1006);
    expect(await metricValue(metrics, 'finops_ws_clients_dropped_total', { reason: 'heartbeat' })).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);
    hub.publish('t-1', 'kpi-changed', { etag: 'x' });
    await expect.poll(() => answering.types).toEqual(['hello', 'kpi-changed']);
    expect(await metricValue(metrics, 'finops_ws_clients')).toBe(1);
    answering.socket.close();
  });

  it('stops listening to the hub once the last client is gone', async () => {
    const { url, hub } = await harness(30_000);
    const before = hub.listenerCount;
    const first = await connect(url);
    const second = await connect(url);
    expect(hub.listenerCount).toBe(before + 1);
    first.socket.close();
    second.socket.close();
    await expect.poll(() => hub.listenerCount).toBe(before);
  });
});
