import type { Evidence } from '@finops-autopilot/core';
import { CalculationBuilder } from '../shared/calculation-builder.js';
import type { DraftFields } from '../shared/draft-fields.js';
import { draftBase, type RuleContext, type RuleOutput } from '../shared/resource-context.js';
import { round } from '../shared/stats.js';
import { volumeMonthlyCost } from './ebs-cost.js';
import { money, priceSource, type VolumeFacts } from './volume-context.js';

const DAY_MS = 86_400_000;

/**
 * Confidence of deleting an unattached volume, by what is known of how long it
 * has been unattached:
 * - `detachedSince`: `metadata.detachedAt` shows it unattached for at least
 *   `unattachedMinDays` — only a forgotten plan to reattach it can be wrong;
 * - `createdOnly`: only `createdAt` is known (old enough), so it may have been
 *   detached yesterday: below the default policy's 0.8, a person decides;
 * - `unknown`: neither is known.
 */
export const UNATTACHED_CONFIDENCE = { detachedSince: 0.9, createdOnly: 0.7, unknown: 0.6 } as const;

/**
 * The catalog type of EBS snapshot storage (service `ebs`, unit GiB-month),
 * used to price the safety snapshot when a catalog has it.
 */
export const SNAPSHOT_PRICE_TYPE = 'snapshot';

/** Metric names whose non-zero values prove the volume was attached at that time. */
const IO_METRICS = ['VolumeReadOps', 'VolumeWriteOps'] as const;

/**
 * Proposes snapshot-and-delete for an unattached (`available`) volume. Savings
 * are the volume's whole monthly cost (storage plus provisioned IOPS and
 * throughput). The snapshot is not subtracted: it bills only the blocks in use,
 * and is priced in a note when the catalog has a snapshot price.
 *
 * How long the volume has been unattached decides whether to propose:
 * - `metadata.detachedAt` (ISO) less than `unattachedMinDays` ago → nothing (diagnostic);
 * - `createdAt` less than `unattachedMinDays` ago → nothing: it cannot have been unattached longer;
 * - I/O recorded less than `unattachedMinDays` ago → nothing: it was attached then;
 * - otherwise proposed, with confidence by what is known ({@link UNATTACHED_CONFIDENCE}).
 *
 * Medium risk: deleting is irreversible except through the snapshot, and
 * restoring one gives a new volume id that whatever used the volume must learn.
 */
export function proposeDeleteUnattached(context: RuleContext, output: RuleOutput, volume: VolumeFacts): void {
  const { resource, entry, sizeGiB } = volume;
  const minDays = context.options.storage.unattachedMinDays;
  const daysSince = (iso: unknown): number | undefined => {
    if (typeof iso !== 'string') return undefined;
    const at = Date.parse(iso);
    return Number.isFinite(at) ? round((context.now - at) / DAY_MS, 1) : undefined;
  };
  const detachedDays = daysSince(resource.metadata?.['detachedAt']);
  const createdDays = daysSince(resource.createdAt);
  const lastIo = lastIoAt(context);
  const lastIoDays = lastIo === undefined ? undefined : round((context.now - lastIo) / DAY_MS, 1);

  const tooRecent = (days: number | undefined, what: string): boolean => {
    if (days === undefined || days >= minDays) return false;
    output.diagnostics.push({
      resourceId: resource.id,
      level: 'info',
      code: 'recently-unattached',
      message: `${what} ${days} days ago, less than the ${minDays} days an unattached volume must wait before deletion is proposed`,
    });
    return true;
  };
  if (tooRecent(detachedDays, 'detached')) return;
  if (detachedDays === undefined && tooRecent(createdDays, 'created')) return;
  if (tooRecent(lastIoDays, 'last I/O')) return;

  let confidence: number;
  let since: string;
  if (detachedDays !== undefined) {
    confidence = UNATTACHED_CONFIDENCE.detachedSince;
    since = `Unattached for ${detachedDays} days (metadata.detachedAt).`;
  } else if (createdDays !== undefined) {
    confidence = UNATTACHED_CONFIDENCE.createdOnly;
    since =
      `Detach time unknown: created ${createdDays} days ago, unattached now; it may have been detached recently, ` +
      `so confidence is lowered to ${confidence}.`;
  } else {
    confidence = UNATTACHED_CONFIDENCE.unknown;
    since = `Neither creation nor detach time is known, so confidence is lowered to ${confidence}.`;
  }

  const calc = new CalculationBuilder(
    'storage.delete-unattached@1',
    'savings = storage + provisioned IOPS + provisioned throughput (the whole monthly cost of the volume)',
  )
    .input('sizeGiB', sizeGiB, 'GiB', 'volume spec')
    .input('volumeType', volume.type)
    .input('storagePrice', entry.price, `${entry.currency}/GiB-month`, priceSource(context, entry))
    .input('state', String(resource.state), undefined, 'inventory: not attached to any instance')
    .input('unattachedMinDays', minDays, 'days', 'engine option storage.unattachedMinDays');
  if (detachedDays !== undefined) calc.input('daysSinceDetach', detachedDays, 'days', 'metadata.detachedAt');
  if (createdDays !== undefined) calc.input('daysSinceCreated', createdDays, 'days', 'createdAt');
  const iops = resource.spec.iops;
  const throughputMBps = resource.spec.throughputMBps;
  if (iops !== undefined && entry.extraPrices?.['iopsMonth'] !== undefined) {
    calc.input('iops', iops, 'IOPS', 'volume spec');
    calc.input(
      'iopsPrice',
      entry.extraPrices['iopsMonth'],
      `${entry.currency}/IOPS-month`,
      priceSource(context, entry),
    );
  }
  if (throughputMBps !== undefined && entry.extraPrices?.['throughputMiBpsMonth'] !== undefined) {
    calc.input('throughput', throughputMBps, 'MiB/s', 'volume spec');
    calc.input(
      'throughputPrice',
      entry.extraPrices['throughputMiBpsMonth'],
      `${entry.currency}/MiBps-month`,
      priceSource(context, entry),
    );
  }
  const cost = volumeMonthlyCost(
    entry,
    { sizeGiB, iops, throughputMBps },
    { builder: calc, label: 'volume', unit: volume.money },
  );
  const savings = calc.step('monthly savings', `${cost}`, cost, volume.money);
  if (!(savings > 0)) return;

  calc.note(since);
  if (lastIoDays !== undefined) calc.note(`Last I/O recorded ${lastIoDays} days ago.`);
  if ((volume.type === 'io1' || volume.type === 'io2') && iops === undefined) {
    calc.note('Provisioned IOPS unknown: their cost is left out, so the saving is understated.');
  }
  if (entry.extraPrices?.['millionRequests'] !== undefined) {
    calc.note('Request charges of magnetic volumes depend on I/O; an unattached volume makes none.');
  }
  const snapshot = context.prices.find({
    service: 'ebs',
    region: resource.region,
    type: SNAPSHOT_PRICE_TYPE,
  });
  if (snapshot) {
    const most = round(sizeGiB * snapshot.price);
    calc.note(
      `The snapshot costs at most ${sizeGiB} × ${snapshot.price} = ${money(most)} ${volume.money} while kept ` +
        '(only blocks in use are stored); not subtracted — delete it once it is no longer needed.',
    );
  } else {
    calc.note(
      'Snapshot cost not included: the price catalog has no EBS snapshot price (snapshots bill the blocks in use per GiB-month).',
    );
  }

  const evidence: Evidence[] = [];
  if (detachedDays !== undefined) {
    evidence.push({ metric: 'detachedAt', statistic: 'days since', value: detachedDays, unit: 'days' });
  }
  if (lastIoDays !== undefined) {
    evidence.push({
      metric: 'VolumeReadOps+VolumeWriteOps',
      statistic: 'days since last I/O',
      value: lastIoDays,
      unit: 'days',
    });
  }

  // Object.assign rather than a spread: see `shared/draft-fields.ts`.
  const fields: DraftFields = {
    kind: 'storage-tier',
    action: { type: 'delete', snapshotFirst: true },
    title: `Snapshot and delete unattached volume ${resource.name ?? resource.id} (${volume.type}, ${sizeGiB} GiB)`,
    summary: `${since} Deleting it after a snapshot saves ${money(savings)} ${volume.money}.`,
    estimatedMonthlySavings: savings,
    confidence,
    risk: 'medium',
    calculation: calc.build(),
    evidence,
  };
  output.recommendations.push(Object.assign(draftBase(context), fields));
}

/** The latest time in the window with read or write operations, epoch ms. */
function lastIoAt(context: RuleContext): number | undefined {
  let latest: number | undefined;
  for (const name of IO_METRICS) {
    const window = context.metrics.get(name);
    if (!window) continue;
    const { timestamps, values } = window.series;
    for (let index = window.end - 1; index >= window.start; index--) {
      if (values[index]! > 0) {
        const at = timestamps[index]! + window.series.periodSeconds * 1000;
        if (latest === undefined || at > latest) latest = at;
        break;
      }
    }
  }
  return latest;
}
