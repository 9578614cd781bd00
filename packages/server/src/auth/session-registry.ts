import type { PostgresStore } from '@finops-autopilot/store-postgres';
import type { FastifyBaseLogger } from 'fastify';
import type { SessionEnded } from '../context.js';
import { HttpError } from '../http/http-error.js';
import type { VerifiedAccess } from './tokens.js';

/** How long a session found live in the database is trusted before it is looked up again. */
export const SESSION_RECHECK_MS = 10_000;
const PRUNE_EVERY_MS = 60_000;

const key = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;

const sessionEnded = () =>
  HttpError.unauthorized(
    'Your session has ended (signed out, or revoked): sign in again at POST /api/auth/login.',
  );

/**
 * Which sessions have ended, kept in memory so a request costs no query:
 * sessions (refresh-token families) ended here, users whose every session ended,
 * and when each session was last found live in the database. A session not known
 * here, or not looked up for {@link SESSION_RECHECK_MS}, is looked up again, so a
 * revocation by another process (or before a restart) is honoured within seconds.
 */
export class SessionRegistry {
  readonly #store: PostgresStore;
  readonly #now: () => Date;
  readonly #log: FastifyBaseLogger;
  /** Longest life of an access token: past it, what is remembered about a session no longer matters. */
  readonly #rememberMs: number;
  /** Ended session → when it may be forgotten (ms). */
  readonly #ended = new Map<string, number>();
  /** User whose sessions all ended → when (epoch seconds, rounded down, like `iat`). */
  readonly #usersEnded = new Map<string, number>();
  /** Session → when it was last found live (ms). */
  readonly #live = new Map<string, number>();
  readonly #lookups = new Map<string, Promise<boolean>>();
  readonly #listeners = new Set<(ended: SessionEnded) => void>();
  readonly #timer: NodeJS.Timeout;

  constructor(init: {
    store: PostgresStore;
    now: () => Date;
    log: FastifyBaseLogger;
    accessTokenTtlSeconds: number;
  }) {
    this.#store = init.store;
    this.#now = init.now;
    this.#log = init.log;
    this.#rememberMs = init.accessTokenTtlSeconds * 1000 + PRUNE_EVERY_MS;
    this.#timer = setInterval(() => this.#prune(), PRUNE_EVERY_MS);
    this.#timer.unref();
  }

  /** @throws {HttpError} 401 when the session of the token has ended. */
  async assertLive(access: VerifiedAccess): Promise<void> {
    const sessionKey = key(access.tenantId, access.sessionId);
    if (this.#ended.has(sessionKey)) throw sessionEnded();
    const userEnded = this.#usersEnded.get(key(access.tenantId, access.userId));
    if (userEnded !== undefined && access.issuedAt < userEnded) throw sessionEnded();
    const checkedAt = this.#live.get(sessionKey);
    const now = this.#now().getTime();
    if (checkedAt !== undefined && now - checkedAt < SESSION_RECHECK_MS) return;
    let lookup = this.#lookups.get(sessionKey);
    if (!lookup) {
      lookup = this.#lookUp(access).finally(() => this.#lookups.delete(sessionKey));
      this.#lookups.set(sessionKey, lookup);
    }
    if (!(await lookup)) throw sessionEnded();
  }

  /** A session just started (login, registration) or was refreshed: it is live now. */
  started(tenantId: string, sessionId: string): void {
    this.#live.set(key(tenantId, sessionId), this.#now().getTime());
  }

  /** Sessions that ended (their refresh tokens are already revoked); tells the listeners. */
  endSessions(tenantId: string, userId: string, sessionIds: readonly string[], reason: string): void {
    for (const sessionId of sessionIds) {
      this.#markEnded(tenantId, sessionId);
      this.#emit({ tenantId, userId, sessionId, reason });
    }
  }

  /** Every session of a user ended (their refresh tokens are already revoked); tells the listeners once. */
  endUser(tenantId: string, userId: string, sessionIds: readonly string[], reason: string): void {
    const seconds = Math.floor(this.#now().getTime() / 1000);
    this.#usersEnded.set(key(tenantId, userId), seconds);
    // Tokens issued earlier in the same second pass the user check; their sessions are ended one by one.
    for (const sessionId of sessionIds) this.#markEnded(tenantId, sessionId);
    this.#emit({ tenantId, userId, reason });
  }

  onSessionEnded(listener: (ended: SessionEnded) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  close(): void {
    clearInterval(this.#timer);
    this.#listeners.clear();
  }

  #markEnded(tenantId: string, sessionId: string): void {
    const sessionKey = key(tenantId, sessionId);
    this.#live.delete(sessionKey);
    this.#ended.set(sessionKey, this.#now().getTime() + this.#rememberMs);
  }

  #emit(ended: SessionEnded): void {
    for (const listener of this.#listeners) {
      try {
        listener(ended);
      } catch (error) {
        this.#log.error({ err: error }, 'a session-ended listener threw');
      }
    }
  }

  /** Whether the session's family still has a live refresh token and its user may still act with that role. */
  async #lookUp(access: VerifiedAccess): Promise<boolean> {
    const tenant = this.#store.forTenant(access.tenantId);
    const [user, tokens] = await Promise.all([
      tenant.users.get(access.userId),
      tenant.refreshTokens.listByUser(access.userId),
    ]);
    const now = this.#now().getTime();
    const live =
      user !== undefined &&
      !user.disabled &&
      user.role === access.role &&
      tokens.some(
        (token) =>
          token.familyId === access.sessionId &&
          token.revokedAt === null &&
          token.rotatedAt === null &&
          Date.parse(token.expiresAt) > now,
      );
    if (live) this.#live.set(key(access.tenantId, access.sessionId), now);
    else this.#markEnded(access.tenantId, access.sessionId);
    return live;
  }

  #prune(): void {
    const now = this.#now().getTime();
    for (const [sessionKey, forgetAt] of this.#ended) if (forgetAt <= now) this.#ended.delete(sessionKey);
    const oldestIssue = Math.floor((now - this.#rememberMs) / 1000);
    for (const [userKey, seconds] of this.#usersEnded)
      if (seconds < oldestIssue) this.#usersEnded.delete(userKey);
    for (const [sessionKey, checkedAt] of this.#live)
      if (now - checkedAt >= SESSION_RECHECK_MS) this.#live.delete(sessionKey);
  }
}
