import type { Calculation, CalculationInput, CalculationStep } from '@finops-autopilot/core';

/**
 * Inputs added with a plain keyed store (`inputs[name] = …`). V8 turns an
 * object into a slow, several times larger dictionary once keyed stores add
 * more properties than it keeps fast without a map transition (about 19 on
 * Node 20; 16 leaves a margin); a
 * resize calculation has up to 25 inputs and a large analysis holds 100,000
 * of them. Inputs past this count are added with `Object.defineProperty`,
 * which keeps the object's fast shape (a shape every calculation with the same
 * input names shares). The JSON and the key order are the same either way.
 */
const KEYED_INPUTS = 16;

/** Shared inputs remembered before the cache is emptied (a fleet has a few hundred). */
const MAX_SHARED_INPUTS = 8192;
let sharedCount = 0;
const sharedInputs = new Map<
  number | string | boolean,
  Map<string | undefined, Map<string | undefined, CalculationInput>>
>();

/**
 * One frozen input object per (value, unit, source), shared by every
 * calculation that shows it: window length, headroom, prices and capacities
 * repeat across a fleet, and 100,000 calculations holding their own copies
 * cost tens of megabytes. Frozen, so that no consumer can change another
 * recommendation's calculation through it.
 */
function sharedInput(value: number | string | boolean, unit?: string, source?: string): CalculationInput {
  let byUnit = sharedInputs.get(value);
  if (!byUnit) {
    if (sharedCount >= MAX_SHARED_INPUTS) {
      sharedInputs.clear();
      sharedCount = 0;
    }
    byUnit = new Map();
    sharedInputs.set(value, byUnit);
  }
  let bySource = byUnit.get(unit);
  if (!bySource) {
    bySource = new Map();
    byUnit.set(unit, bySource);
  }
  let entry = bySource.get(source);
  if (!entry) {
    entry = Object.freeze(inputEntry(value, unit, source));
    bySource.set(source, entry);
    sharedCount += 1;
  }
  return entry;
}

/** Per input name, the last shared constant given under it (`-0` never: it is not shared). */
const lastConstants = new Map<
  string,
  {
    value: number | string | boolean;
    unit: string | undefined;
    source: string | undefined;
    entry: CalculationInput;
  }
>();

function inputEntry(value: number | string | boolean, unit?: string, source?: string): CalculationInput {
  return unit === undefined
    ? source === undefined
      ? { value }
      : { value, source }
    : source === undefined
      ? { value, unit }
      : { value, unit, source };
}

/**
 * Builds a calculation step by step. Each step's expression is written with the
 * numbers as shown (already rounded) and its value is computed from those same
 * numbers, so a person recomputing by hand gets exactly the stated result.
 *
 * No object spreads: on V8 each costs tens of microseconds and leaves garbage,
 * and calculations are built once per recommendation.
 */
export class CalculationBuilder {
  private readonly names: string[] = [];
  private readonly entries: CalculationInput[] = [];
  private readonly steps: CalculationStep[] = [];
  private readonly notes: string[] = [];

  constructor(
    private readonly method: string,
    private readonly formula: string,
  ) {}

  input(name: string, value: number | string | boolean, unit?: string, source?: string): this {
    return this.add(name, inputEntry(value, unit, source));
  }

  /**
   * Like {@link input}, for a value that repeats across resources (an option, a
   * price, a capacity): the input object is shared and frozen (same JSON).
   */
  constant(name: string, value: number | string | boolean, unit?: string, source?: string): this {
    // -0 and 0 are one Map key (and ===); keep -0 out of the caches so that each keeps its own sign.
    if (Object.is(value, -0)) return this.add(name, inputEntry(value, unit, source));
    // Most constants repeat the last value given under their name: one look-up instead of three.
    const last = lastConstants.get(name);
    if (last !== undefined && last.value === value && last.unit === unit && last.source === source) {
      return this.add(name, last.entry);
    }
    const entry = sharedInput(value, unit, source);
    lastConstants.set(name, { value, unit, source, entry });
    return this.add(name, entry);
  }

  private add(name: string, entry: CalculationInput): this {
    this.names.push(name);
    this.entries.push(entry);
    return this;
  }

  /**
   * Adds a prebuilt step, e.g. one shared (frozen) by every calculation of the same
   * price pair, and returns its value.
   */
  sharedStep(step: Readonly<CalculationStep>): number {
    this.steps.push(step);
    return step.value;
  }

  /** Adds a step and returns its value, for use in the next step. */
  step(label: string, expression: string, value: number, unit?: string): number {
    this.steps.push(unit === undefined ? { label, expression, value } : { label, expression, value, unit });
    return value;
  }

  note(text: string): this {
    this.notes.push(text);
    return this;
  }

  /**
   * The calculation; its result is the last step's value. Steps and notes are
   * copied into arrays of their exact length (an array grown by `push` keeps
   * spare capacity for about 17 elements), and the result of a shared last step
   * is shared too.
   */
  build(): Calculation {
    const last = this.steps[this.steps.length - 1];
    if (!last) throw new Error(`calculation ${this.method} has no steps`);
    const result = resultOf(last);
    const steps = this.steps.slice();
    const inputs = inputsObject(this.method, this.names, this.entries);
    return this.notes.length > 0
      ? {
          method: this.method,
          inputs,
          formula: this.formula,
          steps,
          result,
          notes: this.notes.slice(),
        }
      : { method: this.method, inputs, formula: this.formula, steps, result };
  }
}

/** Stand-in values of the template objects (an object, like every input entry). */
const PLACEHOLDER: CalculationInput = Object.freeze({ value: 0 });

/** Template input objects remembered per method (the most recent first). */
const MAX_TEMPLATES = 16;
const templates = new Map<string, Array<{ names: string[]; template: Record<string, CalculationInput> }>>();

/**
 * The inputs object: `names[i]` → `entries[i]` in order (a repeated name keeps
 * its first position and its last entry). Calculations of one method mostly
 * repeat a few sequences of names: the object of each sequence is built once
 * as a template (see {@link inputsWithDefine}), then each calculation clones it
 * (`{ ...template }` copies its fast shape in one step) and stores its entries
 * into the existing properties, which never changes the shape.
 */
function inputsObject(
  method: string,
  names: readonly string[],
  entries: readonly CalculationInput[],
): Record<string, CalculationInput> {
  let list = templates.get(method);
  if (!list) {
    list = [];
    templates.set(method, list);
  }
  let template: Record<string, CalculationInput> | undefined;
  for (const shape of list) {
    if (sameNames(shape.names, names)) {
      template = shape.template;
      break;
    }
  }
  if (!template) {
    template = inputsWithDefine(
      names,
      names.map(() => PLACEHOLDER),
    );
    if (list.length >= MAX_TEMPLATES) list.pop();
    list.unshift({ names: names.slice(), template });
  }
  const inputs = { ...template };
  for (let index = 0; index < names.length; index++) inputs[names[index]!] = entries[index]!;
  return inputs;
}

function sameNames(left: readonly string[], right: readonly string[]): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

/** The inputs object built property by property: keyed stores, then `defineProperty` (see {@link KEYED_INPUTS}). */
function inputsWithDefine(
  names: readonly string[],
  entries: readonly CalculationInput[],
): Record<string, CalculationInput> {
  const inputs: Record<string, CalculationInput> = {};
  for (let index = 0; index < names.length; index++) {
    if (index < KEYED_INPUTS) inputs[names[index]!] = entries[index]!;
    else
      Object.defineProperty(inputs, names[index]!, {
        value: entries[index]!,
        writable: true,
        enumerable: true,
        configurable: true,
      });
  }
  return inputs;
}

/** Results of shared (frozen) last steps, frozen and shared in turn. */
const sharedResults = new WeakMap<Readonly<CalculationStep>, Calculation['result']>();

function resultOf(last: Readonly<CalculationStep>): Calculation['result'] {
  if (!Object.isFrozen(last)) return { value: last.value, unit: last.unit ?? '' };
  let result = sharedResults.get(last);
  if (!result) {
    result = Object.freeze({ value: last.value, unit: last.unit ?? '' });
    sharedResults.set(last, result);
  }
  return result;
}
