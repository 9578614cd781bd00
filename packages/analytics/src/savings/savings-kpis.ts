import {
  CalculationBuilder,
  formatNumber,
  PERCENT_DIGITS,
  roundAmount,
  roundTo,
} from '../shared/calculation-builder.js';
import { kpiFrom, undefinedKpi } from '../shared/daily-step.js';
import type { Kpi } from '../types.js';
import {
  IDENTIFIED_STATUSES,
  IN_FLIGHT_STATUSES,
  type KindTotals,
  type SavingsScan,
} from './scan-recommendations.js';

/** Adds one input per kind (sorted by name) and the step adding their rounded totals. */
function addKindStep(
  builder: CalculationBuilder,
  totals: Map<string, KindTotals>,
  label: string,
  unit: string,
  source: string,
): number {
  const kinds = [...totals.keys()].sort();
  const terms: number[] = [];
  for (const kind of kinds) {
    const { sum, count } = totals.get(kind)!;
    const amount = roundAmount(sum);
    terms.push(amount);
    builder.input(`savings.${kind}`, amount, {
      unit,
      source,
      description: `${count} recommendation${count === 1 ? '' : 's'} of kind ${kind}`,
    });
  }
  const by = kinds.length > 0 ? ` (${kinds.join(', ')})` : ' (none)';
  return builder.sum(`${label}: Σ by kind${by}`, terms, unit);
}

/**
 * Monthly savings of live recommendations (statuses {@link IDENTIFIED_STATUSES})
 * with a positive estimate. Upsizes (negative estimates) are not subtracted:
 * they are counted in the inputs and notes.
 */
export function identifiedSavingsKpi(scan: SavingsScan, currency: string): Kpi {
  const unit = `${currency}/month`;
  const builder = new CalculationBuilder(
    'analytics.identified-savings@1',
    `identifiedSavings = Σ estimatedMonthlySavings of the recommendations with status ${IDENTIFIED_STATUSES.join(', ')} and a positive estimate, added per kind`,
  );
  builder.input('statuses', IDENTIFIED_STATUSES.join(', '), { description: 'statuses counted' });
  for (const status of IDENTIFIED_STATUSES)
    builder.input(`count.${status}`, scan.liveByStatus.get(status) ?? 0, { unit: 'recommendations' });
  addKindStep(builder, scan.identified, 'identified savings', unit, 'estimatedMonthlySavings');
  const upsizeCost = roundAmount(scan.upsizes.sum);
  builder
    .input('upsizes.count', scan.upsizes.count, {
      unit: 'recommendations',
      description: 'live recommendations with a negative estimate (upsizes): not subtracted',
    })
    .input('upsizes.monthlyCost', upsizeCost, {
      unit,
      description: 'what the live upsizes would add per month',
    })
    .input('zeroSavings.count', scan.zero, { unit: 'recommendations' })
    .input('inFlight.count', scan.inFlight.count, {
      unit: 'recommendations',
      description: `status ${IN_FLIGHT_STATUSES.join(' or ')}: in neither identified nor realized savings`,
    })
    .input('inFlight.monthlySavings', roundAmount(scan.inFlight.sum), { unit });
  if (scan.upsizes.count > 0)
    builder.note(
      `${scan.upsizes.count} live upsize${scan.upsizes.count === 1 ? '' : 's'} would add ${formatNumber(upsizeCost)} ${unit}; not subtracted from the savings`,
    );
  if (scan.inFlight.count > 0)
    builder.note(
      `${scan.inFlight.count} recommendation${scan.inFlight.count === 1 ? ' is' : 's are'} executing or awaiting verification ` +
        `(${formatNumber(roundAmount(scan.inFlight.sum))} ${unit} estimated): counted once verified`,
    );
  return kpiFrom('identified-savings', 'Identified savings (per month)', currency, builder, unit);
}

/** Measured monthly savings (`realizedMonthlySavings`) of verified recommendations, negatives included. */
export function realizedSavingsKpi(scan: SavingsScan, currency: string): Kpi {
  const unit = `${currency}/month`;
  const builder = new CalculationBuilder(
    'analytics.realized-savings@1',
    'realizedSavings = Σ realizedMonthlySavings of the recommendations with status verified, added per kind (a negative measurement counts as measured)',
  );
  addKindStep(builder, scan.realized, 'realized savings', unit, 'realizedMonthlySavings');
  builder
    .input('verifiedUnmeasured.count', scan.verifiedUnmeasured, {
      unit: 'recommendations',
      description: 'verified without realizedMonthlySavings: not counted',
    })
    .input('negative.count', scan.realizedNegative, {
      unit: 'recommendations',
      description: 'verified with a negative measured saving (cost went up)',
    });
  if (scan.verifiedUnmeasured > 0)
    builder.note(
      `${scan.verifiedUnmeasured} verified recommendations have no realizedMonthlySavings and are not counted`,
    );
  if (scan.realizedNegative > 0)
    builder.note(
      `${scan.realizedNegative} verified recommendations measured a cost increase; included as negative savings`,
    );
  return kpiFrom('realized-savings', 'Realized savings (per month)', currency, builder, unit);
}

/**
 * Waste percentage: identified monthly savings ÷ monthly run-rate × 100. Its
 * calculation repeats the steps of both, then divides. Undefined (null) when
 * there is no run-rate or it is not positive.
 */
export function wastePercentKpi(identified: Kpi, runRate: Kpi): Kpi {
  const id = 'waste-percent';
  const label = 'Waste';
  if (runRate.value === null || runRate.calculation === null)
    return undefinedKpi(id, label, 'percent', [
      'no monthly run-rate (no cost records): waste % is undefined',
    ]);
  if (runRate.value <= 0)
    return undefinedKpi(id, label, 'percent', [
      `monthly run-rate is ${formatNumber(runRate.value)}: waste % is undefined when spend is not positive`,
    ]);
  const builder = new CalculationBuilder(
    'analytics.waste-percent@1',
    'wastePercent = identifiedSavings ÷ monthlyRunRate × 100 (both per 730-hour month)',
  );
  builder.include('runRate', runRate.calculation).include('identified', identified.calculation!);
  const value = roundTo(((identified.value ?? 0) / runRate.value) * 100, PERCENT_DIGITS);
  builder.step(
    'waste percentage',
    `${formatNumber(identified.value ?? 0)} / ${formatNumber(runRate.value)} × 100`,
    value,
    'percent',
  );
  for (const note of runRate.notes) builder.note(`run-rate: ${note}`);
  for (const note of identified.notes) builder.note(`identified savings: ${note}`);
  if (value > 100)
    builder.note(
      'above 100%: the estimates exceed the trailing spend (recent growth, or savings of resources billed elsewhere)',
    );
  return kpiFrom(id, label, 'percent', builder, 'percent');
}
