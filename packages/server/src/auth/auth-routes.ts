import { roleSchema } from '@finops-autopilot/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { defineRoute, type RouteRegistry } from '../http/route.js';
import { type AuthService, internals } from './auth-service.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.js';
import { changePassword, invite, listUsers, register, updateUser } from './user-management.js';

const email = z.email('must be an email address').max(254);
const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);
const anyPassword = z.string().min(1, 'must not be empty').max(MAX_PASSWORD_LENGTH);
const refreshToken = z.string().min(1).max(512).describe('The opaque refresh token of the session');

const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  tenantId: z.string(),
});
const userDetailsSchema = userSchema.extend({
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const sessionSchema = z.object({
  accessToken: z.string().describe('JWT to send as `Authorization: Bearer <accessToken>`'),
  refreshToken: z.string().describe('Opaque; exchange it at POST /api/auth/refresh. Each one works once.'),
  tokenType: z.literal('Bearer'),
  expiresAt: z.string().describe('When the access token expires (ISO-8601)'),
  user: userSchema,
});

/** Registers `/api/auth/*` and `/api/users*`: sign-in, sessions, invitations, registration and user administration. */
export function registerAuthRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  registry: RouteRegistry,
  auth: AuthService,
): void {
  const service = internals(auth);
  const { rateLimit } = ctx.options;
  // Stricter per-IP limit on the routes that guess or spend passwords and tokens.
  const strict = rateLimit.enabled ? { max: rateLimit.authMax, timeWindow: rateLimit.windowMs } : undefined;

  defineRoute(app, ctx, registry, {
    method: 'POST',
    url: '/api/auth/login',
    access: 'public',
    summary: 'Sign in with email and password',
    description:
      'Answers an access token (expires after the configured TTL, 2 hours by default) and a refresh token. A wrong email, wrong password or disabled account all answer the same 401.',
    tags: ['auth'],
    rateLimit: strict,
    body: z.object({
      email: z.string().trim().min(1, 'must not be empty').max(320),
      password: anyPassword,
      tenantId: z.string().min(1).max(64).optional().describe('Defaults to the default tenant'),
    }),
    response: sessionSchema,
    handler: ({ body, request }) => service.login({ ...body, ip: request.ip }),
  });

  defineRoute(app, ctx, registry, {
    method: 'POST',
    url: '/api/auth/refresh',
    access: 'public',
    summary: 'Exchange a refresh token for a new access and refresh token',
    description:
      'Refresh tokens rotate: each works once. Presenting one that was already exchanged ends the whole session (reuse detection).',
    tags: ['auth'],
    rateLimit: strict,
    body: z.object({ refreshToken }),
    response: sessionSchema,
    handler: ({ body, request }) => service.refresh({ refreshToken: body.refreshToken, ip: request.ip }),
  });

  defineRoute(app, ctx, registry, {
    method: 'POST',
    url: '/api/auth/logout',
    access: 'viewer',
    summary: 'Sign out: end the current session',
    description:
      'Revokes the session of the access token (and of `refreshToken`, when it is another of yours).',
    tags: ['auth'],
    body: z.object({ refreshToken: refreshToken.optional() }).optional(),
    status: 204,
    handler: async ({ auth: caller, body, request }) => {
      await service.logout(caller, { refreshToken: body?.refreshToken, ip: request.ip });
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/auth/me',
    access: 'viewer',
    summary: 'Who is signed in, and until when',
    tags: ['auth'],
    response: z.object({ user: userSchema, session: z.object({ id: z.string(), expiresAt: z.string() }) }),
    handler: ({ auth: caller }) => service.me(caller),
  });

  defineRoute(app, ctx, registry, {
    method: 'POST',
    url: '/api/auth/register',
    access: 'public',
    summary: 'Create an account (with an invitation, or when open registration is on)',
    description:
      'With an invitation the email must be the invited one and the role comes from the invitation. Without one, registration works only when the server runs with open registration, and gives the viewer role.',
    tags: ['auth'],
    rateLimit: strict,
    body: z.object({
      invitationToken: z.string().min(1).max(4096).optional(),
      email,
      password: newPassword,
      name: z.string().trim().min(1, 'must not be empty').max(200),
    }),
    status: 201,
    response: sessionSchema,
    handler: ({ body, request }) => register(service, { ...body, ip: request.ip }),
  });

  defineRoute(app, ctx, registry, {
    method: 'POST',
    url: '/api/auth/password',
    access: 'viewer',
    summary: 'Change your password; your other sessions end',
    tags: ['auth'],
    rateLimit: strict,
    body: z.object({ currentPassword: anyPassword, newPassword }),
    status: 204,
    handler: async ({ auth: caller, body, request }) => {
      await changePassword(service, caller, { ...body, ip: request.ip });
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'POST',
    url: '/api/users/invitations',
    access: 'admin',
    summary: 'Invite someone to the tenant with a role',
    description:
      'Answers a signed invitation token, valid for 7 days, to hand to the invitee for POST /api/auth/register.',
    tags: ['users'],
    body: z.object({ email, role: roleSchema }),
    status: 201,
    response: z.object({ invitationToken: z.string(), expiresAt: z.string() }),
    handler: ({ auth: caller, body, request }) => invite(service, caller, { ...body, ip: request.ip }),
  });

  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/users',
    access: 'admin',
    summary: 'Users of the tenant, by email',
    tags: ['users'],
    query: z.object({
      role: roleSchema.optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    response: z.object({ users: z.array(userDetailsSchema), total: z.number() }),
    handler: ({ auth: caller, query }) => listUsers(service, caller, query),
  });

  defineRoute(app, ctx, registry, {
    method: 'PATCH',
    url: '/api/users/:id',
    access: 'admin',
    summary: "Change a user's role, name or disabled flag",
    description:
      'A role change or disabling ends every session of the user. The last active admin can be neither demoted nor disabled (409).',
    tags: ['users'],
    params: z.object({ id: z.string().min(1).max(200) }),
    body: z
      .object({
        role: roleSchema.optional(),
        disabled: z.boolean().optional(),
        name: z.string().trim().min(1, 'must not be empty').max(200).optional(),
      })
      .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
        message: 'give at least one of role, disabled, name',
      }),
    response: userDetailsSchema,
    handler: ({ auth: caller, params, body, request }) =>
      updateUser(service, caller, params.id, body, request.ip),
  });
}
