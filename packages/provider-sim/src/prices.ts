import {
  createStaticPriceCatalog,
  type PriceCatalogEntry,
  type PriceCatalogV1,
} from '@finops-autopilot/core';
import pricesData from '../data/prices.json' with { type: 'json' };

/** Hours in a billing month, as AWS prices monthly rates. */
export const HOURS_PER_MONTH = 730;

interface PricesFile {
  _meta: { region: string; ec2: { snapshotDate: string }; rds: { snapshotDate: string; engine: string } };
  ec2: Array<{
    type: string;
    family: string;
    generation: number;
    size: string;
    vcpu: number;
    memoryGiB: number;
    architecture: 'x86_64' | 'arm64';
    networkGbps: number | null;
    usdPerHour: number;
  }>;
  rds: Array<{
    type: string;
    family: string;
    vcpu: number;
    memoryGiB: number;
    architecture: 'x86_64' | 'arm64';
    usdPerHour: number;
  }>;
  redshift: Array<{
    type: string;
    vcpu: number;
    memoryGiB: number;
    specSource: string;
    usdPerNodeHour: number;
  }>;
  ebs: Array<{
    type: string;
    usdPerGiBMonth: number;
    usdPerIopsMonth?: number;
    baselineIops?: number;
    usdPerMiBpsMonth?: number;
    baselineThroughputMBps?: number;
    usdPerMillionRequests?: number;
  }>;
}

const data = pricesData as unknown as PricesFile;

/** The region the bundled prices are for. */
export const PRICE_REGION = data._meta.region;

/** Builds the catalog entries for `region` (the bundled prices are us-east-1 list prices). */
export function simPriceEntries(region: string): PriceCatalogEntry[] {
  const base = { provider: 'aws', region, currency: 'USD' } as const;
  const entries: PriceCatalogEntry[] = [];
  for (const t of data.ec2) {
    entries.push({
      ...base,
      service: 'ec2',
      type: t.type,
      family: t.family,
      generation: t.generation,
      size: t.size,
      architecture: t.architecture,
      vcpu: t.vcpu,
      memoryGiB: t.memoryGiB,
      ...(t.networkGbps !== null ? { networkGbps: t.networkGbps } : {}),
      price: t.usdPerHour,
      unit: 'hour',
      attributes: { snapshotDate: data._meta.ec2.snapshotDate, operatingSystem: 'Linux', tenancy: 'shared' },
    });
  }
  for (const c of data.rds) {
    entries.push({
      ...base,
      service: 'rds',
      type: c.type,
      family: c.family,
      architecture: c.architecture,
      vcpu: c.vcpu,
      memoryGiB: c.memoryGiB,
      price: c.usdPerHour,
      unit: 'hour',
      attributes: {
        snapshotDate: data._meta.rds.snapshotDate,
        engine: data._meta.rds.engine,
        deployment: 'Single-AZ',
      },
    });
  }
  for (const n of data.redshift) {
    entries.push({
      ...base,
      service: 'redshift',
      type: n.type,
      family: n.type.split('.')[0] ?? n.type,
      vcpu: n.vcpu,
      memoryGiB: n.memoryGiB,
      price: n.usdPerNodeHour,
      unit: 'hour',
      attributes: { perNode: true, specSource: n.specSource },
    });
  }
  for (const v of data.ebs) {
    const extraPrices: Record<string, number> = {};
    if (v.usdPerIopsMonth !== undefined) extraPrices['iopsMonth'] = v.usdPerIopsMonth;
    if (v.usdPerMiBpsMonth !== undefined) extraPrices['throughputMiBpsMonth'] = v.usdPerMiBpsMonth;
    if (v.usdPerMillionRequests !== undefined) extraPrices['millionRequests'] = v.usdPerMillionRequests;
    const attributes: Record<string, number> = {};
    if (v.baselineIops !== undefined) attributes['includedIops'] = v.baselineIops;
    if (v.baselineThroughputMBps !== undefined)
      attributes['includedThroughputMiBps'] = v.baselineThroughputMBps;
    entries.push({
      ...base,
      service: 'ebs',
      type: v.type,
      price: v.usdPerGiBMonth,
      unit: 'GiB-month',
      ...(Object.keys(extraPrices).length > 0 ? { extraPrices } : {}),
      ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
    });
  }
  return entries;
}

/** The simulation's price catalog (services `ec2`, `rds`, `redshift`, `ebs`). */
export function createSimPriceCatalog(region: string): PriceCatalogV1 {
  return createStaticPriceCatalog({
    snapshotDate: data._meta.ec2.snapshotDate,
    entries: simPriceEntries(region),
    name: 'provider-sim bundled prices',
  });
}

/**
 * Monthly list cost of an EBS volume: storage, plus provisioned IOPS and
 * throughput above the type's free baseline (gp3) or all provisioned IOPS (io1/io2).
 */
export function volumeMonthlyCost(
  entry: PriceCatalogEntry,
  volume: { storageGiB: number; iops?: number | undefined; throughputMBps?: number | undefined },
): number {
  let cost = entry.price * volume.storageGiB;
  const baselineIops = Number(entry.attributes?.['includedIops'] ?? 0);
  const baselineThroughput = Number(entry.attributes?.['includedThroughputMiBps'] ?? 0);
  const iopsPrice = entry.extraPrices?.['iopsMonth'];
  if (iopsPrice !== undefined && volume.iops !== undefined)
    cost += iopsPrice * Math.max(0, volume.iops - baselineIops);
  const throughputPrice = entry.extraPrices?.['throughputMiBpsMonth'];
  if (throughputPrice !== undefined && volume.throughputMBps !== undefined) {
    cost += throughputPrice * Math.max(0, volume.throughputMBps - baselineThroughput);
  }
  return cost;
}
