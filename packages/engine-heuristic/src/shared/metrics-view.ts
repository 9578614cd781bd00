import type { MetricSeries } from '@finops-autopilot/core';

/** One metric of one resource, restricted to the lookback window by index (no copies). */
export interface MetricWindow {
  series: MetricSeries;
  /** First index inside the window. */
  start: number;
  /** One past the last index inside the window. */
  end: number;
  /** Points in the window. */
  count: number;
  /** Hours the points cover (count × period). */
  hours: number;
  /** Share of the window's expected points that are present, 0..1, over the span the data covers. */
  coverage: number;
}

/** Finds the first index with timestamp ≥ `at` (binary search). */
function lowerBound(timestamps: readonly number[], at: number): number {
  let low = 0;
  let high = timestamps.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (timestamps[middle]! < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The metrics of one resource within `[windowStart, windowEnd)`. Looks series
 * up by CloudWatch metric name; the last series of a name wins. A resource has
 * a handful of series: they are kept in an array and searched from the end
 * (one array per resource rather than a map).
 */
export class ResourceMetrics {
  private readonly windows: MetricWindow[] = [];

  constructor(series: readonly MetricSeries[], windowStart: number, windowEnd: number) {
    for (const item of series) {
      const start = lowerBound(item.timestamps, windowStart);
      const end = lowerBound(item.timestamps, windowEnd);
      const count = end - start;
      const periodMs = item.periodSeconds * 1000;
      const spanMs = count > 0 ? item.timestamps[end - 1]! - item.timestamps[start]! + periodMs : 0;
      this.windows.push({
        series: item,
        start,
        end,
        count,
        hours: (count * item.periodSeconds) / 3600,
        coverage: spanMs > 0 ? Math.min(1, (count * periodMs) / spanMs) : 0,
      });
    }
  }

  get(metric: string): MetricWindow | undefined {
    const windows = this.windows;
    for (let index = windows.length - 1; index >= 0; index--) {
      const window = windows[index]!;
      if (window.series.metric === metric) return window.count > 0 ? window : undefined;
    }
    return undefined;
  }

  has(metric: string): boolean {
    return this.get(metric) !== undefined;
  }
}
