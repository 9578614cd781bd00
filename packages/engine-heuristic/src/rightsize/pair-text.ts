import { type CalculationStep, HOURS_PER_MONTH } from '@finops-autopilot/core';
import { round } from '../shared/stats.js';
import { type Candidate, type CandidatePlan, compatibilityNote } from './candidate-plan.js';
import { flat } from './text.js';

/** What a resize's calculation shows that depends only on the source, the target and the node count. */
export interface PairText {
  currency: string;
  fromSource: string;
  toSource: string;
  perHourUnit: string;
  perMonthUnit: string;
  /** `(from − to) × nodes` per hour, as shown and as valued (6 decimals). */
  perHourExpression: string;
  perHour: number;
  /** `perHour × 730`, as shown and as valued (2 decimals): the monthly savings (negative for an upsize). */
  monthlyExpression: string;
  monthly: number;
  cpuLabel: string;
  memoryLabel: string;
  networkLabel: string;
  compatibilityNote: string;
  /** The calculation's price steps, frozen and shared by every resource making this move. */
  perHourStep: Readonly<CalculationStep>;
  /** `monthly savings` of a downsizing and of an upsizing (labelled as an added cost). */
  monthlyStep: { down: Readonly<CalculationStep>; up: Readonly<CalculationStep> };
}

/** Per target candidate, per node count. Candidates live as long as their catalog's index. */
const cache = new WeakMap<Candidate, Map<number, PairText>>();

/**
 * The texts and price arithmetic of moving `plan.source` to `target`, built
 * once and shared by every resource making the same move (strings are
 * immutable, so sharing them is safe and saves formatting and memory).
 */
export function pairText(
  plan: CandidatePlan,
  target: Candidate,
  nodes: number,
  currency: string,
  priceSource: string,
  database: boolean,
): PairText {
  let perTarget = cache.get(target);
  if (!perTarget) {
    perTarget = new Map();
    cache.set(target, perTarget);
  }
  let text = perTarget.get(nodes);
  // A candidate belongs to one catalog, service and region, so the price source and the
  // database flag are fixed; the currency is checked in case resources differ.
  if (!text || text.currency !== currency) {
    text = build(plan, target, nodes, currency, priceSource, database);
    perTarget.set(nodes, text);
  }
  return text;
}

function build(
  plan: CandidatePlan,
  target: Candidate,
  nodes: number,
  currency: string,
  priceSource: string,
  database: boolean,
): PairText {
  const from = plan.source.entry;
  const to = target.type.entry;
  const perHour = round((from.price - to.price) * nodes, 6);
  const perHourUnit = flat`${currency}/h`;
  const perMonthUnit = flat`${currency}/month`;
  const perHourExpression =
    nodes > 1 ? flat`(${from.price} − ${to.price}) × ${nodes}` : flat`${from.price} − ${to.price}`;
  const monthlyExpression = flat`${perHour} × ${HOURS_PER_MONTH}`;
  const monthly = round(perHour * HOURS_PER_MONTH, 2);
  const monthlyStep = (label: string): Readonly<CalculationStep> =>
    Object.freeze({ label, expression: monthlyExpression, value: monthly, unit: perMonthUnit });
  return {
    currency,
    fromSource: flat`${from.type}, ${priceSource}`,
    toSource: flat`${to.type}, ${priceSource}`,
    perHourUnit,
    perMonthUnit,
    perHourExpression,
    perHour,
    monthlyExpression,
    monthly,
    cpuLabel: flat`projected CPU peak on ${to.type}`,
    memoryLabel: flat`projected memory peak on ${to.type}`,
    networkLabel: flat`projected network peak on ${to.type}`,
    compatibilityNote: compatibilityNote(target, plan.source, database),
    perHourStep: Object.freeze({
      label: 'price difference per hour',
      expression: perHourExpression,
      value: perHour,
      unit: perHourUnit,
    }),
    monthlyStep: {
      down: monthlyStep('monthly savings'),
      up: monthlyStep('monthly savings (negative: added cost)'),
    },
  };
}
