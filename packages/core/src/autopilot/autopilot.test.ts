import { describe, expect, it } from 'vitest';
import type { RecommendationEngineV1 } from '../contracts/v1/engine-v1.js';
import type { ExecuteOptions } from '../contracts/v1/executor-v1.js';
import type { ResourceProviderV1 } from '../contracts/v1/provider-v1.js';
import type { StoreV1 } from '../contracts/v1/store-v1.js';
import { FinopsError } from '../errors/finops-error.js';
import { IllegalTransitionError } from '../errors/illegal-transition-error.js';
import type { AutopilotEvent } from '../events/autopilot-events.js';
import type { MetricSeries } from '../schemas/metric-series.js';
import type { Recommendation } from '../schemas/recommendation.js';
import { createMemoryStore } from '../store/memory-store.js';
import { createFakeProvider } from '../testing/fake-provider.js';
import { FIXTURE_NOW, fixtureEngineInput, fixtureHourlySeries } from '../testing/fixtures.js';
import { createThresholdEngine } from '../testing/threshold-engine.js';
import type { AutopilotOptions } from './autopilot-options.js';
import { createAutopilot } from './create-autopilot.js';

const alice = { id: 'alice', type: 'user' as const, role: 'approver' as const };
const bob = { id: 'bob', type: 'user' as const, role: 'admin' as const };

/** The fixture fleet on a fake provider whose metrics the test can change, with a log of executor calls. */
function harness(options: Partial<AutopilotOptions> & { store?: StoreV1 } = {}) {
  const input = fixtureEngineInput();
  let metrics: MetricSeries[] = [...input.metrics];
  const fake = createFakeProvider({
    resources: input.resources,
    metrics: input.metrics,
    prices: input.prices,
    now: FIXTURE_NOW,
  });
  const calls: Array<{ dryRun: boolean; key: string }> = [];
  const provider: ResourceProviderV1 = {
    ...fake,
    executor: {
      ...fake.executor,
      async execute(call: ExecuteOptions) {
        calls.push({ dryRun: call.dryRun, key: call.idempotencyKey });
        return fake.executor.execute(call);
      },
    },
    async getMetrics({ resources }) {
      const ids = new Set(
        resources.map((resource) => (typeof resource === 'string' ? resource : resource.id)),
      );
      return metrics.filter((series) => ids.has(series.resourceId));
    },
  };
  const autopilot = createAutopilot({
    provider,
    engines: [createThresholdEngine()],
    execution: { enabled: true },
    onError: () => {},
    ...options,
  });
  const events: AutopilotEvent[] = [];
  autopilot.events.on('event', (event) => events.push(event));
  const setLevel = (resourceId: string, level: number) => {
    metrics = metrics.filter((series) => series.resourceId !== resourceId);
    metrics.push(fixtureHourlySeries({ resourceId, shape: (hour) => level * (1 + 0.1 * Math.sin(hour)) }));
  };
  const recommendations = () => autopilot.store.forTenant('default').recommendations.list({ limit: 100 });
  const byResource = async (resourceId: string) =>
    (await recommendations()).filter((item) => item.resourceId === resourceId);
  return { autopilot, fake, calls, events, setLevel, recommendations, byResource };
}

async function only(list: Promise<Recommendation[]>): Promise<Recommendation> {
  const items = await list;
  expect(items).toHaveLength(1);
  return items[0]!;
}

describe('createAutopilot', () => {
  it('validates its options', () => {
    expect(() =>
      createAutopilot({ provider: createFakeProvider({ resources: [] }), engines: [] }),
    ).toThrowError('Invalid autopilot options: engines: needs at least one engine');
  });

  it('routes by policy: the safe downsize runs autonomously, the idle stop waits for two people', async () => {
    const { autopilot, byResource } = harness();
    const stats = await autopilot.runCycle();
    expect(stats).toMatchObject({ resources: 4, analyzed: 4, created: 2, executed: 1, errors: 0 });

    const resize = await only(byResource('i-overprovisioned'));
    expect(resize).toMatchObject({
      kind: 'rightsize',
      executionMode: 'autonomous',
      policyRuleId: 'safe-small',
      status: 'executed',
    });
    expect(resize.action).toEqual({ type: 'resize', from: 'm5.2xlarge', to: 'm5.large' });
    expect(resize.estimatedMonthlySavings).toBe(210.24); // (0.384 − 0.096) × 730

    const idle = await only(byResource('i-idle'));
    expect(idle).toMatchObject({
      kind: 'idle',
      executionMode: 'hitl',
      policyRuleId: 'high-risk',
      status: 'pending-approval',
    });
    expect(await byResource('i-busy')).toHaveLength(0);
    expect(await byResource('i-excluded')).toHaveLength(0);
  });

  it('dry-runs before the real run, and emits every step in order', async () => {
    const { autopilot, calls, events, fake } = harness();
    await autopilot.runCycle();
    expect(calls.map((call) => call.dryRun)).toEqual([true, false]);
    expect(calls[0]!.key).toBe(`${calls[1]!.key}:dry-run`);
    expect(fake.appliedKeys).toEqual([calls[1]!.key]);

    const seqs = events.map((event) => event.seq);
    expect(seqs).toEqual([...seqs].sort((left, right) => left - right));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(events[0]!.type).toBe('cycle-start');
    expect(events.at(-1)!.type).toBe('cycle-end');

    const resizeId = events.find(
      (event) => event.type === 'recommendation-created' && event.payload.recommendation.kind === 'rightsize',
    )!;
    const id = resizeId.type === 'recommendation-created' ? resizeId.payload.recommendation.id : '';
    const trail = events
      .filter((event) => JSON.stringify(event.payload).includes(id))
      .map((event) =>
        event.type === 'recommendation-status' ? `${event.payload.from}→${event.payload.to}` : event.type,
      );
    expect(trail).toEqual([
      'recommendation-created',
      'open→approved',
      'approved→executing',
      'execution-start',
      'execution-dry-run',
      'executing→executed',
      'execution-end',
    ]);
  });

  it('re-running a cycle neither re-analyzes unchanged resources nor duplicates', async () => {
    const { autopilot, recommendations, setLevel, events } = harness();
    await autopilot.runCycle();
    const first = await recommendations();
    // The executed resize changed one instance: only it is analyzed again.
    const second = await autopilot.runCycle();
    expect(second).toMatchObject({ analyzed: 1, skipped: 3, created: 0 });
    // Metrics from before the resize describe the old size: the engine only sees what came after it.
    const diagnostics = events.filter(
      (event) =>
        event.type === 'engine-diagnostic' && event.payload.diagnostic.resourceId === 'i-overprovisioned',
    );
    expect(diagnostics.at(-1)?.type === 'engine-diagnostic' && diagnostics.at(-1)?.payload).toMatchObject({
      diagnostic: { code: 'insufficient-data', message: '0.0 h of CPUUtilization; 24 h needed' },
    });
    const quiet = await autopilot.runCycle();
    expect(quiet).toMatchObject({ analyzed: 0, skipped: 4, created: 0, updated: 0 });
    // New data that leads to the same proposal updates it in place.
    setLevel('i-idle', 0.8);
    const third = await autopilot.runCycle();
    expect(third).toMatchObject({ analyzed: 1, created: 0 });
    const after = await recommendations();
    expect(after.map((item) => item.id).sort()).toEqual(first.map((item) => item.id).sort());
  });

  it('supersedes a recommendation whose premise is gone, and reopens it when it returns', async () => {
    const { autopilot, byResource, setLevel } = harness();
    await autopilot.runCycle();
    const idle = await only(byResource('i-idle'));
    setLevel('i-idle', 45);
    const stats = await autopilot.runCycle();
    expect(stats.superseded).toBe(1);
    const superseded = await only(byResource('i-idle'));
    expect(superseded).toMatchObject({
      id: idle.id,
      status: 'superseded',
      statusReason: 'the latest analysis no longer proposes it',
    });
    const approval = await autopilot.store.forTenant('default').approvals.getByRecommendation(idle.id);
    expect(approval?.status).toBe('cancelled');

    setLevel('i-idle', 0.3);
    await autopilot.runCycle();
    const reopened = await only(byResource('i-idle'));
    expect(reopened).toMatchObject({ id: idle.id, status: 'pending-approval' });
  });

  it('runs multi-stage approvals and executes on the last one', async () => {
    const { autopilot, byResource, events, fake } = harness();
    await autopilot.runCycle();
    const idle = await only(byResource('i-idle'));
    const first = await autopilot.approve({ recommendationId: idle.id, actor: alice });
    expect(first).toMatchObject({ status: 'pending', currentStage: 1 });
    await expect(
      autopilot.approve({ recommendationId: idle.id, actor: { ...alice, role: 'admin' } }),
    ).rejects.toThrowError('alice already approved stage "review"');
    const second = await autopilot.approve({
      recommendationId: idle.id,
      actor: bob,
      reason: 'confirmed unused',
    });
    expect(second.status).toBe('approved');
    await autopilot.idle();
    expect((await only(byResource('i-idle'))).status).toBe('executed');
    expect(fake.appliedKeys).toHaveLength(2);
    expect(events.filter((event) => event.type === 'approval-decided')).toHaveLength(2);
    const log = await autopilot.store.forTenant('default').audit.list({ limit: 100 });
    expect(log.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['recommendation.approve', 'execution.succeed']),
    );
  });

  it('refuses illegal steps with clear errors and changes nothing', async () => {
    const { autopilot, byResource, fake } = harness();
    await autopilot.runCycle();
    const idle = await only(byResource('i-idle'));
    await expect(
      autopilot.reject({ recommendationId: idle.id, actor: alice, reason: '' }),
    ).rejects.toThrowError('a rejection needs a reason');
    await autopilot.reject({ recommendationId: idle.id, actor: alice, reason: 'batch job runs monthly' });
    expect((await only(byResource('i-idle'))).status).toBe('rejected');
    const error = await autopilot
      .execute({ recommendationId: idle.id, actor: bob })
      .catch((caught: unknown) => caught);
    expect(IllegalTransitionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      `Cannot execute recommendation ${idle.id} in state "rejected": only an approved (or failed, to retry) recommendation can be executed`,
    );
    await expect(autopilot.approve({ recommendationId: idle.id, actor: bob })).rejects.toThrowError(
      'it is not awaiting approval',
    );
    await expect(autopilot.approve({ recommendationId: 'rec_missing', actor: bob })).rejects.toThrowError(
      'No such recommendation: rec_missing',
    );
    expect(fake.appliedKeys).toHaveLength(1);
  });

  it('executes a recommendation once, however often it is asked', async () => {
    const { autopilot, byResource, fake } = harness();
    await autopilot.runCycle();
    const resize = await only(byResource('i-overprovisioned'));
    const execution = await autopilot.store.forTenant('default').executions.get(resize.lastExecutionId!);
    // The same idempotency key straight at the executor: replayed, nothing applied.
    const replay = await fake.executor.execute({
      plan: execution!.plan,
      dryRun: false,
      idempotencyKey: execution!.idempotencyKey,
    });
    expect(replay).toMatchObject({ replayed: true, applied: false });
    expect(fake.appliedKeys).toHaveLength(1);
    const inventory = await fake.listResources();
    expect(inventory.find((resource) => resource.id === 'i-overprovisioned')?.type).toBe('m5.large');
  });

  it('leaves autonomous recommendations approved while execution is disabled', async () => {
    const { autopilot, byResource, fake } = harness({ execution: { enabled: false } });
    const stats = await autopilot.runCycle();
    expect(stats.executed).toBe(0);
    const resize = await only(byResource('i-overprovisioned'));
    expect(resize.status).toBe('approved');
    const error = await autopilot
      .execute({ recommendationId: resize.id, actor: bob })
      .catch((caught: unknown) => caught);
    expect(FinopsError.isInstance(error) && error.code).toBe('EXECUTION_DISABLED');
    expect(fake.appliedKeys).toHaveLength(0);
  });

  it('rolls an execution back to the state before it, once', async () => {
    const { autopilot, byResource, fake } = harness();
    await autopilot.runCycle();
    const resize = await only(byResource('i-overprovisioned'));
    const rolledBack = await autopilot.rollback({
      executionId: resize.lastExecutionId!,
      actor: bob,
      reason: 'latency',
    });
    expect(rolledBack.status).toBe('rolled-back');
    expect((await fake.listResources()).find((resource) => resource.id === 'i-overprovisioned')?.type).toBe(
      'm5.2xlarge',
    );
    expect((await only(byResource('i-overprovisioned'))).status).toBe('rolled-back');
    await expect(
      autopilot.rollback({ executionId: resize.lastExecutionId!, actor: bob }),
    ).rejects.toThrowError('only a succeeded execution can be rolled back');
  });

  it('resumes an interrupted execution after a restart without applying it twice', async () => {
    const store = createMemoryStore();
    const first = harness({ store });
    await first.autopilot.runCycle();
    const resize = await only(first.byResource('i-overprovisioned'));
    // Simulate a crash after the change was applied but before the status was recorded.
    const tenant = store.forTenant('default');
    await tenant.recommendations.save({ ...resize, status: 'executing' });
    const restarted = createAutopilot({
      provider: { ...first.fake, getMetrics: async () => [] },
      engines: [createThresholdEngine()],
      store,
      execution: { enabled: true },
      onError: () => {},
    });
    await restarted.runCycle();
    expect((await tenant.recommendations.get(resize.id))?.status).toBe('executed');
    expect(first.fake.appliedKeys).toHaveLength(1);
  });

  it('dismisses with a reason and cancels the pending approval', async () => {
    const { autopilot, byResource } = harness();
    await autopilot.runCycle();
    const idle = await only(byResource('i-idle'));
    await expect(
      autopilot.dismiss({ recommendationId: idle.id, actor: bob, reason: ' ' }),
    ).rejects.toThrowError('a dismissal needs a reason');
    const dismissed = await autopilot.dismiss({
      recommendationId: idle.id,
      actor: bob,
      reason: 'decommissioned next week',
    });
    expect(dismissed.status).toBe('dismissed');
    expect((await autopilot.store.forTenant('default').approvals.getByRecommendation(idle.id))?.status).toBe(
      'cancelled',
    );
  });

  it('reports a failing engine, keeps existing recommendations and retries next cycle', async () => {
    const input = fixtureEngineInput();
    const provider = createFakeProvider({
      resources: input.resources,
      metrics: input.metrics,
      prices: input.prices,
    });
    const threshold = createThresholdEngine();
    let broken = false;
    const flaky: RecommendationEngineV1 = {
      specificationVersion: 'v1',
      engineId: 'threshold',
      async analyze(engineInput) {
        if (broken) throw new Error('model endpoint unavailable');
        return threshold.analyze(engineInput);
      },
    };
    const store = createMemoryStore();
    await createAutopilot({ provider, engines: [flaky], store, onError: () => {} }).runCycle();
    const tenant = store.forTenant('default');
    const before = await tenant.recommendations.list();
    expect(before).toHaveLength(2);

    // A restarted autopilot analyzes everything again; this time the engine fails.
    broken = true;
    const restarted = createAutopilot({ provider, engines: [flaky], store, onError: () => {} });
    const events: AutopilotEvent[] = [];
    restarted.events.on('event', (event) => events.push(event));
    const failed = await restarted.runCycle();
    expect(failed).toMatchObject({ errors: 1, superseded: 0, created: 0 });
    const diagnostic = events.find((event) => event.type === 'engine-diagnostic');
    expect(diagnostic?.type === 'engine-diagnostic' && diagnostic.payload.diagnostic).toMatchObject({
      code: 'engine-failed',
      message: 'model endpoint unavailable',
    });
    const statuses = (list: Recommendation[]) => list.map((item) => [item.id, item.status]);
    expect(statuses(await tenant.recommendations.list())).toEqual(statuses(before));

    // Nothing was marked analyzed, so the next cycle retries every resource.
    broken = false;
    const recovered = await restarted.runCycle();
    expect(recovered).toMatchObject({ analyzed: 4, errors: 0, created: 0 });
    expect(statuses(await tenant.recommendations.list())).toEqual(statuses(before));
  });

  it('runs continuously until stopped', async () => {
    const { autopilot, events } = harness({ intervalMs: 5 });
    autopilot.start();
    expect(autopilot.running).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await autopilot.stop();
    const ends = events.filter((event) => event.type === 'cycle-end').length;
    expect(ends).toBeGreaterThan(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events.filter((event) => event.type === 'cycle-end').length).toBe(ends);
  });
});
