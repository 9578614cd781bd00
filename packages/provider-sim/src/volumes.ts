import type { PriceCatalogEntry } from '@finops-autopilot/core';
import type { SimState } from './model.js';
import { HOURS_PER_MONTH, volumeMonthlyCost } from './prices.js';

/** A volume's state with its price (monthly cost / 730). */
export function volumeState(
  entry: PriceCatalogEntry,
  storageGiB: number,
  attachedTo?: string,
  iops?: number,
  throughputMBps?: number,
): SimState {
  const spec = {
    storageGiB,
    ...(iops !== undefined ? { iops } : {}),
    ...(throughputMBps !== undefined ? { throughputMBps } : {}),
  };
  return {
    type: entry.type,
    state: attachedTo ? 'in-use' : 'available',
    spec,
    hourlyPrice: volumeMonthlyCost(entry, spec) / HOURS_PER_MONTH,
    ...(attachedTo ? { attachedTo } : {}),
  };
}

/** Default IOPS / throughput of a volume type for a size. */
export function volumeDefaults(
  type: string,
  storageGiB: number,
  iops?: number,
): { iops?: number; throughputMBps?: number } {
  if (type === 'gp2') return { iops: Math.min(16_000, Math.max(100, 3 * storageGiB)) };
  if (type === 'gp3') return { iops: Math.max(3000, iops ?? 3000), throughputMBps: 125 };
  if (type === 'io1' || type === 'io2') return { iops: iops ?? 3000 };
  return {};
}
