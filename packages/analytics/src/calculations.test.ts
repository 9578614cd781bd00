import type { CostRecord, Recommendation } from '@finops-autopilot/core';
import { describe, expect, it } from 'vitest';
import { computeKpis } from './compute-kpis.js';
import { costHistory } from './cost-history.js';
import {
  checkCalculation,
  cost,
  historyCalculations,
  recommendation,
  summaryCalculations,
} from './test-helpers.js';

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

const SERVICES = [
  'Amazon Elastic Compute Cloud',
  'Amazon Relational Database Service',
  'Amazon Redshift',
  '',
];
const TYPES = ['instance', 'volume', 'db-instance', 'cluster', undefined];
const STATUSES: Recommendation['status'][] = [
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

/** Messy data: daily and hourly records with odd amounts and credits, all statuses, upsizes. */
function messyInput(seed: number, fromMs: number, toMs: number) {
  const next = random(seed);
  const costs: CostRecord[] = [];
  for (let ms = fromMs; ms < toMs; ms += 86_400_000) {
    for (let resource = 0; resource < 6; resource++) {
      const overrides = {
        ServiceName: SERVICES[resource % SERVICES.length]!,
        ResourceType: TYPES[resource % TYPES.length],
      };
      if (resource === 0) {
        for (let hour = 0; hour < 24; hour += 3)
          costs.push(
            cost(new Date(ms + hour * 3_600_000).toISOString(), 0.0116 * 3 * (1 + next()), overrides, 3),
          );
      } else {
        const credit = next() < 0.05;
        costs.push(
          cost(new Date(ms).toISOString(), credit ? -next() * 7 : next() * 123.456789, {
            ...overrides,
            ChargeCategory: credit ? 'Credit' : 'Usage',
          }),
        );
      }
    }
  }
  const recommendations = Array.from({ length: 300 }, (_, index) => {
    const status = STATUSES[index % STATUSES.length]!;
    const savings = next() < 0.1 ? -next() * 50 : next() * 300;
    return recommendation(status, Math.round(savings * 100) / 100, {
      kind: index % 2 ? 'rightsize' : 'idle',
      action: index % 2 ? { type: 'resize', from: 'm5.xlarge', to: 'm5.large' } : { type: 'stop' },
      ...(status === 'verified' && index % 5 !== 0 ? { realizedMonthlySavings: (next() - 0.2) * 200 } : {}),
    });
  });
  return { costs, recommendations };
}

const CASES = [
  { name: 'mid-month', now: '2026-03-15T12:34:56Z', from: '2025-10-01' },
  { name: 'leap day', now: '2024-02-29T18:00:00Z', from: '2023-11-01' },
  { name: 'first instant of a year', now: '2026-01-01T00:00:00Z', from: '2025-09-01' },
  { name: 'history shorter than 30 days', now: '2026-03-15T12:00:00Z', from: '2026-03-04' },
  { name: 'history started today', now: '2026-03-15T12:00:00Z', from: '2026-03-15' },
];

describe('every calculation parses with calculationSchema and its steps re-evaluate', () => {
  for (const [index, { name, now, from }] of CASES.entries()) {
    it(name, () => {
      const { costs, recommendations } = messyInput(index + 1, Date.parse(from), Date.parse(now));
      const summary = computeKpis({ costs, recommendations, now });
      const calculations = summaryCalculations(summary);
      for (const months of [1, 6, 12]) {
        const plain = costHistory({ costs, now, months });
        const grouped = costHistory({ costs, now, months, groupBy: 'service' });
        calculations.push(...historyCalculations(plain), ...historyCalculations(grouped));
        for (const month of grouped.months) {
          const groups = Object.values(month.groups).reduce((sum, value) => sum + value, 0);
          expect(Math.abs(groups - month.total)).toBeLessThan(1e-5);
        }
      }
      expect(calculations.length).toBeGreaterThan(8);
      const problems = calculations.flatMap(([where, calculation]) => checkCalculation(where, calculation));
      expect(problems).toEqual([]);

      for (const kpi of Object.values(summary.kpis)) {
        if (kpi.value === null) {
          expect(kpi.calculation).toBeNull();
          expect(kpi.notes.length).toBeGreaterThan(0);
        } else expect(kpi.calculation!.result.value).toBe(kpi.value);
      }
      const { breakdown } = summary;
      expect(breakdown.calculations.byService.result.value).toBe(breakdown.total);
      expect(Math.abs(breakdown.calculations.byResourceType.result.value - breakdown.total)).toBeLessThan(
        1e-5,
      );
    });
  }

  it('a month of real-looking data gives a waste figure whose steps all check', () => {
    const { costs, recommendations } = messyInput(
      42,
      Date.parse('2026-01-01'),
      Date.parse('2026-03-15T12:00:00Z'),
    );
    const { kpis } = computeKpis({ costs, recommendations, now: '2026-03-15T12:00:00Z' });
    expect(kpis.wastePercent.value).not.toBeNull();
    expect(checkCalculation('wastePercent', kpis.wastePercent.calculation!)).toEqual([]);
    expect(kpis.wastePercent.calculation!.steps.length).toBe(4);
  });
});
