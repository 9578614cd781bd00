import { FinopsError, type Role } from '@finops-autopilot/core';
import type { PostgresTenantStore, StoredUser } from '@finops-autopilot/store-postgres';
import { HttpError } from '../http/http-error.js';

/** A user as the API shows it. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  tenantId: string;
}

/** What login, refresh and registration answer. */
export interface SessionAnswer {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresAt: string;
  user: PublicUser;
}

export function publicUser(user: StoredUser, tenantId: string): PublicUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, tenantId };
}

export function conflict(message: string): HttpError {
  return new HttpError({ statusCode: 409, code: 'conflict', message });
}

/** A user by email; undefined as well for something that is not an email at all. */
export async function findByEmail(
  tenant: PostgresTenantStore,
  email: string,
): Promise<StoredUser | undefined> {
  try {
    return await tenant.users.getByEmail(email);
  } catch (error) {
    if (FinopsError.isInstance(error) && error.code === 'INVALID_INPUT') return undefined;
    throw error;
  }
}

/** Live refresh-token families (sessions) of a user, optionally all but one. */
export async function liveSessions(
  tenant: PostgresTenantStore,
  userId: string,
  except?: string,
): Promise<string[]> {
  const tokens = await tenant.refreshTokens.listByUser(userId);
  const families = new Set<string>();
  for (const token of tokens)
    if (token.revokedAt === null && token.familyId !== except) families.add(token.familyId);
  return [...families];
}
