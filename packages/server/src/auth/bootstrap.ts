import { randomBytes } from 'node:crypto';
import { FinopsError } from '@finops-autopilot/core';
import type { PostgresStore } from '@finops-autopilot/store-postgres';
import type { ResolvedServerOptions } from '../options.js';
import { audit, SYSTEM } from './audit.js';
import type { DefaultAuthService } from './auth-service.js';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from './passwords.js';
import { findByEmail } from './shared.js';
import { MIN_SECRET_BYTES } from './tokens.js';

/**
 * Where the generated signing key is kept, in the default tenant's configuration.
 * Every `secret.*` key stays inside the server: the config API never lists or returns them.
 */
export const JWT_SECRET_CONFIG_KEY = 'secret.jwt-signing-key';

/** Makes sure the default tenant has an active admin; see `AuthService.bootstrap`. */
export async function bootstrapAdmin(
  service: DefaultAuthService,
): Promise<{ email: string; createdAdmin: boolean; generatedPassword?: string }> {
  const tenantId = service.options.defaultTenantId;
  await ensureTenant(service.store, tenantId, service.now());
  const tenant = service.tenant(tenantId);
  const configured = service.options.auth.adminEmail.toLowerCase();
  const admins = (await tenant.users.list({ role: 'admin' })).filter((user) => !user.disabled);
  const admin = admins.find((user) => user.email === configured) ?? admins[0];
  if (admin) return { email: admin.email, createdAdmin: false };

  const at = service.now().toISOString();
  const existing = await findByEmail(tenant, configured);
  if (existing) {
    // Nobody can administer the tenant any more: the configured admin's account gets the role back.
    await tenant.users.update(existing.id, { role: 'admin', disabled: false, updatedAt: at });
    await audit(tenant.audit, tenantId, service.now(), {
      actor: SYSTEM,
      action: 'user.update',
      subject: { type: 'user', id: existing.id },
      details: {
        reason: 'no active admin at start',
        before: { role: existing.role, disabled: existing.disabled },
        after: { role: 'admin', disabled: false },
      },
    });
    service.log.warn(
      { tenantId, userId: existing.id },
      'no active admin: the configured admin account was restored',
    );
    return { email: existing.email, createdAdmin: false };
  }

  const given = service.options.auth.adminPassword;
  if (given !== undefined && given.length < MIN_PASSWORD_LENGTH)
    throw new Error(
      `[finops-autopilot] [server] The first admin's password (FINOPS_ADMIN_PASSWORD) must be at least ${MIN_PASSWORD_LENGTH} characters; set a longer one, or unset it to have one generated.`,
    );
  const password = given ?? generatePassword();
  const id = crypto.randomUUID();
  try {
    await tenant.users.create({
      id,
      email: configured,
      name: 'Administrator',
      role: 'admin',
      passwordHash: await hashPassword(password),
      createdAt: at,
      updatedAt: at,
    });
  } catch (error) {
    // Another process starting on the same database created it first.
    if (FinopsError.isInstance(error) && error.code === 'CONFLICT')
      return { email: configured, createdAdmin: false };
    throw error;
  }
  await audit(tenant.audit, tenantId, service.now(), {
    actor: SYSTEM,
    action: 'user.register',
    subject: { type: 'user', id },
    details: { email: configured, role: 'admin', reason: 'first start' },
  });
  return given === undefined
    ? { email: configured, createdAdmin: true, generatedPassword: password }
    : { email: configured, createdAdmin: true };
}

export async function ensureTenant(store: PostgresStore, tenantId: string, at: Date): Promise<void> {
  if (await store.tenants.get(tenantId)) return;
  try {
    await store.tenants.create({ id: tenantId, name: tenantId, createdAt: at.toISOString() });
  } catch (error) {
    if (!(FinopsError.isInstance(error) && error.code === 'CONFLICT')) throw error;
  }
}

/** The HMAC key: the configured secret, else the one kept in the database (generated at first start). */
export async function signingSecret(
  store: PostgresStore,
  options: ResolvedServerOptions,
  now: Date,
): Promise<Uint8Array> {
  const configured = options.auth.jwtSecret;
  if (configured !== undefined && configured !== '') {
    const bytes = new TextEncoder().encode(configured);
    if (bytes.length < MIN_SECRET_BYTES)
      throw new Error(
        `[finops-autopilot] [server] The JWT secret (auth.jwtSecret or FINOPS_JWT_SECRET) is ${bytes.length} bytes; it must be at least ${MIN_SECRET_BYTES}. Generate one with \`openssl rand -base64 48\`, or unset it to let the server keep its own.`,
      );
    return bytes;
  }
  const tenantId = options.defaultTenantId;
  await ensureTenant(store, tenantId, now);
  // Serializable, so two processes starting together agree on one key.
  const stored = await store.transaction(tenantId, async (tx) => {
    const current = await tx.config.get<unknown>(JWT_SECRET_CONFIG_KEY);
    if (typeof current === 'string' && Buffer.from(current, 'base64url').length >= MIN_SECRET_BYTES)
      return current;
    const fresh = randomBytes(32).toString('base64url');
    await tx.config.set(JWT_SECRET_CONFIG_KEY, fresh);
    return fresh;
  });
  return Buffer.from(stored, 'base64url');
}
