import { describe, expect, it } from 'vitest';
import { computeKpis } from '../compute-kpis.js';
import { cost } from '../test-helpers.js';

const EC2 = 'Amazon Elastic Compute Cloud';
const RDS = 'Amazon Relational Database Service';
const NOW = '2026-03-15T12:00:00Z';

const COSTS = [
  cost('2026-02-20', 1000, { ServiceName: RDS, ResourceType: 'db-instance' }), // last month
  cost('2026-03-01', 60, { ServiceName: EC2, ResourceType: 'instance' }),
  cost('2026-03-02', 15, { ServiceName: EC2, ResourceType: 'volume' }),
  cost('2026-03-03', 20, { ServiceName: RDS, ResourceType: 'db-instance' }),
  cost('2026-03-04', 5, { ServiceName: '', ResourceType: undefined }),
  cost('2026-03-15T12:00:00Z', 500, { ServiceName: EC2 }), // at now: never counted
];

describe('breakdowns', () => {
  it('by service and by resource type over the month to date, largest first, missing → Unattributed', () => {
    const { breakdown } = computeKpis({ costs: COSTS, recommendations: [], now: NOW });
    expect(breakdown.window).toEqual({
      name: 'month-to-date',
      start: '2026-03-01T00:00:00.000Z',
      end: '2026-03-15T12:00:00.000Z',
    });
    expect(breakdown.total).toBe(100);
    // 75 / 100, 20 / 100, 5 / 100
    expect(breakdown.byService).toEqual([
      { key: EC2, cost: 75, share: 0.75, records: 2 },
      { key: RDS, cost: 20, share: 0.2, records: 1 },
      { key: 'Unattributed', cost: 5, share: 0.05, records: 1 },
    ]);
    expect(breakdown.byResourceType).toEqual([
      { key: 'instance', cost: 60, share: 0.6, records: 1 },
      { key: 'db-instance', cost: 20, share: 0.2, records: 1 },
      { key: 'volume', cost: 15, share: 0.15, records: 1 },
      { key: 'Unattributed', cost: 5, share: 0.05, records: 1 },
    ]);
  });

  it('shows each share and then the total as steps; the result is the total', () => {
    const { breakdown } = computeKpis({ costs: COSTS, recommendations: [], now: NOW });
    const calculation = breakdown.calculations.byService;
    expect(calculation.steps.map((step) => `${step.expression} = ${step.value}`)).toEqual([
      '75 / 100 = 0.75',
      '20 / 100 = 0.2',
      '5 / 100 = 0.05',
      '75 + 20 + 5 = 100',
    ]);
    expect(calculation.result).toEqual({ value: 100, unit: 'USD' });
  });

  it('shares of thirds round to 6 decimals; ties sort by key', () => {
    const { breakdown } = computeKpis({
      costs: [
        cost('2026-03-01', 1, { ServiceName: 'b' }),
        cost('2026-03-01', 1, { ServiceName: 'a' }),
        cost('2026-03-01', 1, { ServiceName: 'c' }),
      ],
      recommendations: [],
      now: NOW,
    });
    expect(breakdown.byService.map((row) => [row.key, row.share])).toEqual([
      ['a', 0.333333],
      ['b', 0.333333],
      ['c', 0.333333],
    ]);
  });

  it('other windows: last month, trailing 30 days, or explicit bounds (clipped to now)', () => {
    const last = computeKpis({ costs: COSTS, recommendations: [], now: NOW, breakdownWindow: 'last-month' });
    expect(last.breakdown.byService).toEqual([{ key: RDS, cost: 1000, share: 1, records: 1 }]);

    const trailing = computeKpis({
      costs: COSTS,
      recommendations: [],
      now: NOW,
      breakdownWindow: 'trailing-30-days',
    });
    expect(trailing.breakdown.window.start).toBe('2026-02-13T12:00:00.000Z');
    expect(trailing.breakdown.total).toBe(1100);

    const custom = computeKpis({
      costs: COSTS,
      recommendations: [],
      now: NOW,
      breakdownWindow: { start: '2026-03-02', end: new Date('2026-12-31T00:00:00Z') },
    });
    expect(custom.breakdown.window).toEqual({
      name: 'custom',
      start: '2026-03-02T00:00:00.000Z',
      end: '2026-03-15T12:00:00.000Z',
    });
    expect(custom.breakdown.total).toBe(40);
  });

  it('a window whose total is not positive gives shares of 0 and says so', () => {
    const { breakdown } = computeKpis({
      costs: [cost('2026-03-01', 10, { ServiceName: 'a' }), cost('2026-03-02', -10, { ServiceName: 'b' })],
      recommendations: [],
      now: NOW,
    });
    expect(breakdown.byService.map((row) => row.share)).toEqual([0, 0]);
    expect(breakdown.calculations.byService.notes).toEqual(['the window total is 0: shares are 0']);
  });
});
