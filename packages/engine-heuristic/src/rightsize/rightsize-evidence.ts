import type { Evidence } from '@finops-autopilot/core';
import { PERCENTILES } from '../options.js';
import { evidenceWindow } from '../shared/draft-fields.js';
import type { RuleContext } from '../shared/resource-context.js';
import { round } from '../shared/stats.js';
import type { Demand } from './demand.js';

/** The statistics a resize rests on: CPU, and memory and network when measured. */
export function rightsizeEvidence(context: RuleContext, demand: Demand): Evidence[] {
  const window = evidenceWindow(context.windowStart, context.now);
  const statistic = context.options.percentile;
  const list: Evidence[] = [
    { metric: 'CPUUtilization', statistic, value: demand.cpu.windowPeak, unit: 'Percent', window },
  ];
  const memory = demand.memory;
  if (memory?.metric === 'mem_used_percent') {
    list.push({ metric: 'mem_used_percent', statistic, value: memory.peakPercent, unit: 'Percent', window });
  } else if (memory) {
    list.push({
      metric: 'FreeableMemory',
      statistic: LOW_STATISTIC[statistic],
      value: memory.freeBytes ?? 0,
      unit: 'Bytes',
      window,
    });
  }
  const network = demand.network?.reading;
  for (const direction of network ? [network.inbound, network.outbound] : []) {
    if (direction) {
      list.push({
        metric: direction.metric,
        statistic,
        value: direction.value,
        unit: direction.unit,
        window,
      });
    }
  }
  // An array grown by push keeps spare capacity; return one of exact length.
  return list.length > 1 ? list.slice() : list;
}

/** The low percentile of free memory that matches each peak percentile (p99.5 → p0.5). */
const LOW_STATISTIC = Object.fromEntries(
  Object.entries(PERCENTILES).map(([name, value]) => [name, `p${round(100 - value, 2)}`]),
) as Record<keyof typeof PERCENTILES, string>;
