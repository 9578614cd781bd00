import type {
  Calculation,
  CalculationInput,
  CalculationStep,
  PriceCatalogEntry,
} from '@finops-autopilot/core';
import { InvalidInputError } from '@finops-autopilot/core';
import { GP2_IOPS_PER_GIB, GP2_MAX_BASELINE_IOPS, GP2_MIN_BASELINE_IOPS } from './data.js';

/** One EBS volume to price. */
export interface EbsMonthlyCostInput {
  /** Volume type: `gp2`, `gp3`, `io1`, `io2`, `st1`, `sc1` or `standard`. */
  type: string;
  /** Provisioned size in GiB. */
  sizeGiB: number;
  /**
   * Provisioned IOPS. Required for io1/io2. For gp3, defaults to the included
   * 3,000 and only the part above it is billed. Ignored (with a note) for other types.
   */
  iops?: number;
  /** Provisioned throughput in MiB/s (gp3 only); defaults to the included 125, the part above it is billed. */
  throughputMBps?: number;
  /** Millions of I/O requests per month (`standard` only); without it the request charge is left out, with a note. */
  monthlyMillionRequests?: number;
  /** Region to price in. @default 'us-east-1' */
  region?: string;
}

/** The monthly cost of one EBS volume, with the arithmetic that produced it. */
export interface EbsMonthlyCost {
  type: string;
  region: string;
  sizeGiB: number;
  /** Total USD per month (`calculation.result.value`). */
  monthlyCost: number;
  currency: string;
  /**
   * IOPS the volume delivers for this price: gp2 baseline (3 per GiB, 100..16,000),
   * gp3 provisioned (at least 3,000), io1/io2 provisioned; `undefined` for HDD and magnetic.
   */
  iops: number | undefined;
  /** gp3 throughput in MiB/s (at least 125); `undefined` for other types. */
  throughputMBps: number | undefined;
  /** Inputs, formula and steps, e.g. to explain a gp2 → gp3 saving. Conforms to core's `calculationSchema`. */
  calculation: Calculation;
}

/** Method id stamped on every EBS calculation. */
export const EBS_MONTHLY_COST_METHOD = 'aws.ebs.monthly-cost@1';

/**
 * Prices one EBS volume from its catalog entry (service `ebs`): storage, plus
 * provisioned IOPS and throughput where the type bills them.
 *
 * - gp2: size × price; performance is a baseline of 3 IOPS per GiB (min 100, max 16,000), not billed.
 * - gp3: size × price + max(0, iops − 3,000) × IOPS price + max(0, MiB/s − 125) × throughput price.
 * - io1/io2: size × price + iops × IOPS price (io2: first-tier IOPS price only).
 * - st1/sc1: size × price. standard: size × price (+ requests when given).
 *
 * Use {@link ebsMonthlyCost} (or `catalog.ebsMonthlyCost`) to look the entry up first.
 * @throws {InvalidInputError} when the size is not positive, iops/throughput are negative, or io1/io2 lack iops.
 */
export function ebsMonthlyCostFromEntry(
  entry: PriceCatalogEntry,
  input: EbsMonthlyCostInput,
): EbsMonthlyCost {
  validate(input);
  const { type, region, sizeGiB } = { ...input, type: entry.type, region: entry.region };
  const source = priceSource(entry);
  const inputs: Record<string, CalculationInput> = {
    sizeGiB: { value: sizeGiB, unit: 'GiB', description: 'provisioned size' },
    storagePrice: { value: entry.price, unit: `${entry.currency}/GiB-month`, source },
  };
  const steps: CalculationStep[] = [];
  const notes: string[] = [];
  const formula: string[] = ['storage = sizeGiB × storagePrice'];
  const costParts: Array<{ label: string; value: number }> = [];
  let iops: number | undefined;
  let throughputMBps: number | undefined;

  const storage = round(sizeGiB * entry.price);
  steps.push({
    label: 'storage',
    expression: `${sizeGiB} × ${entry.price}`,
    value: storage,
    unit: 'USD/month',
  });
  costParts.push({ label: 'storage', value: storage });

  const iopsPrice = entry.extraPrices?.['iopsMonth'];
  const throughputPrice = entry.extraPrices?.['throughputMiBpsMonth'];
  const requestPrice = entry.extraPrices?.['millionRequests'];

  if (type === 'gp2') {
    const perGiB = numberAttribute(entry, 'baselineIopsPerGiB', GP2_IOPS_PER_GIB);
    const min = numberAttribute(entry, 'minBaselineIops', GP2_MIN_BASELINE_IOPS);
    const max = numberAttribute(entry, 'maxBaselineIops', GP2_MAX_BASELINE_IOPS);
    iops = Math.min(max, Math.max(min, perGiB * sizeGiB));
    steps.push({
      label: 'baseline IOPS (included)',
      expression: `min(${max}, max(${min}, ${perGiB} × ${sizeGiB}))`,
      value: iops,
      unit: 'IOPS',
    });
    formula.push(`baselineIops = min(${max}, max(${min}, ${perGiB} × sizeGiB)) (not billed)`);
    if (sizeGiB < 1000) notes.push('gp2 volumes under 1,000 GiB can burst to 3,000 IOPS on I/O credits.');
    if (input.iops !== undefined && input.iops !== iops) {
      notes.push(`gp2 IOPS cannot be provisioned: ${input.iops} requested, the baseline is ${iops}.`);
    }
  } else if (type === 'gp3') {
    const includedIops = numberAttribute(entry, 'includedIops', 3000);
    const includedThroughput = numberAttribute(entry, 'includedThroughputMiBps', 125);
    iops = Math.max(input.iops ?? includedIops, includedIops);
    throughputMBps = Math.max(input.throughputMBps ?? includedThroughput, includedThroughput);
    if (input.iops !== undefined && input.iops < includedIops) {
      notes.push(`gp3 always includes ${includedIops} IOPS; ${input.iops} requested.`);
    }
    if (input.throughputMBps !== undefined && input.throughputMBps < includedThroughput) {
      notes.push(`gp3 always includes ${includedThroughput} MiB/s; ${input.throughputMBps} requested.`);
    }
    inputs['iops'] = { value: iops, unit: 'IOPS', description: `provisioned (${includedIops} included)` };
    inputs['throughput'] = {
      value: throughputMBps,
      unit: 'MiB/s',
      description: `provisioned (${includedThroughput} included)`,
    };
    inputs['iopsPrice'] = {
      value: requirePrice(entry, iopsPrice, 'iopsMonth'),
      unit: 'USD/IOPS-month',
      source,
    };
    inputs['throughputPrice'] = {
      value: requirePrice(entry, throughputPrice, 'throughputMiBpsMonth'),
      unit: 'USD/MiBps-month',
      source,
    };
    const billableIops = Math.max(0, iops - includedIops);
    const billableThroughput = Math.max(0, throughputMBps - includedThroughput);
    const iopsCost = round(billableIops * (iopsPrice ?? 0));
    const throughputCost = round(billableThroughput * (throughputPrice ?? 0));
    steps.push(
      {
        label: 'billable IOPS',
        expression: `max(0, ${iops} − ${includedIops})`,
        value: billableIops,
        unit: 'IOPS',
      },
      { label: 'IOPS', expression: `${billableIops} × ${iopsPrice}`, value: iopsCost, unit: 'USD/month' },
      {
        label: 'billable throughput',
        expression: `max(0, ${throughputMBps} − ${includedThroughput})`,
        value: billableThroughput,
        unit: 'MiB/s',
      },
      {
        label: 'throughput',
        expression: `${billableThroughput} × ${throughputPrice}`,
        value: throughputCost,
        unit: 'USD/month',
      },
    );
    formula.push(
      `iopsCost = max(0, iops − ${includedIops}) × iopsPrice`,
      `throughputCost = max(0, throughput − ${includedThroughput}) × throughputPrice`,
    );
    costParts.push({ label: 'IOPS', value: iopsCost }, { label: 'throughput', value: throughputCost });
  } else if (type === 'io1' || type === 'io2') {
    iops = input.iops;
    if (iops === undefined) {
      throw new InvalidInputError({
        subject: 'EBS volume',
        issues: [{ path: 'iops', message: `${type} volumes need the provisioned IOPS to be priced` }],
      });
    }
    inputs['iops'] = { value: iops, unit: 'IOPS', description: 'provisioned' };
    inputs['iopsPrice'] = {
      value: requirePrice(entry, iopsPrice, 'iopsMonth'),
      unit: 'USD/IOPS-month',
      source,
    };
    const iopsCost = round(iops * (iopsPrice ?? 0));
    steps.push({ label: 'IOPS', expression: `${iops} × ${iopsPrice}`, value: iopsCost, unit: 'USD/month' });
    formula.push('iopsCost = iops × iopsPrice');
    costParts.push({ label: 'IOPS', value: iopsCost });
    if (type === 'io2' && iops > 32_000) {
      notes.push(
        'io2 IOPS above 32,000 are billed at lower tiers that this catalog does not have: cost is overstated.',
      );
    }
  } else if (type === 'standard' && requestPrice !== undefined) {
    if (input.monthlyMillionRequests === undefined) {
      notes.push(`Plus ${requestPrice} USD per million I/O requests (usage-based, not included).`);
    } else {
      inputs['monthlyMillionRequests'] = { value: input.monthlyMillionRequests, unit: 'million requests' };
      inputs['requestPrice'] = { value: requestPrice, unit: 'USD/million requests', source };
      const requestCost = round(input.monthlyMillionRequests * requestPrice);
      steps.push({
        label: 'I/O requests',
        expression: `${input.monthlyMillionRequests} × ${requestPrice}`,
        value: requestCost,
        unit: 'USD/month',
      });
      formula.push('requestCost = monthlyMillionRequests × requestPrice');
      costParts.push({ label: 'I/O requests', value: requestCost });
    }
  }
  if (type !== 'gp2' && type !== 'gp3' && type !== 'io1' && type !== 'io2' && input.iops !== undefined) {
    notes.push(`${type} volumes do not take provisioned IOPS; iops ignored.`);
  }
  if (type !== 'gp3' && input.throughputMBps !== undefined) {
    notes.push(`Only gp3 bills provisioned throughput; throughputMBps ignored for ${type}.`);
  }

  const total = round(costParts.reduce((sum, part) => sum + part.value, 0));
  if (costParts.length > 1) {
    steps.push({
      label: 'total',
      expression: costParts.map((part) => String(part.value)).join(' + '),
      value: total,
      unit: 'USD/month',
    });
  } else if (steps.length > 1) {
    steps.push({ label: 'total', expression: `${storage}`, value: total, unit: 'USD/month' });
  }
  formula.push(`monthlyCost = ${costParts.map((part) => partName(part.label)).join(' + ')}`);

  return {
    type,
    region,
    sizeGiB,
    monthlyCost: total,
    currency: entry.currency,
    iops,
    throughputMBps,
    calculation: {
      method: EBS_MONTHLY_COST_METHOD,
      inputs,
      formula: formula.join('; '),
      steps,
      result: { value: total, unit: `${entry.currency}/month` },
      ...(notes.length > 0 ? { notes } : {}),
    },
  };
}

/** `aws prices ebs us-east-1, snapshot 2026-07-20` (or `taken on or after …` for a lower-bound date). */
function priceSource(entry: PriceCatalogEntry): string {
  const date = entry.attributes?.['snapshotDate'];
  const base = `${entry.provider} prices ${entry.service} ${entry.region}`;
  if (typeof date !== 'string') return base;
  return entry.attributes?.['snapshotDateExact'] === false
    ? `${base}, taken on or after ${date}`
    : `${base}, snapshot ${date}`;
}

function partName(label: string): string {
  return (
    { storage: 'storage', IOPS: 'iopsCost', throughput: 'throughputCost', 'I/O requests': 'requestCost' }[
      label
    ] ?? label
  );
}

function validate(input: EbsMonthlyCostInput): void {
  const issues: Array<{ path: string; message: string }> = [];
  if (!Number.isFinite(input.sizeGiB) || input.sizeGiB <= 0) {
    issues.push({ path: 'sizeGiB', message: `must be a positive number of GiB, got ${input.sizeGiB}` });
  }
  for (const key of ['iops', 'throughputMBps', 'monthlyMillionRequests'] as const) {
    const value = input[key];
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      issues.push({ path: key, message: `must be a non-negative number, got ${value}` });
    }
  }
  if (issues.length > 0) throw new InvalidInputError({ subject: 'EBS volume', issues });
}

function numberAttribute(entry: PriceCatalogEntry, key: string, fallback: number): number {
  const value = entry.attributes?.[key];
  return typeof value === 'number' ? value : fallback;
}

function requirePrice(entry: PriceCatalogEntry, price: number | undefined, key: string): number {
  if (price === undefined) {
    throw new InvalidInputError({
      subject: `ebs price entry ${entry.type} in ${entry.region}`,
      issues: [{ path: `extraPrices.${key}`, message: 'missing' }],
    });
  }
  return price;
}

/** Rounds away floating-point noise (1e-9 USD) without hiding real digits. */
function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
