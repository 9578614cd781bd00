import { describe, expect, it } from 'vitest';
import { evaluateArithmetic, tryEvaluateArithmetic } from './arithmetic.js';

describe('evaluateArithmetic', () => {
  it('computes what a person would', () => {
    expect(evaluateArithmetic('(0.384 − 0.096) × 730')).toBeCloseTo(210.24, 10);
    expect(evaluateArithmetic('2 + 3 * 4')).toBe(14);
    expect(evaluateArithmetic('-(2 + 3) / 5')).toBe(-1);
    expect(evaluateArithmetic('1,500 × 0.005')).toBeCloseTo(7.5, 10);
    expect(evaluateArithmetic('max(3000, 3 × 500) − 3000')).toBe(0);
    expect(evaluateArithmetic('ceil(2.1) + floor(2.9) + round(2.5) + min(1, 2)')).toBe(9);
    expect(evaluateArithmetic('12.5 × (1 + 20%)')).toBeCloseTo(15, 10);
    expect(evaluateArithmetic('168 ÷ 24')).toBe(7);
  });

  it('refuses anything that is not arithmetic', () => {
    expect(() => evaluateArithmetic('p99.5 of CPU')).toThrowError(/unexpected/);
    expect(() => evaluateArithmetic('(1 + 2')).toThrowError('missing ")"');
    expect(() => evaluateArithmetic('1 + ')).toThrowError('unexpected end');
    expect(() => evaluateArithmetic('2 3')).toThrowError('unexpected "3"');
    expect(tryEvaluateArithmetic('m5.large price')).toBeUndefined();
    expect(tryEvaluateArithmetic('1 / 0')).toBeUndefined();
  });
});
