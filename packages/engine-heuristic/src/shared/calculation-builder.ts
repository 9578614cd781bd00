import type { Calculation, CalculationInput, CalculationStep } from '@finops-autopilot/core';

/**
 * Builds a calculation step by step. Each step's expression is written with the
 * numbers as shown (already rounded) and its value is computed from those same
 * numbers, so a person recomputing by hand gets exactly the stated result.
 */
export class CalculationBuilder {
  private readonly inputs: Record<string, CalculationInput> = {};
  private readonly steps: CalculationStep[] = [];
  private readonly notes: string[] = [];

  constructor(
    private readonly method: string,
    private readonly formula: string,
  ) {}

  input(name: string, value: number | string | boolean, unit?: string, source?: string): this {
    this.inputs[name] = {
      value,
      ...(unit === undefined ? {} : { unit }),
      ...(source === undefined ? {} : { source }),
    };
    return this;
  }

  /** Adds a step and returns its value, for use in the next step. */
  step(label: string, expression: string, value: number, unit?: string): number {
    this.steps.push({ label, expression, value, ...(unit === undefined ? {} : { unit }) });
    return value;
  }

  note(text: string): this {
    this.notes.push(text);
    return this;
  }

  /** The calculation; its result is the last step's value. */
  build(): Calculation {
    const last = this.steps[this.steps.length - 1];
    if (!last) throw new Error(`calculation ${this.method} has no steps`);
    return {
      method: this.method,
      inputs: this.inputs,
      formula: this.formula,
      steps: this.steps,
      result: { value: last.value, unit: last.unit ?? '' },
      ...(this.notes.length > 0 ? { notes: this.notes } : {}),
    };
  }
}
