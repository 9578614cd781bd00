import type { MetricWindow, ResourceMetrics } from '../shared/metrics-view.js';
import { round } from '../shared/stats.js';
import { flat } from './text.js';

/** One direction of network traffic, reduced to one statistic of the window. */
export interface NetworkDirection {
  metric: string;
  window: MetricWindow;
  /** The statistic of the raw values, as shown (bytes per period, or bytes per second). */
  value: number;
  /** Unit of {@link NetworkDirection.value}, e.g. `bytes per 3600 s`. */
  unit: string;
  /** Seconds the value covers (`value ÷ seconds` is bytes per second); `undefined` when it already is per second. */
  seconds: number | undefined;
  /** The value as bytes per second. */
  bytesPerSecond: number;
}

/** Network in and out of a resource; a direction is missing when its metric is. */
export interface NetworkReading {
  inbound: NetworkDirection | undefined;
  outbound: NetworkDirection | undefined;
  /** Directions with no data, e.g. `['NetworkOut']`. */
  missing: string[];
}

/** Metric name pairs (in, out): EC2's byte counts, then RDS/Redshift throughputs. */
const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['NetworkIn', 'NetworkOut'],
  ['NetworkReceiveThroughput', 'NetworkTransmitThroughput'],
];

/**
 * Reads network traffic with `statistic(values, start, end)` (e.g. a percentile
 * or the max) per direction. Directions are reduced separately and added: the
 * sum of the two peaks is at least the peak of the sum, so the result never
 * understates traffic, and series need not share timestamps.
 *
 * Units: `NetworkIn`/`NetworkOut` with statistic `Sum` are bytes per period;
 * with another statistic they are taken as bytes per 60-second sample (the
 * finest CloudWatch sample, so the rate is never understated); `…Throughput`
 * metrics are bytes per second.
 */
export function readNetwork(
  metrics: ResourceMetrics,
  statistic: (values: ArrayLike<number>, start: number, end: number) => number,
): NetworkReading | undefined {
  for (const [inName, outName] of PAIRS) {
    const inWindow = metrics.get(inName);
    const outWindow = metrics.get(outName);
    if (!inWindow && !outWindow) continue;
    const inbound = inWindow && direction(inName, inWindow, statistic);
    const outbound = outWindow && direction(outName, outWindow, statistic);
    return {
      inbound,
      outbound,
      missing: [inbound ? undefined : inName, outbound ? undefined : outName].filter(
        (name): name is string => name !== undefined,
      ),
    };
  }
  return undefined;
}

/**
 * Bytes per second in and out, written with the numbers shown:
 * `(300 ÷ 3600 + 105 ÷ 3600)` for byte counts, `(12.5 + 3)` for throughputs.
 */
export function perSecondExpression(reading: NetworkReading): string {
  const terms: string[] = [];
  for (const item of [reading.inbound, reading.outbound]) {
    if (item)
      terms.push(item.seconds === undefined ? flat`${item.value}` : flat`${item.value} ÷ ${item.seconds}`);
  }
  return terms.length > 1 ? flat`(${terms[0]!} + ${terms[1]!})` : (terms[0] ?? '0');
}

function direction(
  metric: string,
  window: MetricWindow,
  statistic: (values: ArrayLike<number>, start: number, end: number) => number,
): NetworkDirection {
  const value = round(statistic(window.series.values, window.start, window.end), 2);
  if (metric.endsWith('Throughput')) {
    return { metric, window, value, unit: 'bytes/s', seconds: undefined, bytesPerSecond: value };
  }
  const seconds = window.series.statistic === 'Sum' ? window.series.periodSeconds : 60;
  return { metric, window, value, unit: unitOf(seconds), seconds, bytesPerSecond: value / seconds };
}

const units = new Map<number, string>();
function unitOf(seconds: number): string {
  let unit = units.get(seconds);
  if (unit === undefined) {
    unit = `bytes per ${seconds} s`;
    units.set(seconds, unit);
  }
  return unit;
}
