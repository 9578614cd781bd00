import { describe, expect, it } from 'vitest';
import { computeKpis } from './compute-kpis.js';
import { costHistory } from './cost-history.js';
import { cost, dailyCosts } from './test-helpers.js';

const EC2 = 'Amazon Elastic Compute Cloud';
const RDS = 'Amazon Relational Database Service';
const NOW = '2026-03-15T12:00:00Z';
const COSTS = [
  cost('2025-12-31T23:59:59Z', 9, {}, 1),
  cost('2026-01-10', 100, { ServiceName: EC2 }),
  cost('2026-01-31T23:00:00Z', 5, { ServiceName: RDS, ResourceType: undefined }, 1),
  cost('2026-02-01', 200, { ServiceName: RDS, ResourceType: 'db-instance' }),
  cost('2026-02-28', 50, { ServiceName: EC2 }),
  cost('2026-03-01T00:00:00+01:00', 7, { ServiceName: EC2 }, 1),
  cost('2026-03-01', 30, { ServiceName: EC2 }),
  cost('2026-03-15T11:00:00Z', 4, { ServiceName: RDS, ResourceType: undefined }, 1),
  cost('2026-03-15T12:00:00Z', 1000, {}, 1),
];

describe('costHistory', () => {
  it('one entry per month, months without records included, the current one partial', () => {
    const history = costHistory({ costs: COSTS, now: NOW, months: 5 });
    expect(history.groupBy).toBeNull();
    expect(
      history.months.map(({ month, total, records, partial }) => ({ month, total, records, partial })),
    ).toEqual([
      { month: '2025-11', total: 0, records: 0, partial: false },
      { month: '2025-12', total: 9, records: 1, partial: false },
      { month: '2026-01', total: 105, records: 2, partial: false },
      { month: '2026-02', total: 257, records: 3, partial: false },
      { month: '2026-03', total: 34, records: 2, partial: true },
    ]);
    expect(history.months[4]!.end).toBe('2026-03-15T12:00:00.000Z');
    expect(history.months[0]!.groups).toEqual({});
    // 0 + 9 + 105 + 257 + 34
    expect(history.calculation.result.value).toBe(405);
    expect(history.calculation.steps.at(-1)!.expression).toBe('0 + 9 + 105 + 257 + 34');
  });

  it('agrees with computeKpis on the months they share', () => {
    const history = costHistory({ costs: COSTS, now: NOW, months: 3 });
    const { kpis } = computeKpis({ costs: COSTS, recommendations: [], now: NOW });
    expect(history.months[1]!.total).toBe(kpis.lastMonthSpend.value);
    expect(history.months[2]!.total).toBe(kpis.monthlySpend.value);
    expect(history.calculation.result.value).toBe(kpis.ytdSpend.value);
  });

  it('groups by service (missing → Unattributed), largest first', () => {
    const history = costHistory({ costs: COSTS, now: NOW, months: 3, groupBy: 'service' });
    expect(history.months.map((month) => month.groups)).toEqual([
      { [EC2]: 100, [RDS]: 5 },
      { [RDS]: 200, [EC2]: 57 },
      { [EC2]: 30, [RDS]: 4 },
    ]);
    expect(history.months.map((month) => month.total)).toEqual([105, 257, 34]);
    expect(history.calculation.steps[1]!.expression).toBe('200 + 57');
  });

  it('groups by resource type', () => {
    const history = costHistory({ costs: COSTS, now: NOW, months: 2, groupBy: 'resourceType' });
    expect(history.months.map((month) => month.groups)).toEqual([
      { 'db-instance': 200, instance: 57 },
      { instance: 30, Unattributed: 4 },
    ]);
  });

  it('months = 1 is the current month alone; now at a month start gives it empty', () => {
    expect(costHistory({ costs: COSTS, now: NOW, months: 1 }).months.map((month) => month.total)).toEqual([
      34,
    ]);
    const atStart = costHistory({ costs: COSTS, now: '2026-03-01T00:00:00Z', months: 2 });
    expect(atStart.months).toMatchObject([
      { month: '2026-02', total: 257, partial: false },
      {
        month: '2026-03',
        total: 0,
        records: 0,
        partial: true,
        start: '2026-03-01T00:00:00.000Z',
        end: '2026-03-01T00:00:00.000Z',
      },
    ]);
  });

  it('February 2024 has 29 daily terms', () => {
    const history = costHistory({
      costs: dailyCosts('2024-01-01', '2024-03-02', 1),
      now: '2024-03-02T00:00:00Z',
      months: 3,
    });
    expect(history.months.map((month) => month.total)).toEqual([31, 29, 1]);
    expect(history.calculation.steps[1]!.label).toBe(
      '2024-02: EffectiveCost per UTC day, 2024-02-01 … 2024-02-29',
    );
  });

  it('36 months span three years back', () => {
    const history = costHistory({ costs: [], now: NOW, months: 36 });
    expect(history.months).toHaveLength(36);
    expect(history.months[0]!.month).toBe('2023-04');
    expect(history.months[35]!.month).toBe('2026-03');
  });
});
