import { Writable } from 'node:stream';
import { createSimulatedProvider } from '@finops-autopilot/provider-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing-support/test-server.js';

const small = () => [
  { tenantId: 'default', provider: createSimulatedProvider({ seed: 3, size: 4, timeScale: 0 }) },
];
let t: TestServer | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('security', () => {
  it('sends security headers on every answer', async () => {
    t = await startTestServer({ fleets: small() });
    const answer = await t.request('GET', '/healthz');
    expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(answer.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('x-request-id')).toBeTruthy();
  });

  it('in production, refuses cross-origin calls unless the origin is allowed (fails closed)', async () => {
    t = await startTestServer({
      fleets: small(),
      production: true,
      corsOrigins: ['https://finops.example.com'],
    });
    const allowed = await t.request('GET', '/healthz', { headers: { origin: 'https://finops.example.com' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://finops.example.com');
    const refused = await t.request('POST', '/api/auth/login', {
      headers: { origin: 'https://evil.example.net' },
      body: { email: t.adminEmail, password: t.adminPassword },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${t.url}/api/recommendations`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(allowed.headers.get('strict-transport-security')).toMatch(/includeSubDomains/);
  });

  it('in production without an allowlist, refuses every cross-origin call', async () => {
    t = await startTestServer({ fleets: small(), production: true, corsOrigins: [] });
    const refused = await t.request('GET', '/healthz', { headers: { origin: 'https://finops.example.com' } });
    expect(refused.status).toBe(403);
    const sameOrigin = await t.request('GET', '/healthz', { headers: { origin: t.url } });
    expect(sameOrigin.status).toBe(200);
  });

  it('rate-limits per IP, stricter on auth routes', async () => {
    t = await startTestServer({
      fleets: small(),
      rateLimit: { enabled: true, max: 20, authMax: 3, windowMs: 60_000 },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1)
      statuses.push(
        (
          await t.request('POST', '/api/auth/login', {
            body: { email: 'x@example.com', password: 'nope nope nope' },
          })
        ).status,
      );
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses[3]).toBe(429);
    const session = await fetch(`${t.url}/api/recommendations`);
    expect(session.status).toBe(401);
    let last = 0;
    for (let i = 0; i < 25; i += 1) last = (await t.request('GET', '/api/recommendations')).status;
    expect(last).toBe(429);
    const limited = await t.request('GET', '/api/recommendations');
    expect(limited.body.error.code).toBe('rate-limited');
  });

  it('behind a trusted proxy, limits each client address from X-Forwarded-For; otherwise the header is ignored', async () => {
    const attempts = async (forwardedFor: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1)
        statuses.push(
          (
            await t!.request('POST', '/api/auth/login', {
              body: { email: 'x@example.com', password: 'nope nope nope' },
              headers: { 'x-forwarded-for': forwardedFor },
            })
          ).status,
        );
      return statuses;
    };
    const rateLimit = { enabled: true, max: 100, authMax: 2, windowMs: 60_000 };
    t = await startTestServer({ fleets: small(), rateLimit, trustProxy: '127.0.0.1' });
    expect(await attempts('203.0.113.7')).toEqual([401, 401, 429]);
    expect(await attempts('198.51.100.9')).toEqual([401, 401, 429]);
    await t.close();
    t = await startTestServer({ fleets: small(), rateLimit });
    expect(await attempts('203.0.113.7')).toEqual([401, 401, 429]);
    expect(await attempts('198.51.100.9')).toEqual([429, 429, 429]);
  });

  it('logs JSON lines with request ids and no secrets', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    t = await startTestServer({ fleets: small(), logger: { level: 'info', stream } });
    const session = await t.login();
    await t.request('GET', '/healthz?access_token=s3cret-token-value', { token: session.accessToken });
    await t.request('POST', '/api/auth/login', {
      body: { email: t.adminEmail, password: 'wrong password here' },
    });
    const text = lines.join('');
    expect(text).not.toContain('s3cret-token-value');
    expect(text).not.toContain(session.accessToken);
    expect(text).not.toContain(t.adminPassword);
    expect(text).not.toContain('wrong password here');
    const records = lines.flatMap((line) => line.trim().split('\n')).map((line) => JSON.parse(line));
    const completed = records.find((record) => record.msg === 'request completed');
    expect(completed.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(records.some((record) => record.req?.url === '/healthz?access_token=[redacted]')).toBe(true);
  });

  it('refuses bodies over the limit with 413', async () => {
    t = await startTestServer({ fleets: small(), bodyLimit: 1024 });
    const answer = await t.request('POST', '/api/auth/login', {
      body: { email: 'a@example.com', password: 'x'.repeat(5000) },
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('payload-too-large');
  });

  it('publishes an OpenAPI document describing every route, and a docs page', async () => {
    t = await startTestServer({ fleets: small() });
    const doc = await t.request('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    for (const route of t.server.routes) {
      const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      expect(
        doc.body.paths[path]?.[route.method.toLowerCase()],
        `${route.method} ${route.url}`,
      ).toBeDefined();
    }
    const list = doc.body.paths['/api/recommendations'].get;
    expect(list.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(['mode', 'kind', 'status', 'service', 'minSavings', 'sort', 'limit', 'offset']),
    );
    const page = await t.request('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.body).toContain('/openapi.json');
  });

  it('answers unknown routes and malformed JSON with clear JSON errors', async () => {
    t = await startTestServer({ fleets: small() });
    const missing = await t.request('GET', '/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not-found');
    const malformed = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": ',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('invalid-request');
  });
});
