import { z } from 'zod';
import { nonEmptyString } from './common.js';

/** One named input of a calculation, with its unit and where it came from. */
export const calculationInputSchema = z.object({
  value: z.union([z.number(), z.string(), z.boolean()]),
  unit: z.string().optional(),
  description: z.string().optional(),
  /** Where the value came from, e.g. `price catalog us-east-1 2026-07-20` or `CPUUtilization p99.5`. */
  source: z.string().optional(),
});
export type CalculationInput = z.infer<typeof calculationInputSchema>;

/** One arithmetic step: what it computes, the expression with numbers filled in, and the result. */
export const calculationStepSchema = z.object({
  label: nonEmptyString,
  /** The expression with the actual numbers, e.g. `(0.192 - 0.096) × 730`. */
  expression: nonEmptyString,
  value: z.number(),
  unit: z.string().optional(),
});
export type CalculationStep = z.infer<typeof calculationStepSchema>;

/**
 * How a number was obtained: enough for a person to recompute it by hand.
 * `result.value` must equal the last step's value.
 */
export const calculationSchema = z
  .object({
    /** Method id and version, e.g. `rightsize.percentile-headroom@1`. */
    method: nonEmptyString,
    inputs: z.record(z.string(), calculationInputSchema),
    /** The formula in words and symbols, e.g. `savings = (priceFrom − priceTo) × hoursPerMonth`. */
    formula: nonEmptyString,
    steps: z.array(calculationStepSchema).min(1, 'a calculation needs at least one step'),
    result: z.object({ value: z.number(), unit: nonEmptyString }),
    notes: z.array(z.string()).optional(),
  })
  .refine(
    (calculation) => {
      const last = calculation.steps[calculation.steps.length - 1];
      return (
        last !== undefined &&
        Math.abs(last.value - calculation.result.value) <= 1e-6 * Math.max(1, Math.abs(last.value))
      );
    },
    { message: 'result.value must equal the value of the last step', path: ['result', 'value'] },
  );
export type Calculation = z.infer<typeof calculationSchema>;

/** Hours in a month as AWS prices them (8,760 / 12). */
export const HOURS_PER_MONTH = 730;
