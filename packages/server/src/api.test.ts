import type { Recommendation } from '@finops-autopilot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoTenantFleets } from './testing-support/fleets.js';
import { startTestServer, type TestServer, type TestSession } from './testing-support/test-server.js';

let t: TestServer;
const sessions: Record<string, TestSession> = {};
let defaultRecs: Recommendation[] = [];

beforeAll(async () => {
  t = await startTestServer({ fleets: twoTenantFleets(), executionEnabled: true });
  for (const runtime of t.server.context.runtimes()) await runtime.autopilot.runCycle();
  sessions.admin = await t.login();
  sessions.approver = await t.userSession('approver');
  sessions.viewer = await t.userSession('viewer');
  sessions.acmeAdmin = await t.userSession('admin', 'acme');
  defaultRecs = await t.server.store.forTenant('default').recommendations.list({ limit: 1000 });
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('recommendations API', () => {
  it('lists with filters, sort, pagination and a total', async () => {
    expect(defaultRecs.length).toBeGreaterThan(3);
    const page = await t.request(
      'GET',
      '/api/recommendations?limit=2&offset=1&sort=estimatedMonthlySavings&order=desc',
      {
        token: sessions.viewer!.accessToken,
      },
    );
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(defaultRecs.length);
    expect(page.body.items).toHaveLength(2);
    const sorted = [...defaultRecs].sort((a, b) => b.estimatedMonthlySavings - a.estimatedMonthlySavings);
    expect(page.body.items[0].estimatedMonthlySavings).toBe(sorted[1]!.estimatedMonthlySavings);
    expect(page.headers.get('x-total-count')).toBe(String(defaultRecs.length));

    const hitl = await t.request('GET', '/api/recommendations?mode=hitl&limit=500', {
      token: sessions.viewer!.accessToken,
    });
    expect(hitl.body.items.every((item: Recommendation) => item.executionMode === 'hitl')).toBe(true);
    expect(hitl.body.total).toBe(defaultRecs.filter((item) => item.executionMode === 'hitl').length);

    const pending = await t.request('GET', '/api/recommendations?mode=pending&limit=500', {
      token: sessions.viewer!.accessToken,
    });
    expect(pending.body.items.every((item: Recommendation) => item.status === 'pending-approval')).toBe(true);
    expect(pending.body.total).toBe(defaultRecs.filter((item) => item.status === 'pending-approval').length);

    const minimum = 50;
    const rich = await t.request('GET', `/api/recommendations?minSavings=${minimum}&limit=500`, {
      token: sessions.viewer!.accessToken,
    });
    expect(rich.body.total).toBe(
      defaultRecs.filter((item) => item.estimatedMonthlySavings >= minimum).length,
    );

    const kinds = [...new Set(defaultRecs.map((item) => item.kind))];
    const byKind = await t.request('GET', `/api/recommendations?kind=${kinds[0]}&limit=500`, {
      token: sessions.viewer!.accessToken,
    });
    expect(byKind.body.total).toBe(defaultRecs.filter((item) => item.kind === kinds[0]).length);
  });

  it('answers top N by priority (savings × confidence) among live recommendations', async () => {
    const top = await t.request('GET', '/api/recommendations/top?n=3', {
      token: sessions.viewer!.accessToken,
    });
    expect(top.status).toBe(200);
    const live = defaultRecs
      .filter((item) => ['open', 'pending-approval', 'approved'].includes(item.status))
      .map((item) => Math.round(item.estimatedMonthlySavings * item.confidence * 100) / 100)
      .sort((a, b) => b - a);
    expect(top.body.items.map((item: { priority: number }) => item.priority)).toEqual(live.slice(0, 3));
  });

  it('shows a recommendation with its full calculation', async () => {
    const rec = defaultRecs[0]!;
    const detail = await t.request('GET', `/api/recommendations/${rec.id}`, {
      token: sessions.viewer!.accessToken,
    });
    expect(detail.status).toBe(200);
    expect(detail.body.recommendation.calculation).toEqual(rec.calculation);
    expect(detail.body.resource.id).toBe(rec.resourceId);
  });

  it('refuses bad queries with field-level errors', async () => {
    const bad = await t.request('GET', '/api/recommendations?limit=0&mode=sometimes&status=nope', {
      token: sessions.viewer!.accessToken,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid-request');
    const paths = bad.body.error.issues.map(
      (issue: { location: string; path: string }) => `${issue.location}.${issue.path}`,
    );
    expect(paths).toEqual(expect.arrayContaining(['query.limit', 'query.mode']));
    expect(paths.some((path: string) => path.startsWith('query.status'))).toBe(true);
    const unknown = await t.request('GET', '/api/recommendations?colour=red', {
      token: sessions.viewer!.accessToken,
    });
    expect(unknown.status).toBe(400);
  });

  it('answers If-None-Match with 304 and a fresh ETag after a change', async () => {
    const first = await t.request('GET', '/api/recommendations?limit=5', {
      token: sessions.viewer!.accessToken,
    });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await t.request('GET', '/api/recommendations?limit=5', {
      token: sessions.viewer!.accessToken,
      headers: { 'if-none-match': etag! },
    });
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
    const other = await t.request('GET', '/api/recommendations?limit=6', {
      token: sessions.viewer!.accessToken,
      headers: { 'if-none-match': etag! },
    });
    expect(other.status).toBe(200);
  });
});

describe('KPIs, costs, resources, telemetry', () => {
  it('serves the KPI summary with calculations, cached with an ETag', async () => {
    const kpis = await t.request('GET', '/api/kpis/summary', { token: sessions.viewer!.accessToken });
    expect(kpis.status).toBe(200);
    for (const id of [
      'monthlySpend',
      'ytdSpend',
      'identifiedSavings',
      'realizedSavings',
      'wastePercent',
      'monthOverMonth',
    ]) {
      expect(kpis.body.kpis[id].calculation.steps.length).toBeGreaterThan(0);
    }
    const identified = defaultRecs
      .filter(
        (item) =>
          ['open', 'pending-approval', 'approved', 'failed'].includes(item.status) &&
          item.estimatedMonthlySavings > 0,
      )
      .reduce((sum, item) => sum + item.estimatedMonthlySavings, 0);
    expect(kpis.body.kpis.identifiedSavings.value).toBeCloseTo(identified, 1);
    const cached = await t.request('GET', '/api/kpis/summary', {
      token: sessions.viewer!.accessToken,
      headers: { 'if-none-match': kpis.headers.get('etag')! },
    });
    expect(cached.status).toBe(304);
  });

  it('serves 6 and 12 months of cost history by service or resource type', async () => {
    const six = await t.request('GET', '/api/costs/history?months=6', {
      token: sessions.viewer!.accessToken,
    });
    expect(six.status).toBe(200);
    expect(six.body.months).toHaveLength(6);
    const twelve = await t.request('GET', '/api/costs/history?months=12&groupBy=resourceType', {
      token: sessions.viewer!.accessToken,
    });
    expect(twelve.body.months).toHaveLength(12);
    expect(twelve.body.months[0].total).toBeGreaterThan(0);
    const bad = await t.request('GET', '/api/costs/history?months=7', {
      token: sessions.viewer!.accessToken,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('months');
  });

  it('lists resources with utilization summaries and their series', async () => {
    const list = await t.request('GET', '/api/resources?limit=5', { token: sessions.viewer!.accessToken });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(5);
    const withSummary = list.body.items.find(
      (item: { utilization: unknown[] }) => item.utilization.length > 0,
    );
    expect(withSummary.utilization[0]).toMatchObject({ metric: expect.any(String), p95: expect.any(Number) });
    const id = withSummary.resource.id;
    const series = await t.request('GET', `/api/resources/${encodeURIComponent(id)}/metrics?days=2`, {
      token: sessions.viewer!.accessToken,
    });
    expect(series.status).toBe(200);
    expect(series.body.series[0].timestamps.length).toBeGreaterThan(24);
    expect(series.body.series[0].values).toHaveLength(series.body.series[0].timestamps.length);

    const all = await t.server.store.forTenant('default').resources.list();
    const ec2 = all.filter((resource) => resource.service === 'ec2');
    const filtered = await t.request('GET', '/api/resources?service=ec2&limit=2', {
      token: sessions.viewer!.accessToken,
    });
    expect(filtered.body.total).toBe(ec2.length);
    expect(filtered.body.total).toBeLessThan(all.length);
    expect(
      filtered.body.items.map((item: { resource: { service: string } }) => item.resource.service),
    ).toEqual(['ec2', 'ec2']);
  });

  it('reports the pipeline and recent cycles', async () => {
    const telemetry = await t.request('GET', '/api/telemetry', { token: sessions.viewer!.accessToken });
    expect(telemetry.status).toBe(200);
    expect(telemetry.body.pipeline.scan.resources).toBeGreaterThan(0);
    expect(telemetry.body.cycles).toHaveLength(1);
    expect(telemetry.body.pipeline.policy.live).toBe(
      defaultRecs.filter((item) => ['open', 'pending-approval', 'approved'].includes(item.status)).length,
    );
  });
});

describe('configuration and audit', () => {
  it('changes the config (admin), audits it, and refuses bad values', async () => {
    const before = await t.request('GET', '/api/config', { token: sessions.viewer!.accessToken });
    expect(before.body.executionEnabled).toBe(true);
    const patched = await t.request('PATCH', '/api/config', {
      token: sessions.admin!.accessToken,
      body: { cycleIntervalMs: 5000 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.cycleIntervalMs).toBe(5000);
    const bad = await t.request('PATCH', '/api/config', {
      token: sessions.admin!.accessToken,
      body: { cycleIntervalMs: 10, engines: { nope: true } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((issue: { path: string }) => issue.path)).toContain('cycleIntervalMs');
    const offAll = await t.request('PATCH', '/api/config', {
      token: sessions.admin!.accessToken,
      body: { engines: { heuristic: false } },
    });
    expect(offAll.status).toBe(400);
    const after = await t.request('GET', '/api/config', { token: sessions.viewer!.accessToken });
    expect(after.body.cycleIntervalMs).toBe(5000);
    const audit = await t.request('GET', '/api/audit?action=config.update', {
      token: sessions.admin!.accessToken,
    });
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0].details.after).toEqual({ cycleIntervalMs: 5000 });
    const entries = await t.request('GET', '/api/config/entries', { token: sessions.admin!.accessToken });
    expect(Object.keys(entries.body).some((key) => key.startsWith('secret.'))).toBe(false);
  });

  it('keeps every change when two admins change different settings at the same time', async () => {
    const token = sessions.admin!.accessToken;
    const [interval, execution] = await Promise.all([
      t.request('PATCH', '/api/config', { token, body: { cycleIntervalMs: 7000 } }),
      t.request('PATCH', '/api/config', { token, body: { executionEnabled: false } }),
    ]);
    expect([interval.status, execution.status]).toEqual([200, 200]);
    const after = await t.request('GET', '/api/config', { token });
    expect(after.body).toMatchObject({ cycleIntervalMs: 7000, executionEnabled: false });
    const stored = await t.server.store.forTenant('default').config.get('autopilot.executionEnabled');
    expect(stored).toBe(false);
    const restored = await t.request('PATCH', '/api/config', {
      token,
      body: { cycleIntervalMs: 5000, executionEnabled: true },
    });
    expect(restored.body).toMatchObject({ cycleIntervalMs: 5000, executionEnabled: true });
  });

  it('says what is configured', async () => {
    const status = await t.request('GET', '/api/config/status', { token: sessions.viewer!.accessToken });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      provider: { id: 'sim', simulated: true },
      executionEnabled: true,
      database: 'pglite',
    });
    expect(status.body.issues.join(' ')).toMatch(/simulated fleet/);
  });
});

describe('approvals and executions', () => {
  it('approves a HITL recommendation through every stage, executes it, and rolls it back', async () => {
    const pending = defaultRecs.find((item) => item.status === 'pending-approval');
    expect(pending).toBeDefined();
    const id = pending!.id;
    let approval = (
      await t.request('GET', `/api/recommendations/${id}/approval`, { token: sessions.viewer!.accessToken })
    ).body;
    const approvers = [sessions.approver!, sessions.admin!];
    let round = 0;
    while (approval.status === 'pending') {
      const answer = await t.request('POST', `/api/recommendations/${id}/approve`, {
        token: approvers[round % 2]!.accessToken,
        body: { reason: 'checked the numbers' },
      });
      expect(answer.status).toBe(200);
      approval = answer.body;
      round += 1;
      expect(round).toBeLessThan(5);
    }
    expect(approval.status).toBe('approved');
    await t.server.context.runtime('default')!.autopilot.idle();
    const detail = await t.request('GET', `/api/recommendations/${id}`, {
      token: sessions.viewer!.accessToken,
    });
    expect(detail.body.recommendation.status).toBe('executed');
    const execution = detail.body.executions[0];
    expect(execution.dryRun.dryRun).toBe(true);
    expect(execution.status).toBe('succeeded');

    const again = await t.request('POST', `/api/recommendations/${id}/approve`, {
      token: sessions.admin!.accessToken,
    });
    expect(again.status).toBe(409);

    const rolled = await t.request('POST', `/api/executions/${execution.id}/rollback`, {
      token: sessions.approver!.accessToken,
      body: { reason: 'cpu alarm' },
    });
    expect(rolled.status).toBe(200);
    expect(rolled.body.status).toBe('rolled-back');
    const audit = await t.request('GET', `/api/audit?subjectId=${id}`, {
      token: sessions.admin!.accessToken,
    });
    expect(audit.body.items.map((item: { action: string }) => item.action)).toContain(
      'recommendation.approve',
    );
  });

  it('lists the approvals inbox with each recommendation in brief', async () => {
    const inbox = await t.request('GET', '/api/approvals?status=pending&limit=2', {
      token: sessions.viewer!.accessToken,
    });
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.length).toBeGreaterThan(0);
    for (const item of inbox.body.items) {
      expect(item.status).toBe('pending');
      expect(item.recommendation.id).toBe(item.recommendationId);
      expect(item.recommendation.status).toBe('pending-approval');
      expect(typeof item.recommendation.title).toBe('string');
    }
    const pendingNow = await t.server.store.forTenant('default').approvals.list({ status: ['pending'] });
    expect(inbox.body.hasMore).toBe(pendingNow.length > 2);
  });

  it('requires a reason to reject, and batch-approves with per-item results', async () => {
    const pending = (
      await t.server.store.forTenant('default').recommendations.list({ status: ['pending-approval'] })
    ).map((item) => item.id);
    expect(pending.length).toBeGreaterThan(1);
    const noReason = await t.request('POST', `/api/recommendations/${pending[0]}/reject`, {
      token: sessions.approver!.accessToken,
      body: {},
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.issues[0]).toMatchObject({ location: 'body', path: 'reason' });
    const batch = await t.request('POST', '/api/approvals/batch', {
      token: sessions.approver!.accessToken,
      body: { action: 'reject', ids: [pending[0], 'no-such-id'], reason: 'not now' },
    });
    expect(batch.status).toBe(200);
    expect(batch.body.succeeded).toBe(1);
    expect(batch.body.results[1]).toMatchObject({ id: 'no-such-id', ok: false, status: 404 });
    const rejected = await t.server.store.forTenant('default').recommendations.get(pending[0]!);
    expect(rejected?.status).toBe('rejected');
  });
});
