import type { MetricSeries } from '../schemas/metric-series.js';
import type { Resource } from '../schemas/resource.js';
import { contentHash } from '../util/hash.js';

/**
 * A hash of everything an analysis of `resource` depends on: its configuration
 * and, for each metric series, its extent and a checksum of its values. When
 * it is unchanged since the last cycle the resource is not re-analyzed.
 */
export function resourceFingerprint(resource: Resource, series: readonly MetricSeries[]): string {
  const metrics = series
    .map((item) => {
      let sum = 0;
      for (const value of item.values) sum += value;
      return [
        item.metric,
        item.statistic,
        item.timestamps.length,
        item.timestamps[0],
        item.timestamps.at(-1),
        sum,
      ];
    })
    .sort((left, right) => String(left[0]).localeCompare(String(right[0])));
  const { id, type, state, spec, tags, hourlyPrice, attachedTo, region, service } = resource;
  return contentHash({ id, type, state, spec, tags, hourlyPrice, attachedTo, region, service, metrics });
}
