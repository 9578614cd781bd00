import type { Calculation, CalculationInput, CalculationStep } from '@finops-autopilot/core';

/** Decimals of every amount (currency units): micro-units, finer than any bill line. */
export const AMOUNT_DIGITS = 6;
/** Decimals of a percentage figure. */
export const PERCENT_DIGITS = 2;

/** Rounds half away from zero to `digits` decimals; never returns `-0`. */
export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  const rounded = Math.round(Math.abs(value) * factor) / factor;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/** An amount as shown in calculations and returned: {@link AMOUNT_DIGITS} decimals. */
export function roundAmount(value: number): number {
  return roundTo(value, AMOUNT_DIGITS);
}

/**
 * A number as written in an expression. Values are rounded before they are
 * written, and the shortest round-trip form (`String`) parses back to the same
 * double, so re-evaluating an expression meets the same numbers.
 */
export function formatNumber(value: number): string {
  return value < 0 ? `−${String(-value)}` : String(value);
}

/** `a + b − c` for the terms as given (`0` for none); evaluates left to right like {@link sumTerms}. */
export function sumExpression(terms: readonly number[]): string {
  if (terms.length === 0) return '0';
  let text = formatNumber(terms[0]!);
  for (let index = 1; index < terms.length; index++) {
    const term = terms[index]!;
    text += term < 0 ? ` − ${String(-term)}` : ` + ${String(term)}`;
  }
  return text;
}

/** Sum of the terms left to right, rounded to an amount: what `sumExpression(terms)` evaluates to. */
export function sumTerms(terms: readonly number[]): number {
  let sum = 0;
  for (const term of terms) sum += term;
  return roundAmount(sum);
}

/**
 * Collects a calculation's parts. Every step's expression is written with the
 * numbers as shown, and its value is computed from those same numbers, so a
 * person (or `evaluateArithmetic`) recomputing it gets the stated value.
 */
export class CalculationBuilder {
  readonly inputs: Record<string, CalculationInput> = {};
  readonly steps: CalculationStep[] = [];
  readonly notes: string[] = [];

  constructor(
    private readonly method: string,
    private readonly formula: string,
  ) {}

  input(
    name: string,
    value: number | string | boolean,
    details: { unit?: string; source?: string; description?: string } = {},
  ): this {
    const entry: CalculationInput = { value };
    if (details.unit !== undefined) entry.unit = details.unit;
    if (details.description !== undefined) entry.description = details.description;
    if (details.source !== undefined) entry.source = details.source;
    this.inputs[name] = entry;
    return this;
  }

  /** Adds a step and returns its value. */
  step(label: string, expression: string, value: number, unit: string): number {
    this.steps.push({ label, expression, value, unit });
    return value;
  }

  /** A step adding `terms`; returns the rounded sum. */
  sum(label: string, terms: readonly number[], unit: string): number {
    return this.step(label, sumExpression(terms), sumTerms(terms), unit);
  }

  /** Copies the inputs (names prefixed) and steps of another calculation, for composite figures. */
  include(prefix: string, calculation: Calculation): this {
    for (const [name, input] of Object.entries(calculation.inputs))
      this.inputs[`${prefix}.${name}`] = { ...input };
    for (const step of calculation.steps) this.steps.push({ ...step });
    return this;
  }

  note(text: string): this {
    this.notes.push(text);
    return this;
  }

  /** The calculation; its result is the last step's value. */
  build(unit: string): Calculation {
    const last = this.steps[this.steps.length - 1];
    if (!last) throw new Error(`calculation ${this.method} has no step`);
    const calculation: Calculation = {
      method: this.method,
      inputs: this.inputs,
      formula: this.formula,
      steps: this.steps,
      result: { value: last.value, unit },
    };
    if (this.notes.length > 0) calculation.notes = this.notes;
    return calculation;
  }
}
