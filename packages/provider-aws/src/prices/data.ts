import { readFileSync } from 'node:fs';
import type { PriceCatalogEntry } from '@finops-autopilot/core';
import { type CpuArchitecture, tryParseInstanceType } from './instance-type.js';

/** Services in the bundled AWS price catalog. */
export type AwsPriceService = 'ec2' | 'rds' | 'redshift' | 'ebs';

/** Every service of the bundled catalog, in a fixed order. */
export const AWS_PRICE_SERVICES: readonly AwsPriceService[] = Object.freeze([
  'ec2',
  'rds',
  'redshift',
  'ebs',
]);

/** Database engines the bundled RDS prices cover (Single-AZ, on-demand). */
export type RdsEngine = 'MySQL' | 'PostgreSQL' | 'MariaDB' | 'Aurora MySQL' | 'Aurora PostgreSQL';

/** Every {@link RdsEngine}, in the order of the bundled data. */
export const RDS_ENGINES: readonly RdsEngine[] = Object.freeze([
  'MySQL',
  'PostgreSQL',
  'MariaDB',
  'Aurora MySQL',
  'Aurora PostgreSQL',
]);

/** EBS volume types in the bundled catalog. */
export type EbsVolumeType = 'gp2' | 'gp3' | 'io1' | 'io2' | 'st1' | 'sc1' | 'standard';

/** Where one service's bundled prices come from and how old they are. */
export interface AwsPriceSnapshot {
  /** ISO date of the prices. */
  date: string;
  /**
   * `true` when {@link AwsPriceSnapshot.date} is the date the prices were taken;
   * `false` when it is a lower bound ("no older than"), as for EBS and Redshift.
   */
  exact: boolean;
  /** Upstream repository, commit and file. */
  source: string;
  /** What a price means, e.g. `on-demand, Single-AZ, USD per instance-hour`. */
  priceBasis: string;
}

/** `data/` next to `src/` and `dist/`: this file is `src/prices/data.ts` or bundled into `dist/prices/index.js`. */
export const DEFAULT_DATA_DIR = new URL('../../data/', import.meta.url);

const FILES: Readonly<Record<AwsPriceService, string>> = {
  ec2: 'ec2.json',
  rds: 'rds.json',
  redshift: 'redshift.json',
  ebs: 'ebs.json',
};

interface DataMeta {
  currency: string;
  priceBasis: string;
  snapshotDate: string;
  snapshotDateExact: boolean;
  source: string;
}

type Ec2Row = [
  type: string,
  vcpu: number | null,
  memoryGiB: number | null,
  architecture: CpuArchitecture | null,
  cpuManufacturer: string | null,
  networkGbps: number | null,
  gpuCount: number | null,
  usdPerHour: number,
];

type RdsRow = [
  type: string,
  vcpu: number | null,
  memoryGiB: number | null,
  architecture: CpuArchitecture | null,
  currentGeneration: boolean,
  usdPerHourByRegion: Record<string, Array<number | null>>,
];

interface RedshiftNode {
  usdPerNodeHour: number;
  vcpu?: number;
  memoryGiB?: number;
  managedStorageUsdPerGiBMonth?: number;
  concurrencyScalingUsdPerNodeSecond?: number;
  deprecated?: boolean;
}

interface EbsVolume {
  usdPerGiBMonth: number;
  usdPerIopsMonth?: number;
  usdPerMiBpsMonth?: number;
  includedIops?: number;
  includedThroughputMiBps?: number;
  usdPerMillionRequests?: number;
}

interface DataFiles {
  ec2: { _meta: DataMeta & { regions: string[] }; rows: Ec2Row[] };
  rds: { _meta: DataMeta & { engines: RdsEngine[] }; rows: RdsRow[] };
  redshift: { _meta: DataMeta & { regions: string[] }; nodeTypes: Record<string, RedshiftNode> };
  ebs: { _meta: DataMeta & { regions: string[] }; volumeTypes: Record<string, EbsVolume> };
}

const fileCache = new Map<string, unknown>();

/** Reads one data file on first use; later calls return the cached parse. */
function readDataFile<S extends AwsPriceService>(dataDir: URL, service: S): DataFiles[S] {
  const url = new URL(FILES[service], dataDir);
  const cached = fileCache.get(url.href);
  if (cached !== undefined) return cached as DataFiles[S];
  const parsed = JSON.parse(readFileSync(url, 'utf8')) as DataFiles[S];
  fileCache.set(url.href, parsed);
  return parsed;
}

/** Snapshot facts of one service, from its data file. */
export function readSnapshot(dataDir: URL, service: AwsPriceService): AwsPriceSnapshot {
  const meta = readDataFile(dataDir, service)._meta;
  return {
    date: meta.snapshotDate,
    exact: meta.snapshotDateExact,
    source: meta.source,
    priceBasis: meta.priceBasis,
  };
}

/** Engines in the order the RDS rows align their prices. */
function rdsEngineOrder(dataDir: URL): readonly RdsEngine[] {
  return readDataFile(dataDir, 'rds')._meta.engines;
}

/** EC2 entries: one per priced instance type. */
export function ec2Entries(dataDir: URL): PriceCatalogEntry[] {
  const { _meta: meta, rows } = readDataFile(dataDir, 'ec2');
  const region = meta.regions[0] ?? 'us-east-1';
  return rows.map(([type, vcpu, memoryGiB, architecture, cpuManufacturer, networkGbps, gpuCount, price]) => {
    const parsed = tryParseInstanceType(type);
    const attributes: Record<string, string | number | boolean> = {
      purchaseOption: 'on-demand',
      operatingSystem: 'Linux/UNIX',
      tenancy: 'shared',
      snapshotDate: meta.snapshotDate,
    };
    if (parsed) {
      attributes['category'] = parsed.category;
      attributes['burstable'] = parsed.burstable;
    }
    if (cpuManufacturer !== null) attributes['cpuManufacturer'] = cpuManufacturer;
    if (gpuCount !== null && gpuCount > 0) attributes['gpuCount'] = gpuCount;
    if (vcpu === null) attributes['specsMissing'] = true;
    return compact({
      provider: 'aws',
      service: 'ec2',
      region,
      type,
      family: parsed?.family,
      generation: parsed?.generation,
      size: parsed?.size,
      architecture: architecture ?? undefined,
      vcpu: vcpu ?? undefined,
      memoryGiB: memoryGiB ?? undefined,
      networkGbps: networkGbps ?? undefined,
      price,
      unit: 'hour',
      currency: meta.currency,
      attributes,
    });
  });
}

/** RDS entries priced for one engine, in every region that prices it. */
export function rdsEntries(dataDir: URL, engine: RdsEngine): PriceCatalogEntry[] {
  const { _meta: meta, rows } = readDataFile(dataDir, 'rds');
  const column = rdsEngineOrder(dataDir).indexOf(engine);
  const entries: PriceCatalogEntry[] = [];
  for (const [type, vcpu, memoryGiB, architecture, currentGeneration, byRegion] of rows) {
    const parsed = tryParseInstanceType(type);
    for (const [region, prices] of Object.entries(byRegion)) {
      const price = prices[column];
      if (price === null || price === undefined) continue;
      entries.push(
        compact({
          provider: 'aws',
          service: 'rds',
          region,
          type,
          family: parsed?.family,
          generation: parsed?.generation,
          size: parsed?.size,
          architecture: architecture ?? undefined,
          vcpu: vcpu ?? undefined,
          memoryGiB: memoryGiB ?? undefined,
          price,
          unit: 'hour',
          currency: meta.currency,
          attributes: {
            engine,
            deploymentOption: 'Single-AZ',
            purchaseOption: 'on-demand',
            currentGeneration,
            snapshotDate: meta.snapshotDate,
          },
        }),
      );
    }
  }
  return entries;
}

/** Every engine's price for one RDS class in one region (engines without a price are left out). */
export function rdsPricesByEngine(
  dataDir: URL,
  region: string,
  type: string,
): Partial<Record<RdsEngine, number>> {
  const { rows } = readDataFile(dataDir, 'rds');
  const engines = rdsEngineOrder(dataDir);
  const row = rows.find(([rowType]) => rowType === type);
  const prices = row?.[5][region];
  const out: Partial<Record<RdsEngine, number>> = {};
  if (!prices) return out;
  engines.forEach((engine, index) => {
    const price = prices[index];
    if (price !== null && price !== undefined) out[engine] = price;
  });
  return out;
}

/** Regions where one RDS class has a price for one engine. */
export function rdsRegionsFor(dataDir: URL, type: string, engine: RdsEngine): string[] {
  const { rows } = readDataFile(dataDir, 'rds');
  const column = rdsEngineOrder(dataDir).indexOf(engine);
  const row = rows.find(([rowType]) => rowType === type);
  if (!row) return [];
  return Object.entries(row[5])
    .filter(([, prices]) => prices[column] !== null && prices[column] !== undefined)
    .map(([region]) => region)
    .sort();
}

/** Redshift entries: price per node-hour. */
export function redshiftEntries(dataDir: URL): PriceCatalogEntry[] {
  const { _meta: meta, nodeTypes } = readDataFile(dataDir, 'redshift');
  const region = meta.regions[0] ?? 'us-east-1';
  return Object.entries(nodeTypes).map(([type, node]) => {
    const parsed = tryParseInstanceType(type);
    const extraPrices: Record<string, number> = {};
    if (node.managedStorageUsdPerGiBMonth !== undefined) {
      extraPrices['managedStorageGiBMonth'] = node.managedStorageUsdPerGiBMonth;
    }
    if (node.concurrencyScalingUsdPerNodeSecond !== undefined) {
      extraPrices['concurrencyScalingNodeSecond'] = node.concurrencyScalingUsdPerNodeSecond;
    }
    const attributes: Record<string, string | number | boolean> = {
      pricedPer: 'node',
      purchaseOption: 'on-demand',
      snapshotDate: meta.snapshotDate,
      snapshotDateExact: meta.snapshotDateExact,
    };
    if (node.deprecated) attributes['deprecated'] = true;
    return compact({
      provider: 'aws',
      service: 'redshift',
      region,
      type,
      family: parsed?.family,
      generation: parsed?.generation,
      size: parsed?.size,
      vcpu: node.vcpu,
      memoryGiB: node.memoryGiB,
      price: node.usdPerNodeHour,
      unit: 'hour',
      currency: meta.currency,
      extraPrices: Object.keys(extraPrices).length > 0 ? extraPrices : undefined,
      attributes,
    });
  });
}

/** gp2 performance rules (AWS documentation): 3 IOPS per GiB, at least 100, at most 16,000. */
export const GP2_IOPS_PER_GIB = 3;
/** Smallest gp2 baseline, in IOPS. */
export const GP2_MIN_BASELINE_IOPS = 100;
/** Largest gp2 baseline, in IOPS. */
export const GP2_MAX_BASELINE_IOPS = 16_000;

/** EBS entries: storage per GiB-month, with IOPS / throughput / request prices in `extraPrices`. */
export function ebsEntries(dataDir: URL): PriceCatalogEntry[] {
  const { _meta: meta, volumeTypes } = readDataFile(dataDir, 'ebs');
  const region = meta.regions[0] ?? 'us-east-1';
  return Object.entries(volumeTypes).map(([type, volume]) => {
    const extraPrices: Record<string, number> = {};
    if (volume.usdPerIopsMonth !== undefined) extraPrices['iopsMonth'] = volume.usdPerIopsMonth;
    if (volume.usdPerMiBpsMonth !== undefined) extraPrices['throughputMiBpsMonth'] = volume.usdPerMiBpsMonth;
    if (volume.usdPerMillionRequests !== undefined)
      extraPrices['millionRequests'] = volume.usdPerMillionRequests;
    const attributes: Record<string, string | number | boolean> = {
      snapshotDate: meta.snapshotDate,
      snapshotDateExact: meta.snapshotDateExact,
    };
    if (volume.includedIops !== undefined) attributes['includedIops'] = volume.includedIops;
    if (volume.includedThroughputMiBps !== undefined) {
      attributes['includedThroughputMiBps'] = volume.includedThroughputMiBps;
    }
    if (type === 'gp2') {
      attributes['baselineIopsPerGiB'] = GP2_IOPS_PER_GIB;
      attributes['minBaselineIops'] = GP2_MIN_BASELINE_IOPS;
      attributes['maxBaselineIops'] = GP2_MAX_BASELINE_IOPS;
    }
    if (type === 'io1' || type === 'io2') attributes['iopsPricedPer'] = 'provisioned IOPS-month';
    if (type === 'io2') attributes['iopsPriceTier'] = 'first tier (up to 32,000 IOPS)';
    if (type === 'standard') attributes['requestsPricedPer'] = 'million I/O requests';
    return compact({
      provider: 'aws',
      service: 'ebs',
      region,
      type,
      price: volume.usdPerGiBMonth,
      unit: 'GiB-month',
      currency: meta.currency,
      extraPrices: Object.keys(extraPrices).length > 0 ? extraPrices : undefined,
      attributes,
    });
  });
}

/** Drops `undefined` fields so entries stay small and compare cleanly. */
function compact(entry: Record<string, unknown>): PriceCatalogEntry {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) if (value !== undefined) out[key] = value;
  return out as PriceCatalogEntry;
}
