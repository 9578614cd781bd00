import { type CostRecord, FinopsError, InvalidInputError } from '@finops-autopilot/core';
import { describe, expect, it } from 'vitest';
import { computeKpis, requiredCostWindow } from './compute-kpis.js';
import { costHistory } from './cost-history.js';
import { cost, dailyCosts, recommendation } from './test-helpers.js';

const NOW = '2026-03-15T12:00:00Z';

/** Runs `action` and returns the InvalidInputError it throws. */
function invalid(action: () => unknown): InvalidInputError {
  try {
    action();
  } catch (error) {
    expect(FinopsError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError');
}

const paths = (error: InvalidInputError) => error.issues.map((issue) => issue.path);

describe('bad input is refused with the field named', () => {
  it('mixed currencies are never summed', () => {
    const error = invalid(() =>
      computeKpis({
        costs: [cost('2026-03-01', 10), cost('2026-03-02', 10, { BillingCurrency: 'EUR' })],
        recommendations: [],
        now: NOW,
      }),
    );
    expect(paths(error)).toEqual(['costs[1].BillingCurrency']);
    expect(error.message).toMatch(/is "EUR" but the figures are in USD/);
    expect(error.code).toBe('INVALID_INPUT');
  });

  it('records outside every window are checked too', () => {
    const error = invalid(() =>
      computeKpis({
        costs: [cost('2020-01-01', 1, { BillingCurrency: 'EUR' })],
        recommendations: [],
        now: NOW,
      }),
    );
    expect(paths(error)).toEqual(['costs[0].BillingCurrency']);
  });

  it('all records in another currency need `currency`; with it they are fine', () => {
    const euros = dailyCosts('2026-03-01', '2026-03-03', 5, { BillingCurrency: 'EUR' });
    expect(paths(invalid(() => computeKpis({ costs: euros, recommendations: [], now: NOW })))).toEqual([
      'costs[0].BillingCurrency',
      'costs[1].BillingCurrency',
    ]);
    const summary = computeKpis({ costs: euros, recommendations: [], now: NOW, currency: 'EUR' });
    expect(summary.currency).toBe('EUR');
    expect(summary.kpis.monthlySpend).toMatchObject({ value: 10, unit: 'EUR' });
    expect(summary.kpis.identifiedSavings.calculation!.result.unit).toBe('EUR/month');
  });

  it('a recommendation in another currency', () => {
    const error = invalid(() =>
      computeKpis({ costs: [], recommendations: [recommendation('open', 5, { currency: 'GBP' })], now: NOW }),
    );
    expect(paths(error)).toEqual(['recommendations[0].currency']);
  });

  it('lists ten issues and counts the rest', () => {
    const euros = dailyCosts('2026-01-01', '2026-03-01', 1, { BillingCurrency: 'EUR' });
    const error = invalid(() => computeKpis({ costs: euros, recommendations: [], now: NOW }));
    expect(error.issues).toHaveLength(11);
    expect(error.issues[10]!.message).toBe('and 49 more issues of the same kinds');
  });

  it('now: unparsable, zone-less or an invalid Date', () => {
    for (const now of ['yesterday', '2026-03-15T12:00:00', '03/15/2026', new Date(Number.NaN), 42]) {
      const error = invalid(() => computeKpis({ costs: [], recommendations: [], now: now as string }));
      expect(paths(error)).toEqual(['now']);
    }
    expect(paths(invalid(() => requiredCostWindow('soon')))).toEqual(['now']);
  });

  it('currency must be an ISO 4217 code', () => {
    expect(
      paths(invalid(() => computeKpis({ costs: [], recommendations: [], now: NOW, currency: 'usd' }))),
    ).toEqual(['currency']);
  });

  it('bad records: start, cost, not an object', () => {
    const costs = [
      cost('2026-03-01', 1, { ChargePeriodStart: 'last Tuesday' }),
      cost('2026-03-01', Number.NaN),
      null,
      cost('2026-03-01', Number.POSITIVE_INFINITY),
    ] as unknown as CostRecord[];
    expect(paths(invalid(() => computeKpis({ costs, recommendations: [], now: NOW })))).toEqual([
      'costs[0].ChargePeriodStart',
      'costs[1].EffectiveCost',
      'costs[2]',
      'costs[3].EffectiveCost',
    ]);
  });

  it('bad recommendations: status, savings', () => {
    const recommendations = [
      recommendation('open', Number.NaN),
      recommendation('lost' as 'open', 1),
      recommendation('verified', 1, { realizedMonthlySavings: Number.NaN }),
    ];
    expect(paths(invalid(() => computeKpis({ costs: [], recommendations, now: NOW })))).toEqual([
      'recommendations[0].estimatedMonthlySavings',
      'recommendations[1].status',
      'recommendations[2].realizedMonthlySavings',
    ]);
  });

  it('costs and recommendations must be arrays; the breakdown window must make sense', () => {
    const error = invalid(() =>
      computeKpis({ costs: null as unknown as CostRecord[], recommendations: {} as never, now: NOW }),
    );
    expect(paths(error)).toEqual(['costs', 'recommendations']);
    const window = (breakdownWindow: unknown) =>
      paths(
        invalid(() =>
          computeKpis({
            costs: [],
            recommendations: [],
            now: NOW,
            breakdownWindow: breakdownWindow as never,
          }),
        ),
      );
    expect(window('this-week')).toEqual(['breakdownWindow']);
    expect(window({ start: '2026-03-10', end: '2026-03-01' })).toEqual(['breakdownWindow.end']);
    expect(window({ start: 'then', end: '2026-03-01' })).toEqual(['breakdownWindow.start']);
  });

  it('costHistory: months out of range or not an integer, unknown groupBy, mixed currencies', () => {
    for (const months of [0, 37, 1.5, Number.NaN, '6']) {
      const error = invalid(() => costHistory({ costs: [], now: NOW, months: months as number }));
      expect(paths(error)).toEqual(['months']);
      expect(error.message).toMatch(/must be an integer from 1 to 36/);
    }
    expect(
      paths(invalid(() => costHistory({ costs: [], now: NOW, months: 6, groupBy: 'region' as 'service' }))),
    ).toEqual(['groupBy']);
    expect(
      paths(
        invalid(() =>
          costHistory({ costs: [cost('2026-03-01', 1, { BillingCurrency: 'JPY' })], now: NOW, months: 6 }),
        ),
      ),
    ).toEqual(['costs[0].BillingCurrency']);
    expect(paths(invalid(() => costHistory({ costs: [], now: 'now', months: 6 })))).toEqual(['now']);
  });
});

describe('purity', () => {
  it('is deterministic and does not mutate its input', () => {
    const costs = Object.freeze(
      dailyCosts('2025-12-01', '2026-03-15', 3.5).map((record) => Object.freeze(record)),
    );
    const recommendations = Object.freeze([
      recommendation('open', 12),
      recommendation('verified', 4, { realizedMonthlySavings: 3 }),
    ]);
    const before = JSON.stringify({ costs, recommendations });
    const first = computeKpis({ costs, recommendations, now: NOW });
    const second = computeKpis({ costs, recommendations, now: new Date(NOW) });
    expect(second).toEqual(first);
    expect(JSON.stringify({ costs, recommendations })).toBe(before);
    expect(costHistory({ costs, now: NOW, months: 6 })).toEqual(costHistory({ costs, now: NOW, months: 6 }));
  });

  it('requiredCostWindow: the earliest of January 1, the month before last and 30 days before today', () => {
    expect(requiredCostWindow(NOW)).toEqual({
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-03-15T12:00:00.000Z',
    });
    // In late December the month before last is October; 30 days back is November 25.
    expect(requiredCostWindow('2026-12-25T00:00:00Z').start).toBe('2026-01-01T00:00:00.000Z');
    // In early January, 30 days back reaches into the year before, but the month before last (November) is earlier.
    expect(requiredCostWindow('2026-01-05T00:00:00Z').start).toBe('2025-11-01T00:00:00.000Z');
  });
});
