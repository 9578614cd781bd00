import type { TimeWindow } from '../../schemas/common.js';
import type { CostRecord } from '../../schemas/cost-record.js';
import type { MetricSeries } from '../../schemas/metric-series.js';
import type { Resource } from '../../schemas/resource.js';
import type { ExecutorV1 } from './executor-v1.js';
import type { PriceCatalogV1 } from './price-catalog-v1.js';

/** Which part of an account to look at. Omitted fields mean "all". */
export interface ResourceScope {
  accounts?: string[];
  regions?: string[];
  services?: string[];
}

export interface ListResourcesOptions {
  scope?: ResourceScope;
  signal?: AbortSignal;
}

export interface GetMetricsOptions {
  /** Resources (or their ids) to fetch metrics for. */
  resources: readonly (Resource | string)[];
  window: TimeWindow;
  /** Metric names; default: every metric the provider has for each resource. */
  metrics?: string[];
  /** Desired period in seconds; the provider may return a coarser one. @default 3600 */
  periodSeconds?: number;
  signal?: AbortSignal;
}

export interface GetCostsOptions {
  window: TimeWindow;
  /** @default 'daily' */
  granularity?: 'hourly' | 'daily' | 'monthly';
  /** Only these resources; default all. */
  resourceIds?: string[];
  signal?: AbortSignal;
}

/**
 * A cloud (or a simulation of one): inventory, utilization, cost history,
 * prices, and the executor that changes resources.
 */
export interface ResourceProviderV1 {
  readonly specificationVersion: 'v1';
  /** Provider id, e.g. `aws` or `sim`. */
  readonly providerId: string;
  /** Every resource in scope, parsed with `resourceSchema`. */
  listResources(options?: ListResourcesOptions): Promise<Resource[]>;
  /** Metric series in the window, timestamps ascending; resources without data return no series. */
  getMetrics(options: GetMetricsOptions): Promise<MetricSeries[]>;
  /** Cost records (FOCUS columns) whose charge period lies in the window. */
  getCosts(options: GetCostsOptions): Promise<CostRecord[]>;
  readonly prices: PriceCatalogV1;
  readonly executor: ExecutorV1;
  /**
   * The provider's notion of "now". A simulation runs on its own clock; real
   * clouds omit this and callers use the wall clock.
   */
  now?(): Date;
}
