import { FinopsError } from '@finops-autopilot/core';
import type { PostgresStore, PostgresTenantStore, StoredUser } from '@finops-autopilot/store-postgres';
import type { FastifyBaseLogger } from 'fastify';
import type { Authenticator, AuthInfo, SessionEnded } from '../context.js';
import { HttpError } from '../http/http-error.js';
import type { ResolvedServerOptions } from '../options.js';
import { ANONYMOUS, type AuditEntry, audit, SYSTEM, userActor } from './audit.js';
import { bootstrapAdmin, signingSecret } from './bootstrap.js';
import { prepareDummyHash, verifyAgainstDummy, verifyPassword } from './passwords.js';
import { SessionRegistry } from './session-registry.js';
import { findByEmail, type PublicUser, publicUser, type SessionAnswer } from './shared.js';
import {
  bearerToken,
  newRefreshToken,
  parseRefreshToken,
  TokenSigner,
  type VerifiedAccess,
} from './tokens.js';

/** The server's authentication: verifies tokens, runs sessions and makes sure the first admin exists. */
export interface AuthService extends Authenticator {
  /**
   * First start: makes sure the default tenant exists and has an active admin, whose
   * password comes from `auth.adminPassword` or is generated and returned once as
   * `generatedPassword`. Idempotent: a restart creates nothing (`createdAdmin: false`).
   */
  bootstrap(): Promise<{ email: string; createdAdmin: boolean; generatedPassword?: string }>;
  /** Stops the background pruning and drops the session listeners. */
  close(): void;
}
/** Tokens longer than this are refused before any work (a JWT of ours is ~400 characters). */
const MAX_TOKEN_LENGTH = 4096;
/** Verified access tokens remembered, so a busy client costs one HMAC per token, not per request. */
const VERIFIED_CACHE_SIZE = 10_000;

const INVALID_CREDENTIALS =
  'Invalid credentials: the email or password is wrong, or the account is disabled.';

export class DefaultAuthService implements AuthService {
  readonly store: PostgresStore;
  readonly options: ResolvedServerOptions;
  readonly log: FastifyBaseLogger;
  readonly now: () => Date;
  readonly signer: TokenSigner;
  readonly sessions: SessionRegistry;
  readonly #verified = new Map<string, Readonly<VerifiedAccess>>();

  constructor(init: {
    store: PostgresStore;
    options: ResolvedServerOptions;
    log: FastifyBaseLogger;
    now: () => Date;
    signer: TokenSigner;
  }) {
    this.store = init.store;
    this.options = init.options;
    this.log = init.log;
    this.now = init.now;
    this.signer = init.signer;
    this.sessions = new SessionRegistry({
      store: init.store,
      now: init.now,
      log: init.log,
      accessTokenTtlSeconds: init.options.auth.accessTokenTtlSeconds,
    });
  }

  authenticate(authorization: string | undefined): Promise<AuthInfo> {
    try {
      return this.verifyToken(bearerToken(authorization));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async verifyToken(token: string): Promise<AuthInfo> {
    if (token.length > MAX_TOKEN_LENGTH) throw HttpError.unauthorized('Invalid access token: sign in again.');
    let access = this.#verified.get(token);
    if (access === undefined) {
      access = Object.freeze(await this.signer.verifyAccess(token));
      if (this.#verified.size >= VERIFIED_CACHE_SIZE) {
        const oldest = this.#verified.keys().next();
        if (!oldest.done) this.#verified.delete(oldest.value);
      }
      this.#verified.set(token, access);
    } else if (access.expiresAt <= this.now().getTime()) {
      this.#verified.delete(token);
      throw HttpError.unauthorized(
        'Your access token has expired: get a new one at POST /api/auth/refresh, or sign in again.',
      );
    }
    await this.sessions.assertLive(access);
    return access;
  }

  onSessionEnded(listener: (ended: SessionEnded) => void): () => void {
    return this.sessions.onSessionEnded(listener);
  }

  close(): void {
    this.sessions.close();
    this.#verified.clear();
  }

  tenant(tenantId: string): PostgresTenantStore {
    return this.store.forTenant(tenantId);
  }

  /** Appends an audit event; a failure is logged, not thrown (for events about refused requests). */
  async auditQuietly(tenantId: string, entry: AuditEntry): Promise<void> {
    try {
      await audit(this.tenant(tenantId).audit, tenantId, this.now(), entry);
    } catch (error) {
      this.log.warn({ err: error, action: entry.action, tenantId }, 'audit event not written');
    }
  }

  bootstrap(): Promise<{ email: string; createdAdmin: boolean; generatedPassword?: string }> {
    return bootstrapAdmin(this);
  }

  /** Starts a session: a new refresh-token family and an access token for it. */
  async issueSession(tenant: PostgresTenantStore, user: StoredUser): Promise<SessionAnswer> {
    const sessionId = crypto.randomUUID();
    const refresh = newRefreshToken(tenant.tenantId);
    const created = this.now();
    await tenant.refreshTokens.issue({
      id: crypto.randomUUID(),
      userId: user.id,
      familyId: sessionId,
      tokenHash: refresh.hash,
      createdAt: created.toISOString(),
      expiresAt: new Date(created.getTime() + this.options.auth.refreshTokenTtlSeconds * 1000).toISOString(),
    });
    return this.#answer(tenant.tenantId, user, sessionId, refresh.token);
  }

  async #answer(
    tenantId: string,
    user: StoredUser,
    sessionId: string,
    refreshToken: string,
  ): Promise<SessionAnswer> {
    const access = await this.signer.signAccess(
      { userId: user.id, tenantId, email: user.email, role: user.role, sessionId },
      this.options.auth.accessTokenTtlSeconds,
    );
    this.sessions.started(tenantId, sessionId);
    return {
      accessToken: access.token,
      refreshToken,
      tokenType: 'Bearer',
      expiresAt: new Date(access.expiresAt).toISOString(),
      user: publicUser(user, tenantId),
    };
  }

  async login(input: {
    tenantId?: string;
    email: string;
    password: string;
    ip: string;
  }): Promise<SessionAnswer> {
    const tenantId = input.tenantId ?? this.options.defaultTenantId;
    const tenant = this.tenant(tenantId);
    const user = await findByEmail(tenant, input.email);
    const matches = user
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyAgainstDummy(input.password);
    if (!user || !matches || user.disabled) {
      await this.auditQuietly(tenantId, {
        actor: ANONYMOUS,
        action: 'auth.login-failed',
        subject: { type: 'user', id: user?.id ?? '' },
        details: {
          email: input.email.toLowerCase(),
          ip: input.ip,
          reason: !user ? 'unknown-email' : !matches ? 'wrong-password' : 'disabled',
        },
      });
      throw HttpError.unauthorized(INVALID_CREDENTIALS);
    }
    const answer = await this.issueSession(tenant, user);
    await audit(tenant.audit, tenantId, this.now(), {
      actor: userActor(user),
      action: 'auth.login',
      subject: { type: 'user', id: user.id },
      details: { email: user.email, ip: input.ip },
    });
    return answer;
  }

  async refresh(input: { refreshToken: string; ip: string }): Promise<SessionAnswer> {
    const parsed = parseRefreshToken(input.refreshToken);
    if (!parsed)
      throw HttpError.unauthorized('Invalid refresh token: sign in again at POST /api/auth/login.');
    const { tenantId } = parsed;
    const tenant = this.tenant(tenantId);
    const next = newRefreshToken(tenantId);
    const at = this.now();
    const result = await tenant.refreshTokens
      .rotate({
        tokenHash: parsed.hash,
        next: {
          id: crypto.randomUUID(),
          tokenHash: next.hash,
          createdAt: at.toISOString(),
          expiresAt: new Date(at.getTime() + this.options.auth.refreshTokenTtlSeconds * 1000).toISOString(),
        },
        at: at.toISOString(),
      })
      .catch((error: unknown) => {
        // An unknown tenant: no such token either.
        if (FinopsError.isInstance(error) && error.code === 'NOT_FOUND')
          return { status: 'invalid' as const, reason: 'unknown' as const };
        throw error;
      });
    if (result.status === 'invalid')
      throw HttpError.unauthorized(
        result.reason === 'expired'
          ? 'Your refresh token has expired: sign in again at POST /api/auth/login.'
          : 'Invalid refresh token: sign in again at POST /api/auth/login.',
      );
    if (result.status === 'reused') {
      const stored = await tenant.refreshTokens.getByHash(parsed.hash);
      const userId = stored?.userId ?? '';
      await this.auditQuietly(tenantId, {
        actor: SYSTEM,
        action: 'auth.refresh-reuse',
        subject: { type: 'session', id: result.familyId },
        details: { userId, revokedTokens: result.revoked, ip: input.ip },
      });
      this.log.warn(
        { tenantId, userId, sessionId: result.familyId },
        'refresh token reused: session revoked',
      );
      this.sessions.endSessions(tenantId, userId, [result.familyId], 'refresh-token-reuse');
      throw HttpError.unauthorized(
        'This refresh token was used already, so its session was ended to protect the account: sign in again.',
      );
    }
    const { token } = result;
    const user = await tenant.users.get(token.userId);
    if (!user || user.disabled) {
      await tenant.refreshTokens.revokeFamily(token.familyId, {
        at: at.toISOString(),
        reason: 'user-disabled',
      });
      this.sessions.endSessions(tenantId, token.userId, [token.familyId], 'user-disabled');
      throw HttpError.unauthorized(INVALID_CREDENTIALS);
    }
    return this.#answer(tenantId, user, token.familyId, next.token);
  }

  async logout(auth: AuthInfo, input: { refreshToken?: string; ip: string }): Promise<void> {
    const tenant = this.tenant(auth.tenantId);
    const at = this.now().toISOString();
    const ended = [auth.sessionId];
    await tenant.refreshTokens.revokeFamily(auth.sessionId, { at, reason: 'logout' });
    const presented = input.refreshToken === undefined ? undefined : parseRefreshToken(input.refreshToken);
    if (presented && presented.tenantId === auth.tenantId) {
      const stored = await tenant.refreshTokens.getByHash(presented.hash);
      if (stored && stored.userId === auth.userId && stored.familyId !== auth.sessionId) {
        await tenant.refreshTokens.revokeFamily(stored.familyId, { at, reason: 'logout' });
        ended.push(stored.familyId);
      }
    }
    await audit(tenant.audit, auth.tenantId, this.now(), {
      actor: userActor({ id: auth.userId, role: auth.role }),
      action: 'auth.logout',
      subject: { type: 'user', id: auth.userId },
      details: { sessionIds: ended, ip: input.ip },
    });
    this.sessions.endSessions(auth.tenantId, auth.userId, ended, 'logout');
  }

  async me(auth: AuthInfo): Promise<{ user: PublicUser; session: { id: string; expiresAt: string } }> {
    const user = await this.tenant(auth.tenantId).users.get(auth.userId);
    if (!user) throw HttpError.unauthorized('Your account no longer exists.');
    return {
      user: publicUser(user, auth.tenantId),
      session: { id: auth.sessionId, expiresAt: new Date(auth.expiresAt).toISOString() },
    };
  }
}

export async function createAuthService(init: {
  store: PostgresStore;
  options: ResolvedServerOptions;
  log: FastifyBaseLogger;
  now: () => Date;
}): Promise<AuthService> {
  const secret = await signingSecret(init.store, init.options, init.now());
  const signer = await TokenSigner.create(secret, init.now);
  await prepareDummyHash();
  return new DefaultAuthService({ ...init, signer });
}

/** The full service behind an {@link AuthService} made by {@link createAuthService}. */
export function internals(auth: AuthService): DefaultAuthService {
  if (auth instanceof DefaultAuthService) return auth;
  throw new Error(
    '[finops-autopilot] [server] The auth routes need the service made by createAuthService().',
  );
}
