import {
  type Action,
  type ExecutionMode,
  type Recommendation,
  type RecommendationStatus,
  recommendationKey,
} from '@finops-autopilot/core';

// Realistic recommendations for the benchmark: the four kinds the heuristic engine
// produces, with priced calculations, spread over statuses, execution modes and services.
// (The core fixtures module imports vitest, so the benchmark builds its own.)

const STATUSES: RecommendationStatus[] = [
  'open',
  'open',
  'open',
  'open',
  'pending-approval',
  'approved',
  'executed',
  'verified',
  'dismissed',
  'superseded',
];
const MODES: (ExecutionMode | null)[] = ['autonomous', 'hitl', 'hitl', null];
const SIZES = [
  ['m5.2xlarge', 0.384, 'm5.xlarge', 0.192],
  ['m5.xlarge', 0.192, 'm5.large', 0.096],
  ['c5.2xlarge', 0.34, 'c5.xlarge', 0.17],
  ['r5.xlarge', 0.252, 'r5.large', 0.126],
] as const;
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const HOURS = 730;

interface Priced {
  kind: string;
  service: string;
  resourceKind: string;
  action: Action;
  title: string;
  method: string;
  inputs: Recommendation['calculation']['inputs'];
  formula: string;
  expression: string;
  savings: number;
  evidence: Recommendation['evidence'];
}

const round2 = (value: number) => Math.round(value * 100) / 100;

function priced(index: number, resourceId: string): Priced {
  const [fromType, fromPrice, toType, toPrice] = SIZES[index % SIZES.length] ?? SIZES[0];
  switch (index % 4) {
    case 0: {
      const savings = round2((fromPrice - toPrice) * HOURS);
      return {
        kind: 'rightsize',
        service: 'ec2',
        resourceKind: 'compute-instance',
        action: { type: 'resize', from: fromType, to: toType },
        title: `Resize ${resourceId} from ${fromType} to ${toType}`,
        method: 'heuristic.rightsize@1',
        inputs: {
          priceFrom: { value: fromPrice, unit: 'USD/h' },
          priceTo: { value: toPrice, unit: 'USD/h' },
          hoursPerMonth: { value: HOURS, unit: 'h' },
        },
        formula: 'savings = (priceFrom − priceTo) × hoursPerMonth',
        expression: `(${fromPrice} − ${toPrice}) × ${HOURS}`,
        savings,
        evidence: [{ metric: 'CPUUtilization', statistic: 'p95', value: 4 + (index % 20), unit: 'Percent' }],
      };
    }
    case 1: {
      const stoppedHours = Array.from({ length: 128 }, (_, hour) => hour).filter(
        (hour) => hour % 24 < 8 || hour % 24 >= 20 || hour >= 120,
      );
      const savings = round2(fromPrice * stoppedHours.length * (HOURS / 168));
      return {
        kind: 'schedule',
        service: 'ec2',
        resourceKind: 'compute-instance',
        action: {
          type: 'schedule',
          stopCron: '0 20 * * 1-5',
          startCron: '0 8 * * 1-5',
          timezone: 'Europe/Paris',
          offhours: 'off=(M-F,20);on=(M-F,8);tz=Europe/Paris',
          stoppedHours,
        },
        title: `Stop ${resourceId} outside working hours`,
        method: 'heuristic.schedule@1',
        inputs: {
          hourlyPrice: { value: fromPrice, unit: 'USD/h' },
          stoppedHoursPerWeek: { value: stoppedHours.length, unit: 'h' },
          weeksPerMonth: { value: round2(HOURS / 168), unit: 'week' },
        },
        formula: 'savings = hourlyPrice × stoppedHoursPerWeek × weeksPerMonth',
        expression: `${fromPrice} × ${stoppedHours.length} × ${round2(HOURS / 168)}`,
        savings,
        evidence: [{ metric: 'CPUUtilization', statistic: 'offhours-p95', value: 1.2, unit: 'Percent' }],
      };
    }
    case 2: {
      const gib = 100 + (index % 900);
      const savings = round2(gib * (0.1 - 0.08));
      return {
        kind: 'storage-tier',
        service: 'ebs',
        resourceKind: 'block-volume',
        action: { type: 'modify-volume', from: 'gp2', to: 'gp3' },
        title: `Move ${resourceId} (${gib} GiB) from gp2 to gp3`,
        method: 'heuristic.storage-tier@1',
        inputs: {
          sizeGiB: { value: gib, unit: 'GiB' },
          priceFrom: { value: 0.1, unit: 'USD/GiB-month' },
          priceTo: { value: 0.08, unit: 'USD/GiB-month' },
        },
        formula: 'savings = sizeGiB × (priceFrom − priceTo)',
        expression: `${gib} × (0.1 − 0.08)`,
        savings,
        evidence: [{ metric: 'VolumeReadOps', statistic: 'p95', value: 120, unit: 'Count' }],
      };
    }
    default: {
      const savings = round2(toPrice * HOURS);
      return {
        kind: 'idle',
        service: index % 8 === 3 ? 'rds' : 'ec2',
        resourceKind: index % 8 === 3 ? 'database-instance' : 'compute-instance',
        action: { type: 'stop' },
        title: `Stop idle ${resourceId}`,
        method: 'heuristic.idle@1',
        inputs: {
          hourlyPrice: { value: toPrice, unit: 'USD/h' },
          hoursPerMonth: { value: HOURS, unit: 'h' },
        },
        formula: 'savings = hourlyPrice × hoursPerMonth',
        expression: `${toPrice} × ${HOURS}`,
        savings,
        evidence: [{ metric: 'NetworkIn', statistic: 'max', value: 1024, unit: 'Bytes' }],
      };
    }
  }
}

/** A valid recommendation, varied by `index`. */
export function benchRecommendation(index: number, at: string): Recommendation {
  const resourceId = `${index % 4 === 2 ? 'vol' : 'i'}-${index.toString(16).padStart(12, '0')}`;
  const kind = priced(index, resourceId);
  const status = STATUSES[index % STATUSES.length] ?? 'open';
  return {
    id: `rec-bench-${index}`,
    key: recommendationKey({ resourceId, kind: kind.kind, action: kind.action }),
    resourceId,
    provider: 'aws',
    service: kind.service,
    resourceKind: kind.resourceKind,
    region: REGIONS[index % REGIONS.length] ?? 'us-east-1',
    account: '111122223333',
    resourceTags: { env: index % 3 === 0 ? 'prod' : 'dev', team: `team-${index % 7}` },
    kind: kind.kind,
    action: kind.action,
    title: kind.title,
    estimatedMonthlySavings: kind.savings,
    currency: 'USD',
    confidence: 0.5 + (index % 50) / 100,
    risk: index % 4 === 3 ? 'medium' : 'low',
    engine: 'heuristic',
    calculation: {
      method: kind.method,
      inputs: kind.inputs,
      formula: kind.formula,
      steps: [
        { label: 'monthly savings', expression: kind.expression, value: kind.savings, unit: 'USD/month' },
      ],
      result: { value: kind.savings, unit: 'USD/month' },
    },
    evidence: kind.evidence,
    status,
    executionMode: status === 'open' ? null : (MODES[index % MODES.length] ?? null),
    policyRuleId: null,
    premise: `bench-${index}`,
    createdAt: at,
    updatedAt: at,
  };
}
