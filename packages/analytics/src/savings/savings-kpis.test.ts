import { LIVE_STATUSES, recommendationStatusSchema } from '@finops-autopilot/core';
import { describe, expect, it } from 'vitest';
import { computeKpis } from '../compute-kpis.js';
import { dailyCosts, recommendation } from '../test-helpers.js';
import { IDENTIFIED_STATUSES, IN_FLIGHT_STATUSES, REALIZED_STATUSES } from './scan-recommendations.js';

const NOW = '2026-03-15T12:00:00Z';
/** 72 a day on each of the 30 days before today: run-rate = 2160 / 720 × 730 = 2190. */
const COSTS = dailyCosts('2026-02-13', '2026-03-15', 72);

const RECOMMENDATIONS = [
  recommendation('open', 100, { kind: 'rightsize' }),
  recommendation('pending-approval', 50.5, { kind: 'idle', action: { type: 'stop' } }),
  recommendation('approved', 20, { kind: 'schedule', action: scheduleAction() }),
  recommendation('failed', 10, { kind: 'rightsize' }),
  recommendation('open', -30, { kind: 'rightsize' }), // an upsize
  recommendation('approved', -8.25, { kind: 'rightsize' }), // another
  recommendation('open', 0, { kind: 'rightsize' }),
  recommendation('executing', 40, { kind: 'rightsize' }),
  recommendation('executed', 60, { kind: 'idle', action: { type: 'stop' } }),
  recommendation('verified', 80, { kind: 'rightsize', realizedMonthlySavings: 70.25 }),
  recommendation('verified', 30, { kind: 'idle', action: { type: 'stop' }, realizedMonthlySavings: -5 }),
  recommendation('verified', 25, { kind: 'schedule', action: scheduleAction() }), // not measured
  recommendation('rejected', 999, { kind: 'rightsize' }),
  recommendation('dismissed', 999, { kind: 'rightsize' }),
  recommendation('superseded', 999, { kind: 'rightsize' }),
  recommendation('rolled-back', 999, { kind: 'rightsize', realizedMonthlySavings: 999 }),
];

function scheduleAction() {
  return {
    type: 'schedule' as const,
    stopCron: '0 19 * * 1-5',
    startCron: '0 7 * * 1-5',
    timezone: 'UTC',
    stoppedHours: [],
  };
}

describe('savings KPIs', () => {
  const { kpis } = computeKpis({ costs: COSTS, recommendations: RECOMMENDATIONS, now: NOW });

  it('counts exactly the live statuses of core (open, pending-approval, approved, failed)', () => {
    expect([...IDENTIFIED_STATUSES]).toEqual([...LIVE_STATUSES]);
    // Every status belongs to exactly one of identified, realized, in flight or ignored.
    const ignored = ['rejected', 'rolled-back', 'superseded', 'dismissed'];
    expect([...IDENTIFIED_STATUSES, ...REALIZED_STATUSES, ...IN_FLIGHT_STATUSES, ...ignored].sort()).toEqual(
      [...recommendationStatusSchema.options].sort(),
    );
  });

  it('identifiedSavings: idle 50.5 + rightsize (100 + 10) + schedule 20 = 180.5', () => {
    const kpi = kpis.identifiedSavings;
    expect(kpi.value).toBe(180.5);
    expect(kpi.unit).toBe('USD');
    const calculation = kpi.calculation!;
    expect(calculation.steps).toEqual([
      {
        label: 'identified savings: Σ by kind (idle, rightsize, schedule)',
        expression: '50.5 + 110 + 20',
        value: 180.5,
        unit: 'USD/month',
      },
    ]);
    expect(calculation.inputs['savings.rightsize']).toMatchObject({
      value: 110,
      description: '2 recommendations of kind rightsize',
    });
    expect(calculation.inputs['count.open']!.value).toBe(3);
    expect(calculation.inputs['count.approved']!.value).toBe(2);
    expect(calculation.inputs['count.failed']!.value).toBe(1);
  });

  it('upsizes are not subtracted: 2 of them would add 30 + 8.25 = 38.25', () => {
    const kpi = kpis.identifiedSavings;
    expect(kpi.calculation!.inputs['upsizes.count']!.value).toBe(2);
    expect(kpi.calculation!.inputs['upsizes.monthlyCost']!.value).toBe(38.25);
    expect(kpi.calculation!.inputs['zeroSavings.count']!.value).toBe(1);
    expect(kpi.notes).toContain('2 live upsizes would add 38.25 USD/month; not subtracted from the savings');
  });

  it('executing and executed are counted in neither, and said so (40 + 60 = 100)', () => {
    expect(kpis.identifiedSavings.calculation!.inputs['inFlight.count']!.value).toBe(2);
    expect(kpis.identifiedSavings.calculation!.inputs['inFlight.monthlySavings']!.value).toBe(100);
    expect(kpis.identifiedSavings.notes[1]).toMatch(
      /^2 recommendations are executing or awaiting verification/,
    );
  });

  it('realizedSavings: verified only, negatives included: idle −5 + rightsize 70.25 = 65.25', () => {
    const kpi = kpis.realizedSavings;
    expect(kpi.value).toBe(65.25);
    expect(kpi.calculation!.steps[0]!.expression).toBe('−5 + 70.25');
    expect(kpi.calculation!.inputs['verifiedUnmeasured.count']!.value).toBe(1);
    expect(kpi.calculation!.inputs['negative.count']!.value).toBe(1);
    expect(kpi.notes).toHaveLength(2);
  });

  it('wastePercent: 180.5 / 2190 × 100 = 8.24%, with the steps of both figures', () => {
    expect(kpis.monthlyRunRate.value).toBe(2190);
    const kpi = kpis.wastePercent;
    expect(kpi.value).toBe(8.24);
    expect(kpi.unit).toBe('percent');
    const steps = kpi.calculation!.steps;
    expect(steps.at(-1)!.expression).toBe('180.5 / 2190 × 100');
    expect(steps.map((step) => step.label)).toEqual([
      'window: EffectiveCost per UTC day, 2026-02-13 … 2026-03-14',
      'scaled to a month',
      'identified savings: Σ by kind (idle, rightsize, schedule)',
      'waste percentage',
    ]);
    expect(kpi.calculation!.inputs['runRate.windowHours']!.value).toBe(720);
    expect(kpi.calculation!.inputs['identified.savings.idle']!.value).toBe(50.5);
  });

  it('waste above 100% is reported as is, with a note', () => {
    const { kpis: high } = computeKpis({
      costs: dailyCosts('2026-02-13', '2026-03-15', 1), // run-rate 30 / 720 × 730 = 30.416667
      recommendations: [recommendation('open', 60.833334)],
      now: NOW,
    });
    // 60.833334 / 30.416667 × 100 = 200.00
    expect(high.wastePercent.value).toBe(200);
    expect(high.wastePercent.notes.at(-1)).toMatch(/^above 100%/);
  });

  it('wastePercent is null when the run-rate is 0', () => {
    const { kpis: idle } = computeKpis({
      costs: dailyCosts('2026-02-13', '2026-03-15', 0),
      recommendations: [recommendation('open', 10)],
      now: NOW,
    });
    expect(idle.monthlyRunRate.value).toBe(0);
    expect(idle.wastePercent.value).toBeNull();
    expect(idle.wastePercent.notes).toEqual([
      'monthly run-rate is 0: waste % is undefined when spend is not positive',
    ]);
  });

  it('no recommendations: identified and realized are 0 with an empty sum', () => {
    const { kpis: none } = computeKpis({ costs: COSTS, recommendations: [], now: NOW });
    expect(none.identifiedSavings.value).toBe(0);
    expect(none.identifiedSavings.calculation!.steps[0]!.expression).toBe('0');
    expect(none.realizedSavings.value).toBe(0);
    expect(none.wastePercent.value).toBe(0);
  });

  it('adds 10,000 savings of 0.01 per kind without drift: 100', () => {
    const many = Array.from({ length: 10_000 }, () => recommendation('open', 0.01));
    const { kpis: summed } = computeKpis({ costs: [], recommendations: many, now: NOW });
    expect(summed.identifiedSavings.value).toBe(100);
  });
});
