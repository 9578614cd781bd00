import { describe, expect, it } from 'vitest';
import { groupKeys, linearScale, linePath, niceTicks, seriesStats, stack } from './chart.js';

describe('chart geometry', () => {
  it('picks round ticks that cover the data', () => {
    expect(niceTicks(0, 9972)).toEqual([0, 2000, 4000, 6000, 8000, 10_000]);
    expect(niceTicks(0, 100, 4)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(0, 0)).toEqual([0, 1]);
    expect(niceTicks(-120, 480, 5)).toEqual([-200, 0, 200, 400, 600]);
    const ticks = niceTicks(0, 0.37, 4);
    expect(ticks[0]).toBe(0);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(0.37);
  });

  it('maps linearly, and a flat domain to the middle', () => {
    const scale = linearScale([0, 100], [200, 0]);
    expect(scale(0)).toBe(200);
    expect(scale(25)).toBe(150);
    expect(linearScale([5, 5], [0, 10])(5)).toBe(5);
  });

  it('stacks groups in order, negatives below zero', () => {
    expect(stack({ a: 10, b: 5, c: -3, d: 0 }, ['a', 'b', 'c', 'd', 'missing'])).toEqual([
      { key: 'a', value: 10, y0: 0, y1: 10 },
      { key: 'b', value: 5, y0: 10, y1: 15 },
      { key: 'c', value: -3, y0: -3, y1: 0 },
    ]);
  });

  it('orders group keys by their total', () => {
    expect(groupKeys([{ groups: { rds: 1, ec2: 10 } }, { groups: { redshift: 3, ec2: 9 } }])).toEqual([
      'ec2',
      'redshift',
      'rds',
    ]);
  });

  it('draws paths with gaps for missing values', () => {
    const identity = (value: number) => value;
    expect(linePath([0, 1, 2, 3], [5, Number.NaN, 7, 8], identity, identity)).toBe(
      'M0.0,5.0M2.0,7.0L3.0,8.0',
    );
  });

  it('summarizes series', () => {
    expect(seriesStats([])).toBeNull();
    expect(seriesStats([1, 2, 3, 4, Number.NaN])).toEqual({ min: 1, mean: 2.5, max: 4, p95: 4 });
  });
});
