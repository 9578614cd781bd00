import type { Autopilot, ResourceProviderV1, Role } from '@finops-autopilot/core';
import type { PostgresStore } from '@finops-autopilot/store-postgres';
import type { FastifyBaseLogger } from 'fastify';
import type { EventHub } from './events/hub.js';
import type { ResolvedServerOptions } from './options.js';

/** Who is calling: read from a verified access token. */
export interface AuthInfo {
  userId: string;
  tenantId: string;
  email: string;
  role: Role;
  /** The refresh-token family this access token belongs to; revoking it ends the session. */
  sessionId: string;
  /** Access token expiry, epoch milliseconds. */
  expiresAt: number;
}

/** The autopilot and provider working for one tenant, as the server runs them. */
export interface TenantRuntime {
  readonly tenantId: string;
  readonly provider: ResourceProviderV1;
  /** The current autopilot; replaced when the tenant's configuration changes. */
  readonly autopilot: Autopilot;
}

/** What every part of the server shares. Business logic stays in the packages; this only wires them. */
export interface ServerContext {
  readonly options: ResolvedServerOptions;
  readonly store: PostgresStore;
  readonly log: FastifyBaseLogger;
  /** Typed events of every tenant, for the WebSocket stream and metrics. */
  readonly hub: EventHub;
  /** Token verification and session events. */
  readonly auth: Authenticator;
  /** The runtime of a tenant, or undefined when no fleet is configured for it. */
  runtime(tenantId: string): TenantRuntime | undefined;
  /** Every tenant with a runtime. */
  runtimes(): TenantRuntime[];
  /** Wall-clock now. */
  now(): Date;
}

/** Checks bearer tokens; implemented by the auth module. */
export interface Authenticator {
  /**
   * Verifies the `Authorization: Bearer …` header of a request.
   * @throws {HttpError} 401 when it is missing, malformed, expired, tampered with or its session is revoked.
   */
  authenticate(authorization: string | undefined): Promise<AuthInfo>;
  /** Verifies a raw access token (the WebSocket passes it in the query or a subprotocol). */
  verifyToken(token: string): Promise<AuthInfo>;
  /** Listens for ended sessions (logout, refresh-token reuse, user disabled or role changed); returns the unsubscribe function. */
  onSessionEnded(listener: (ended: SessionEnded) => void): () => void;
}

/** A session (or every session of a user) that must end now. */
export interface SessionEnded {
  tenantId: string;
  /** The refresh-token family; absent when every session of the user ends. */
  sessionId?: string;
  userId: string;
  reason: string;
}
