import type { PriceCatalogEntry, PriceCatalogV1 } from '@finops-autopilot/core';
import type { CandidatePlan } from './candidate-plan.js';
import { ACCELERATED_CATEGORIES, parseTypeName, type TypeName } from './instance-type.js';

/** One priced type with its parsed name and the specs rightsizing compares. */
export interface CatalogType {
  entry: PriceCatalogEntry;
  name: TypeName;
  architecture: 'x86_64' | 'arm64';
  /** The entry's generation, else the one in the name. */
  generation: number | undefined;
  /** vCPU per instance or node; `undefined` when the catalog does not say. */
  vcpu: number | undefined;
  memoryGiB: number | undefined;
  networkGbps: number | undefined;
  /** Why the type cannot be a rightsizing target (or source), e.g. `bare metal`; `undefined` when it can. */
  unsupported: string | undefined;
}

/** The types of one service in one region, indexed for candidate search. */
export interface ServiceIndex {
  byType: ReadonlyMap<string, CatalogType>;
  /** Types that can be targets, per `prefix|category`, cheapest first (ties by type name). */
  byCategory: ReadonlyMap<string, readonly CatalogType[]>;
  /** Where its prices come from, as shown next to priced inputs: `price catalog ec2 us-east-1 (2026-07-20)`. */
  priceSource: string;
  /** Candidate plans per source type, one per combination of options (see `candidatePlan`), built on first use. */
  plans: Map<CatalogType, Array<CandidatePlan | undefined>>;
}

/**
 * Indexes per catalog object, then per `service|region`. Catalogs are
 * read-only, so an index built once serves every resource of every analysis
 * that uses the same catalog; the WeakMap lets a dropped catalog be collected.
 */
const indexes = new WeakMap<PriceCatalogV1, Map<string, Map<string, ServiceIndex>>>();

/** The index of `service` in `region` of `prices`, built on first use. */
export function serviceIndex(prices: PriceCatalogV1, service: string, region: string): ServiceIndex {
  let perCatalog = indexes.get(prices);
  if (!perCatalog) {
    perCatalog = new Map();
    indexes.set(prices, perCatalog);
  }
  let perService = perCatalog.get(service);
  if (!perService) {
    perService = new Map();
    perCatalog.set(service, perService);
  }
  let index = perService.get(region);
  if (!index) {
    index = buildIndex(
      prices.list({ service, region }),
      `price catalog ${service} ${region} (${prices.snapshotDate})`,
    );
    perService.set(region, index);
  }
  return index;
}

/** The key of a type's category bucket: RDS `db.` classes never mix with EC2 types. */
export function categoryKey(name: TypeName): string {
  return `${name.prefix ?? ''}|${name.category}`;
}

function buildIndex(entries: readonly PriceCatalogEntry[], priceSource: string): ServiceIndex {
  const byType = new Map<string, CatalogType>();
  const byCategory = new Map<string, CatalogType[]>();
  for (const entry of entries) {
    const name = parseTypeName(entry.type);
    if (!name) continue;
    const type = describe(entry, name);
    byType.set(entry.type, type);
    if (type.unsupported) continue;
    const key = categoryKey(name);
    const list = byCategory.get(key);
    if (list) list.push(type);
    else byCategory.set(key, [type]);
  }
  for (const list of byCategory.values()) {
    list.sort((a, b) => a.entry.price - b.entry.price || (a.entry.type < b.entry.type ? -1 : 1));
  }
  return { byType, byCategory, priceSource, plans: new Map() };
}

function describe(entry: PriceCatalogEntry, name: TypeName): CatalogType {
  const attributes = entry.attributes ?? {};
  const gpuCount = Number(attributes['gpuCount'] ?? 0);
  let unsupported: string | undefined;
  if (entry.unit !== 'hour') unsupported = `priced per ${entry.unit}, not per hour`;
  else if (name.metal) unsupported = 'bare metal';
  else if (gpuCount > 0 || ACCELERATED_CATEGORIES.has(name.category))
    unsupported = 'accelerated (GPU/FPGA/ASIC)';
  else if (attributes['specsMissing'] === true || entry.vcpu === undefined || entry.memoryGiB === undefined)
    unsupported = 'vCPU or memory missing from the catalog';
  else if (attributes['deprecated'] === true) unsupported = 'deprecated';
  else if (name.sizeRank === undefined) unsupported = `unknown size "${name.size}"`;
  return {
    entry,
    name,
    architecture: entry.architecture ?? name.impliedArchitecture,
    generation: entry.generation ?? name.generation,
    vcpu: entry.vcpu,
    memoryGiB: entry.memoryGiB,
    networkGbps: entry.networkGbps,
    unsupported,
  };
}
