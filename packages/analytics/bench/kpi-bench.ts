/**
 * Benchmark: `computeKpis` and `costHistory` at the size the reference server
 * calls them on every autopilot cycle — 100 resources × 365 days of daily FOCUS
 * cost records (36,500) and 10,000 recommendations in every status. Prints the
 * median (and the fastest and slowest) of several runs after a warm-up, and
 * the time of the very first call (before the JIT has compiled anything).
 *
 *   pnpm --filter @finops-autopilot/analytics bench [-- --resources 100 --days 365 --recommendations 10000 --runs 51]
 *
 * `--hourly` makes the cost records hourly instead of daily (24 × as many).
 */
import { parseArgs } from 'node:util';
import type { CostRecord, Recommendation, RecommendationStatus } from '@finops-autopilot/core';
import { computeKpis, costHistory } from '../src/index.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    resources: { type: 'string', default: '100' },
    days: { type: 'string', default: '365' },
    recommendations: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '51' },
    hourly: { type: 'boolean', default: false },
  },
});
const resources = Number(values.resources);
const days = Number(values.days);
const recommendationCount = Number(values.recommendations);
const runs = Number(values.runs);
const periodHours = values.hourly ? 1 : 24;

const NOW = '2026-07-20T12:00:00.000Z';
const HOUR_MS = 3_600_000;
const SERVICES = [
  ['Amazon Elastic Compute Cloud', 'instance'],
  ['Amazon Elastic Compute Cloud', 'volume'],
  ['Amazon Relational Database Service', 'db-instance'],
  ['Amazon Redshift', 'cluster'],
] as const;
const STATUSES: RecommendationStatus[] = [
  'open',
  'pending-approval',
  'approved',
  'rejected',
  'executing',
  'executed',
  'failed',
  'verified',
  'rolled-back',
  'superseded',
  'dismissed',
];

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateCosts(): CostRecord[] {
  const next = random(7);
  const costs: CostRecord[] = [];
  const end = Date.parse(NOW);
  // `days` UTC days, the last one being today up to now.
  const start = Math.floor(end / 86_400_000) * 86_400_000 - (days - 1) * 86_400_000;
  for (let ms = start; ms < end; ms += periodHours * HOUR_MS) {
    const periodStart = new Date(ms).toISOString();
    const periodEnd = new Date(ms + periodHours * HOUR_MS).toISOString();
    for (let resource = 0; resource < resources; resource++) {
      const [service, type] = SERVICES[resource % SERVICES.length]!;
      const amount = Math.round((0.05 + next() * 2) * periodHours * 1e6) / 1e6;
      costs.push({
        BillingAccountId: '111122223333',
        ChargePeriodStart: periodStart,
        ChargePeriodEnd: periodEnd,
        ChargeCategory: 'Usage',
        BilledCost: amount,
        EffectiveCost: amount,
        BillingCurrency: 'USD',
        ServiceName: service,
        ResourceId: `r-${resource}`,
        ResourceType: type,
        RegionId: 'us-east-1',
        Tags: { team: `t${resource % 7}` },
      });
    }
  }
  return costs;
}

function generateRecommendations(): Recommendation[] {
  const next = random(11);
  return Array.from({ length: recommendationCount }, (_, index) => {
    const status = STATUSES[index % STATUSES.length]!;
    // About 3 a month each: the live ones add up to roughly a fifth of the spend.
    const savings = Math.round((next() < 0.05 ? -next() * 20 : next() * 6) * 100) / 100;
    return {
      id: `rec-${index}`,
      key: `r-${index}|rightsize|m5.large`,
      resourceId: `r-${index}`,
      provider: 'aws',
      service: 'ec2',
      resourceKind: 'compute-instance',
      region: 'us-east-1',
      account: '111122223333',
      resourceTags: {},
      kind: index % 3 === 0 ? 'idle' : 'rightsize',
      action: { type: 'resize', from: 'm5.xlarge', to: 'm5.large' },
      title: `Resize r-${index}`,
      estimatedMonthlySavings: savings,
      currency: 'USD',
      confidence: 0.9,
      risk: 'low',
      engine: 'bench',
      calculation: {
        method: 'bench@1',
        inputs: {},
        formula: 'savings',
        steps: [{ label: 'savings', expression: String(savings), value: savings }],
        result: { value: savings, unit: 'USD/month' },
      },
      evidence: [],
      status,
      executionMode: null,
      policyRuleId: null,
      premise: '',
      ...(status === 'verified' ? { realizedMonthlySavings: Math.round(savings * 0.9 * 100) / 100 } : {}),
      createdAt: NOW,
      updatedAt: NOW,
    };
  });
}

/** Times `run`: the first (cold) call, then the median of `runs` calls after ten warm-up calls. */
function time(label: string, run: () => unknown): void {
  const coldStart = performance.now();
  run();
  const cold = performance.now() - coldStart;
  for (let warm = 0; warm < 10; warm++) run();
  const samples: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  samples.sort((left, right) => left - right);
  const median = samples[Math.floor(samples.length / 2)]!;
  console.log(
    `${label.padEnd(38)} median ${median.toFixed(2)} ms  (min ${samples[0]!.toFixed(2)}, max ${samples.at(-1)!.toFixed(2)}, ${runs} runs; first call ${cold.toFixed(1)} ms)`,
  );
}

const generated = performance.now();
const costs = generateCosts();
const recommendations = generateRecommendations();
console.log(
  `${costs.length.toLocaleString()} ${values.hourly ? 'hourly' : 'daily'} cost records (${resources} resources × ${days} days), ` +
    `${recommendations.length.toLocaleString()} recommendations, generated in ${(performance.now() - generated).toFixed(0)} ms; node ${process.version}`,
);

const summary = computeKpis({ costs, recommendations, now: NOW });
console.log(
  `monthly spend ${summary.kpis.monthlySpend.value}, identified ${summary.kpis.identifiedSavings.value}, ` +
    `waste ${summary.kpis.wastePercent.value}% (${JSON.stringify(summary).length.toLocaleString()} bytes of JSON)`,
);
time('computeKpis', () => computeKpis({ costs, recommendations, now: NOW }));
time('costHistory (12 months)', () => costHistory({ costs, now: NOW, months: 12 }));
time('costHistory (12 months, by service)', () =>
  costHistory({ costs, now: NOW, months: 12, groupBy: 'service' }),
);
