import { FinopsError, type Role } from '@finops-autopilot/core';
import type { StoredUser } from '@finops-autopilot/store-postgres';
import type { AuthInfo } from '../context.js';
import { HttpError } from '../http/http-error.js';
import { ANONYMOUS, audit, userActor } from './audit.js';
import type { DefaultAuthService } from './auth-service.js';
import { hashPassword, verifyPassword } from './passwords.js';
import {
  conflict,
  findByEmail,
  liveSessions,
  type PublicUser,
  publicUser,
  type SessionAnswer,
} from './shared.js';

/** A user as admins see it. */
export interface UserDetails extends PublicUser {
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

function details(user: StoredUser, tenantId: string): UserDetails {
  return {
    ...publicUser(user, tenantId),
    disabled: user.disabled,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

const actorOf = (auth: AuthInfo) => userActor({ id: auth.userId, role: auth.role });

const alreadyRegistered = (email: string) =>
  conflict(`${email} already has an account in this tenant: sign in, or use another email.`);

export async function invite(
  service: DefaultAuthService,
  auth: AuthInfo,
  input: { email: string; role: Role; ip: string },
): Promise<{ invitationToken: string; expiresAt: string }> {
  const tenant = service.tenant(auth.tenantId);
  const email = input.email.toLowerCase();
  if (await findByEmail(tenant, email)) throw alreadyRegistered(email);
  const invitation = await service.signer.signInvitation({ tid: auth.tenantId, email, role: input.role });
  const expiresAt = new Date(invitation.expiresAt).toISOString();
  await audit(tenant.audit, auth.tenantId, service.now(), {
    actor: actorOf(auth),
    action: 'user.invite',
    subject: { type: 'invitation', id: email },
    details: { email, role: input.role, expiresAt, ip: input.ip },
  });
  return { invitationToken: invitation.token, expiresAt };
}

export async function register(
  service: DefaultAuthService,
  input: { invitationToken?: string; email: string; password: string; name: string; ip: string },
): Promise<SessionAnswer> {
  const email = input.email.toLowerCase();
  let tenantId: string;
  let role: Role;
  if (input.invitationToken !== undefined) {
    const invitation = await service.signer.verifyInvitation(input.invitationToken);
    if (!invitation)
      throw HttpError.invalid([
        {
          location: 'body',
          path: 'invitationToken',
          message: 'is not a valid invitation, or it has expired: ask an admin for a new one',
        },
      ]);
    if (invitation.email !== email)
      throw HttpError.invalid([
        { location: 'body', path: 'email', message: 'must be the email address the invitation was sent to' },
      ]);
    tenantId = invitation.tid;
    role = invitation.role;
  } else if (service.options.auth.openRegistration) {
    tenantId = service.options.defaultTenantId;
    role = 'viewer';
  } else {
    throw HttpError.forbidden(
      'Registration is by invitation only: ask an admin of your organization for an invitation, then register with its invitationToken.',
    );
  }
  const passwordHash = await hashPassword(input.password);
  const at = service.now().toISOString();
  const id = crypto.randomUUID();
  try {
    return await service.store.transaction(tenantId, async (tenant) => {
      if (await findByEmail(tenant, email)) throw alreadyRegistered(email);
      const user = await tenant.users.create({
        id,
        email,
        name: input.name,
        role,
        passwordHash,
        createdAt: at,
        updatedAt: at,
      });
      const answer = await service.issueSession(tenant, user);
      await audit(tenant.audit, tenantId, service.now(), {
        actor: ANONYMOUS,
        action: 'user.register',
        subject: { type: 'user', id },
        details: { email, role, invited: input.invitationToken !== undefined, ip: input.ip },
      });
      return answer;
    });
  } catch (error) {
    if (FinopsError.isInstance(error) && error.code === 'CONFLICT') throw alreadyRegistered(email);
    throw error;
  }
}

export async function listUsers(
  service: DefaultAuthService,
  auth: AuthInfo,
  query: { role?: Role; limit: number; offset: number },
): Promise<{ users: UserDetails[]; total: number }> {
  const tenant = service.tenant(auth.tenantId);
  const [users, total] = await Promise.all([
    tenant.users.list(query),
    query.role === undefined
      ? tenant.users.count()
      : tenant.users.list({ role: query.role }).then((all) => all.length),
  ]);
  return { users: users.map((user) => details(user, auth.tenantId)), total };
}

export async function updateUser(
  service: DefaultAuthService,
  auth: AuthInfo,
  id: string,
  patch: { role?: Role; disabled?: boolean; name?: string },
  ip: string,
): Promise<UserDetails> {
  const at = service.now().toISOString();
  const outcome = await service.store.transaction(auth.tenantId, async (tenant) => {
    const before = await tenant.users.get(id);
    if (!before) throw HttpError.notFound(`No such user: ${id}`);
    const losesAdmin =
      before.role === 'admin' &&
      !before.disabled &&
      ((patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true);
    if (losesAdmin) {
      const activeAdmins = (await tenant.users.list({ role: 'admin' })).filter((user) => !user.disabled);
      if (activeAdmins.length <= 1)
        throw conflict(
          `${before.email} is the last active admin: make another user admin first, so someone can still administer the tenant.`,
        );
    }
    const after = await tenant.users.update(id, { ...patch, updatedAt: at });
    const endsSessions = after.role !== before.role || (after.disabled && !before.disabled);
    let sessions: string[] = [];
    if (endsSessions) {
      sessions = await liveSessions(tenant, id);
      await tenant.refreshTokens.revokeAllForUser(id, {
        at,
        reason: after.disabled ? 'user-disabled' : 'role-changed',
      });
    }
    await audit(tenant.audit, auth.tenantId, service.now(), {
      actor: actorOf(auth),
      action: 'user.update',
      subject: { type: 'user', id },
      details: {
        email: before.email,
        before: { role: before.role, disabled: before.disabled, name: before.name },
        after: { role: after.role, disabled: after.disabled, name: after.name },
        sessionsEnded: sessions.length,
        ip,
      },
    });
    return { after, endsSessions, sessions };
  });
  if (outcome.endsSessions)
    service.sessions.endUser(
      auth.tenantId,
      id,
      outcome.sessions,
      outcome.after.disabled ? 'user-disabled' : 'role-changed',
    );
  return details(outcome.after, auth.tenantId);
}

export async function changePassword(
  service: DefaultAuthService,
  auth: AuthInfo,
  input: { currentPassword: string; newPassword: string; ip: string },
): Promise<void> {
  const user = await service.tenant(auth.tenantId).users.get(auth.userId);
  if (!user) throw HttpError.unauthorized('Your account no longer exists.');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword)))
    throw HttpError.invalid([
      { location: 'body', path: 'currentPassword', message: 'is not your current password' },
    ]);
  if (input.newPassword === input.currentPassword)
    throw HttpError.invalid([
      { location: 'body', path: 'newPassword', message: 'must differ from the current password' },
    ]);
  const passwordHash = await hashPassword(input.newPassword);
  const at = service.now().toISOString();
  const ended = await service.store.transaction(auth.tenantId, async (tenant) => {
    await tenant.users.update(auth.userId, { passwordHash, updatedAt: at });
    const others = await liveSessions(tenant, auth.userId, auth.sessionId);
    for (const familyId of others)
      await tenant.refreshTokens.revokeFamily(familyId, { at, reason: 'password-changed' });
    await audit(tenant.audit, auth.tenantId, service.now(), {
      actor: actorOf(auth),
      action: 'user.password-change',
      subject: { type: 'user', id: auth.userId },
      details: { sessionsEnded: others.length, ip: input.ip },
    });
    return others;
  });
  service.sessions.endSessions(auth.tenantId, auth.userId, ended, 'password-changed');
}
