import { describe, expect, it } from 'vitest';
import type { RecommendationEngineV1 } from '../contracts/v1/engine-v1.js';
import type { Action } from '../schemas/action.js';
import type { RecommendationDraft } from '../schemas/recommendation.js';
import { createMemoryStore } from '../store/memory-store.js';
import { createFakeProvider } from '../testing/fake-provider.js';
import {
  FIXTURE_NOW,
  fixtureHourlySeries,
  fixtureRecommendation,
  fixtureResource,
} from '../testing/fixtures.js';
import { createAutopilot } from './create-autopilot.js';

/** An engine whose single proposal the test controls. */
function controlledEngine(initial: { savings: number; action: Action; risk?: 'low' | 'high' }) {
  const state = { ...initial };
  const engine: RecommendationEngineV1 = {
    specificationVersion: 'v1',
    engineId: 'controlled',
    async analyze(input) {
      const resource = input.resources.find((item) => item.id === 'i-1');
      if (!resource) return { recommendations: [], diagnostics: [] };
      const base = fixtureRecommendation({ resourceId: 'i-1', estimatedMonthlySavings: state.savings });
      const draft: RecommendationDraft = {
        ...base,
        kind: state.action.type === 'schedule' ? 'schedule' : 'rightsize',
        action: state.action,
        risk: state.risk ?? 'low',
        engine: 'controlled',
        resourceTags: resource.tags,
        calculation: {
          ...base.calculation,
          steps: [{ label: 'monthly savings', expression: String(state.savings), value: state.savings }],
          result: { value: state.savings, unit: 'USD/month' },
        },
      };
      return { recommendations: [draft], diagnostics: [] };
    },
  };
  return { engine, state };
}

function setup(initial: Parameters<typeof controlledEngine>[0]) {
  let level = 10;
  const resource = fixtureResource({ id: 'i-1', tags: { env: 'dev' } });
  const fake = createFakeProvider({ resources: [resource], now: FIXTURE_NOW });
  const provider = {
    ...fake,
    // A new level changes the metrics, so the resource is analyzed again.
    getMetrics: async () => [fixtureHourlySeries({ resourceId: 'i-1', shape: () => level })],
  };
  const { engine, state } = controlledEngine(initial);
  const store = createMemoryStore();
  const autopilot = createAutopilot({ provider, engines: [engine], store, onError: () => {} });
  const rerun = async (change: Partial<typeof state>) => {
    Object.assign(state, change);
    level += 1;
    await autopilot.runCycle();
  };
  const current = async () => (await store.forTenant('default').recommendations.list())[0]!;
  return { autopilot, store, rerun, current };
}

describe('re-routing a recommendation whose proposal changed', () => {
  it('sends an autonomous, not yet executed recommendation to a person when it becomes large', async () => {
    const { autopilot, store, rerun, current } = setup({
      savings: 70,
      action: { type: 'resize', from: 'm5.xlarge', to: 'm5.large' },
    });
    await autopilot.runCycle();
    expect(await current()).toMatchObject({
      status: 'approved',
      executionMode: 'autonomous',
      policyRuleId: 'safe-small',
    });
    await rerun({ savings: 650 });
    const escalated = await current();
    expect(escalated).toMatchObject({
      status: 'pending-approval',
      executionMode: 'hitl',
      policyRuleId: 'large-savings',
    });
    expect(escalated.statusReason).toContain('re-routed: the updated proposal now needs approval');
    const approval = await store.forTenant('default').approvals.getByRecommendation(escalated.id);
    expect(approval).toMatchObject({ status: 'pending', currentStage: 0 });
  });

  it('restarts a pending approval when the action changes, keeping the decisions history apart', async () => {
    const stop = {
      type: 'schedule' as const,
      stopCron: '0 19 * * 1-5',
      startCron: '0 7 * * 1-5',
      timezone: 'UTC',
      stoppedHours: [19],
    };
    const { autopilot, store, rerun, current } = setup({ savings: 40, action: stop, risk: 'high' });
    await autopilot.runCycle();
    const first = await current();
    const tenant = store.forTenant('default');
    await autopilot.approve({
      recommendationId: first.id,
      actor: { id: 'alice', type: 'user', role: 'approver' },
    });
    const halfway = await tenant.approvals.getByRecommendation(first.id);
    expect(halfway).toMatchObject({ status: 'pending', currentStage: 1 });

    await rerun({ action: { ...stop, stopCron: '0 20 * * 1-5', stoppedHours: [20] } });
    const after = await current();
    expect(after).toMatchObject({ id: first.id, status: 'pending-approval' });
    expect(after.statusReason).toBe('the proposal changed since it was approved; approval starts again');
    const restarted = await tenant.approvals.getByRecommendation(first.id);
    expect(restarted?.id).not.toBe(halfway?.id);
    expect(restarted).toMatchObject({ status: 'pending', currentStage: 0, decisions: [] });
    expect((await tenant.approvals.get(halfway!.id))?.status).toBe('cancelled');
  });

  it('leaves a routing alone when only the numbers move within the same rule', async () => {
    const { autopilot, rerun, current } = setup({
      savings: 70,
      action: { type: 'resize', from: 'm5.xlarge', to: 'm5.large' },
    });
    await autopilot.runCycle();
    await rerun({ savings: 72 });
    expect(await current()).toMatchObject({
      status: 'approved',
      executionMode: 'autonomous',
      estimatedMonthlySavings: 72,
    });
  });
});

describe('autopilot guards', () => {
  it('refuses an invalid tenant id up front', () => {
    expect(() =>
      createAutopilot({
        provider: createFakeProvider({ resources: [] }),
        engines: [controlledEngine({ savings: 1, action: { type: 'stop' } }).engine],
        tenantId: 'Acme Corp',
      }),
    ).toThrowError('Invalid autopilot options: tenantId: must be lowercase letters, digits, "-" or "_"');
  });

  it('resumes an execution that crashed before its dry run passed with the dry run first', async () => {
    const resource = fixtureResource({ id: 'i-1', tags: { env: 'dev' } });
    const fake = createFakeProvider({ resources: [resource], now: FIXTURE_NOW });
    const calls: boolean[] = [];
    const provider = {
      ...fake,
      executor: {
        ...fake.executor,
        async execute(call: Parameters<typeof fake.executor.execute>[0]) {
          calls.push(call.dryRun);
          return fake.executor.execute(call);
        },
      },
    };
    const store = createMemoryStore();
    const tenant = store.forTenant('default');
    await store.tenants.create({ id: 'default', name: 'default', createdAt: FIXTURE_NOW });
    const recommendation = fixtureRecommendation({
      resourceId: 'i-1',
      status: 'executing',
      executionMode: 'autonomous',
      lastExecutionId: 'exe-1',
    });
    const plan = await fake.executor.plan({ resourceId: 'i-1', action: recommendation.action });
    await tenant.recommendations.save(recommendation);
    await tenant.executions.save({
      id: 'exe-1',
      recommendationId: recommendation.id,
      resourceId: 'i-1',
      idempotencyKey: `${recommendation.id}:key`,
      status: 'dry-run',
      actor: { id: 'policy', type: 'system' },
      plan,
      startedAt: FIXTURE_NOW,
    });
    const autopilot = createAutopilot({
      provider: { ...provider, getMetrics: async () => [] },
      engines: [controlledEngine({ savings: 1, action: { type: 'stop' } }).engine],
      store,
      execution: { enabled: true },
      onError: () => {},
    });
    await autopilot.runCycle();
    expect(calls).toEqual([true, false]);
    expect((await tenant.recommendations.get(recommendation.id))?.status).toBe('executed');
  });
});
