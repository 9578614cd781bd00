import { PERCENTILES } from '../options.js';
import { CalculationBuilder } from '../shared/calculation-builder.js';
import { CONFIDENCE_FORMULA, confidenceOf } from '../shared/confidence.js';
import type { DraftFields } from '../shared/draft-fields.js';
import type { MetricWindow } from '../shared/metrics-view.js';
import { draftBase, type RuleContext, type RuleOutput } from '../shared/resource-context.js';
import { coefficientOfVariation, percentile, round } from '../shared/stats.js';
import { includedIops, includedThroughput, volumeMonthlyCost } from './ebs-cost.js';
import {
  GP3_MAX_IOPS,
  GP3_MAX_IOPS_PER_GIB,
  GP3_MAX_SIZE_GIB,
  GP3_MAX_THROUGHPUT_MIBPS,
  PROVISIONED_IOPS_STEP,
  PROVISIONED_MIN_IOPS,
  SSD_MAX_IO_MIB,
} from './ebs-performance.js';
import { ebsEntry, gp3PriceInputs, money, priceSource, type VolumeFacts } from './volume-context.js';

/**
 * Metric periods up to this (seconds) count as fine enough to size IOPS with
 * low risk: CloudWatch's standard EBS resolution. Coarser averages hide
 * bursts inside the period, so a lower IOPS limit becomes a medium risk.
 */
export const FINE_IOPS_PERIOD_SECONDS = 300;

let iopsScratch = new Float64Array(4096);

/**
 * Proposes a lower provisioned IOPS for an io1/io2 volume whose peak IOPS
 * (the configured percentile of `(VolumeReadOps + VolumeWriteOps) / period`),
 * plus headroom, is under `iopsUsedShare` of what is provisioned:
 *
 * - needed = `ceil(peak × (1 + headroom) / 100) × 100`, at least 100;
 * - option A: the same type at the needed IOPS;
 * - option B: gp3 when the need is at most 16,000 IOPS (and 500 per GiB), with
 *   `max(3,000, needed)` IOPS and throughput `max(125, min(1000, needed × 0.25))` MiB/s,
 *   the envelope an io volume gives at the needed IOPS;
 * - the cheaper wins (a tie keeps the type).
 *
 * Risk: low for the same type with data at 5-minute resolution or finer,
 * medium otherwise (coarser data hides bursts; gp3 is a different service
 * level, and io2's durability is higher than gp3's).
 * Without both I/O metrics, or with too little data, a diagnostic and nothing else.
 */
export function proposeLowerIops(context: RuleContext, output: RuleOutput, volume: VolumeFacts): void {
  const { resource, entry, sizeGiB, type } = volume;
  const provisioned = resource.spec.iops;
  const diagnose = (code: string, message: string, level: 'info' | 'warning' = 'info') => {
    output.diagnostics.push({ resourceId: resource.id, level, code, message });
  };
  if (provisioned === undefined || !(provisioned > 0)) {
    diagnose('missing-spec', `${type} volume without spec.iops; provisioned IOPS not evaluated`, 'warning');
    return;
  }
  const reads = context.metrics.get('VolumeReadOps');
  const writes = context.metrics.get('VolumeWriteOps');
  if (!reads || !writes) {
    diagnose(
      'insufficient-data',
      `${type} volume without ${reads ? 'VolumeWriteOps' : writes ? 'VolumeReadOps' : 'VolumeReadOps and VolumeWriteOps'}: ` +
        'provisioned IOPS cannot be checked against use',
    );
    return;
  }
  if (reads.series.periodSeconds !== writes.series.periodSeconds) {
    diagnose('unsupported-metrics', 'VolumeReadOps and VolumeWriteOps have different periods', 'warning');
    return;
  }
  if (reads.series.statistic !== 'Sum' || writes.series.statistic !== 'Sum') {
    diagnose(
      'unsupported-metrics',
      'VolumeReadOps/VolumeWriteOps must be Sum per period to give IOPS (ops ÷ period seconds)',
      'warning',
    );
    return;
  }
  const periodSeconds = reads.series.periodSeconds;
  const count = sumIops(reads, writes, periodSeconds);
  const hours = (count * periodSeconds) / 3600;
  const { minHours, lookbackDays, headroom, percentile: percentileName } = context.options;
  if (hours < minHours) {
    diagnose(
      'insufficient-data',
      `${hours.toFixed(1)} h of I/O metrics in the ${lookbackDays}-day window; at least ${minHours} h are needed`,
    );
    return;
  }

  const peak = round(percentile(iopsScratch, PERCENTILES[percentileName], 0, count), 1);
  const share = context.options.storage.iopsUsedShare;
  const headroomFactor = round(1 + headroom, 4);
  const withHeadroom = round(peak * headroomFactor);
  const threshold = round(share * provisioned);
  if (!(withHeadroom < threshold)) return;

  const calc = new CalculationBuilder(
    'storage.provisioned-iops@1',
    'needed = ceil(peak × (1 + headroom) / 100) × 100; proposed only when peak × (1 + headroom) < iopsUsedShare × provisioned; ' +
      'savings = cost now − cheaper of (same type at needed IOPS, gp3 at max(3000, needed) IOPS)',
  )
    .input('provisionedIops', provisioned, 'IOPS', 'volume spec')
    .input(
      'peakIops',
      peak,
      'IOPS',
      `${percentileName} of (VolumeReadOps + VolumeWriteOps) / ${periodSeconds} s`,
    )
    .input('headroom', headroom, undefined, 'engine option headroom')
    .input('iopsUsedShare', share, undefined, 'engine option storage.iopsUsedShare')
    .input('sizeGiB', sizeGiB, 'GiB', 'volume spec')
    .input('storagePrice', entry.price, `${entry.currency}/GiB-month`, priceSource(context, entry))
    .input(
      'iopsPrice',
      entry.extraPrices?.['iopsMonth'] ?? 0,
      `${entry.currency}/IOPS-month`,
      priceSource(context, entry),
    );
  calc.step('peak with headroom', `${peak} × ${headroomFactor}`, withHeadroom, 'IOPS');
  calc.step('over-provisioning threshold', `${share} × ${provisioned}`, threshold, 'IOPS');
  const rounded = Math.ceil(withHeadroom / PROVISIONED_IOPS_STEP) * PROVISIONED_IOPS_STEP;
  const needed = calc.step(
    'needed IOPS',
    `max(${PROVISIONED_MIN_IOPS}, ceil(${withHeadroom} / ${PROVISIONED_IOPS_STEP}) × ${PROVISIONED_IOPS_STEP})`,
    Math.max(PROVISIONED_MIN_IOPS, rounded),
    'IOPS',
  );
  if (needed >= provisioned) return;

  const now = volumeMonthlyCost(
    entry,
    { sizeGiB, iops: provisioned },
    { builder: calc, label: `${type} now`, unit: volume.money },
  );
  const same = volumeMonthlyCost(
    entry,
    { sizeGiB, iops: needed },
    { builder: calc, label: `${type} at ${needed} IOPS`, unit: volume.money },
  );

  let gp3Option: { cost: number; iops: number; throughput: number } | undefined;
  const gp3Fits = needed <= GP3_MAX_IOPS && sizeGiB <= GP3_MAX_SIZE_GIB;
  const gp3 = gp3Fits ? ebsEntry(context, output, 'gp3', 'gp3 alternative') : undefined;
  if (gp3) {
    const iops = Math.max(includedIops(gp3), needed);
    const throughputNeed = Math.min(GP3_MAX_THROUGHPUT_MIBPS, needed * SSD_MAX_IO_MIB);
    const freeThroughput = includedThroughput(gp3);
    const throughput = Math.max(freeThroughput, Math.ceil(throughputNeed));
    const priced =
      (iops <= includedIops(gp3) || gp3.extraPrices?.['iopsMonth'] !== undefined) &&
      (throughput <= freeThroughput || gp3.extraPrices?.['throughputMiBpsMonth'] !== undefined);
    if (priced && (iops <= includedIops(gp3) || iops <= GP3_MAX_IOPS_PER_GIB * sizeGiB)) {
      gp3PriceInputs(calc, context, gp3);
      calc.step('gp3 IOPS', `max(${includedIops(gp3)}, ${needed})`, iops, 'IOPS');
      calc.step(
        'gp3 throughput',
        `max(${freeThroughput}, ceil(min(${GP3_MAX_THROUGHPUT_MIBPS}, ${needed} × ${SSD_MAX_IO_MIB})))`,
        throughput,
        'MiB/s',
      );
      const cost = volumeMonthlyCost(
        gp3,
        { sizeGiB, iops, throughputMBps: throughput },
        { builder: calc, label: 'gp3 alternative', unit: volume.money },
      );
      gp3Option = { cost, iops, throughput };
    }
  }

  const toGp3 = gp3Option !== undefined && gp3Option.cost < same;
  const target = toGp3 && gp3Option ? gp3Option.cost : same;
  const savings = calc.step('monthly savings', `${now} − ${target}`, round(now - target), volume.money);
  if (!(savings > 0)) return;

  const fine = periodSeconds <= FINE_IOPS_PERIOD_SECONDS;
  const risk = !toGp3 && fine ? 'low' : 'medium';
  calc.note(
    toGp3 && gp3Option
      ? `gp3 (${money(gp3Option.cost)}) is cheaper than ${type} at ${needed} IOPS (${money(same)}) ${volume.money}.`
      : gp3Option
        ? `${type} at ${needed} IOPS (${money(same)}) is not dearer than gp3 (${money(gp3Option.cost)}) ${volume.money}; the type is kept.`
        : `gp3 not considered: ${gp3Fits ? 'no usable gp3 price' : `the need exceeds gp3's ${GP3_MAX_IOPS} IOPS or size limit`}.`,
  );
  calc.note(
    fine
      ? `IOPS from ${periodSeconds}-second sums; bursts shorter than that are averaged out, which the ${headroom} headroom covers.`
      : `IOPS from ${periodSeconds}-second sums: bursts inside a period are averaged out, so the risk is medium.`,
  );
  if (toGp3) {
    calc.note(
      type === 'io2'
        ? 'io2 is designed for 99.999% durability, gp3 for 99.8–99.9%, and gp3 does not promise io-class latency consistency.'
        : 'gp3 does not promise the latency consistency of provisioned-IOPS volumes.',
    );
  }
  calc.note(
    'The change is online (Elastic Volumes); after it, the volume cannot be modified again for 6 hours, so raising the IOPS back takes that long.',
  );
  const confidence = confidenceOf({
    history: hours / (lookbackDays * 24),
    coverage: Math.min(reads.coverage, writes.coverage),
    volatility: coefficientOfVariation(iopsScratch, 0, count),
  });
  calc.note(CONFIDENCE_FORMULA);

  const to = toGp3 ? 'gp3' : type;
  const action =
    toGp3 && gp3Option
      ? {
          type: 'modify-volume' as const,
          from: type,
          to,
          iops: gp3Option.iops,
          throughputMBps: gp3Option.throughput,
        }
      : { type: 'modify-volume' as const, from: type, to, iops: needed };
  // Object.assign rather than a spread: see `shared/draft-fields.ts`.
  const fields: DraftFields = {
    kind: 'storage-tier',
    action,
    title: toGp3
      ? `Change ${resource.name ?? resource.id} from ${type} (${provisioned} IOPS) to gp3 (${gp3Option?.iops} IOPS)`
      : `Lower ${resource.name ?? resource.id} (${type}) from ${provisioned} to ${needed} provisioned IOPS`,
    summary:
      `Peak use ${peak} IOPS (${percentileName}) of ${provisioned} provisioned; ${needed} IOPS keep ` +
      `${Math.round(headroom * 100)}% headroom.`,
    estimatedMonthlySavings: savings,
    confidence,
    risk,
    calculation: calc.build(),
    evidence: [
      {
        metric: 'VolumeReadOps+VolumeWriteOps',
        statistic: `${percentileName} IOPS`,
        value: peak,
        unit: 'IOPS',
        window: {
          start: new Date(context.windowStart).toISOString(),
          end: new Date(context.now).toISOString(),
        },
      },
    ],
  };
  output.recommendations.push(Object.assign(draftBase(context), fields));
}

/**
 * Fills the scratch buffer with `(reads + writes) / period` at the timestamps
 * both series have (a point missing from either is skipped, never counted as
 * zero); returns how many values were written.
 */
function sumIops(reads: MetricWindow, writes: MetricWindow, periodSeconds: number): number {
  const capacity = Math.min(reads.count, writes.count);
  if (iopsScratch.length < capacity)
    iopsScratch = new Float64Array(Math.max(capacity, iopsScratch.length * 2));
  const r = reads.series;
  const w = writes.series;
  let i = reads.start;
  let j = writes.start;
  let count = 0;
  while (i < reads.end && j < writes.end) {
    const ti = r.timestamps[i]!;
    const tj = w.timestamps[j]!;
    if (ti < tj) i++;
    else if (tj < ti) j++;
    else {
      const sum = r.values[i]! + w.values[j]!;
      if (Number.isFinite(sum)) iopsScratch[count++] = sum / periodSeconds;
      i++;
      j++;
    }
  }
  return count;
}
