import type { PriceCatalogEntry } from '../../schemas/price-catalog-entry.js';

/** Identifies one priced type. */
export interface PriceLookup {
  service: string;
  region: string;
  type: string;
}

/**
 * Read-only list prices and specs. Providers ship one (a bundled snapshot, a live
 * API, or both); engines price their proposals with it.
 */
export interface PriceCatalogV1 {
  readonly specificationVersion: 'v1';
  /** Date of the price snapshot (ISO date), shown next to every priced number. */
  readonly snapshotDate: string;
  /**
   * The entry for one type.
   * @throws {NoSuchPriceError} when the catalog has no such service, region or type.
   */
  lookup(options: PriceLookup): PriceCatalogEntry;
  /** Like {@link PriceCatalogV1.lookup} but returns `undefined` instead of throwing. */
  find(options: PriceLookup): PriceCatalogEntry | undefined;
  /** Every entry of a service in a region (e.g. all EC2 instance types), for candidate search. */
  list(options: { service: string; region: string }): readonly PriceCatalogEntry[];
  /** Regions the catalog has prices for, per service. */
  regions(options: { service: string }): readonly string[];
}
