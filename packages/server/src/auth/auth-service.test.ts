import { createPostgresStore, type PostgresStore } from '@finops-autopilot/store-postgres';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SessionEnded } from '../context.js';
import { HttpError } from '../http/http-error.js';
import { resolveOptions, type ServerOptions } from '../options.js';
import { type AuthService, createAuthService, internals } from './auth-service.js';
import { JWT_SECRET_CONFIG_KEY } from './bootstrap.js';
import { SESSION_RECHECK_MS } from './session-registry.js';

const log = pino({ level: 'silent' });
const PASSWORD = 'a long enough password';

// One database for the file; every test works in a tenant of its own.
let store: PostgresStore;
let tenant = 'default';
let tests = 0;
let clock: number;
const now = () => new Date(clock);
const services: AuthService[] = [];

async function service(options: ServerOptions['auth'] = {}) {
  const auth = await createAuthService({
    store,
    options: resolveOptions(
      { dataDir: ':memory:', defaultTenantId: tenant, auth: { adminPassword: PASSWORD, ...options } },
      {},
    ),
    log,
    now,
  });
  services.push(auth);
  return auth;
}

async function refused(promise: Promise<unknown>, status = 401): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(HttpError);
  expect((error as HttpError).statusCode).toBe(status);
  return error as HttpError;
}

beforeAll(async () => {
  store = createPostgresStore({});
  await store.connect();
});

afterAll(() => store.close());

beforeEach(() => {
  clock = Date.parse('2026-03-01T12:00:00.000Z');
  tests += 1;
  tenant = `tenant-${tests}`;
});

afterEach(() => {
  for (const auth of services.splice(0)) auth.close();
});

describe('auth service: first start', () => {
  it('creates the default tenant and its admin once, returning a generated password only then', async () => {
    const first = await service({ adminPassword: undefined });
    const created = await first.bootstrap();
    expect(created.createdAdmin).toBe(true);
    expect(created.email).toBe('admin@example.com');
    expect(created.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await store.tenants.get(tenant)).toMatchObject({ id: tenant });

    const again = await first.bootstrap();
    expect(again).toEqual({ email: 'admin@example.com', createdAdmin: false });
    const restarted = await (await service({ adminPassword: undefined })).bootstrap();
    expect(restarted).toEqual({ email: 'admin@example.com', createdAdmin: false });
    expect(await store.forTenant(tenant).users.count()).toBe(1);

    const session = await internals(first).login({
      email: 'admin@example.com',
      password: created.generatedPassword ?? '',
      ip: '127.0.0.1',
    });
    expect(session.user.role).toBe('admin');
    const audit = await store.forTenant(tenant).audit.list({ action: 'user.register' });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(created.generatedPassword);
  });

  it('uses the configured admin password and refuses one shorter than 12 characters', async () => {
    const auth = await service({ adminPassword: 'short' });
    await expect(auth.bootstrap()).rejects.toThrow(/at least 12 characters/);
    const good = await service();
    expect(await good.bootstrap()).toEqual({ email: 'admin@example.com', createdAdmin: true });
  });

  it('gives the configured admin account the role back when no active admin is left', async () => {
    const auth = await service();
    await auth.bootstrap();
    const users = store.forTenant(tenant).users;
    const [admin] = await users.list();
    await users.update(admin?.id ?? '', { role: 'viewer', disabled: true, updatedAt: now().toISOString() });
    expect(await auth.bootstrap()).toEqual({ email: 'admin@example.com', createdAdmin: false });
    expect(await users.get(admin?.id ?? '')).toMatchObject({ role: 'admin', disabled: false });
    expect(await users.count()).toBe(1);
  });

  it('agrees on one signing key and one admin when two processes start together', async () => {
    const [one, two] = await Promise.all([
      service({ adminPassword: undefined }),
      service({ adminPassword: undefined }),
    ]);
    const results = await Promise.all([one?.bootstrap(), two?.bootstrap()]);
    expect(results.filter((result) => result?.createdAdmin)).toHaveLength(1);
    const password = results.find((result) => result?.generatedPassword)?.generatedPassword ?? '';
    const session = await internals(one as AuthService).login({
      email: 'admin@example.com',
      password,
      ip: 'x',
    });
    await expect((two as AuthService).verifyToken(session.accessToken)).resolves.toMatchObject({
      role: 'admin',
    });
  });

  it('keeps a generated signing key in the database, so a restart keeps sessions valid', async () => {
    const first = await service();
    await first.bootstrap();
    const session = await internals(first).login({ email: 'admin@example.com', password: PASSWORD, ip: 'x' });
    const stored = await store.forTenant(tenant).config.get<string>(JWT_SECRET_CONFIG_KEY);
    expect(JWT_SECRET_CONFIG_KEY.startsWith('secret.')).toBe(true);
    expect(Buffer.from(stored ?? '', 'base64url')).toHaveLength(32);

    const restarted = await service();
    await expect(restarted.verifyToken(session.accessToken)).resolves.toMatchObject({
      email: 'admin@example.com',
      role: 'admin',
      tenantId: tenant,
    });
  });

  it('refuses a configured secret shorter than 32 bytes, and uses a long one instead of the stored key', async () => {
    await expect(service({ jwtSecret: 'too-short' })).rejects.toThrow(/at least 32/);
    const configured = await service({ jwtSecret: 'x'.repeat(32) });
    await configured.bootstrap();
    const session = await internals(configured).login({
      email: 'admin@example.com',
      password: PASSWORD,
      ip: 'x',
    });
    const generated = await service();
    await refused(generated.verifyToken(session.accessToken));
  });
});

describe('auth service: sessions', () => {
  it('lets another process refuse a revoked session within the recheck interval', async () => {
    const one = internals(await service());
    await one.bootstrap();
    const other = await service();
    const session = await one.login({ email: 'admin@example.com', password: PASSWORD, ip: 'x' });
    const caller = await other.verifyToken(session.accessToken);

    await one.logout(caller, { ip: 'x' });
    await refused(one.verifyToken(session.accessToken));
    // The other process trusts what it looked up a moment ago, then looks again.
    await expect(other.verifyToken(session.accessToken)).resolves.toBeDefined();
    clock += SESSION_RECHECK_MS;
    await refused(other.verifyToken(session.accessToken));
  });

  it('refuses a session revoked before a restart', async () => {
    const one = internals(await service());
    await one.bootstrap();
    const session = await one.login({ email: 'admin@example.com', password: PASSWORD, ip: 'x' });
    await one.logout(await one.verifyToken(session.accessToken), { ip: 'x' });
    const restarted = await service();
    await refused(restarted.verifyToken(session.accessToken));
  });

  it('emits SessionEnded for a logout and a reused refresh token, until unsubscribed', async () => {
    const auth = internals(await service());
    await auth.bootstrap();
    const ended: SessionEnded[] = [];
    const stop = auth.onSessionEnded((event) => ended.push(event));

    const first = await auth.login({ email: 'admin@example.com', password: PASSWORD, ip: 'x' });
    await auth.logout(await auth.verifyToken(first.accessToken), { ip: 'x' });
    expect(ended.at(-1)).toMatchObject({ tenantId: tenant, userId: first.user.id, reason: 'logout' });
    expect(ended.at(-1)?.sessionId).toBeDefined();

    const second = await auth.login({ email: 'admin@example.com', password: PASSWORD, ip: 'x' });
    await auth.refresh({ refreshToken: second.refreshToken, ip: 'x' });
    await refused(auth.refresh({ refreshToken: second.refreshToken, ip: 'x' }));
    expect(ended.at(-1)).toMatchObject({ userId: first.user.id, reason: 'refresh-token-reuse' });

    stop();
    await auth.login({ email: 'admin@example.com', password: PASSWORD, ip: 'x' });
    expect(ended).toHaveLength(2);
  });

  it('refuses an expired access token by the injected clock, also when it was verified before', async () => {
    const auth = internals(await service({ accessTokenTtlSeconds: 60 }));
    await auth.bootstrap();
    const session = await auth.login({ email: 'admin@example.com', password: PASSWORD, ip: 'x' });
    await auth.verifyToken(session.accessToken);
    clock += 60_000;
    const error = await refused(auth.verifyToken(session.accessToken));
    expect(error.message).toMatch(/expired/);
    const fresh = internals(await service({ accessTokenTtlSeconds: 60 }));
    expect((await refused(fresh.verifyToken(session.accessToken))).message).toMatch(/expired/);
  });

  it('answers 401 for a malformed Authorization header', async () => {
    const auth = await service();
    for (const header of [undefined, '', 'Basic abc', 'Bearer', 'Bearer a b', `Bearer ${'a'.repeat(5000)}`])
      await refused(auth.authenticate(header));
  });
});
