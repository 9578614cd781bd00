import { NotFoundError, type Role } from '@finops-autopilot/core';
import { and, asc, count, eq, type InferSelectModel } from 'drizzle-orm';
import { users } from '../schema.js';
import { type TenantScope, toIsoInstant } from '../scope.js';
import {
  parseEmail,
  parseUser,
  parseUserListOptions,
  parseUserPatch,
  type StoredUser,
  type StoredUserInput,
  type UserPatch,
} from '../validation.js';

/** People of one tenant who sign in to the server. Not part of the core contract. */
export interface UserRepository {
  /** @throws {ConflictError} when the id or the (case-insensitive) email is taken in the tenant. */
  create(user: StoredUserInput): Promise<StoredUser>;
  get(id: string): Promise<StoredUser | undefined>;
  /** Case-insensitive. */
  getByEmail(email: string): Promise<StoredUser | undefined>;
  /** By email. */
  list(options?: { role?: Role; limit?: number; offset?: number }): Promise<StoredUser[]>;
  count(): Promise<number>;
  /** @throws {NotFoundError} when the user does not exist in the tenant. */
  update(id: string, patch: UserPatch): Promise<StoredUser>;
}

function fromRow(row: InferSelectModel<typeof users>): StoredUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    passwordHash: row.passwordHash,
    disabled: row.disabled,
    createdAt: toIsoInstant(row.createdAt),
    updatedAt: toIsoInstant(row.updatedAt),
  };
}

export function createUserRepository(scope: TenantScope): UserRepository {
  const { tenantId } = scope;
  const mine = eq(users.tenantId, tenantId);
  return {
    async create(input) {
      const user = parseUser(input);
      const [row] = await scope.write((db) =>
        db
          .insert(users)
          .values({ tenantId, ...user })
          .returning(),
      );
      return fromRow(row as InferSelectModel<typeof users>);
    },
    async get(id) {
      const rows = await scope.read((db) =>
        db
          .select()
          .from(users)
          .where(and(mine, eq(users.id, id))),
      );
      return rows[0] && fromRow(rows[0]);
    },
    async getByEmail(email) {
      const normalized = parseEmail(email);
      const rows = await scope.read((db) =>
        db
          .select()
          .from(users)
          .where(and(mine, eq(users.email, normalized))),
      );
      return rows[0] && fromRow(rows[0]);
    },
    async list(options) {
      const filter = parseUserListOptions(options);
      const rows = await scope.read((db) => {
        const select = db
          .select()
          .from(users)
          .where(filter.role === undefined ? mine : and(mine, eq(users.role, filter.role)))
          .orderBy(asc(users.email), asc(users.id))
          .offset(filter.offset ?? 0);
        return filter.limit === undefined ? select : select.limit(filter.limit);
      });
      return rows.map(fromRow);
    },
    async count() {
      const rows = await scope.read((db) => db.select({ total: count() }).from(users).where(mine));
      return Number(rows[0]?.total ?? 0);
    },
    async update(id, patch) {
      const parsed = parseUserPatch(patch);
      const changes: Partial<InferSelectModel<typeof users>> = { updatedAt: parsed.updatedAt };
      if (parsed.name !== undefined) changes.name = parsed.name;
      if (parsed.role !== undefined) changes.role = parsed.role;
      if (parsed.passwordHash !== undefined) changes.passwordHash = parsed.passwordHash;
      if (parsed.disabled !== undefined) changes.disabled = parsed.disabled;
      const rows = await scope.write((db) =>
        db
          .update(users)
          .set(changes)
          .where(and(mine, eq(users.id, id)))
          .returning(),
      );
      const row = rows[0];
      if (!row)
        throw new NotFoundError({ entity: 'user', id, message: `No such user in tenant ${tenantId}: ${id}` });
      return fromRow(row);
    },
  };
}
