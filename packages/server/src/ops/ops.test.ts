import type { AutopilotEvent } from '@finops-autopilot/core';
import { createPostgresStore } from '@finops-autopilot/store-postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../testing-support/test-server.js';
import { VERSION } from '../version.js';

// Operations endpoints over real HTTP.

/** The value of one sample line of the Prometheus text, or undefined. */
function sample(text: string, line: string): number | undefined {
  const found = text.split('\n').find((candidate) => candidate.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe('operations endpoints', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('GET /healthz answers 200 with the version', async () => {
    const answer = await server.request('GET', '/healthz');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok', version: VERSION });
  });

  it('GET /readyz answers 200 when the store answers and the runtimes exist', async () => {
    const answer = await server.request('GET', '/readyz');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      status: 'ready',
      checks: { store: { ok: true }, runtimes: { ok: true, detail: '1 tenant runtime' } },
    });
  });

  it('GET /metrics serves the Prometheus text with every expected metric', async () => {
    const answer = await fetch(`${server.url}/metrics`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await answer.text();
    for (const name of [
      'finops_build_info',
      'finops_http_request_duration_seconds',
      'finops_autopilot_cycle_duration_seconds',
      'finops_autopilot_cycle_errors_total',
      'finops_autopilot_cycle_failures_total',
      'finops_autopilot_queue_depth',
      'finops_autopilot_last_cycle_stats',
      'finops_autopilot_last_cycle_end_timestamp_seconds',
      'finops_stream_events_total',
      'finops_ws_clients',
      'finops_ws_connections_total',
      'finops_ws_messages_sent_total',
      'finops_ws_clients_dropped_total',
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ])
      expect(text).toContain(`# TYPE ${name} `);
    expect(sample(text, `finops_build_info{version="${VERSION}"}`)).toBe(1);
  });

  it('counts requests by method, route pattern and status', async () => {
    const { accessToken } = await server.login();
    const line = (route: string, status: number) =>
      `finops_http_request_duration_seconds_count{method="GET",route="${route}",status_code="${status}"}`;
    const before = await (await fetch(`${server.url}/metrics`)).text();
    await server.request('GET', '/healthz');
    await server.request('GET', '/healthz');
    await server.request('GET', '/api/recommendations/rec-missing-1', { token: accessToken });
    await server.request('GET', '/api/recommendations/rec-missing-2', { token: accessToken });
    await server.request('GET', '/no/such/route');
    const after = await (await fetch(`${server.url}/metrics`)).text();
    expect((sample(after, line('/healthz', 200)) ?? 0) - (sample(before, line('/healthz', 200)) ?? 0)).toBe(
      2,
    );
    expect(sample(after, line('/api/recommendations/:id', 404))).toBe(2);
    expect(sample(after, line('unmatched', 404))).toBe(1);
    expect(after).not.toContain('rec-missing');
  });

  it('records cycles, errors, queue depth and the last cycle from hub events', async () => {
    const { hub } = server.server.context;
    const end: AutopilotEvent<'cycle-end'> = {
      type: 'cycle-end',
      seq: 2,
      at: '2026-01-15T12:00:00.000Z',
      tenantId: 't-metrics',
      payload: {
        cycleId: 1,
        durationMs: 1500,
        stats: {
          resources: 24,
          analyzed: 20,
          skipped: 4,
          created: 3,
          updated: 1,
          superseded: 0,
          executed: 2,
          verified: 1,
          errors: 2,
        },
      },
    };
    hub.forward({
      type: 'cycle-error',
      seq: 1,
      at: end.at,
      tenantId: 't-metrics',
      payload: { cycleId: 1, message: 'x' },
    });
    hub.forward(end);
    hub.publish('t-metrics', 'cycle-telemetry', {
      cycleId: 1,
      durationMs: 1500,
      queueDepth: 5,
      errors: 2,
      analyzed: 20,
      resources: 24,
    });
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(sample(text, 'finops_autopilot_cycle_duration_seconds_count{tenant="t-metrics"}')).toBe(1);
    expect(sample(text, 'finops_autopilot_cycle_duration_seconds_sum{tenant="t-metrics"}')).toBe(1.5);
    expect(sample(text, 'finops_autopilot_cycle_duration_seconds_bucket{le="2.5",tenant="t-metrics"}')).toBe(
      1,
    );
    expect(sample(text, 'finops_autopilot_cycle_duration_seconds_bucket{le="1",tenant="t-metrics"}')).toBe(0);
    expect(sample(text, 'finops_autopilot_cycle_errors_total{tenant="t-metrics"}')).toBe(2);
    expect(sample(text, 'finops_autopilot_cycle_failures_total{tenant="t-metrics"}')).toBe(1);
    expect(sample(text, 'finops_autopilot_queue_depth{tenant="t-metrics"}')).toBe(5);
    expect(sample(text, 'finops_autopilot_last_cycle_stats{tenant="t-metrics",stat="created"}')).toBe(3);
    expect(sample(text, 'finops_autopilot_last_cycle_stats{tenant="t-metrics",stat="resources"}')).toBe(24);
    expect(sample(text, 'finops_autopilot_last_cycle_end_timestamp_seconds{tenant="t-metrics"}')).toBe(
      Date.parse(end.at) / 1000,
    );
    expect(sample(text, 'finops_stream_events_total{type="cycle-telemetry"}')).toBeGreaterThanOrEqual(1);
  });
});

describe('readiness failures', () => {
  it('GET /readyz answers 503 with the reason once the store is closed', async () => {
    const store = createPostgresStore({});
    const server = await startTestServer({ store });
    try {
      expect((await server.request('GET', '/readyz')).status).toBe(200);
      await store.close();
      const answer = await server.request('GET', '/readyz');
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({
        status: 'unavailable',
        reason: expect.stringMatching(/^the store failed: /),
        checks: { store: { ok: false }, runtimes: { ok: true } },
      });
      expect((await server.request('GET', '/healthz')).status).toBe(200);
    } finally {
      await server.close();
      await store.close().catch(() => {});
    }
  });

  it('GET /readyz answers 503 when no tenant runtime exists', async () => {
    const server = await startTestServer({ fleets: [] });
    try {
      const answer = await server.request('GET', '/readyz');
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ status: 'unavailable', reason: 'no tenant runtime is running' });
    } finally {
      await server.close();
    }
  });
});

describe('metrics exposure', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is not served in production without a metrics token', async () => {
    vi.stubEnv('FINOPS_METRICS_TOKEN', '');
    const server = await startTestServer({ production: true });
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
      expect((await server.request('GET', '/healthz')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('needs the metrics token as a bearer token when one is set', async () => {
    vi.stubEnv('FINOPS_METRICS_TOKEN', 'scrape-secret-123');
    const server = await startTestServer({ production: true });
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${server.url}/metrics`, {
        headers: { authorization: 'Bearer scrape-secret-124' },
      });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${server.url}/metrics`, {
        headers: { authorization: 'Bearer scrape-secret-123' },
      });
      expect(right.status).toBe(200);
      expect(await right.text()).toContain('finops_http_request_duration_seconds');
    } finally {
      await server.close();
    }
  });
});
