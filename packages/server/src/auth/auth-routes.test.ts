import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionEnded } from '../context.js';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../testing-support/test-server.js';

const SECRET = 'test-signing-secret-that-is-long-enough-0123456789';
const NEW_PASSWORD = 'another long password';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());

function sign(
  claims: Record<string, unknown>,
  options: { secret?: string; exp?: number; aud?: string } = {},
) {
  const seconds = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('finops-autopilot')
    .setAudience(options.aud ?? 'finops-autopilot')
    .setIssuedAt(seconds - 60)
    .setExpirationTime(options.exp ?? seconds + 600)
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

async function auditActions(t: TestServer, tenantId = 'default') {
  return t.server.store.forTenant(tenantId).audit.list();
}

describe('auth over HTTP', () => {
  let t: TestServer;
  const ended: SessionEnded[] = [];

  beforeAll(async () => {
    t = await startTestServer({ auth: { jwtSecret: SECRET } });
    t.server.context.auth.onSessionEnded((event) => ended.push(event));
  });
  afterAll(() => t.close());

  it('signs in with the right password and answers the documented shape', async () => {
    const answer = await t.request('POST', '/api/auth/login', {
      body: { email: t.adminEmail.toUpperCase(), password: TEST_ADMIN_PASSWORD },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      tokenType: 'Bearer',
      user: { email: t.adminEmail, role: 'admin', tenantId: 'default', name: expect.any(String) },
    });
    expect(answer.body.refreshToken).toMatch(/^default\.[A-Za-z0-9_-]{43}$/);
    const claims = decode(answer.body.accessToken);
    expect(claims).toMatchObject({
      sub: answer.body.user.id,
      tid: 'default',
      role: 'admin',
      email: t.adminEmail,
      iss: 'finops-autopilot',
      aud: 'finops-autopilot',
    });
    expect(claims.exp - claims.iat).toBe(7200);
    expect(Date.parse(answer.body.expiresAt)).toBe(claims.exp * 1000);

    const me = await t.request('GET', '/api/auth/me', { token: answer.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      user: answer.body.user,
      session: { id: claims.sid, expiresAt: answer.body.expiresAt },
    });
    const login = (await auditActions(t)).find((event) => event.action === 'auth.login');
    expect(login?.details).toMatchObject({ email: t.adminEmail, ip: '127.0.0.1' });
  });

  it('answers the same 401 for a wrong password, an unknown email and a disabled account, and audits them', async () => {
    const viewer = await t.userSession('viewer');
    const admin = await t.login();
    const disable = await t.request('PATCH', `/api/users/${viewer.user.id}`, {
      token: admin.accessToken,
      body: { disabled: true },
    });
    expect(disable.status).toBe(200);
    expect(disable.body).toMatchObject({ id: viewer.user.id, disabled: true });

    const attempts = [
      { email: t.adminEmail, password: 'wrong password!' },
      { email: 'nobody@example.com', password: TEST_ADMIN_PASSWORD },
      { email: 'not an email', password: TEST_ADMIN_PASSWORD },
      { email: viewer.user.email, password: TEST_ADMIN_PASSWORD },
    ];
    const messages = new Set<string>();
    for (const body of attempts) {
      const answer = await t.request('POST', '/api/auth/login', { body });
      expect(answer.status).toBe(401);
      messages.add(answer.body.error.message);
    }
    expect(messages.size).toBe(1);
    expect([...messages][0]).not.toMatch(/unknown|not found|no such/i);

    const failed = (await auditActions(t)).filter((event) => event.action === 'auth.login-failed');
    expect(failed.map((event) => event.details['reason']).sort()).toEqual(
      ['disabled', 'unknown-email', 'unknown-email', 'wrong-password'].sort(),
    );
    const all = JSON.stringify(await auditActions(t));
    expect(all).not.toContain(TEST_ADMIN_PASSWORD);
    expect(all).not.toContain('wrong password!');
    expect(all).not.toContain(admin.accessToken);
    expect(all).not.toContain(admin.refreshToken);
  });

  it('refuses forged, expired and tampered access tokens', async () => {
    const admin = await t.login();
    const viewer = await t.userSession('viewer');
    const claims = decode(viewer.accessToken);
    const { sub, tid, email, sid } = claims;
    const header = b64({ alg: 'none', typ: 'JWT' });
    const forged = {
      algNone: `${header}.${b64({ ...claims, role: 'admin' })}.`,
      algNoneWithSignature: `${header}.${b64(claims)}.${viewer.accessToken.split('.')[2]}`,
      wrongKey: await sign({ sub, tid, email, sid, role: 'admin' }, { secret: 'x'.repeat(48) }),
      expired: await sign(
        { sub, tid, email, sid, role: 'viewer' },
        { exp: Math.floor(Date.now() / 1000) - 1 },
      ),
      tampered: [
        viewer.accessToken.split('.')[0],
        b64({ ...claims, role: 'admin' }),
        viewer.accessToken.split('.')[2],
      ].join('.'),
      otherAudience: await sign(
        { sub, tid, email, sid, role: 'viewer' },
        { aud: 'finops-autopilot:invitation' },
      ),
      hs512: await new SignJWT({ sub, tid, email, sid, role: 'viewer' })
        .setProtectedHeader({ alg: 'HS512' })
        .setIssuer('finops-autopilot')
        .setAudience('finops-autopilot')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode(SECRET)),
    };
    for (const [name, token] of Object.entries(forged)) {
      const answer = await t.request('GET', '/api/users', { token });
      expect({ name, status: answer.status }).toEqual({ name, status: 401 });
      expect(answer.body.error.code).toBe('unauthorized');
    }
    const expired = await t.request('GET', '/api/auth/me', { token: forged.expired });
    expect(expired.body.error.message).toMatch(/expired/);
    // The control: the same claims signed with the right key pass, and the viewer is no admin.
    const genuine = await sign({ sub, tid, email, sid, role: 'viewer' });
    expect((await t.request('GET', '/api/auth/me', { token: genuine })).status).toBe(200);
    expect((await t.request('GET', '/api/users', { token: viewer.accessToken })).status).toBe(403);
    expect((await t.request('GET', '/api/users', { token: admin.accessToken })).status).toBe(200);
    for (const authorization of ['', 'Basic abc', `bearer ${viewer.accessToken} extra`])
      expect((await t.request('GET', '/api/auth/me', { headers: { authorization } })).status).toBe(401);
  });

  it('rotates refresh tokens and ends the family when one is reused', async () => {
    const session = await t.userSession('approver');
    const first = await t.request('POST', '/api/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(session.refreshToken);
    expect(decode(first.body.accessToken).sid).toBe(decode(session.accessToken).sid);
    expect(first.body.user).toEqual(session.user);

    const reuse = await t.request('POST', '/api/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.message).toMatch(/used already/);
    const successor = await t.request('POST', '/api/auth/refresh', {
      body: { refreshToken: first.body.refreshToken },
    });
    expect(successor.status).toBe(401);
    for (const token of [session.accessToken, first.body.accessToken])
      expect((await t.request('GET', '/api/auth/me', { token })).status).toBe(401);
    expect(ended).toContainEqual({
      tenantId: 'default',
      userId: session.user.id,
      sessionId: decode(session.accessToken).sid,
      reason: 'refresh-token-reuse',
    });
    const reused = (await auditActions(t)).find((event) => event.action === 'auth.refresh-reuse');
    expect(reused?.subject).toEqual({ type: 'session', id: decode(session.accessToken).sid });

    for (const refreshToken of [
      'nonsense',
      'default.short',
      `nope.${'a'.repeat(43)}`,
      `default.${'a'.repeat(43)}`,
    ])
      expect((await t.request('POST', '/api/auth/refresh', { body: { refreshToken } })).status).toBe(401);
    expect((await t.request('POST', '/api/auth/refresh', { body: {} })).status).toBe(400);
  });

  it('ends the session at logout: the access and refresh tokens are refused afterwards', async () => {
    const session = await t.userSession('viewer');
    const other = await t.login(session.user.email, TEST_ADMIN_PASSWORD);
    const logout = await t.request('POST', '/api/auth/logout', { token: session.accessToken });
    expect(logout.status).toBe(204);
    expect((await t.request('GET', '/api/auth/me', { token: session.accessToken })).status).toBe(401);
    const refresh = await t.request('POST', '/api/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(refresh.status).toBe(401);
    // Another session of the same user goes on.
    expect((await t.request('GET', '/api/auth/me', { token: other.accessToken })).status).toBe(200);
    expect(ended).toContainEqual(
      expect.objectContaining({
        userId: session.user.id,
        sessionId: decode(session.accessToken).sid,
        reason: 'logout',
      }),
    );
    expect((await auditActions(t)).some((event) => event.action === 'auth.logout')).toBe(true);
    expect((await t.request('POST', '/api/auth/logout', {})).status).toBe(401);
  });

  it('invites with a role: the invitee registers with the invited email only, once', async () => {
    const admin = await t.login();
    const viewer = await t.userSession('viewer');
    const body = { email: 'Invitee@Example.com', role: 'approver' };
    expect(
      (await t.request('POST', '/api/users/invitations', { token: viewer.accessToken, body })).status,
    ).toBe(403);
    const invitation = await t.request('POST', '/api/users/invitations', { token: admin.accessToken, body });
    expect(invitation.status).toBe(201);
    const { invitationToken, expiresAt } = invitation.body;
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    // An invitation is no access token.
    expect((await t.request('GET', '/api/auth/me', { token: invitationToken })).status).toBe(401);

    const wrongEmail = await t.request('POST', '/api/auth/register', {
      body: { invitationToken, email: 'someone-else@example.com', password: NEW_PASSWORD, name: 'Eve' },
    });
    expect(wrongEmail.status).toBe(400);
    expect(wrongEmail.body.error.issues).toEqual([expect.objectContaining({ path: 'email' })]);
    const forged = await t.request('POST', '/api/auth/register', {
      body: {
        invitationToken: admin.accessToken,
        email: admin.user.email,
        password: NEW_PASSWORD,
        name: 'Eve',
      },
    });
    expect(forged.status).toBe(400);

    const registered = await t.request('POST', '/api/auth/register', {
      body: { invitationToken, email: 'invitee@example.com', password: NEW_PASSWORD, name: 'Ivy' },
    });
    expect(registered.status).toBe(201);
    expect(registered.body.user).toMatchObject({
      email: 'invitee@example.com',
      role: 'approver',
      name: 'Ivy',
    });
    expect((await t.request('GET', '/api/auth/me', { token: registered.body.accessToken })).status).toBe(200);
    const again = await t.request('POST', '/api/auth/register', {
      body: { invitationToken, email: 'invitee@example.com', password: NEW_PASSWORD, name: 'Ivy' },
    });
    expect(again.status).toBe(409);
    const reinvite = await t.request('POST', '/api/users/invitations', { token: admin.accessToken, body });
    expect(reinvite.status).toBe(409);

    const actions = (await auditActions(t)).map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['user.invite', 'user.register']));
    expect(JSON.stringify(await auditActions(t))).not.toContain(invitationToken);
  });

  it('refuses registration without an invitation while open registration is off', async () => {
    const answer = await t.request('POST', '/api/auth/register', {
      body: { email: 'walk-in@example.com', password: NEW_PASSWORD, name: 'Walk In' },
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toMatch(/invitation/);
  });

  it('ends every session of a user whose role changes, and the user signs in again with the new role', async () => {
    const admin = await t.login();
    const approver = await t.userSession('approver');
    const second = await t.login(approver.user.email, TEST_ADMIN_PASSWORD);
    const patch = await t.request('PATCH', `/api/users/${approver.user.id}`, {
      token: admin.accessToken,
      body: { role: 'viewer', name: 'Demoted' },
    });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ role: 'viewer', name: 'Demoted', disabled: false });
    for (const token of [approver.accessToken, second.accessToken])
      expect((await t.request('GET', '/api/auth/me', { token })).status).toBe(401);
    expect(
      (await t.request('POST', '/api/auth/refresh', { body: { refreshToken: second.refreshToken } })).status,
    ).toBe(401);
    expect(ended).toContainEqual({ tenantId: 'default', userId: approver.user.id, reason: 'role-changed' });
    const again = await t.login(approver.user.email, TEST_ADMIN_PASSWORD);
    expect(again.user.role).toBe('viewer');
    expect((await t.request('GET', '/api/auth/me', { token: again.accessToken })).status).toBe(200);

    const update = (await auditActions(t)).find(
      (event) => event.action === 'user.update' && event.subject.id === approver.user.id,
    );
    expect(update?.details).toMatchObject({ before: { role: 'approver' }, after: { role: 'viewer' } });
    // A name change alone keeps the sessions.
    await t.request('PATCH', `/api/users/${approver.user.id}`, {
      token: admin.accessToken,
      body: { name: 'Renamed' },
    });
    expect((await t.request('GET', '/api/auth/me', { token: again.accessToken })).status).toBe(200);
  });

  it('never demotes or disables the last active admin', async () => {
    const admin = await t.login();
    for (const body of [{ role: 'viewer' }, { disabled: true }]) {
      const answer = await t.request('PATCH', `/api/users/${admin.user.id}`, {
        token: admin.accessToken,
        body,
      });
      expect(answer.status).toBe(409);
      expect(answer.body.error.message).toMatch(/last active admin/);
    }
    const second = await t.userSession('admin');
    const demote = await t.request('PATCH', `/api/users/${second.user.id}`, {
      token: admin.accessToken,
      body: { role: 'approver' },
    });
    expect(demote.status).toBe(200);
    const promote = await t.request('PATCH', `/api/users/${second.user.id}`, {
      token: admin.accessToken,
      body: { role: 'admin' },
    });
    expect(promote.status).toBe(200);
    const fresh = await t.login(second.user.email, TEST_ADMIN_PASSWORD);
    // With two admins, one may step down, and then the other is the last one again.
    const stepDown = await t.request('PATCH', `/api/users/${fresh.user.id}`, {
      token: fresh.accessToken,
      body: { role: 'viewer' },
    });
    expect(stepDown.status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', { token: fresh.accessToken })).status).toBe(401);
    const last = await t.request('PATCH', `/api/users/${admin.user.id}`, {
      token: admin.accessToken,
      body: { disabled: true },
    });
    expect(last.status).toBe(409);
  });

  it('lists users for admins and answers 404 for another tenant’s user', async () => {
    const admin = await t.login();
    const outsider = await t.userSession('admin', 'other-tenant');
    const list = await t.request('GET', '/api/users?limit=2', { token: admin.accessToken });
    expect(list.status).toBe(200);
    expect(list.body.users).toHaveLength(2);
    expect(list.body.total).toBeGreaterThan(2);
    expect(JSON.stringify(list.body)).not.toMatch(/passwordHash|argon2/);
    expect(list.body.users.every((user: { tenantId: string }) => user.tenantId === 'default')).toBe(true);
    const admins = await t.request('GET', '/api/users?role=admin', { token: admin.accessToken });
    expect(admins.body.users.every((user: { role: string }) => user.role === 'admin')).toBe(true);
    expect((await t.request('GET', '/api/users?limit=0', { token: admin.accessToken })).status).toBe(400);

    const cross = await t.request('PATCH', `/api/users/${outsider.user.id}`, {
      token: admin.accessToken,
      body: { role: 'viewer' },
    });
    expect(cross.status).toBe(404);
    // The outsider is an admin of their own tenant only.
    const theirs = await t.request('GET', '/api/users', { token: outsider.accessToken });
    expect(theirs.body.users.map((user: { id: string }) => user.id)).toEqual([outsider.user.id]);
    const empty = await t.request('PATCH', `/api/users/${admin.user.id}`, {
      token: admin.accessToken,
      body: {},
    });
    expect(empty.status).toBe(400);
  });

  it('changes a password: checks the current one and the length, then ends the other sessions', async () => {
    const session = await t.userSession('viewer');
    const other = await t.login(session.user.email, TEST_ADMIN_PASSWORD);
    const wrong = await t.request('POST', '/api/auth/password', {
      token: session.accessToken,
      body: { currentPassword: 'not my password', newPassword: NEW_PASSWORD },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.issues).toEqual([expect.objectContaining({ path: 'currentPassword' })]);
    const short = await t.request('POST', '/api/auth/password', {
      token: session.accessToken,
      body: { currentPassword: TEST_ADMIN_PASSWORD, newPassword: 'short' },
    });
    expect(short.status).toBe(400);
    expect(short.body.error.issues).toEqual([
      expect.objectContaining({
        location: 'body',
        path: 'newPassword',
        message: expect.stringMatching(/12/),
      }),
    ]);
    const changed = await t.request('POST', '/api/auth/password', {
      token: session.accessToken,
      body: { currentPassword: TEST_ADMIN_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(changed.status).toBe(204);
    expect((await t.request('GET', '/api/auth/me', { token: session.accessToken })).status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', { token: other.accessToken })).status).toBe(401);
    await expect(t.login(session.user.email, TEST_ADMIN_PASSWORD)).rejects.toThrow(/401/);
    await t.login(session.user.email, NEW_PASSWORD);
  });

  it('documents every auth route with its role in the OpenAPI document', async () => {
    const doc = await t.request('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    const roles = {
      '/api/auth/login': ['post', 'public'],
      '/api/auth/refresh': ['post', 'public'],
      '/api/auth/register': ['post', 'public'],
      '/api/auth/logout': ['post', 'viewer'],
      '/api/auth/me': ['get', 'viewer'],
      '/api/auth/password': ['post', 'viewer'],
      '/api/users': ['get', 'admin'],
      '/api/users/invitations': ['post', 'admin'],
      '/api/users/{id}': ['patch', 'admin'],
    } as const;
    for (const [path, [method, role]] of Object.entries(roles))
      expect(doc.body.paths[path]?.[method]?.['x-required-role']).toBe(role);
  });
});

describe('auth over HTTP: open registration and rate limits', () => {
  it('lets anyone register as viewer when open registration is on', async () => {
    const t = await startTestServer({ auth: { openRegistration: true } });
    try {
      const body = { email: 'walk-in@example.com', password: NEW_PASSWORD, name: 'Walk In' };
      const registered = await t.request('POST', '/api/auth/register', { body: { ...body, role: 'admin' } });
      expect(registered.status).toBe(201);
      expect(registered.body.user).toMatchObject({ email: body.email, role: 'viewer', tenantId: 'default' });
      expect((await t.request('GET', '/api/users', { token: registered.body.accessToken })).status).toBe(403);
      expect((await t.request('POST', '/api/auth/register', { body })).status).toBe(409);
      const short = await t.request('POST', '/api/auth/register', {
        body: { ...body, password: 'x'.repeat(11) },
      });
      expect(short.status).toBe(400);
      expect(short.body.error.issues).toEqual([expect.objectContaining({ path: 'password' })]);
      // The generated signing key sits in the configuration, which never shows it.
      const admin = await t.login();
      const entries = await t.request('GET', '/api/config/entries', { token: admin.accessToken });
      expect(entries.status).toBe(200);
      expect(Object.keys(entries.body).some((key) => key.startsWith('secret.'))).toBe(false);
    } finally {
      await t.close();
    }
  });

  it('limits sign-in attempts per IP more strictly than the rest of the API', async () => {
    const t = await startTestServer({ rateLimit: { enabled: true, authMax: 3, max: 100 } });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt++) {
        const answer = await t.request('POST', '/api/auth/login', {
          body: { email: t.adminEmail, password: 'wrong password!' },
        });
        statuses.push(answer.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await t.close();
    }
  });
});
