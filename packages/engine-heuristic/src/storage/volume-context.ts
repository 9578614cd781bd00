import type { PriceCatalogEntry, Resource } from '@finops-autopilot/core';
import type { CalculationBuilder } from '../shared/calculation-builder.js';
import type { RuleContext, RuleOutput } from '../shared/resource-context.js';

/** A volume with what every storage check needs, resolved once. */
export interface VolumeFacts {
  resource: Resource;
  type: string;
  sizeGiB: number;
  /** Catalog entry of the volume's current type. */
  entry: PriceCatalogEntry;
  /** Unit of money per month, e.g. `USD/month`. */
  money: string;
}

/** Where a price came from, as shown next to it. */
export function priceSource(context: RuleContext, entry: PriceCatalogEntry): string {
  return `${entry.provider} prices ${entry.service} ${entry.region} ${entry.type}, snapshot ${context.prices.snapshotDate}`;
}

/** The catalog entry of another EBS type in the volume's region, or a diagnostic and `undefined`. */
export function ebsEntry(
  context: RuleContext,
  output: RuleOutput,
  type: string,
  purpose: string,
): PriceCatalogEntry | undefined {
  const entry = context.prices.find({ service: 'ebs', region: context.resource.region, type });
  if (!entry) {
    output.diagnostics.push({
      resourceId: context.resource.id,
      level: 'warning',
      code: 'no-price',
      message: `no ebs price for ${type} in ${context.resource.region}; ${purpose} not evaluated`,
    });
  }
  return entry;
}

/** `1,234.50` style formatting for notes (never used in expressions). */
export function money(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Adds gp3's storage, IOPS and throughput prices as inputs (the same three wherever gp3 is priced). */
export function gp3PriceInputs(
  calc: CalculationBuilder,
  context: RuleContext,
  gp3: PriceCatalogEntry,
): CalculationBuilder {
  const source = priceSource(context, gp3);
  return calc
    .input('gp3Price', gp3.price, `${gp3.currency}/GiB-month`, source)
    .input('gp3IopsPrice', gp3.extraPrices?.['iopsMonth'] ?? 0, `${gp3.currency}/IOPS-month`, source)
    .input(
      'gp3ThroughputPrice',
      gp3.extraPrices?.['throughputMiBpsMonth'] ?? 0,
      `${gp3.currency}/MiBps-month`,
      source,
    );
}
