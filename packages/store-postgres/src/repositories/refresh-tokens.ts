import { and, desc, eq, type InferSelectModel, isNull, lt } from 'drizzle-orm';
import { refreshTokens } from '../schema.js';
import type { TenantScope } from '../scope.js';
import { toIsoInstant } from '../scope.js';
import {
  type NewRefreshToken,
  parseInstant,
  parseNewRefreshToken,
  parseRevokeOptions,
  type RevokeOptions,
  type StoredRefreshToken,
} from '../validation.js';

/** What {@link RefreshTokenRepository.rotate} found and did. */
export type RotateResult =
  /** The presented token was live: it is now rotated and `token` replaces it. */
  | { status: 'rotated'; token: StoredRefreshToken }
  /** The token had been rotated already (stolen and replayed?): its whole family is now revoked. */
  | { status: 'reused'; familyId: string; revoked: number }
  /** Nothing to rotate: no such token, or it expired or was revoked. */
  | { status: 'invalid'; reason: 'unknown' | 'expired' | 'revoked' };

/** Refresh tokens of one tenant, by hash, with rotation and reuse detection. Not part of the core contract. */
export interface RefreshTokenRepository {
  /** Stores a new token (the first of a family, or issued by {@link rotate}). @throws {NotFoundError} for an unknown user. */
  issue(token: NewRefreshToken): Promise<StoredRefreshToken>;
  getByHash(tokenHash: string): Promise<StoredRefreshToken | undefined>;
  /** Tokens of a user, newest first. */
  listByUser(userId: string): Promise<StoredRefreshToken[]>;
  /**
   * Exchanges the token with hash `tokenHash` for `next` (same user and family) in one
   * transaction, with the old row locked so two concurrent uses cannot both succeed.
   */
  rotate(options: {
    tokenHash: string;
    next: Omit<NewRefreshToken, 'userId' | 'familyId' | 'parentId'>;
    at: string;
  }): Promise<RotateResult>;
  /** @returns whether a live token was revoked. */
  revoke(id: string, options: RevokeOptions): Promise<boolean>;
  /** @returns how many live tokens were revoked. */
  revokeFamily(familyId: string, options: RevokeOptions): Promise<number>;
  /** Signs a user out everywhere. @returns how many live tokens were revoked. */
  revokeAllForUser(userId: string, options: RevokeOptions): Promise<number>;
  /** Deletes tokens that expired before `before`. @returns how many. */
  deleteExpired(before: string): Promise<number>;
}

function fromRow(row: InferSelectModel<typeof refreshTokens>): StoredRefreshToken {
  const instant = (value: string | null) => (value === null ? null : toIsoInstant(value));
  return {
    id: row.id,
    userId: row.userId,
    familyId: row.familyId,
    parentId: row.parentId,
    tokenHash: row.tokenHash,
    createdAt: toIsoInstant(row.createdAt),
    expiresAt: toIsoInstant(row.expiresAt),
    rotatedAt: instant(row.rotatedAt),
    revokedAt: instant(row.revokedAt),
    revokedReason: row.revokedReason,
  };
}

export function createRefreshTokenRepository(scope: TenantScope): RefreshTokenRepository {
  const { tenantId } = scope;
  const t = refreshTokens;
  const mine = eq(t.tenantId, tenantId);
  const live = isNull(t.revokedAt);
  const revokeWhere = async (where: ReturnType<typeof and>, options: RevokeOptions): Promise<number> => {
    const parsed = parseRevokeOptions(options);
    const rows = await scope.write((db) =>
      db
        .update(t)
        .set({ revokedAt: parsed.at, revokedReason: parsed.reason })
        .where(and(mine, live, where))
        .returning({ id: t.id }),
    );
    return rows.length;
  };
  return {
    async issue(input) {
      const token = parseNewRefreshToken(input);
      const [row] = await scope.write((db) =>
        db
          .insert(t)
          .values({ tenantId, ...token })
          .returning(),
      );
      return fromRow(row as InferSelectModel<typeof refreshTokens>);
    },
    async getByHash(tokenHash) {
      const rows = await scope.read((db) =>
        db
          .select()
          .from(t)
          .where(and(mine, eq(t.tokenHash, tokenHash))),
      );
      return rows[0] && fromRow(rows[0]);
    },
    async listByUser(userId) {
      const rows = await scope.read((db) =>
        db
          .select()
          .from(t)
          .where(and(mine, eq(t.userId, userId)))
          .orderBy(desc(t.createdAt), desc(t.id)),
      );
      return rows.map(fromRow);
    },
    async rotate(options) {
      const at = parseInstant(options.at, 'rotation time');
      return scope.write(
        async (db): Promise<RotateResult> => {
          const [current] = await db
            .select()
            .from(t)
            .where(and(mine, eq(t.tokenHash, options.tokenHash)))
            .for('update');
          if (!current) return { status: 'invalid', reason: 'unknown' };
          if (current.revokedAt !== null) return { status: 'invalid', reason: 'revoked' };
          if (current.rotatedAt !== null) {
            const revoked = await db
              .update(t)
              .set({ revokedAt: at, revokedReason: 'reuse-detected' })
              .where(and(mine, live, eq(t.familyId, current.familyId)))
              .returning({ id: t.id });
            return { status: 'reused', familyId: current.familyId, revoked: revoked.length };
          }
          if (Date.parse(current.expiresAt) <= Date.parse(at))
            return { status: 'invalid', reason: 'expired' };
          const next = parseNewRefreshToken({
            ...options.next,
            userId: current.userId,
            familyId: current.familyId,
            parentId: current.id,
          });
          await db
            .update(t)
            .set({ rotatedAt: at })
            .where(and(mine, eq(t.id, current.id)));
          const [row] = await db
            .insert(t)
            .values({ tenantId, ...next })
            .returning();
          return { status: 'rotated', token: fromRow(row as InferSelectModel<typeof refreshTokens>) };
        },
        { isolation: 'serializable' },
      );
    },
    async revoke(id, options) {
      return (await revokeWhere(eq(t.id, id), options)) > 0;
    },
    revokeFamily(familyId, options) {
      return revokeWhere(eq(t.familyId, familyId), options);
    },
    revokeAllForUser(userId, options) {
      return revokeWhere(eq(t.userId, userId), options);
    },
    async deleteExpired(before) {
      const cutoff = parseInstant(before, 'expiry cutoff');
      const rows = await scope.write((db) =>
        db
          .delete(t)
          .where(and(mine, lt(t.expiresAt, cutoff)))
          .returning({ id: t.id }),
      );
      return rows.length;
    },
  };
}
