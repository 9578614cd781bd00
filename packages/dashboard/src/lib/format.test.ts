import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatConfidence,
  formatDateTime,
  formatDuration,
  formatKpiValue,
  formatMetric,
  formatMoney,
  formatMonth,
  formatMonthly,
  formatPercent,
  formatRate,
  formatRatio,
  formatWithUnit,
  humanize,
  NOT_AVAILABLE,
} from './format.js';

describe('formatMoney', () => {
  it('shows cents below 100 and whole units from 100 on', () => {
    expect(formatMoney(29.781)).toBe('$29.78');
    expect(formatMoney(0)).toBe('$0.00');
    expect(formatMoney(413)).toBe('$413');
    expect(formatMoney(4731.277381)).toBe('$4,731');
    expect(formatMoney(1234567.89)).toBe('$1,234,568');
  });

  it('keeps the sign of negative amounts and adds + when asked', () => {
    expect(formatMoney(-560.64)).toBe('-$561');
    expect(formatMoney(-59.57)).toBe('-$59.57');
    expect(formatMoney(12.5, 'USD', { signed: true })).toBe('+$12.50');
    expect(formatMoney(-0)).toBe('$0.00');
  });

  it('can always show cents, or be compact', () => {
    expect(formatMoney(4731.277381, 'USD', { cents: true })).toBe('$4,731.28');
    expect(formatMoney(9800, 'USD', { compact: true })).toBe('$9.8K');
    expect(formatMoney(0, 'USD', { compact: true })).toBe('$0');
  });

  it('formats other currencies, and codes Intl does not know as a suffix', () => {
    expect(formatMoney(1500, 'EUR')).toBe('€1,500');
    expect(formatMoney(12, 'XYZ1')).toBe('12 XYZ1');
  });

  it('answers a dash for missing or non-finite values', () => {
    expect(formatMoney(null)).toBe(NOT_AVAILABLE);
    expect(formatMoney(undefined)).toBe(NOT_AVAILABLE);
    expect(formatMoney(Number.NaN)).toBe(NOT_AVAILABLE);
    expect(formatMoney(Number.POSITIVE_INFINITY)).toBe(NOT_AVAILABLE);
    expect(formatMonthly(null)).toBe(NOT_AVAILABLE);
  });

  it('appends /mo to monthly amounts', () => {
    expect(formatMonthly(413)).toBe('$413/mo');
    expect(formatMonthly(0.52)).toBe('$0.52/mo');
  });
});

describe('formatPercent and formatRatio', () => {
  it('formats values already in percent', () => {
    expect(formatPercent(34.01)).toBe('34.0%');
    expect(formatPercent(34.06, { digits: 2 })).toBe('34.06%');
    expect(formatPercent(1234.5)).toBe('1,234.5%');
  });

  it('signs changes, and never shows -0.0%', () => {
    expect(formatPercent(3.33, { signed: true })).toBe('+3.3%');
    expect(formatPercent(-3.33, { signed: true })).toBe('-3.3%');
    expect(formatPercent(-0.04)).toBe('0.0%');
    expect(formatPercent(0.04, { signed: true })).toBe('0.0%');
  });

  it('turns ratios into percentages', () => {
    expect(formatRatio(0.762045)).toBe('76.2%');
    expect(formatConfidence(0.985)).toBe('99%');
    expect(formatRatio(null)).toBe(NOT_AVAILABLE);
  });
});

describe('formatKpiValue', () => {
  it('uses money for currency units and percent for percent', () => {
    expect(formatKpiValue(4731.277381, 'USD')).toBe('$4,731');
    expect(formatKpiValue(34.01, 'percent')).toBe('34.0%');
    expect(formatKpiValue(3.33, 'percent', { signed: true })).toBe('+3.3%');
    expect(formatKpiValue(null, 'USD')).toBe(NOT_AVAILABLE);
  });
});

describe('formatWithUnit (calculation values)', () => {
  it('formats currencies, rates per period, percent and ratios', () => {
    expect(formatWithUnit(4710.049194, 'USD')).toBe('$4,710.05');
    expect(formatWithUnit(465, 'USD/month')).toBe('$465.00/mo');
    expect(formatWithUnit(0.1664, 'USD/hour')).toBe('$0.1664/h');
    expect(formatWithUnit(34.0123, 'percent')).toBe('34.01%');
    expect(formatWithUnit(0.762045, 'ratio')).toBe('0.762045 (76.2%)');
  });

  it('appends other units and shows inputs that are not numbers', () => {
    expect(formatWithUnit(835.44, 'IOPS')).toBe('835.44 IOPS');
    expect(formatWithUnit(14.64, 'days')).toBe('14.64 days');
    expect(formatWithUnit(3, undefined)).toBe('3');
    expect(formatWithUnit('EffectiveCost')).toBe('EffectiveCost');
    expect(formatWithUnit(true)).toBe('yes');
    expect(formatWithUnit(null)).toBe(NOT_AVAILABLE);
  });
});

describe('durations, rates, dates', () => {
  it('formats durations from milliseconds to hours', () => {
    expect(formatDuration(197.8)).toBe('198 ms');
    expect(formatDuration(1666.5)).toBe('1.7 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3_840_000)).toBe('1 h 4 min');
    expect(formatDuration(null)).toBe(NOT_AVAILABLE);
  });

  it('formats rates per minute', () => {
    expect(formatRate(1.07)).toBe('1.07/min');
    expect(formatRate(null)).toBe(NOT_AVAILABLE);
  });

  it('formats dates in UTC and months', () => {
    expect(formatDateTime('2026-01-15T17:02:07.200Z')).toBe('Jan 15, 2026, 17:02 UTC');
    expect(formatDateTime('not a date')).toBe(NOT_AVAILABLE);
    expect(formatMonth('2025-08')).toBe('Aug 2025');
    expect(formatMonth('2025-08', true)).toBe('Aug');
    expect(formatMonth('garbage')).toBe('garbage');
  });

  it('formats how long ago', () => {
    const now = Date.parse('2026-01-15T12:00:00Z');
    expect(formatAgo(now - 2000, now)).toBe('just now');
    expect(formatAgo(now - 12_000, now)).toBe('12 s ago');
    expect(formatAgo(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatAgo(now - 2 * 86_400_000, now)).toBe('2 d ago');
  });

  it('formats metrics in their CloudWatch units', () => {
    expect(formatMetric(41.234, 'Percent')).toBe('41.2%');
    expect(formatMetric(10_490_914_406, 'Bytes')).toBe('10.5 GB');
    expect(formatMetric(950, 'Bytes')).toBe('950 B');
    expect(formatMetric(1200, 'Count')).toBe('1.2K');
  });

  it('humanizes ids', () => {
    expect(humanize('pending-approval')).toBe('Pending approval');
    expect(humanize('storage-tier')).toBe('Storage tier');
  });
});
