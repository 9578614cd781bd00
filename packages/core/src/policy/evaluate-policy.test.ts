import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { fixtureRecommendation } from '../testing/fixtures.js';
import { DEFAULT_POLICY, definePolicy } from './default-policy.js';
import { evaluatePolicy } from './evaluate-policy.js';

describe('evaluatePolicy', () => {
  const policy = definePolicy({
    id: 'p',
    name: 'Test policy',
    rules: [
      {
        id: 'prod',
        when: { tags: { env: ['prod', 'production'] } },
        outcome: { mode: 'hitl', stages: [{ name: 'r', roles: ['approver'] }] },
      },
      { id: 'storage', when: { kinds: ['storage-tier'], risks: ['low'] }, outcome: { mode: 'autonomous' } },
      {
        id: 'big',
        when: { minMonthlySavings: 1000 },
        outcome: { mode: 'hitl', stages: [{ name: 'r', roles: ['admin'] }] },
      },
      {
        id: 'owned',
        when: { tags: { owner: '*' }, tagsAbsent: ['legal-hold'] },
        outcome: { mode: 'autonomous' },
      },
    ],
    fallback: { mode: 'hitl', stages: [{ name: 'r', roles: ['approver'] }] },
  });

  it('takes the first matching rule, in order', () => {
    const decision = evaluatePolicy(
      policy,
      fixtureRecommendation({
        kind: 'storage-tier',
        action: { type: 'modify-volume', from: 'gp2', to: 'gp3' },
        resourceTags: { env: 'PROD' },
      }),
    );
    expect(decision.ruleId).toBe('prod');
    expect(decision.mode).toBe('hitl');
    expect(decision.reason).toBe('rule "prod" matched: tag env=prod');
  });

  it('requires every condition of a rule', () => {
    const lowRisk = fixtureRecommendation({
      kind: 'storage-tier',
      action: { type: 'modify-volume', from: 'gp2', to: 'gp3' },
      risk: 'low',
      resourceTags: {},
    });
    expect(evaluatePolicy(policy, lowRisk).ruleId).toBe('storage');
    expect(evaluatePolicy(policy, { ...lowRisk, risk: 'medium' }).ruleId).toBeNull();
  });

  it('compares savings and tags, including wildcards and absence', () => {
    expect(
      evaluatePolicy(policy, fixtureRecommendation({ estimatedMonthlySavings: 1000, resourceTags: {} }))
        .ruleId,
    ).toBe('big');
    expect(
      evaluatePolicy(policy, fixtureRecommendation({ estimatedMonthlySavings: 999.99, resourceTags: {} }))
        .ruleId,
    ).toBeNull();
    expect(evaluatePolicy(policy, fixtureRecommendation({ resourceTags: { owner: 'team-a' } })).ruleId).toBe(
      'owned',
    );
    expect(
      evaluatePolicy(policy, fixtureRecommendation({ resourceTags: { owner: 'a', 'legal-hold': 'yes' } }))
        .ruleId,
    ).toBeNull();
  });

  it('falls back when nothing matches', () => {
    const decision = evaluatePolicy(policy, fixtureRecommendation({ resourceTags: {} }));
    expect(decision).toMatchObject({
      ruleId: null,
      mode: 'hitl',
      reason: 'no rule matched; fallback applied',
    });
  });

  it('is deterministic: the split is an outcome of rules, not chance', () => {
    const recommendation = fixtureRecommendation();
    const decisions = Array.from({ length: 20 }, () => evaluatePolicy(DEFAULT_POLICY, recommendation));
    expect(new Set(decisions.map((decision) => decision.mode)).size).toBe(1);
  });
});

describe('DEFAULT_POLICY', () => {
  const route = (overrides: Parameters<typeof fixtureRecommendation>[0]) =>
    evaluatePolicy(DEFAULT_POLICY, fixtureRecommendation(overrides));

  it('sends high risk to two stages by different people', () => {
    const decision = route({ risk: 'high', resourceTags: { env: 'dev' } });
    expect(decision.ruleId).toBe('high-risk');
    expect(decision.stages.map((stage) => stage.roles)).toEqual([['approver', 'admin'], ['admin']]);
    expect(decision.distinctApprovers).toBe(true);
  });

  it('asks a human for production, large savings, low confidence and upsizes', () => {
    expect(route({ resourceTags: { env: 'production' } }).ruleId).toBe('production');
    expect(route({ estimatedMonthlySavings: 600 }).ruleId).toBe('large-savings');
    expect(route({ confidence: 0.6 }).ruleId).toBe('low-confidence');
    expect(route({ estimatedMonthlySavings: -20 }).ruleId).toBe('upsize');
  });

  it('never runs a zero saving on its own, and sends medium risk to a person', () => {
    expect(
      route({ risk: 'low', confidence: 0.9, estimatedMonthlySavings: 0, resourceTags: {} }).ruleId,
    ).toBeNull();
    expect(
      route({ risk: 'medium', confidence: 0.95, estimatedMonthlySavings: 50, resourceTags: {} }),
    ).toMatchObject({
      ruleId: null,
      mode: 'hitl',
    });
    expect(
      route({ risk: 'low', confidence: 0.8, estimatedMonthlySavings: 50, resourceTags: {} }).ruleId,
    ).toBe('safe-small');
  });

  it('lets safe, confident, modest changes run autonomously', () => {
    const decision = route({
      risk: 'low',
      confidence: 0.9,
      estimatedMonthlySavings: 70,
      resourceTags: { env: 'dev' },
    });
    expect(decision).toMatchObject({ mode: 'autonomous', ruleId: 'safe-small', stages: [] });
  });
});

describe('definePolicy', () => {
  it('reports bad policies with paths', () => {
    expect(() =>
      definePolicy({
        id: 'x',
        name: 'x',
        rules: [{ id: 'r', when: { minConfidence: 2 }, outcome: { mode: 'autonomous' } }],
      }),
    ).toThrowError(InvalidInputError);
    expect(() =>
      definePolicy({ id: 'x', name: 'x', rules: [], fallback: { mode: 'sometimes' } }),
    ).toThrowError(/Invalid policy: fallback\.mode/);
  });
});
