import type { ServerOptions } from '../options.js';
import { createServer, type FinopsServer } from '../server.js';

/** A decoded answer body: tests read it field by field and assert on each. */
// biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field and assert on them
type AnswerBody = any;

/** Tokens and user of a signed-in session. */
export interface TestSession {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: { id: string; email: string; name: string; role: string; tenantId: string };
}

/** A server listening on a random local port, for tests over real HTTP. */
export interface TestServer {
  server: FinopsServer;
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  adminEmail: string;
  adminPassword: string;
  /** Signs in; throws with the answer when it fails. */
  login(email?: string, password?: string, tenantId?: string): Promise<TestSession>;
  /** fetch against the server with an optional bearer token; JSON bodies are encoded. */
  request(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; body: AnswerBody }>;
  /** Creates a user with a role in a tenant (through the store) and signs them in. */
  userSession(role: 'admin' | 'approver' | 'viewer', tenantId?: string): Promise<TestSession>;
  close(): Promise<void>;
}

export const TEST_ADMIN_PASSWORD = 'correct horse battery staple';

/**
 * Starts the real server on an in-memory PGlite (no cycles unless `autostart`),
 * listening on port 0, with logging and rate limiting off unless overridden.
 */
export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const server = await createServer({
    dataDir: ':memory:',
    logger: false,
    autostart: false,
    dashboardDir: false,
    ...options,
    rateLimit: { enabled: false, ...options.rateLimit },
    auth: { adminPassword: TEST_ADMIN_PASSWORD, ...options.auth },
  });
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  const adminEmail = server.bootstrap.email;
  const request: TestServer['request'] = async (method, path, requestOptions = {}) => {
    const headers: Record<string, string> = { ...requestOptions.headers };
    if (requestOptions.token) headers.authorization = `Bearer ${requestOptions.token}`;
    if (requestOptions.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(requestOptions.body === undefined ? {} : { body: JSON.stringify(requestOptions.body) }),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body };
  };
  const login: TestServer['login'] = async (email = adminEmail, password = TEST_ADMIN_PASSWORD, tenantId) => {
    const answer = await request('POST', '/api/auth/login', {
      body: { email, password, ...(tenantId ? { tenantId } : {}) },
    });
    if (answer.status !== 200)
      throw new Error(`login failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as TestSession;
  };
  let users = 0;
  const userSession: TestServer['userSession'] = async (
    role,
    tenantId = server.context.options.defaultTenantId,
  ) => {
    users += 1;
    const email = `${role}-${users}@${tenantId}.example.com`;
    const { hash } = await import('@node-rs/argon2');
    const at = new Date().toISOString();
    if (!(await server.store.tenants.get(tenantId)))
      await server.store.tenants.create({ id: tenantId, name: tenantId, createdAt: at });
    await server.store.forTenant(tenantId).users.create({
      id: `user-${role}-${users}`,
      email,
      name: `${role} ${users}`,
      role,
      passwordHash: await hash(TEST_ADMIN_PASSWORD),
      createdAt: at,
      updatedAt: at,
    });
    return login(email, TEST_ADMIN_PASSWORD, tenantId);
  };
  return {
    server,
    url,
    adminEmail,
    adminPassword: TEST_ADMIN_PASSWORD,
    login,
    request,
    userSession,
    close: () => server.close(),
  };
}
