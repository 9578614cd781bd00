import {
  BYTES_PER_GIB,
  type CpuDemand,
  type MemoryDemand,
  type NetworkDemand,
  TREND_WEIGHT,
} from './demand.js';
import { perSecondExpression } from './network.js';
import { flat } from './text.js';

/*
 * The expressions behind the numbers of `demand.ts`, written with the rounded
 * numbers shown so that evaluating one gives its stated value. Built only for
 * resources that get a recommendation.
 */

const targets = new Map<number, string>();

/** `100 ÷ (1 + 0.2)`: the highest utilization a target may reach at peak. */
export function targetExpression(headroom: number): string {
  let expression = targets.get(headroom);
  if (expression === undefined) {
    expression = `100 ÷ (1 + ${headroom})`;
    targets.set(headroom, expression);
  }
  return expression;
}

/** `max(20, 20 + 0.5 × (20 − 10))`: the CPU peak raised by a rising trend. */
export function trendExpression(cpu: CpuDemand): string {
  const trend = cpu.trend;
  if (!trend) return flat`${cpu.peak}`;
  return flat`max(${cpu.windowPeak}, ${trend.recent} + ${TREND_WEIGHT} × (${trend.recent} − ${trend.earlier}))`;
}

/** `20 ÷ 100 × 8 × (1 + 0.2)`: vCPU needed. */
export function requiredVcpuExpression(cpu: CpuDemand, vcpu: number, headroom: number): string {
  return flat`${cpu.peak} ÷ 100 × ${vcpu} × (1 + ${headroom})`;
}

/** `max(0, 32 − 25769803776 ÷ 1073741824)`: GiB used at the low of `FreeableMemory`. */
export function memoryUsedExpression(memory: MemoryDemand, memoryGiB: number): string {
  return flat`max(0, ${memoryGiB} − ${memory.freeBytes ?? 0} ÷ ${BYTES_PER_GIB})`;
}

/** `30 ÷ 100 × 32 × (1 + 0.2)` (mem_used_percent) or `8 × (1 + 0.2)` (FreeableMemory): GiB needed. */
export function requiredMemoryExpression(memory: MemoryDemand, memoryGiB: number, headroom: number): string {
  return memory.metric === 'mem_used_percent'
    ? flat`${memory.peakPercent} ÷ 100 × ${memoryGiB} × (1 + ${headroom})`
    : flat`${memory.usedGiB ?? 0} × (1 + ${headroom})`;
}

/** `(300000000000 ÷ 3600 + 105000000000 ÷ 3600) × 8 ÷ 1000000000`: peak Gbps. */
export function networkGbpsExpression(network: NetworkDemand): string {
  return flat`${perSecondExpression(network.reading)} × 8 ÷ 1000000000`;
}

/** `0.9 × (1 + 0.2)`: Gbps needed. */
export function requiredNetworkExpression(network: NetworkDemand, headroom: number): string {
  return flat`${network.gbps} × (1 + ${headroom})`;
}
