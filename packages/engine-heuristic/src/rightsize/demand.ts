import type { MetricWindow, ResourceMetrics } from '../shared/metrics-view.js';
import { round } from '../shared/stats.js';
import { type NetworkReading, readNetwork } from './network.js';
import { tailPercentile, tailPercentileWithHalves } from './tail-percentile.js';

/** Bytes in a GiB. */
export const BYTES_PER_GIB = 1_073_741_824;

/**
 * Share of the growth between the two halves of the window added to the
 * recent half's peak. The halves' midpoints are a week apart in a 14-day
 * window, so 0.5 projects about half a week of further growth at the same
 * pace: roughly the time until a recommendation is reviewed and applied.
 * On the replay of real Azure VM traces (`eval/`), it raises the share of
 * downsizes still safe the following week from 94.0% to 97.1% while keeping
 * 80.5% (from 84.9%) of the hindsight-optimal savings.
 */
export const TREND_WEIGHT = 0.5;

/** A half of the window needs at least this many points for its peak to count as a trend. */
const MIN_TREND_POINTS = 24;

/** Peak CPU and the vCPU it needs with headroom. */
export interface CpuDemand {
  window: MetricWindow;
  /** CPU (%) at the configured percentile over the whole window, rounded to 2 decimals: the observed peak. */
  windowPeak: number;
  /** Set when demand rose from the earlier to the recent half of the window and that raised the peak. */
  trend: { earlier: number; recent: number } | undefined;
  /**
   * The peak sized for, rounded to 2 decimals: the observed peak, or when higher,
   * recent + {@link TREND_WEIGHT} × (recent − earlier) with each half's percentile.
   */
  peak: number;
  /** vCPU needed: peak ÷ 100 × vCPU × (1 + headroom), rounded to 3 decimals. */
  required: number;
  /**
   * Mean CPU (%) over the window, unrounded (as `stats.mean` computes it), when the
   * pass that measured the peaks summed it; `undefined` otherwise (compute it when needed).
   */
  mean: number | undefined;
}

/** Peak memory use and the GiB it needs with headroom. */
export interface MemoryDemand {
  metric: 'mem_used_percent' | 'FreeableMemory';
  window: MetricWindow;
  /** Peak use as a share of current memory (%), rounded to 2 decimals. */
  peakPercent: number;
  /** For `FreeableMemory`: the low percentile of free bytes, and the GiB used at that moment. */
  freeBytes?: number;
  usedGiB?: number;
  /** GiB needed with headroom, rounded to 3 decimals. */
  required: number;
}

/** Peak network throughput (in + out) and the bandwidth it needs with headroom. */
export interface NetworkDemand {
  reading: NetworkReading;
  /** Peak in Gbps, rounded to 6 decimals. */
  gbps: number;
  /** Gbps needed with headroom, rounded to 6 decimals. */
  required: number;
}

/** What a resource needs on each measured dimension. */
export interface Demand {
  headroom: number;
  /** Highest utilization a target may reach at peak: 100 ÷ (1 + headroom) %, rounded to 2 decimals. */
  target: number;
  cpu: CpuDemand;
  memory: MemoryDemand | undefined;
  network: NetworkDemand | undefined;
}

/** Current capacity of the resource (per node for clusters). */
export interface Capacity {
  vcpu: number;
  memoryGiB: number | undefined;
}

/**
 * Measures CPU, memory and network at percentile `p` (0..100; 100 = max) and
 * turns each peak into the capacity it needs with `headroom`. Every number is
 * rounded as shown; the calculation writes the expressions that recompute them
 * (see `demand-expressions.ts`), only for resources that get a recommendation.
 * No series is copied or sorted: percentiles are selected over index ranges.
 */
export function measureDemand(
  metrics: ResourceMetrics,
  cpuWindow: MetricWindow,
  p: number,
  headroom: number,
  capacity: Capacity,
): Demand {
  const cpu = measureCpu(cpuWindow, p, headroom, capacity.vcpu);
  return {
    headroom,
    target: round(100 / (1 + headroom), 2),
    cpu,
    memory: measureMemory(metrics, p, headroom, capacity.memoryGiB),
    network: measureNetwork(metrics, p, headroom),
  };
}

function measureCpu(window: MetricWindow, p: number, headroom: number, vcpu: number): CpuDemand {
  const { start, end } = window;
  const values = window.series.values;
  const middle = start + Math.floor((end - start) / 2);
  const hasHalves = middle - start >= MIN_TREND_POINTS;
  // One pass for the window, both halves and the mean when the tails fit the buffers.
  const measured = hasHalves ? tailPercentileWithHalves(values, p, start, middle, end) : undefined;
  const windowPeak = round(measured ? measured.window : tailPercentile(values, p, start, end), 2);
  let peak = windowPeak;
  let trend: CpuDemand['trend'];
  if (hasHalves) {
    const earlier = round(measured ? measured.earlier : tailPercentile(values, p, start, middle), 2);
    const recent = round(measured ? measured.recent : tailPercentile(values, p, middle, end), 2);
    const projected = round(recent + TREND_WEIGHT * (recent - earlier), 2);
    if (recent > earlier && projected > windowPeak) {
      peak = projected;
      trend = { earlier, recent };
    }
  }
  return {
    window,
    windowPeak,
    trend,
    peak,
    required: round((peak / 100) * vcpu * (1 + headroom), 3),
    mean: measured ? measured.sum / (end - start) : undefined,
  };
}

function measureMemory(
  metrics: ResourceMetrics,
  p: number,
  headroom: number,
  memoryGiB: number | undefined,
): MemoryDemand | undefined {
  if (memoryGiB === undefined) return undefined;
  const used = metrics.get('mem_used_percent');
  if (used) {
    const peakPercent = round(tailPercentile(used.series.values, p, used.start, used.end), 2);
    return {
      metric: 'mem_used_percent',
      window: used,
      peakPercent,
      required: round((peakPercent / 100) * memoryGiB * (1 + headroom), 3),
    };
  }
  const free = metrics.get('FreeableMemory');
  if (!free) return undefined;
  // The peak of use is the low of free memory: the (100 − p)th percentile.
  const freeBytes = Math.round(tailPercentile(free.series.values, 100 - p, free.start, free.end));
  const usedGiB = round(Math.max(0, memoryGiB - freeBytes / BYTES_PER_GIB), 3);
  return {
    metric: 'FreeableMemory',
    window: free,
    peakPercent: round((usedGiB / memoryGiB) * 100, 2),
    freeBytes,
    usedGiB,
    required: round(usedGiB * (1 + headroom), 3),
  };
}

function measureNetwork(metrics: ResourceMetrics, p: number, headroom: number): NetworkDemand | undefined {
  const reading = readNetwork(metrics, (values, start, end) => tailPercentile(values, p, start, end));
  if (!reading) return undefined;
  const bytesPerSecond = (reading.inbound?.bytesPerSecond ?? 0) + (reading.outbound?.bytesPerSecond ?? 0);
  const gbps = round((bytesPerSecond * 8) / 1e9, 6);
  return {
    reading,
    gbps,
    required: round(gbps * (1 + headroom), 6),
  };
}
