import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import { FinopsError } from '@finops-autopilot/core';
import { createPostgresStore, type PostgresStore } from '@finops-autopilot/store-postgres';
import Fastify, { type FastifyInstance } from 'fastify';
import { type AuthService, createAuthService, registerAuthRoutes } from './auth/index.js';
import type { ServerContext, TenantRuntime } from './context.js';
import { EventHub } from './events/hub.js';
import { registerDocsRoutes } from './http/docs-routes.js';
import { toErrorAnswer } from './http/error-mapping.js';
import { type RouteAccess, RouteRegistry } from './http/route.js';
import { createMetrics, type Metrics, registerOpsRoutes } from './ops/index.js';
import { type ResolvedServerOptions, resolveOptions, type ServerOptions } from './options.js';
import { registerApiRoutes } from './routes/index.js';
import { createRuntimes, type RuntimeManager } from './runtime/runtime-manager.js';
import { registerStatic } from './static.js';
import { VERSION } from './version.js';
import { registerWebSocket } from './ws/index.js';

/** A running (or ready to run) reference server. */
export interface FinopsServer {
  /** The Fastify instance, for `inject()` in tests and for extra routes. */
  readonly app: FastifyInstance;
  readonly context: ServerContext;
  readonly store: PostgresStore;
  /** Every API route with its method, path and required access (for docs and tests). */
  readonly routes: readonly { method: string; url: string; access: RouteAccess; summary: string }[];
  /** What first start created: the admin's email, and the password when it was generated. */
  readonly bootstrap: { email: string; createdAdmin: boolean; generatedPassword?: string };
  /** Starts listening (and the continuous cycles when `autostart`); resolves with the URL. */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  /** Stops cycles, closes sockets and the store (when the server opened it). */
  close(): Promise<void>;
}

function openStore(options: ServerOptions, resolved: ResolvedServerOptions): PostgresStore {
  if (options.store) return options.store;
  if (resolved.databaseUrl) return createPostgresStore({ connectionString: resolved.databaseUrl });
  if (resolved.dataDir === ':memory:') return createPostgresStore({});
  return createPostgresStore({ dataDir: resolved.dataDir });
}

function defaultDashboardDir(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve('@finops-autopilot/dashboard/package.json')), 'dist');
    return existsSync(join(dir, 'index.html')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Strips secrets (access tokens in query strings) from a logged URL. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:access_token|token|refresh_token)=)[^&#]*/gi, '$1[redacted]');
}

function loggerOptions(logger: ServerOptions['logger']): ServerOptions['logger'] {
  if (logger === false) return false;
  const base = typeof logger === 'object' && logger !== null ? logger : {};
  return {
    level: process.env.LOG_LEVEL ?? 'info',
    ...base,
    serializers: {
      req: (request: { method: string; url: string; id: string; ip?: string }) => ({
        method: request.method,
        url: redactUrl(request.url),
        id: request.id,
        remoteAddress: request.ip,
      }),
      ...(base as { serializers?: Record<string, unknown> }).serializers,
    },
  } as ServerOptions['logger'];
}

/**
 * Creates the reference server: opens (and migrates) the store, makes sure the
 * default tenant and its first admin exist, wires an autopilot per fleet, and
 * registers every route. Nothing listens until {@link FinopsServer.listen}.
 */
export async function createServer(options: ServerOptions = {}): Promise<FinopsServer> {
  const resolved = resolveOptions(options);
  const now = options.clock ?? (() => new Date());
  const app = Fastify({
    logger: loggerOptions(options.logger),
    bodyLimit: resolved.bodyLimit,
    trustProxy: resolved.trustProxy,
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { coerceTypes: false } },
  });
  const store = openStore(options, resolved);
  const ownsStore = options.store === undefined;
  try {
    await store.connect();
  } catch (error) {
    if (ownsStore) await store.close().catch(() => {});
    throw error;
  }

  const hub = new EventHub(now);
  let runtimes: RuntimeManager | undefined;
  let auth: AuthService | undefined;
  const context: ServerContext = {
    options: resolved,
    store,
    log: app.log,
    hub,
    get auth() {
      if (!auth) throw new Error('auth is not ready');
      return auth;
    },
    runtime: (tenantId) => runtimes?.get(tenantId),
    runtimes: (): TenantRuntime[] => runtimes?.list() ?? [],
    now,
  };

  try {
    auth = await createAuthService({ store, options: resolved, log: app.log, now });
    const bootstrap = await auth.bootstrap();
    runtimes = await createRuntimes(context, options);
    const metrics: Metrics = createMetrics(context);

    app.setErrorHandler((error, request, reply) => {
      const answer = toErrorAnswer(error, request.id);
      if (answer.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: answer.body.error.code, status: answer.status }, 'request refused');
      if (answer.headers) reply.headers(answer.headers);
      return reply.code(answer.status).send(answer.body);
    });
    app.setNotFoundHandler((request, reply) =>
      reply.code(404).send({
        error: {
          code: 'not-found',
          message: `No route ${request.method} ${request.url}`,
          requestId: request.id,
        },
      }),
    );

    await app.register(helmet, {
      hsts: resolved.production ? { maxAge: 31_536_000, includeSubDomains: true } : { maxAge: 15_552_000 },
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          // Not helmet's default `upgrade-insecure-requests`: it would break the dashboard served over plain HTTP on a LAN name.
          upgradeInsecureRequests: null,
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    });
    await app.register(cors, {
      origin: (origin, callback) => {
        if (!origin) return callback(null, true);
        if (resolved.corsOrigins.includes(origin)) return callback(null, true);
        if (!resolved.production && resolved.corsOrigins.length === 0) return callback(null, true);
        return callback(null, false);
      },
      credentials: false,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'if-none-match'],
      exposedHeaders: ['etag', 'x-request-id', 'x-total-count'],
    });
    if (resolved.rateLimit.enabled)
      await app.register(rateLimit, {
        global: true,
        max: resolved.rateLimit.max,
        timeWindow: resolved.rateLimit.windowMs,
        allowList: (request) =>
          request.url === '/healthz' || request.url === '/readyz' || request.url === '/metrics',
      });
    await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

    app.addHook('onRequest', async (request, reply) => {
      reply.header('x-request-id', request.id);
      if (
        resolved.production &&
        request.headers.origin &&
        !resolved.corsOrigins.includes(request.headers.origin)
      ) {
        const sameOrigin =
          request.headers.host && new URL(request.headers.origin).host === request.headers.host;
        if (!sameOrigin)
          return reply.code(403).send({
            error: {
              code: 'forbidden',
              message: `Cross-origin requests from ${request.headers.origin} are not allowed (set FINOPS_CORS_ORIGINS).`,
              requestId: request.id,
            },
          });
      }
    });

    const registry = new RouteRegistry();
    registerOpsRoutes(app, context, registry, metrics);
    registerAuthRoutes(app, context, registry, auth);
    registerApiRoutes(app, context, registry);
    registerWebSocket(app, context, metrics);
    registerDocsRoutes(app, context, registry, VERSION);
    const dashboardDir = resolved.dashboardDir === undefined ? defaultDashboardDir() : resolved.dashboardDir;
    if (dashboardDir) await registerStatic(app, dashboardDir);

    await app.ready();
    const activeRuntimes = runtimes;
    let closed = false;
    return {
      app,
      context,
      store,
      bootstrap,
      routes: registry.routes.map(({ method, url, access, summary }) => ({ method, url, access, summary })),
      async listen(listenOptions = {}) {
        const address = await app.listen({
          port: listenOptions.port ?? Number(process.env.PORT ?? 8080),
          host: listenOptions.host ?? process.env.HOST ?? '127.0.0.1',
        });
        if (resolved.autostart) activeRuntimes.startAll();
        return address;
      },
      async close() {
        if (closed) return;
        closed = true;
        await activeRuntimes.stopAll();
        metrics.close();
        await app.close();
        auth?.close();
        if (ownsStore) await store.close();
      },
    };
  } catch (error) {
    await runtimes?.stopAll().catch(() => {});
    await app.close().catch(() => {});
    if (ownsStore) await store.close().catch(() => {});
    if (FinopsError.isInstance(error)) throw error;
    throw error;
  }
}
