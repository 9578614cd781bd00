/** Small, realistic API answers for component tests (shapes as the server sends them). */
import type {
  Approval,
  Calculation,
  ConfigStatus,
  CostHistory,
  Kpi,
  KpiSummary,
  Recommendation,
  SessionAnswer,
  Telemetry,
} from '../lib/types.js';

export const adminUser = {
  id: 'u-admin',
  email: 'admin@example.com',
  name: 'Administrator',
  role: 'admin' as const,
  tenantId: 'default',
};

export function sessionAnswer(n = 1, user = adminUser): SessionAnswer {
  return {
    accessToken: `access-${n}`,
    refreshToken: `refresh-${n}`,
    tokenType: 'Bearer',
    expiresAt: new Date(Date.now() + 7_200_000).toISOString(),
    user,
  };
}

export const spendCalculation: Calculation = {
  method: 'analytics.month-to-date-spend@1',
  inputs: {
    column: { value: 'EffectiveCost', source: 'FOCUS cost records' },
    daysElapsed: { value: 14.64, unit: 'days' },
  },
  formula: 'monthlySpend = Σ EffectiveCost in [month start, asOf)',
  steps: [
    { label: 'days 1–14', expression: '321.681533 × 14', value: 4503.541462, unit: 'USD' },
    { label: 'day 15 (partial)', expression: '206.507732', value: 206.507732, unit: 'USD' },
    { label: 'month to date', expression: '4503.541462 + 206.507732', value: 4710.049194, unit: 'USD' },
  ],
  result: { value: 4710.049194, unit: 'USD' },
  notes: ['2026-01 is partial: 14.64 of 31 days elapsed'],
};

function kpi(
  id: string,
  label: string,
  value: number | null,
  unit: string,
  calculation: Calculation | null,
): Kpi {
  return { id, label, value, unit, calculation, notes: [] };
}

function simple(value: number, unit: string, formula: string): Calculation {
  return {
    method: 'test@1',
    inputs: {},
    formula,
    steps: [{ label: 'result', expression: String(value), value, unit }],
    result: { value, unit },
  };
}

export const kpiSummary: KpiSummary = {
  asOf: '2026-01-15T15:26:08.400Z',
  currency: 'USD',
  kpis: {
    monthlySpend: {
      ...kpi('monthly-spend', 'Spend this month (to date)', 4710.049194, 'USD', spendCalculation),
      notes: ['2026-01 is partial: 14.64 of 31 days elapsed'],
    },
    lastMonthSpend: kpi(
      'last-month-spend',
      'Spend last month',
      9972.127523,
      'USD',
      simple(9972.127523, 'USD', 'Σ'),
    ),
    ytdSpend: kpi('ytd-spend', 'Spend year to date', 4710.049194, 'USD', simple(4710.049194, 'USD', 'Σ')),
    identifiedSavings: kpi(
      'identified-savings',
      'Identified savings (per month)',
      3328,
      'USD',
      simple(3328, 'USD', 'Σ'),
    ),
    realizedSavings: kpi(
      'realized-savings',
      'Realized savings (per month)',
      97.11,
      'USD',
      simple(97.11, 'USD', 'Σ'),
    ),
    wastePercent: kpi(
      'waste-percent',
      'Waste',
      34.01,
      'percent',
      simple(34.01, 'percent', 'waste = a ÷ b × 100'),
    ),
    monthOverMonth: kpi('month-over-month', 'Month over month', null, 'percent', null),
  },
  breakdown: {
    window: { name: 'month-to-date', start: '2026-01-01T00:00:00.000Z', end: '2026-01-15T15:26:08.400Z' },
    total: 4710.049194,
    byService: [
      { key: 'Amazon Elastic Compute Cloud', cost: 3605.45, share: 0.762, records: 923 },
      { key: 'Amazon Relational Database Service', cost: 1104.6, share: 0.238, records: 60 },
    ],
    byResourceType: [{ key: 'instance', cost: 4710.05, share: 1, records: 983 }],
  },
};

export const costHistory: CostHistory = {
  asOf: '2026-01-15T15:26:08.400Z',
  currency: 'USD',
  groupBy: 'service',
  months: [
    {
      month: '2025-12',
      start: '2025-12-01T00:00:00.000Z',
      end: '2026-01-01T00:00:00.000Z',
      total: 9972.13,
      groups: { EC2: 7599.51, RDS: 2372.62 },
      records: 2077,
      partial: false,
    },
    {
      month: '2026-01',
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-01-15T15:26:08.400Z',
      total: 4710.05,
      groups: { EC2: 3605.45, RDS: 1104.6 },
      records: 1013,
      partial: true,
    },
  ],
  calculation: simple(14682.18, 'USD', 'Σ months'),
};

export const configStatus: ConfigStatus = {
  provider: { id: 'sim', simulated: true },
  cloudCredentials: false,
  aiKey: false,
  executionEnabled: true,
  engines: { heuristic: true },
  database: 'pglite',
  issues: ['No cloud configured: running on the simulated fleet.', 'AI engine off: no GEMINI_API_KEY.'],
};

export function recommendation(overrides: Partial<Recommendation> = {}): Recommendation {
  return {
    id: 'rec_1',
    key: 'vol-1|storage-tier|modify-volume:gp3',
    resourceId: 'vol-1',
    provider: 'aws',
    service: 'ebs',
    resourceKind: 'block-volume',
    region: 'us-east-1',
    account: '123456789012',
    resourceTags: { env: 'prod' },
    kind: 'storage-tier',
    action: { type: 'modify-volume', from: 'io1', to: 'gp3' },
    title: 'Change data-web-prod-5 from io1 to gp3',
    estimatedMonthlySavings: 413,
    currency: 'USD',
    confidence: 0.99,
    risk: 'medium',
    engine: 'heuristic',
    calculation: simple(413, 'USD/month', 'savings = now − after'),
    evidence: [],
    status: 'pending-approval',
    executionMode: 'hitl',
    policyRuleId: 'production',
    createdAt: '2026-01-15T12:00:00.000Z',
    updatedAt: '2026-01-15T13:00:00.000Z',
    priority: 408.87,
    ...overrides,
  };
}

export function approvalFor(recommendationId: string, overrides: Partial<Approval> = {}): Approval {
  return {
    id: `apr_${recommendationId}`,
    recommendationId,
    policyRuleId: 'production',
    stages: [{ name: 'review', roles: ['approver', 'admin'] }],
    distinctApprovers: true,
    currentStage: 0,
    status: 'pending',
    decisions: [],
    createdAt: '2026-01-15T12:00:00.000Z',
    updatedAt: '2026-01-15T12:00:00.000Z',
    ...overrides,
  };
}

export const telemetry: Telemetry = {
  running: true,
  pipeline: {
    scan: { resources: 67 },
    analyze: { analyzedLastCycle: 67, perMinute: 1.07 },
    policy: { live: 40, autonomous: 2, hitl: 38 },
    approval: { pending: 38 },
    execution: { executing: 0, executed: 9, failed: 1, perMinute: 0.03 },
    verification: { verified: 8, perMinute: 0.02 },
  },
  queueDepth: { provider: 0, executions: 2 },
  cycles: [
    {
      cycleId: 1,
      at: '2026-01-15T12:34:50.400Z',
      durationMs: 1666.5,
      resources: 67,
      analyzed: 67,
      executed: 8,
      verified: 0,
      errors: 0,
    },
    {
      cycleId: 2,
      at: '2026-01-15T13:56:15.600Z',
      durationMs: 1044.7,
      resources: 67,
      analyzed: 67,
      executed: 0,
      verified: 0,
      errors: 1,
    },
  ],
};
