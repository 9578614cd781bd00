import { z } from 'zod';
import { currencySchema, nonEmptyString } from './common.js';

/** The unit a list price is quoted in. */
export const priceUnitSchema = z.enum(['hour', 'GiB-month', 'IOPS-month', 'MiBps-month', 'million-requests']);
export type PriceUnit = z.infer<typeof priceUnitSchema>;

/**
 * One priced type in one region: an instance type with its specs, or a storage
 * class with its per-unit prices.
 */
export const priceCatalogEntrySchema = z.object({
  provider: nonEmptyString,
  service: nonEmptyString,
  region: nonEmptyString,
  type: nonEmptyString,
  family: z.string().optional(),
  generation: z.number().int().nonnegative().optional(),
  size: z.string().optional(),
  architecture: z.enum(['x86_64', 'arm64']).optional(),
  vcpu: z.number().positive().optional(),
  memoryGiB: z.number().positive().optional(),
  networkGbps: z.number().nonnegative().optional(),
  /** Price of one unit, e.g. USD per instance-hour or per GiB-month. */
  price: z.number().nonnegative(),
  unit: priceUnitSchema,
  currency: currencySchema,
  /** Further priced dimensions (e.g. gp3 `iopsMonth`, `throughputMiBpsMonth`). */
  extraPrices: z.record(z.string(), z.number().nonnegative()).optional(),
  /** Free-form attributes (engine, deployment, source date). */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type PriceCatalogEntry = z.infer<typeof priceCatalogEntrySchema>;
