import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoTenantFleets } from './testing-support/fleets.js';
import { startTestServer, type TestServer, type TestSession } from './testing-support/test-server.js';

/**
 * The role matrix (every route × no token, viewer, approver, admin) and tenant
 * isolation (every route with an id, tried with another tenant's ids).
 */
let t: TestServer;
const sessions: Record<string, TestSession> = {};
const ids: Record<string, string> = {};
const RANK = { viewer: 1, approver: 2, admin: 3 } as const;
type Role = keyof typeof RANK;

beforeAll(async () => {
  t = await startTestServer({ fleets: twoTenantFleets(), executionEnabled: true });
  for (const runtime of t.server.context.runtimes()) await runtime.autopilot.runCycle();
  sessions.admin = await t.login();
  sessions.approver = await t.userSession('approver');
  sessions.viewer = await t.userSession('viewer');
  sessions.acme = await t.userSession('admin', 'acme');
  const store = t.server.store.forTenant('default');
  const [pending] = await store.recommendations.list({ status: ['pending-approval'], limit: 1 });
  const runtime = t.server.context.runtime('default')!;
  const autonomousExecuted = (await store.executions.list({ limit: 1 }))[0];
  ids.recommendation = pending!.id;
  ids.execution = autonomousExecuted?.id ?? 'none';
  ids.resource = pending!.resourceId;
  ids.user = sessions.viewer.user.id;
  expect(runtime).toBeDefined();
}, 60_000);

afterAll(async () => {
  await t?.close();
});

function pathFor(url: string, kind: 'dummy' | 'real'): string {
  return url.replace(/:id/g, () => {
    if (kind === 'dummy') return 'zz-no-such-id';
    if (url.startsWith('/api/executions')) return ids.execution!;
    if (url.startsWith('/api/resources')) return encodeURIComponent(ids.resource!);
    if (url.startsWith('/api/users')) return ids.user!;
    return ids.recommendation!;
  });
}

const MUTATES_SESSION = /logout|password/;

async function sessionFor(role: Role, url: string): Promise<TestSession> {
  if (MUTATES_SESSION.test(url)) return t.userSession(role);
  return sessions[role]!;
}

describe('role matrix', () => {
  it('covers every API route', () => {
    const api = t.server.routes.filter((route) => route.url.startsWith('/api/'));
    expect(api.length).toBeGreaterThan(25);
  });

  it('refuses every non-public route without a token (401) and below its role (403)', async () => {
    const failures: string[] = [];
    for (const route of t.server.routes) {
      if (route.access === 'public') continue;
      const path = pathFor(route.url, 'dummy');
      const body = route.method === 'GET' ? undefined : {};
      const anonymous = await t.request(route.method, path, { body });
      if (anonymous.status !== 401)
        failures.push(`${route.method} ${route.url} anonymous → ${anonymous.status}`);
      for (const role of ['viewer', 'approver', 'admin'] as const) {
        const session = await sessionFor(role, route.url);
        const answer = await t.request(route.method, path, { token: session.accessToken, body });
        const allowed = RANK[role] >= RANK[route.access as Role];
        if (allowed && (answer.status === 401 || answer.status === 403))
          failures.push(`${route.method} ${route.url} as ${role} → ${answer.status} (should be allowed)`);
        if (!allowed && answer.status !== 403)
          failures.push(`${route.method} ${route.url} as ${role} → ${answer.status} (should be 403)`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('tenant isolation', () => {
  it('answers 404 for every route given another tenant’s ids, and changes nothing', async () => {
    const store = t.server.store.forTenant('default');
    const before = JSON.stringify(await store.recommendations.list({ limit: 1000 }));
    const failures: string[] = [];
    for (const route of t.server.routes) {
      if (!route.url.includes(':id') || route.access === 'public') continue;
      const path = pathFor(route.url, 'real');
      const body =
        route.method === 'GET'
          ? undefined
          : route.url.endsWith('/reject')
            ? { reason: 'cross-tenant' }
            : route.url.startsWith('/api/users')
              ? { role: 'viewer' }
              : {};
      const answer = await t.request(route.method, path, { token: sessions.acme!.accessToken, body });
      if (answer.status !== 404) failures.push(`${route.method} ${route.url} → ${answer.status}`);
    }
    expect(failures).toEqual([]);
    expect(JSON.stringify(await store.recommendations.list({ limit: 1000 }))).toBe(before);
  }, 60_000);

  it('lists only the caller’s tenant', async () => {
    const mine = await t.request('GET', '/api/recommendations?limit=500', {
      token: sessions.acme!.accessToken,
    });
    const theirs = await t.server.store.forTenant('default').recommendations.list({ limit: 1000 });
    const theirIds = new Set(theirs.map((item) => item.id));
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.filter((item: { id: string }) => theirIds.has(item.id))).toEqual([]);
    const batch = await t.request('POST', '/api/approvals/batch', {
      token: sessions.acme!.accessToken,
      body: { action: 'approve', ids: [ids.recommendation] },
    });
    expect(batch.body.results[0]).toMatchObject({ ok: false, status: 404 });
    const audit = await t.request('GET', '/api/audit?limit=500', { token: sessions.acme!.accessToken });
    expect(audit.body.items.every((item: { tenantId: string }) => item.tenantId === 'acme')).toBe(true);
  });
});
