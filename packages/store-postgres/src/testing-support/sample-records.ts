import type { Recommendation, RecommendationStatus } from '@finops-autopilot/core';

// Record generators for the benchmark and the child processes of the durability
// tests, which run outside vitest and so cannot use core's fixtures module.

const STATUSES: RecommendationStatus[] = [
  'open',
  'open',
  'open',
  'pending-approval',
  'approved',
  'dismissed',
];

/** A valid rightsize recommendation, varied by `index` (savings, status, resource). */
export function sampleRecommendation(index: number, overrides: Partial<Recommendation> = {}): Recommendation {
  const resourceId = `i-${index.toString(16).padStart(8, '0')}`;
  const savings = Math.round(((index * 7919) % 100_000) / 10) / 10;
  return {
    id: `rec-${index}`,
    key: `${resourceId}|rightsize|m5.large`,
    resourceId,
    provider: 'aws',
    service: index % 5 === 0 ? 'rds' : 'ec2',
    resourceKind: 'compute-instance',
    region: 'us-east-1',
    account: '111122223333',
    resourceTags: { env: index % 3 === 0 ? 'prod' : 'dev' },
    kind: 'rightsize',
    action: { type: 'resize', from: 'm5.xlarge', to: 'm5.large' },
    title: `Resize ${resourceId} from m5.xlarge to m5.large`,
    estimatedMonthlySavings: savings,
    currency: 'USD',
    confidence: (index % 100) / 100,
    risk: 'low',
    engine: 'heuristic',
    calculation: {
      method: 'heuristic.rightsize@1',
      inputs: {
        priceFrom: { value: 0.192, unit: 'USD/h' },
        priceTo: { value: 0.096, unit: 'USD/h' },
        hoursPerMonth: { value: 730, unit: 'h' },
      },
      formula: 'savings = (priceFrom − priceTo) × hoursPerMonth',
      steps: [
        { label: 'monthly savings', expression: '(0.192 − 0.096) × 730', value: savings, unit: 'USD/month' },
      ],
      result: { value: savings, unit: 'USD/month' },
    },
    evidence: [{ metric: 'CPUUtilization', statistic: 'p95', value: 7.5, unit: 'Percent' }],
    status: STATUSES[index % STATUSES.length] ?? 'open',
    executionMode: null,
    policyRuleId: null,
    premise: 'sample',
    createdAt: '2026-01-15T12:00:00.000Z',
    updatedAt: '2026-01-15T12:00:00.000Z',
    ...overrides,
  };
}
