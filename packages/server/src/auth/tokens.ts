import { createHash, randomBytes } from 'node:crypto';
import { roleSchema } from '@finops-autopilot/core';
import { type CryptoKey, errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { AuthInfo } from '../context.js';
import { HttpError } from '../http/http-error.js';

export const ISSUER = 'finops-autopilot';
export const ACCESS_AUDIENCE = 'finops-autopilot';
/** A distinct audience: an invitation can never pass as an access token, nor the reverse. */
export const INVITATION_AUDIENCE = 'finops-autopilot:invitation';
export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;

/** Smallest HMAC secret accepted (HS256 wants at least the hash size). */
export const MIN_SECRET_BYTES = 32;

const accessClaimsSchema = z.object({
  sub: z.string().min(1),
  tid: z.string().min(1),
  role: roleSchema,
  email: z.string().min(1),
  sid: z.string().min(1),
  iat: z.number().int(),
  exp: z.number().int(),
});

const invitationClaimsSchema = z.object({
  purpose: z.literal('invitation'),
  tid: z.string().min(1),
  email: z.string().min(1),
  role: roleSchema,
  exp: z.number().int(),
});

export type InvitationClaims = z.infer<typeof invitationClaimsSchema>;

/** A verified access token, with its issue time (epoch seconds) for session checks. */
export type VerifiedAccess = AuthInfo & { issuedAt: number };

/** Signs and verifies the server's JWTs (HS256 only) with one key and a clock. */
export class TokenSigner {
  readonly #key: CryptoKey;
  readonly #now: () => Date;

  private constructor(key: CryptoKey, now: () => Date) {
    this.#key = key;
    this.#now = now;
  }

  static async create(secret: Uint8Array, now: () => Date): Promise<TokenSigner> {
    // Imported once: handing jose raw bytes would import the key again on every verification.
    const key = await crypto.subtle.importKey(
      'raw',
      new Uint8Array(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    return new TokenSigner(key, now);
  }

  #seconds(): number {
    return Math.floor(this.#now().getTime() / 1000);
  }

  async signAccess(
    claims: Omit<AuthInfo, 'expiresAt'>,
    ttlSeconds: number,
  ): Promise<{ token: string; expiresAt: number }> {
    const issuedAt = this.#seconds();
    const exp = issuedAt + ttlSeconds;
    const token = await new SignJWT({
      tid: claims.tenantId,
      role: claims.role,
      email: claims.email,
      sid: claims.sessionId,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(ACCESS_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(exp)
      .sign(this.#key);
    return { token, expiresAt: exp * 1000 };
  }

  /** @throws {HttpError} 401 for anything but a well-formed, correctly signed, unexpired access token. */
  async verifyAccess(token: string): Promise<VerifiedAccess> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: ACCESS_AUDIENCE,
        currentDate: this.#now(),
        requiredClaims: ['iat', 'exp', 'sub'],
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired)
        throw HttpError.unauthorized(
          'Your access token has expired: get a new one at POST /api/auth/refresh, or sign in again.',
        );
      throw HttpError.unauthorized('Invalid access token: sign in again at POST /api/auth/login.');
    }
    const claims = accessClaimsSchema.safeParse(payload);
    if (!claims.success)
      throw HttpError.unauthorized('Invalid access token: sign in again at POST /api/auth/login.');
    const { sub, tid, role, email, sid, iat, exp } = claims.data;
    return { userId: sub, tenantId: tid, role, email, sessionId: sid, expiresAt: exp * 1000, issuedAt: iat };
  }

  async signInvitation(
    claims: Omit<InvitationClaims, 'purpose' | 'exp'>,
  ): Promise<{ token: string; expiresAt: number }> {
    const exp = this.#seconds() + INVITATION_TTL_SECONDS;
    const token = await new SignJWT({
      purpose: 'invitation',
      tid: claims.tid,
      email: claims.email,
      role: claims.role,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(INVITATION_AUDIENCE)
      .setJti(crypto.randomUUID())
      .setIssuedAt(this.#seconds())
      .setExpirationTime(exp)
      .sign(this.#key);
    return { token, expiresAt: exp * 1000 };
  }

  /** @returns the claims, or undefined when the token is not a valid, unexpired invitation. */
  async verifyInvitation(token: string): Promise<InvitationClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: INVITATION_AUDIENCE,
        currentDate: this.#now(),
        requiredClaims: ['exp'],
      });
      const claims = invitationClaimsSchema.safeParse(payload);
      return claims.success ? claims.data : undefined;
    } catch {
      return undefined;
    }
  }
}

/** A bearer token from an `Authorization` header. @throws {HttpError} 401 when there is none. */
export function bearerToken(authorization: string | undefined): string {
  if (!authorization) throw HttpError.unauthorized();
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)[ ]*$/i.exec(authorization);
  if (!match?.[1]) throw HttpError.unauthorized('Send the access token as `Authorization: Bearer <token>`.');
  return match[1];
}

const REFRESH_SECRET = /^[A-Za-z0-9_-]{43}$/;

/** A new opaque refresh token `<tenantId>.<32 random bytes>`; only its hash is stored. */
export function newRefreshToken(tenantId: string): { token: string; hash: string } {
  const token = `${tenantId}.${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The tenant a refresh token belongs to and its hash, or undefined when it is not shaped like one. */
export function parseRefreshToken(token: string): { tenantId: string; hash: string } | undefined {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const tenantId = token.slice(0, dot);
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(tenantId) || !REFRESH_SECRET.test(token.slice(dot + 1)))
    return undefined;
  return { tenantId, hash: hashRefreshToken(token) };
}
