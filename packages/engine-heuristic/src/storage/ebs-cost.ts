import type { PriceCatalogEntry } from '@finops-autopilot/core';
import type { CalculationBuilder } from '../shared/calculation-builder.js';
import { round } from '../shared/stats.js';
import { GP3_INCLUDED_IOPS, GP3_INCLUDED_THROUGHPUT_MIBPS } from './ebs-performance.js';

/** A volume configuration to price. */
export interface VolumeConfig {
  sizeGiB: number;
  /** Provisioned IOPS (gp3, io1, io2). */
  iops?: number | undefined;
  /** Provisioned throughput in MiB/s (gp3). */
  throughputMBps?: number | undefined;
}

/** A priced part of a volume's monthly cost. */
interface CostPart {
  label: string;
  value: number;
}

/** IOPS a catalog entry includes for free: gp3 3,000 unless the entry says otherwise; none for other types. */
export function includedIops(entry: PriceCatalogEntry): number {
  const value = entry.attributes?.['includedIops'];
  if (typeof value === 'number') return value;
  return entry.type === 'gp3' ? GP3_INCLUDED_IOPS : 0;
}

/** Throughput (MiB/s) a catalog entry includes for free: gp3 125 unless the entry says otherwise. */
export function includedThroughput(entry: PriceCatalogEntry): number {
  const value = entry.attributes?.['includedThroughputMiBps'];
  if (typeof value === 'number') return value;
  return entry.type === 'gp3' ? GP3_INCLUDED_THROUGHPUT_MIBPS : 0;
}

/**
 * Monthly list cost of one EBS volume configuration, each part rounded to cents
 * as shown: storage `size × price per GiB-month`; provisioned IOPS above the
 * included amount × `extraPrices.iopsMonth` (io1/io2 include none); throughput
 * above the included amount × `extraPrices.throughputMiBpsMonth`. Request
 * charges (`standard`) depend on usage and are left out.
 *
 * With a builder, every part is added as a step (`label: storage`, …) followed
 * by a total when there is more than one part; the value returned is the total.
 */
export function volumeMonthlyCost(
  entry: PriceCatalogEntry,
  volume: VolumeConfig,
  calculation?: { builder: CalculationBuilder; label: string; unit: string },
): number {
  const parts: CostPart[] = [];
  const step = (label: string, expression: string, value: number, unit: string) => {
    calculation?.builder.step(`${calculation.label}: ${label}`, expression, value, unit);
    return value;
  };
  const money = calculation?.unit ?? `${entry.currency}/month`;
  const storage = step(
    'storage',
    `${volume.sizeGiB} × ${entry.price}`,
    round(volume.sizeGiB * entry.price),
    money,
  );
  parts.push({ label: 'storage', value: storage });

  const iopsPrice = entry.extraPrices?.['iopsMonth'];
  if (iopsPrice !== undefined && volume.iops !== undefined) {
    const included = includedIops(entry);
    let billable = volume.iops;
    if (included > 0) {
      billable = step(
        'billable IOPS',
        `max(0, ${volume.iops} − ${included})`,
        Math.max(0, volume.iops - included),
        'IOPS',
      );
    }
    const cost = step('IOPS', `${billable} × ${iopsPrice}`, round(billable * iopsPrice), money);
    parts.push({ label: 'IOPS', value: cost });
  }
  const throughputPrice = entry.extraPrices?.['throughputMiBpsMonth'];
  if (throughputPrice !== undefined && volume.throughputMBps !== undefined) {
    const included = includedThroughput(entry);
    const billable = step(
      'billable throughput',
      `max(0, ${volume.throughputMBps} − ${included})`,
      Math.max(0, volume.throughputMBps - included),
      'MiB/s',
    );
    const cost = step(
      'throughput',
      `${billable} × ${throughputPrice}`,
      round(billable * throughputPrice),
      money,
    );
    parts.push({ label: 'throughput', value: cost });
  }
  if (parts.length === 1) return storage;
  const total = round(parts.reduce((sum, part) => sum + part.value, 0));
  return step('total', parts.map((part) => String(part.value)).join(' + '), total, money);
}
