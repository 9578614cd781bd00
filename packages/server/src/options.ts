import type { Policy, RecommendationEngineV1, ResourceProviderV1 } from '@finops-autopilot/core';
import type { PostgresStore } from '@finops-autopilot/store-postgres';
import type { FastifyServerOptions } from 'fastify';

/** A fleet the server runs an autopilot for. */
export interface FleetOptions {
  tenantId: string;
  /** Display name of the tenant, used when the server creates it. @default the tenant id */
  tenantName?: string;
  provider: ResourceProviderV1;
  /** @default [createHeuristicEngine()] */
  engines?: readonly RecommendationEngineV1[];
}

/** Options of {@link createServer}. Every option is optional: the defaults run the embedded platform. */
export interface ServerOptions {
  /** A store to use; the server does not close a store it was given. @default PGlite in `dataDir`, or PostgreSQL when `databaseUrl` is set */
  store?: PostgresStore;
  /** PostgreSQL connection string. @default process.env.DATABASE_URL */
  databaseUrl?: string;
  /** PGlite data directory when no database URL is given. `':memory:'` keeps everything in memory. @default process.env.FINOPS_DATA_DIR ?? '.finops-data' */
  dataDir?: string;
  /**
   * Fleets to run autopilots for. @default one simulated fleet for the `default` tenant
   * (seed 7, 24 instances, simulated clock 1200× real time)
   */
  fleets?: readonly FleetOptions[];
  /** The tenant created at first start, with its admin. @default 'default' */
  defaultTenantId?: string;
  /** Run cycles continuously from `listen()`. @default true */
  autostart?: boolean;
  /** Default cycle interval, until changed in the stored configuration. @default 3000 */
  cycleIntervalMs?: number;
  /** Default for executing approved recommendations, until changed in the stored configuration. @default true for simulated fleets, false otherwise */
  executionEnabled?: boolean;
  /** Default policy, until changed in the stored configuration. @default DEFAULT_POLICY */
  policy?: Policy;
  auth?: {
    /** HMAC secret for access tokens (≥ 32 bytes). @default process.env.FINOPS_JWT_SECRET, else one generated at first start and kept in the database */
    jwtSecret?: string;
    /** @default 7200 (2 hours) */
    accessTokenTtlSeconds?: number;
    /** @default 1_209_600 (14 days) */
    refreshTokenTtlSeconds?: number;
    /** Let anyone register (as viewer) without an invitation. @default false */
    openRegistration?: boolean;
    /** Password of the first admin. @default process.env.FINOPS_ADMIN_PASSWORD, else generated and printed once */
    adminPassword?: string;
    /** Email of the first admin. @default process.env.FINOPS_ADMIN_EMAIL ?? 'admin@example.com' */
    adminEmail?: string;
  };
  /** Production mode: CORS fails closed, HSTS on. @default process.env.NODE_ENV === 'production' */
  production?: boolean;
  /** Origins allowed to call the API from a browser. @default process.env.FINOPS_CORS_ORIGINS (comma-separated) ?? [] */
  corsOrigins?: readonly string[];
  rateLimit?: {
    /** Requests per IP per window on the API. @default 600 */
    max?: number;
    /** Requests per IP per window on auth routes. @default 10 */
    authMax?: number;
    /** @default 60_000 */
    windowMs?: number;
    /** Turn rate limiting off (benchmarks). @default true */
    enabled?: boolean;
  };
  /** Largest accepted request body in bytes. @default 1_048_576 */
  bodyLimit?: number;
  /**
   * Trust `X-Forwarded-For` from proxies (Fastify's `trustProxy`: true, or comma-separated addresses / CIDRs),
   * so rate limits and logs see the client's address behind a reverse proxy.
   * @default process.env.FINOPS_TRUST_PROXY (`true` or comma-separated addresses), else false
   */
  trustProxy?: boolean | string;
  /** Logger: pino options, or false for none. @default { level: process.env.LOG_LEVEL ?? 'info' } */
  logger?: FastifyServerOptions['logger'];
  /** Static files of the dashboard, served at `/`. @default the built `@finops-autopilot/dashboard` when present */
  dashboardDir?: string | false;
  /** Bounded buffer per WebSocket client, in bytes; a client further behind is disconnected. @default 1_048_576 */
  wsMaxBufferedBytes?: number;
  /** Wall clock, for tests. @default () => new Date() */
  clock?: () => Date;
}

/** Options with their defaults filled in. */
export interface ResolvedServerOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  defaultTenantId: string;
  autostart: boolean;
  cycleIntervalMs: number;
  executionEnabled: boolean | undefined;
  policy: Policy | undefined;
  auth: {
    jwtSecret: string | undefined;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    openRegistration: boolean;
    adminPassword: string | undefined;
    adminEmail: string;
  };
  production: boolean;
  corsOrigins: readonly string[];
  rateLimit: { max: number; authMax: number; windowMs: number; enabled: boolean };
  bodyLimit: number;
  trustProxy: boolean | string;
  wsMaxBufferedBytes: number;
  dashboardDir: string | false | undefined;
}

export function resolveOptions(
  options: ServerOptions,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedServerOptions {
  const origins = options.corsOrigins ?? (env.FINOPS_CORS_ORIGINS ?? '').split(',');
  return {
    databaseUrl: options.databaseUrl ?? env.DATABASE_URL ?? undefined,
    dataDir: options.dataDir ?? env.FINOPS_DATA_DIR ?? '.finops-data',
    defaultTenantId: options.defaultTenantId ?? 'default',
    autostart: options.autostart ?? true,
    cycleIntervalMs: options.cycleIntervalMs ?? 3000,
    executionEnabled: options.executionEnabled,
    policy: options.policy,
    auth: {
      jwtSecret: options.auth?.jwtSecret ?? env.FINOPS_JWT_SECRET ?? undefined,
      accessTokenTtlSeconds: options.auth?.accessTokenTtlSeconds ?? 7200,
      refreshTokenTtlSeconds: options.auth?.refreshTokenTtlSeconds ?? 1_209_600,
      openRegistration: options.auth?.openRegistration ?? false,
      adminPassword: options.auth?.adminPassword ?? env.FINOPS_ADMIN_PASSWORD ?? undefined,
      adminEmail: options.auth?.adminEmail ?? env.FINOPS_ADMIN_EMAIL ?? 'admin@example.com',
    },
    production: options.production ?? env.NODE_ENV === 'production',
    corsOrigins: origins.map((origin) => origin.trim()).filter((origin) => origin.length > 0),
    rateLimit: {
      max: options.rateLimit?.max ?? 600,
      authMax: options.rateLimit?.authMax ?? 10,
      windowMs: options.rateLimit?.windowMs ?? 60_000,
      enabled: options.rateLimit?.enabled ?? true,
    },
    bodyLimit: options.bodyLimit ?? 1_048_576,
    trustProxy: options.trustProxy ?? parseTrustProxy(env.FINOPS_TRUST_PROXY),
    wsMaxBufferedBytes: options.wsMaxBufferedBytes ?? 1_048_576,
    dashboardDir: options.dashboardDir,
  };
}

function parseTrustProxy(value: string | undefined): boolean | string {
  if (value === undefined || value === '' || value === 'false') return false;
  return value === 'true' ? true : value;
}
