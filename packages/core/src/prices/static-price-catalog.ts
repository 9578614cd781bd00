import type { PriceCatalogV1, PriceLookup } from '../contracts/v1/price-catalog-v1.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { NoSuchPriceError } from '../errors/no-such-price-error.js';
import { type PriceCatalogEntry, priceCatalogEntrySchema } from '../schemas/price-catalog-entry.js';
import { toInputIssues } from '../util/parse.js';

export interface StaticPriceCatalogOptions {
  /** Date of the price snapshot (ISO date). */
  snapshotDate: string;
  entries: readonly PriceCatalogEntry[];
  /** Name used in error messages, e.g. `aws bundled prices`. @default 'price catalog' */
  name?: string;
}

/**
 * A price catalog over a fixed list of entries, indexed for O(1) lookups.
 * Providers build theirs from a bundled snapshot with it.
 * @throws {InvalidInputError} when an entry is malformed or duplicated.
 */
export function createStaticPriceCatalog(options: StaticPriceCatalogOptions): PriceCatalogV1 {
  const { snapshotDate, entries, name = 'price catalog' } = options;
  const byKey = new Map<string, PriceCatalogEntry>();
  const byServiceRegion = new Map<string, PriceCatalogEntry[]>();
  const regionsByService = new Map<string, Set<string>>();

  entries.forEach((entry, index) => {
    const parsed = priceCatalogEntrySchema.safeParse(entry);
    if (!parsed.success) {
      throw new InvalidInputError({
        subject: `${name} entry [${index}]`,
        issues: toInputIssues(parsed.error),
      });
    }
    const key = lookupKey(entry);
    if (byKey.has(key)) {
      throw new InvalidInputError({
        subject: name,
        issues: [{ path: `[${index}]`, message: `duplicate entry for ${key}` }],
      });
    }
    const frozen = Object.freeze({ ...parsed.data });
    byKey.set(key, frozen);
    const listKey = `${entry.service}|${entry.region}`;
    const list = byServiceRegion.get(listKey) ?? [];
    list.push(frozen);
    byServiceRegion.set(listKey, list);
    const regions = regionsByService.get(entry.service) ?? new Set<string>();
    regions.add(entry.region);
    regionsByService.set(entry.service, regions);
  });

  const find = (lookup: PriceLookup): PriceCatalogEntry | undefined => byKey.get(lookupKey(lookup));

  return {
    specificationVersion: 'v1',
    snapshotDate,
    find,
    lookup(lookup) {
      const entry = find(lookup);
      if (entry) return entry;
      const regions = regionsByService.get(lookup.service);
      let message: string | undefined;
      if (!regions) {
        message = `[${name}] has no prices for service "${lookup.service}" (services: ${[...regionsByService.keys()].join(', ')})`;
      } else if (!regions.has(lookup.region)) {
        message = `[${name}] has no ${lookup.service} prices for region "${lookup.region}" (regions: ${[...regions].sort().join(', ')})`;
      } else {
        message = `[${name}] has no ${lookup.service} type "${lookup.type}" in ${lookup.region}`;
      }
      throw new NoSuchPriceError({ ...lookup, message });
    },
    list({ service, region }) {
      return byServiceRegion.get(`${service}|${region}`) ?? [];
    },
    regions({ service }) {
      return [...(regionsByService.get(service) ?? [])].sort();
    },
  };
}

function lookupKey({ service, region, type }: PriceLookup): string {
  return `${service}|${region}|${type}`;
}
