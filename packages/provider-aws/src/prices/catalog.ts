import {
  createStaticPriceCatalog,
  InvalidInputError,
  NoSuchPriceError,
  type PriceCatalogEntry,
  type PriceCatalogV1,
  type PriceLookup,
} from '@finops-autopilot/core';
import {
  AWS_PRICE_SERVICES,
  type AwsPriceService,
  type AwsPriceSnapshot,
  DEFAULT_DATA_DIR,
  ebsEntries,
  ec2Entries,
  RDS_ENGINES,
  type RdsEngine,
  rdsEntries,
  rdsPricesByEngine,
  rdsRegionsFor,
  readSnapshot,
  redshiftEntries,
} from './data.js';
import { type EbsMonthlyCost, type EbsMonthlyCostInput, ebsMonthlyCostFromEntry } from './ebs.js';
import { compareInstanceTypes, compareSizes, tryParseInstanceType } from './instance-type.js';

/** Options of {@link createAwsPriceCatalog}. */
export interface AwsPriceCatalogOptions {
  /**
   * Database engine whose prices service `rds` returns. RDS entries keep the
   * class name as `type` (e.g. `db.m5.large`) and carry the engine in
   * `attributes.engine`; use {@link AwsPriceCatalog.withRdsEngine} or
   * {@link AwsPriceCatalog.rdsPrices} for other engines.
   * @default 'PostgreSQL'
   */
  rdsEngine?: RdsEngine;
  /**
   * Folder holding `ec2.json`, `rds.json`, `redshift.json` and `ebs.json`, for
   * bundlers that move this module away from the package's `data/` folder.
   * @default the package's `data/` folder
   */
  dataDir?: URL | string;
}

/**
 * The bundled AWS list-price catalog: a `PriceCatalogV1` over services
 * `ec2`, `rds`, `redshift` and `ebs`, plus helpers for engines.
 *
 * Each service's data file is read on first use and cached for the process.
 */
export interface AwsPriceCatalog extends PriceCatalogV1 {
  /**
   * The oldest of {@link AwsPriceCatalog.snapshotDates}: no price in the catalog
   * is older than this. Per-service dates are in `snapshotDates`, and each entry
   * carries its own in `attributes.snapshotDate`.
   */
  readonly snapshotDate: string;
  /**
   * Snapshot date per service. EC2 2026-07-20 and RDS 2021-08-03 are the dates
   * the prices were taken; EBS and Redshift are lower bounds (see
   * {@link AwsPriceCatalog.snapshots}).
   */
  readonly snapshotDates: Readonly<Record<AwsPriceService, string>>;
  /** Per service: date, whether the date is exact, upstream source and price basis. */
  readonly snapshots: Readonly<Record<AwsPriceService, AwsPriceSnapshot>>;
  /** The services this catalog prices. */
  readonly services: readonly AwsPriceService[];
  /** Engine whose prices service `rds` returns. */
  readonly rdsEngine: RdsEngine;
  /** Every engine the bundled RDS prices cover. */
  readonly rdsEngines: readonly RdsEngine[];
  /** The same catalog with service `rds` priced for another engine. */
  withRdsEngine(engine: RdsEngine): AwsPriceCatalog;
  /**
   * Every engine's hourly price for one RDS class in one region, e.g.
   * `{ MySQL: 0.171, PostgreSQL: 0.178, MariaDB: 0.171 }`. Empty when the class is not priced there.
   */
  rdsPrices(options: { region: string; type: string }): Partial<Record<RdsEngine, number>>;
  /**
   * The entries of one family in a region, smallest size first (e.g. family
   * `m5` → m5.large, m5.xlarge, …, m5.metal), for same-family rightsizing.
   * For RDS the family has no `db.` prefix (`m5` → db.m5.large, …).
   */
  familyTypes(options: { service: string; region: string; family: string }): readonly PriceCatalogEntry[];
  /**
   * Monthly cost of one EBS volume with its calculation steps.
   * @throws {NoSuchPriceError} for an unknown volume type or region.
   */
  ebsMonthlyCost(input: EbsMonthlyCostInput): EbsMonthlyCost;
}

const CATALOG_NAME = 'aws bundled prices';

/** Static catalogs per data folder, service and engine, built on first use. */
const serviceCatalogs = new Map<string, PriceCatalogV1>();

/**
 * Creates the bundled AWS price catalog. Nothing is read until the first
 * lookup; data files are shared across catalogs.
 *
 * @example
 * const prices = createAwsPriceCatalog();
 * prices.lookup({ service: 'ec2', region: 'us-east-1', type: 'm5.xlarge' }).price; // 0.192 USD/hour
 * prices.lookup({ service: 'rds', region: 'eu-west-1', type: 'db.m5.large' }).price; // 0.197 (PostgreSQL)
 * prices.ebsMonthlyCost({ type: 'gp3', sizeGiB: 500 }).monthlyCost; // 40
 * @throws {InvalidInputError} for an unknown `rdsEngine`.
 */
export function createAwsPriceCatalog(options: AwsPriceCatalogOptions = {}): AwsPriceCatalog {
  const rdsEngine = options.rdsEngine ?? 'PostgreSQL';
  if (!RDS_ENGINES.includes(rdsEngine)) {
    throw new InvalidInputError({
      subject: 'AWS price catalog options',
      issues: [
        { path: 'rdsEngine', message: `unknown engine "${rdsEngine}" (engines: ${RDS_ENGINES.join(', ')})` },
      ],
    });
  }
  const dataDir = toDataDir(options.dataDir);
  let snapshots: Record<AwsPriceService, AwsPriceSnapshot> | undefined;
  const getSnapshots = (): Record<AwsPriceService, AwsPriceSnapshot> => {
    snapshots ??= Object.fromEntries(
      AWS_PRICE_SERVICES.map((service) => [service, Object.freeze(readSnapshot(dataDir, service))]),
    ) as Record<AwsPriceService, AwsPriceSnapshot>;
    return snapshots;
  };

  const catalogFor = (service: AwsPriceService): PriceCatalogV1 => {
    const key = `${dataDir.href}|${service}|${service === 'rds' ? rdsEngine : ''}`;
    let catalog = serviceCatalogs.get(key);
    if (!catalog) {
      catalog = createStaticPriceCatalog({
        name: service === 'rds' ? `${CATALOG_NAME}, RDS ${rdsEngine}` : CATALOG_NAME,
        snapshotDate: readSnapshot(dataDir, service).date,
        entries: entriesFor(dataDir, service, rdsEngine),
      });
      serviceCatalogs.set(key, catalog);
    }
    return catalog;
  };

  const find = (lookup: PriceLookup): PriceCatalogEntry | undefined =>
    isService(lookup.service) ? catalogFor(lookup.service).find(lookup) : undefined;

  const catalog: AwsPriceCatalog = {
    specificationVersion: 'v1',
    get snapshotDate() {
      return Object.values(getSnapshots())
        .map((snapshot) => snapshot.date)
        .sort()[0] as string;
    },
    get snapshotDates() {
      const all = getSnapshots();
      return Object.fromEntries(AWS_PRICE_SERVICES.map((service) => [service, all[service].date])) as Record<
        AwsPriceService,
        string
      >;
    },
    get snapshots() {
      return getSnapshots();
    },
    services: AWS_PRICE_SERVICES,
    rdsEngine,
    rdsEngines: RDS_ENGINES,
    find,
    lookup(lookup) {
      if (!isService(lookup.service)) {
        throw new NoSuchPriceError({
          ...lookup,
          message: `[${CATALOG_NAME}] has no prices for service "${lookup.service}" (services: ${AWS_PRICE_SERVICES.join(', ')})`,
        });
      }
      const serviceCatalog = catalogFor(lookup.service);
      const entry = serviceCatalog.find(lookup);
      if (entry) return entry;
      if (!serviceCatalog.regions({ service: lookup.service }).includes(lookup.region)) {
        return serviceCatalog.lookup(lookup); // throws: no prices for the region, lists the regions
      }
      throw new NoSuchPriceError({
        ...lookup,
        message: missingTypeMessage(serviceCatalog, dataDir, rdsEngine, lookup),
      });
    },
    list({ service, region }) {
      return isService(service) ? catalogFor(service).list({ service, region }) : [];
    },
    regions({ service }) {
      return isService(service) ? catalogFor(service).regions({ service }) : [];
    },
    withRdsEngine(engine) {
      return engine === rdsEngine ? catalog : createAwsPriceCatalog({ ...options, rdsEngine: engine });
    },
    rdsPrices({ region, type }) {
      return rdsPricesByEngine(dataDir, region, type);
    },
    familyTypes({ service, region, family }) {
      const wanted = family.replace(/^db\./, '');
      return catalog
        .list({ service, region })
        .filter((entry) => entry.family === wanted)
        .sort((a, b) => compareSizes(a.size ?? '', b.size ?? '') || compareInstanceTypes(a.type, b.type));
    },
    ebsMonthlyCost(input) {
      const entry = catalog.lookup({ service: 'ebs', region: input.region ?? 'us-east-1', type: input.type });
      return ebsMonthlyCostFromEntry(entry, input);
    },
  };
  return catalog;
}

let defaultCatalog: AwsPriceCatalog | undefined;

/**
 * Monthly cost of one EBS volume with its calculation steps, so a storage-tier
 * saving (gp2 → gp3, io1 → gp3, cold data → st1/sc1) can be shown line by line.
 * Prices come from `catalog` (any `PriceCatalogV1` with `ebs` entries in
 * this package's shape), by default the bundled one; region defaults to us-east-1.
 *
 * @example
 * ebsMonthlyCost({ type: 'gp2', sizeGiB: 500 }).monthlyCost; // 50   (500 × 0.10; 1,500 baseline IOPS)
 * ebsMonthlyCost({ type: 'gp3', sizeGiB: 500 }).monthlyCost; // 40   (500 × 0.08; 3,000 IOPS and 125 MiB/s included)
 * ebsMonthlyCost({ type: 'io1', sizeGiB: 500, iops: 10_000 }).monthlyCost; // 712.5 (62.5 + 10,000 × 0.065)
 * @throws {NoSuchPriceError} for an unknown volume type or region.
 * @throws {InvalidInputError} for a non-positive size, negative IOPS/throughput, or io1/io2 without iops.
 */
export function ebsMonthlyCost(input: EbsMonthlyCostInput, catalog?: PriceCatalogV1): EbsMonthlyCost {
  if (!catalog) defaultCatalog ??= createAwsPriceCatalog();
  const prices = catalog ?? (defaultCatalog as AwsPriceCatalog);
  const entry = prices.lookup({ service: 'ebs', region: input.region ?? 'us-east-1', type: input.type });
  return ebsMonthlyCostFromEntry(entry, input);
}

function entriesFor(dataDir: URL, service: AwsPriceService, rdsEngine: RdsEngine): PriceCatalogEntry[] {
  switch (service) {
    case 'ec2':
      return ec2Entries(dataDir);
    case 'rds':
      return rdsEntries(dataDir, rdsEngine);
    case 'redshift':
      return redshiftEntries(dataDir);
    case 'ebs':
      return ebsEntries(dataDir);
  }
}

function isService(service: string): service is AwsPriceService {
  return (AWS_PRICE_SERVICES as readonly string[]).includes(service);
}

function toDataDir(dataDir: URL | string | undefined): URL {
  if (dataDir === undefined) return DEFAULT_DATA_DIR;
  const url = dataDir instanceof URL ? dataDir : new URL(dataDir, `file://${process.cwd()}/`);
  return url.href.endsWith('/') ? url : new URL(`${url.href}/`);
}

const MAX_LISTED = 24;

/** "…has no ec2 type "m5.huge" in us-east-1; m5 sizes there: m5.large, …" */
function missingTypeMessage(
  serviceCatalog: PriceCatalogV1,
  dataDir: URL,
  rdsEngine: RdsEngine,
  lookup: PriceLookup,
): string {
  const { service, region, type } = lookup;
  const name = service === 'rds' ? `${CATALOG_NAME}, RDS ${rdsEngine}` : CATALOG_NAME;
  const head = `[${name}] has no ${service} type "${type}" in ${region}`;
  const entries = serviceCatalog.list({ service, region });

  if (service === 'rds') {
    const otherEngines = Object.keys(rdsPricesByEngine(dataDir, region, type));
    if (otherEngines.length > 0) {
      return `${head}: ${type} is priced there only for ${otherEngines.join(', ')} (use withRdsEngine or rdsPrices)`;
    }
    const regions = rdsRegionsFor(dataDir, type, rdsEngine);
    if (regions.length > 0) return `${head}: ${type} is priced for ${rdsEngine} in ${regions.join(', ')}`;
  }

  const parsed = tryParseInstanceType(type);
  if (parsed && service !== 'ebs') {
    const sameFamily = entries.filter((entry) => entry.family === parsed.family).map((entry) => entry.type);
    if (sameFamily.length > 0) {
      return `${head}; ${parsed.family} types there: ${sameFamily.sort(compareInstanceTypes).join(', ')}`;
    }
    const families = [...new Set(entries.map((entry) => entry.family ?? ''))]
      .filter(
        (family) => family !== '' && tryParseInstanceType(`${family}.large`)?.category === parsed.category,
      )
      .sort();
    if (families.length > 0 && families.length <= MAX_LISTED) {
      return `${head}; no ${parsed.family} types there, "${parsed.category}" families there: ${families.join(', ')}`;
    }
  }
  const types = entries.map((entry) => entry.type).sort(compareInstanceTypes);
  if (types.length <= MAX_LISTED) return `${head} (types there: ${types.join(', ')})`;
  return `${head} (${types.length} ${service} types there, e.g. ${types.slice(0, 5).join(', ')}, …)`;
}
