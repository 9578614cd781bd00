// The server side of `pnpm bench`, run in a child process of server-bench.ts so the load
// generators and the WebSocket clients do not share its event loop. It starts the real
// server (in-memory PGlite, no cycles, no logs, no rate limit), seeds recommendations,
// then answers the parent's messages (see BenchRequest).
import { randomBytes } from 'node:crypto';
import { createServer } from '../src/server.js';
import type { BenchReply, BenchRequest } from './protocol.js';
import { preciseNow } from './protocol.js';
import { benchRecommendation } from './recommendations.js';

const RECOMMENDATIONS = Number(process.env.BENCH_RECOMMENDATIONS ?? 10_000);

function send(reply: BenchReply): void {
  process.send?.(reply);
}

async function main(): Promise<void> {
  const password = randomBytes(18).toString('base64url');
  const server = await createServer({
    dataDir: ':memory:',
    logger: false,
    autostart: false,
    dashboardDir: false,
    rateLimit: { enabled: false },
    auth: { adminPassword: password },
  });
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  const tenantId = server.context.options.defaultTenantId;

  const at = new Date().toISOString();
  const recommendations = Array.from({ length: RECOMMENDATIONS }, (_, index) =>
    benchRecommendation(index, at),
  );
  const seedStart = performance.now();
  const tenant = server.store.forTenant(tenantId);
  for (let start = 0; start < recommendations.length; start += 2000)
    await tenant.recommendations.saveMany(recommendations.slice(start, start + 2000));
  const seedMs = performance.now() - seedStart;

  const metricValue = (name: string, labels: Record<string, string> = {}): Promise<number> =>
    metricsOf(server.app, name, labels);

  process.on('message', async (message: BenchRequest) => {
    switch (message.type) {
      case 'clock':
        send({ type: 'clock', id: message.id, now: preciseNow() });
        break;
      case 'publish': {
        const fanOutMs: number[] = [];
        for (let index = 0; index < message.count; index++) {
          const started = performance.now();
          server.context.hub.publish(tenantId, 'kpi-changed', {
            etag: `bench:${message.run}:${index}:${preciseNow()}`,
          });
          fanOutMs.push(performance.now() - started);
          await new Promise((resolve) => setTimeout(resolve, message.intervalMs));
        }
        send({ type: 'published', id: message.id, fanOutMs });
        break;
      }
      case 'stats':
        send({
          type: 'stats',
          id: message.id,
          wsClients: await metricValue('finops_ws_clients'),
          dropped:
            (await metricValue('finops_ws_clients_dropped_total', { reason: 'slow' })) +
            (await metricValue('finops_ws_clients_dropped_total', { reason: 'heartbeat' })),
          sent: await metricValue('finops_ws_messages_sent_total'),
        });
        break;
      case 'stop':
        await server.close();
        send({ type: 'stopped', id: message.id });
        process.disconnect?.();
        break;
    }
  });

  send({
    type: 'ready',
    url,
    email: server.bootstrap.email,
    password,
    tenantId,
    seeded: recommendations.length,
    seedMs,
  });
}

/** A sample of the server's own /metrics, read through inject (no socket). */
async function metricsOf(
  app: Awaited<ReturnType<typeof createServer>>['app'],
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const answer = await app.inject({ method: 'GET', url: '/metrics' });
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .join(',');
  const prefix = wanted ? `${name}{${wanted}} ` : `${name} `;
  const line = answer.body.split('\n').find((candidate) => candidate.startsWith(prefix));
  return line === undefined ? 0 : Number(line.slice(prefix.length));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
