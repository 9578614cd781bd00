import { describe, expect, it } from 'vitest';
import { computeKpis } from '../compute-kpis.js';
import { cost, dailyCosts } from '../test-helpers.js';

const RDS = { ServiceName: 'Amazon Relational Database Service', ResourceType: 'db-instance' };

/**
 * Hand-made costs around month and year boundaries, `now` = 2026-03-15 12:00 UTC.
 *   2025-12-31 23:59:59Z   9    (last year: not in YTD, before every window)
 *   2026-01-10           100
 *   2026-01-31 23:00Z      5    (still January in UTC)
 *   2026-02-01           200
 *   2026-02-28            50
 *   2026-03-01 00:00+01:00 7    (= 2026-02-28 23:00 UTC: February)
 *   2026-03-01            30
 *   2026-03-15 11:00Z      4    (before now: counted)
 *   2026-03-15 12:00Z   1000    (at now: never counted)
 */
const NOW = '2026-03-15T12:00:00Z';
const COSTS = [
  cost('2025-12-31T23:59:59Z', 9),
  cost('2026-01-10T00:00:00Z', 100),
  cost('2026-01-31T23:00:00Z', 5, {}, 1),
  cost('2026-02-01T00:00:00Z', 200, RDS),
  cost('2026-02-28T00:00:00Z', 50),
  cost('2026-03-01T00:00:00+01:00', 7, {}, 1),
  cost('2026-03-01T00:00:00Z', 30),
  cost('2026-03-15T11:00:00Z', 4, { ...RDS, ResourceType: undefined }, 1),
  cost('2026-03-15T12:00:00Z', 1000, {}, 1),
];

describe('spend KPIs', () => {
  const { kpis } = computeKpis({ costs: COSTS, recommendations: [], now: NOW });

  it('monthlySpend: March to date = 30 + 4 = 34 (the record at now is left out)', () => {
    expect(kpis.monthlySpend.value).toBe(34);
    expect(kpis.monthlySpend.unit).toBe('USD');
    expect(kpis.monthlySpend.calculation!.inputs['records']!.value).toBe(2);
    expect(kpis.monthlySpend.notes).toContain('2026-03 is partial: 14.5 of 31 days elapsed');
    expect(kpis.monthlySpend.notes).toContain(
      '1 cost records start at or after asOf and are not counted in any figure',
    );
  });

  it('lastMonthSpend: February = 200 + 50 + 7 (the +01:00 record is February in UTC) = 257', () => {
    expect(kpis.lastMonthSpend.value).toBe(257);
    const steps = kpis.lastMonthSpend.calculation!.steps;
    expect(steps).toHaveLength(1);
    // 28 daily terms: 200 on the 1st, 57 on the 28th.
    expect(steps[0]!.expression.split(' + ')).toHaveLength(28);
    expect(steps[0]!.expression.startsWith('200 + 0')).toBe(true);
    expect(steps[0]!.expression.endsWith('+ 57')).toBe(true);
  });

  it('ytdSpend: January 105 + February 257 + March 34 = 396; last year is not counted', () => {
    expect(kpis.ytdSpend.value).toBe(396);
    const steps = kpis.ytdSpend.calculation!.steps;
    expect(steps.map((step) => step.value)).toEqual([105, 257, 34, 396]);
    expect(steps[3]!.expression).toBe('105 + 257 + 34');
  });

  it('monthOverMonth: (257 − 105) / 105 × 100 = 144.76%', () => {
    expect(kpis.monthOverMonth.value).toBe(144.76);
    expect(kpis.monthOverMonth.unit).toBe('percent');
    expect(kpis.monthOverMonth.calculation!.steps.at(-1)!.expression).toBe('(257 − 105) / 105 × 100');
  });

  it('monthlyRunRate: 30 complete days [02-13, 03-15) hold 50 + 7 + 30 = 87 → 87 / 720 × 730 = 88.208333', () => {
    expect(kpis.monthlyRunRate.value).toBe(88.208333);
    const calculation = kpis.monthlyRunRate.calculation!;
    expect(calculation.inputs['windowStart']!.value).toBe('2026-02-13T00:00:00.000Z');
    expect(calculation.inputs['windowEnd']!.value).toBe('2026-03-15T00:00:00.000Z');
    expect(calculation.steps.at(-1)!.expression).toBe('87 / 720 × 730');
    expect(kpis.monthlyRunRate.unit).toBe('USD');
    expect(calculation.result.unit).toBe('USD/month');
  });

  it('run-rate window shortens to the first record: 10 days × 10 = 100 → 100 / 240 × 730 = 304.166667', () => {
    const { kpis: short } = computeKpis({
      costs: dailyCosts('2026-03-05', '2026-03-15', 10),
      recommendations: [],
      now: '2026-03-15T06:00:00Z',
    });
    expect(short.monthlyRunRate.value).toBe(304.166667);
    expect(short.monthlyRunRate.notes[0]).toMatch(/the window is 10 days, not 30/);
  });

  it('history that started today: the run-rate extrapolates the hours so far (6 h × 1 → 730)', () => {
    const hourly = [0, 1, 2, 3, 4, 5].map((hour) => cost(`2026-03-15T0${hour}:00:00Z`, 1, {}, 1));
    const { kpis: fresh } = computeKpis({ costs: hourly, recommendations: [], now: '2026-03-15T06:00:00Z' });
    expect(fresh.monthlyRunRate.value).toBe(730);
    expect(fresh.monthlyRunRate.calculation!.steps.at(-1)!.expression).toBe('6 / 6 × 730');
    expect(fresh.monthlyRunRate.notes[0]).toMatch(/starts today/);
  });

  it('history that started a millisecond before now gives no run-rate rather than a division by zero', () => {
    const { kpis: instant } = computeKpis({
      costs: [cost('2026-03-15T05:59:59.999Z', 1, {}, 1)],
      recommendations: [],
      now: '2026-03-15T06:00:00Z',
    });
    expect(instant.monthlyRunRate.value).toBeNull();
    expect(instant.wastePercent.value).toBeNull();
  });
});

describe('leap years and month lengths', () => {
  // One unit every day from 2023-12-01 to the day before now.
  const leap = computeKpis({
    costs: dailyCosts('2023-12-01', '2024-03-10', 1),
    recommendations: [],
    now: '2024-03-10T00:00:00Z',
  }).kpis;
  const common = computeKpis({
    costs: dailyCosts('2025-12-01', '2026-03-10', 1),
    recommendations: [],
    now: '2026-03-10T00:00:00Z',
  }).kpis;

  it('February 2024 has 29 days, February 2026 has 28', () => {
    expect(leap.lastMonthSpend.value).toBe(29);
    expect(common.lastMonthSpend.value).toBe(28);
  });

  it('monthOverMonth: (29 − 31) / 31 = −6.45% in 2024, (28 − 31) / 31 = −9.68% in 2026', () => {
    expect(leap.monthOverMonth.value).toBe(-6.45);
    expect(common.monthOverMonth.value).toBe(-9.68);
    expect(leap.monthOverMonth.calculation!.steps.at(-1)!.expression).toBe('(29 − 31) / 31 × 100');
  });

  it('ytdSpend: 31 + 29 + 9 = 69 (now is 03-10 00:00, so March 10 is not in)', () => {
    expect(leap.ytdSpend.value).toBe(69);
    expect(common.ytdSpend.value).toBe(68);
    expect(leap.monthlySpend.value).toBe(9);
  });

  it('the run-rate window crosses February 29: [02-09, 03-10) is 30 days → 30 / 720 × 730 = 30.416667', () => {
    expect(leap.monthlyRunRate.calculation!.inputs['windowStart']!.value).toBe('2024-02-09T00:00:00.000Z');
    expect(leap.monthlyRunRate.value).toBe(30.416667);
    expect(common.monthlyRunRate.calculation!.inputs['windowStart']!.value).toBe('2026-02-08T00:00:00.000Z');
    expect(common.monthlyRunRate.value).toBe(30.416667);
  });

  it('in January the month over month compares December with November of the year before', () => {
    const january = computeKpis({
      costs: [...dailyCosts('2025-11-01', '2025-12-01', 2), ...dailyCosts('2025-12-01', '2026-01-05', 3)],
      recommendations: [],
      now: '2026-01-05T00:00:00Z',
    }).kpis;
    // November 30 × 2 = 60, December 31 × 3 = 93: (93 − 60) / 60 = 55%.
    expect(january.lastMonthSpend.value).toBe(93);
    expect(january.monthOverMonth.value).toBe(55);
    expect(january.ytdSpend.value).toBe(12);
  });
});

describe('empty and partial input', () => {
  it('no costs: spends are 0, run-rate, waste and month over month are null with a note', () => {
    const { kpis, breakdown } = computeKpis({ costs: [], recommendations: [], now: '2026-03-15T12:00:00Z' });
    expect(kpis.monthlySpend.value).toBe(0);
    expect(kpis.lastMonthSpend.value).toBe(0);
    expect(kpis.ytdSpend.value).toBe(0);
    expect(kpis.identifiedSavings.value).toBe(0);
    expect(kpis.realizedSavings.value).toBe(0);
    for (const kpi of [kpis.monthlyRunRate, kpis.wastePercent, kpis.monthOverMonth]) {
      expect(kpi.value).toBeNull();
      expect(kpi.calculation).toBeNull();
      expect(kpi.notes.length).toBeGreaterThan(0);
    }
    expect(kpis.lastMonthSpend.notes).toContain('no cost records in 2026-02');
    expect(breakdown.byService).toEqual([]);
    expect(breakdown.total).toBe(0);
  });

  it('now at the first instant of a month: month to date is 0 and empty', () => {
    const { kpis } = computeKpis({
      costs: dailyCosts('2026-02-01', '2026-03-01', 1),
      recommendations: [],
      now: '2026-03-01T00:00:00Z',
    });
    expect(kpis.monthlySpend.value).toBe(0);
    expect(kpis.monthlySpend.calculation!.steps[0]!.expression).toBe('0');
    expect(kpis.lastMonthSpend.value).toBe(28);
  });

  it('month over month is null when the month before last has no records', () => {
    const { kpis } = computeKpis({
      costs: dailyCosts('2026-02-01', '2026-03-15', 1),
      recommendations: [],
      now: '2026-03-15T00:00:00Z',
    });
    expect(kpis.monthOverMonth.value).toBeNull();
    expect(kpis.monthOverMonth.notes).toEqual(['no cost records for 2026-01: no change to show']);
  });

  it('month over month is null when the month before last nets to zero (credits), and notes a partial month', () => {
    const zero = computeKpis({
      costs: [
        cost('2026-01-05', 10),
        cost('2026-01-06', -10, { ChargeCategory: 'Credit' }),
        cost('2026-02-05', 5),
      ],
      recommendations: [],
      now: '2026-03-15T00:00:00Z',
    }).kpis;
    expect(zero.monthOverMonth.value).toBeNull();
    expect(zero.monthOverMonth.notes[0]).toMatch(/2026-01 cost 0 USD/);

    const partial = computeKpis({
      costs: [...dailyCosts('2026-01-20', '2026-03-15', 1)],
      recommendations: [],
      now: '2026-03-15T00:00:00Z',
    }).kpis;
    // January 20–31 = 12, February = 28: (28 − 12) / 12 = 133.33%, flagged.
    expect(partial.monthOverMonth.value).toBe(133.33);
    expect(partial.monthOverMonth.notes[0]).toMatch(/inside 2026-01: that month is incomplete/);
  });

  it('credits (negative EffectiveCost) reduce spend', () => {
    const { kpis } = computeKpis({
      costs: [cost('2026-03-02', 100), cost('2026-03-03', -25.5, { ChargeCategory: 'Credit' })],
      recommendations: [],
      now: '2026-03-15T00:00:00Z',
    });
    expect(kpis.monthlySpend.value).toBe(74.5);
  });

  it('amounts keep 6 decimals: 24 hourly records of 0.0116 make 0.2784', () => {
    const hourly = Array.from({ length: 24 }, (_, hour) =>
      cost(`2026-03-02T${String(hour).padStart(2, '0')}:00:00Z`, 0.0116, {}, 1),
    );
    const { kpis } = computeKpis({ costs: hourly, recommendations: [], now: '2026-03-15T00:00:00Z' });
    expect(kpis.monthlySpend.value).toBe(0.2784);
  });
});
