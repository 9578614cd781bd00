import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { defineRoute, type RouteRegistry } from '../http/route.js';
import { VERSION } from '../version.js';
import type { Metrics } from './metrics.js';

/** How long `/readyz` waits for the store before it answers 503. */
export const READY_STORE_TIMEOUT_MS = 2000;

const healthSchema = z.object({ status: z.literal('ok'), version: z.string() });

const checkSchema = z.object({ ok: z.boolean(), detail: z.string() });
const readinessSchema = z.object({
  status: z.enum(['ready', 'unavailable']),
  reason: z.string().optional(),
  checks: z.object({ store: checkSchema, runtimes: checkSchema }),
});
type Readiness = z.infer<typeof readinessSchema>;

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Operations endpoints and the HTTP latency histogram.
 *
 * - `GET /healthz` (public): 200 `{ status: 'ok', version }` while the process runs (liveness).
 * - `GET /readyz` (public): 200 `{ status: 'ready', checks }` when the store answers a trivial
 *   query within 2 s, at least one tenant runtime exists and the server is not shutting down;
 *   otherwise 503 `{ status: 'unavailable', reason, checks }` (readiness).
 * - `GET /metrics`: Prometheus text format (see {@link Metrics} for the names).
 *   When `FINOPS_METRICS_TOKEN` is set, the scraper must send `Authorization: Bearer <that token>`
 *   (401 otherwise). Without it, metrics are public in development and not served in production
 *   (404), since they name tenants and show traffic.
 *
 * `/healthz` and `/readyz` are in the OpenAPI document; `/metrics` is not (it is not JSON).
 */
export function registerOpsRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  registry: RouteRegistry,
  metrics: Metrics,
): void {
  let shuttingDown = false;
  app.addHook('preClose', async () => {
    shuttingDown = true;
  });

  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/healthz',
    access: 'public',
    summary: 'Liveness: 200 while the process runs',
    tags: ['operations'],
    response: healthSchema,
    handler: () => ({ status: 'ok' as const, version: VERSION }),
  });

  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/readyz',
    access: 'public',
    summary: 'Readiness: 200 when the store answers and the autopilots exist, 503 with the reason otherwise',
    tags: ['operations'],
    response: readinessSchema,
    handler: async ({ reply }) => {
      const readiness = await checkReadiness(ctx, () => shuttingDown);
      if (readiness.status === 'ready') return readiness;
      reply.header('cache-control', 'no-store');
      return reply.code(503).send(readiness);
    },
  });

  const metricsToken = process.env.FINOPS_METRICS_TOKEN || undefined;
  app.get('/metrics', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (metricsToken) {
      const [scheme, token] = (request.headers.authorization ?? '').split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token || !sameSecret(token, metricsToken))
        return reply.code(401).send({
          error: {
            code: 'unauthorized',
            message: 'Send the metrics token as `Authorization: Bearer <FINOPS_METRICS_TOKEN>`.',
            requestId: request.id,
          },
        });
    } else if (ctx.options.production) {
      return reply.code(404).send({
        error: {
          code: 'not-found',
          message: 'Metrics are not served in production unless FINOPS_METRICS_TOKEN is set.',
          requestId: request.id,
        },
      });
    }
    const text = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(text);
  });
}

async function checkReadiness(ctx: ServerContext, shuttingDown: () => boolean): Promise<Readiness> {
  const checks: Readiness['checks'] = {
    store: { ok: false, detail: 'not checked' },
    runtimes: { ok: false, detail: 'not checked' },
  };
  const started = performance.now();
  try {
    await withTimeout(
      ctx.store.tenants.get(ctx.options.defaultTenantId),
      READY_STORE_TIMEOUT_MS,
      `no answer within ${READY_STORE_TIMEOUT_MS} ms`,
    );
    checks.store = { ok: true, detail: `answered in ${(performance.now() - started).toFixed(1)} ms` };
  } catch (error) {
    checks.store = {
      ok: false,
      detail: `the store failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const count = ctx.runtimes().length;
  checks.runtimes =
    count > 0
      ? { ok: true, detail: `${count} tenant runtime${count === 1 ? '' : 's'}` }
      : { ok: false, detail: 'no tenant runtime is running' };

  const reason = shuttingDown()
    ? 'the server is shutting down'
    : !checks.store.ok
      ? checks.store.detail
      : !checks.runtimes.ok
        ? checks.runtimes.detail
        : undefined;
  return reason === undefined ? { status: 'ready', checks } : { status: 'unavailable', reason, checks };
}
