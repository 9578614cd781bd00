import { CalculationBuilder } from '../shared/calculation-builder.js';
import type { DraftFields } from '../shared/draft-fields.js';
import { draftBase, type RuleContext, type RuleOutput } from '../shared/resource-context.js';
import { round } from '../shared/stats.js';
import { includedIops, includedThroughput, volumeMonthlyCost } from './ebs-cost.js';
import {
  GP2_IOPS_PER_GIB,
  GP2_MAX_BASELINE_IOPS,
  GP2_MAX_THROUGHPUT_MIBPS,
  GP2_MIN_BASELINE_IOPS,
  GP2_MIN_THROUGHPUT_MIBPS,
  GP2_THROUGHPUT_MIBPS_PER_GIB,
  GP3_MAX_SIZE_GIB,
  gp2BaselineIops,
  gp2BurstsThroughput,
  gp2ThroughputMiBps,
} from './ebs-performance.js';
import { ebsEntry, gp3PriceInputs, priceSource, type VolumeFacts } from './volume-context.js';

/**
 * Confidence of a gp2 → gp3 change. The saving follows from list prices and
 * AWS's documented performance rules, not from a forecast of usage, so it is
 * high; not 0.99 because the catalog may lag behind current prices.
 */
export const GP2_TO_GP3_CONFIDENCE = 0.95;

/**
 * Proposes gp2 → gp3 when gp3, provisioned to at least what the gp2 volume
 * delivers, costs less:
 * - IOPS: `max(included 3,000, gp2 baseline)`, where the gp2 baseline is
 *   `min(16000, max(100, 3 × size))`; burst to 3,000 on small gp2 volumes is covered by gp3's 3,000;
 * - throughput: `max(included 125, gp2 sustained throughput)`, where gp2 sustains
 *   `min(250, max(128, ceil(0.75 × size)))` MiB/s (see {@link gp2ThroughputMiBps});
 * - IOPS and throughput above gp3's included amounts are paid at the catalog's prices.
 *
 * Low risk: Elastic Volumes changes the type online, without detaching the volume.
 * Nothing is proposed when gp3 is not cheaper or the volume is larger than gp3 allows.
 * @returns whether a recommendation was added.
 */
export function proposeGp2ToGp3(context: RuleContext, output: RuleOutput, volume: VolumeFacts): boolean {
  const { sizeGiB, entry: gp2 } = volume;
  if (sizeGiB > GP3_MAX_SIZE_GIB) return false;
  const gp3 = ebsEntry(context, output, 'gp3', 'gp2 → gp3');
  if (!gp3) return false;
  const baseline = gp2BaselineIops(sizeGiB);
  const gp2Throughput = gp2ThroughputMiBps(sizeGiB);
  const freeIops = includedIops(gp3);
  const freeThroughput = includedThroughput(gp3);
  const missing = [
    Math.max(freeIops, baseline) > freeIops && gp3.extraPrices?.['iopsMonth'] === undefined
      ? 'iopsMonth'
      : '',
    Math.max(freeThroughput, gp2Throughput) > freeThroughput &&
    gp3.extraPrices?.['throughputMiBpsMonth'] === undefined
      ? 'throughputMiBpsMonth'
      : '',
  ].filter(Boolean);
  if (missing.length > 0) {
    output.diagnostics.push({
      resourceId: volume.resource.id,
      level: 'warning',
      code: 'no-price',
      message: `the gp3 price in ${gp3.region} lacks extraPrices.${missing.join(' and ')}; gp2 → gp3 not evaluated`,
    });
    return false;
  }

  const calc = new CalculationBuilder(
    'storage.gp2-to-gp3@1',
    'gp3 IOPS = max(includedIops, min(16000, max(100, 3 × sizeGiB))); ' +
      'gp3 throughput = max(includedThroughput, min(250, max(128, ceil(0.75 × sizeGiB)))); ' +
      'savings = gp2 monthly cost − gp3 monthly cost',
  )
    .input('sizeGiB', sizeGiB, 'GiB', 'volume spec')
    .input('gp2Price', gp2.price, `${gp2.currency}/GiB-month`, priceSource(context, gp2));
  gp3PriceInputs(calc, context, gp3)
    .input('includedIops', freeIops, 'IOPS', 'gp3 includes this many IOPS at no charge')
    .input('includedThroughput', freeThroughput, 'MiB/s', 'gp3 includes this throughput at no charge');

  const iopsBaseline = calc.step(
    'gp2 baseline IOPS',
    `min(${GP2_MAX_BASELINE_IOPS}, max(${GP2_MIN_BASELINE_IOPS}, ${GP2_IOPS_PER_GIB} × ${sizeGiB}))`,
    baseline,
    'IOPS',
  );
  const iops = calc.step(
    'gp3 IOPS',
    `max(${freeIops}, ${iopsBaseline})`,
    Math.max(freeIops, iopsBaseline),
    'IOPS',
  );
  const sustained = calc.step(
    'gp2 throughput',
    `min(${GP2_MAX_THROUGHPUT_MIBPS}, max(${GP2_MIN_THROUGHPUT_MIBPS}, ceil(${GP2_THROUGHPUT_MIBPS_PER_GIB} × ${sizeGiB})))`,
    gp2Throughput,
    'MiB/s',
  );
  const throughput = calc.step(
    'gp3 throughput',
    `max(${freeThroughput}, ${sustained})`,
    Math.max(freeThroughput, gp2Throughput),
    'MiB/s',
  );
  const now = volumeMonthlyCost(gp2, { sizeGiB }, { builder: calc, label: 'gp2 now', unit: volume.money });
  const proposed = volumeMonthlyCost(
    gp3,
    { sizeGiB, iops, throughputMBps: throughput },
    { builder: calc, label: 'gp3 proposed', unit: volume.money },
  );
  const savings = calc.step('monthly savings', `${now} − ${proposed}`, round(now - proposed), volume.money);
  if (!(savings > 0)) return false;

  calc
    .note(
      'Elastic Volumes changes the type online: no detach, no restart. The volume is "optimizing" for minutes to ' +
        'hours, with performance at least that of gp2 meanwhile; the next change is possible after 6 hours.',
    )
    .note(
      `gp3 keeps gp2's performance: ${iops} IOPS (gp2 baseline ${baseline}; gp2 under 1,000 GiB bursts to ` +
        `3,000 on credits, gp3 sustains ${freeIops}) and ${throughput} MiB/s (gp2 sustains ${gp2Throughput} MiB/s).`,
    );
  if (gp2BurstsThroughput(sizeGiB)) {
    calc.note(
      `A ${sizeGiB} GiB gp2 volume bursts to ${GP2_MAX_THROUGHPUT_MIBPS} MiB/s while its credits last; gp3 is given the ` +
        `sustained ${throughput} MiB/s. If the workload relies on those bursts, provision more throughput ` +
        `(${gp3.extraPrices?.['throughputMiBpsMonth'] ?? 0} ${gp3.currency} per MiB/s-month).`,
    );
  }

  // Object.assign rather than a spread: see `shared/draft-fields.ts`.
  const fields: DraftFields = {
    kind: 'storage-tier',
    action: { type: 'modify-volume', from: 'gp2', to: 'gp3', iops, throughputMBps: throughput },
    title: `Change ${volume.resource.name ?? volume.resource.id} from gp2 to gp3 (${sizeGiB} GiB)`,
    summary:
      `gp3 with ${iops} IOPS and ${throughput} MiB/s matches the gp2 volume's performance for ` +
      `${proposed} instead of ${now} ${volume.money}.`,
    estimatedMonthlySavings: savings,
    confidence: GP2_TO_GP3_CONFIDENCE,
    risk: 'low',
    calculation: calc.build(),
    evidence: [],
  };
  output.recommendations.push(Object.assign(draftBase(context), fields));
  return true;
}
