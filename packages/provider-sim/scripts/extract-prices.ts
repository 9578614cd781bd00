/**
 * Copies the AWS list prices the simulation uses from the shared reference data
 * into `data/prices.json`: EC2 instance types of the simulated families (all
 * sizes), RDS PostgreSQL Single-AZ classes in us-east-1, Redshift node types and
 * EBS volume prices.
 *
 * Usage: `pnpm exec tsx packages/provider-sim/scripts/extract-prices.ts <reference-data-dir>`
 * where the directory holds `pricing/aws_*.json`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** EC2 families the simulated fleet draws from. */
const EC2_FAMILIES = ['m5', 'm6i', 'm7g', 'c5', 'c6g', 'r5', 'r6g', 't3'] as const;
/** RDS families (lower-case, without `db.`) of the simulated databases. */
const RDS_FAMILIES = ['m5', 'm6g', 'r5', 'r6g', 't3'] as const;
const REGION = 'us-east-1';
const RDS_ENGINE = 'PostgreSQL';

/**
 * vCPU and memory of the Redshift node types other than dc2.large, from AWS's
 * published node specifications (the reference data carries specs for dc2.large only).
 */
const REDSHIFT_PUBLISHED_SPECS: Record<string, { vcpu: number; memoryGiB: number }> = {
  'ra3.4xlarge': { vcpu: 12, memoryGiB: 96 },
  'ra3.16xlarge': { vcpu: 48, memoryGiB: 384 },
};

type Json = Record<string, unknown>;
const readJson = (file: string): Json => JSON.parse(readFileSync(file, 'utf8')) as Json;

function main(): void {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: extract-prices.ts <reference-data-dir>');
  const pricing = join(dataDir, 'pricing');

  const ec2 = readJson(join(pricing, 'aws_ec2_instance_types.json'));
  const ec2Types = (ec2['instances'] as Json[])
    .filter((i) => (EC2_FAMILIES as readonly string[]).includes(i['family'] as string))
    .filter(
      (i) => typeof (i['onDemandUsdPerHour'] as Json)[REGION] === 'number' && typeof i['vcpu'] === 'number',
    )
    .map((i) => ({
      type: i['instanceType'],
      family: i['family'],
      generation: i['generation'],
      size: i['size'],
      vcpu: i['vcpu'],
      memoryGiB: i['memoryGiB'],
      architecture: i['architecture'] === 'arm64' ? 'arm64' : 'x86_64',
      networkGbps:
        typeof i['networkBandwidthMbps'] === 'number' ? (i['networkBandwidthMbps'] as number) / 1000 : null,
      usdPerHour: (i['onDemandUsdPerHour'] as Json)[REGION],
    }));

  const rds = readJson(join(pricing, 'aws_rds_instance_classes.json'));
  const rdsClasses = (rds['instances'] as Json[])
    .filter((i) => (RDS_FAMILIES as readonly string[]).includes(String(i['family']).toLowerCase()))
    .filter(
      (i) =>
        typeof ((i['onDemandUsdPerHour'] as Json)[REGION] as Json | undefined)?.[RDS_ENGINE] === 'number',
    )
    .map((i) => ({
      type: i['instanceClass'],
      family: String(i['family']).toLowerCase(),
      vcpu: i['vcpu'],
      memoryGiB: i['memoryGiB'],
      architecture: String(i['family']).toLowerCase().endsWith('g') ? 'arm64' : 'x86_64',
      usdPerHour: ((i['onDemandUsdPerHour'] as Json)[REGION] as Json)[RDS_ENGINE],
    }));

  const redshift = readJson(join(pricing, 'aws_redshift_node_types.json'));
  const redshiftNodes = Object.entries(redshift['nodeTypes'] as Record<string, Json>)
    .filter(
      ([type, node]) => !node['deprecated'] && (node['vcpu'] !== undefined || REDSHIFT_PUBLISHED_SPECS[type]),
    )
    .map(([type, node]) => ({
      type,
      vcpu: (node['vcpu'] as number | undefined) ?? REDSHIFT_PUBLISHED_SPECS[type]!.vcpu,
      memoryGiB: (node['memoryGiB'] as number | undefined) ?? REDSHIFT_PUBLISHED_SPECS[type]!.memoryGiB,
      specSource: node['vcpu'] !== undefined ? 'reference data' : 'AWS published node specifications',
      usdPerNodeHour: node['onDemandUsdPerNodeHour'],
    }));

  const ebs = readJson(join(pricing, 'aws_ebs_volume_prices.json'));
  const ebsTypes = Object.entries(ebs['volumeTypes'] as Record<string, Json>).map(([type, v]) => ({
    type,
    usdPerGiBMonth: v['storagePerGBMonth'],
    ...(v['iopsPerProvisionedIopsMonthAboveBaseline'] !== undefined
      ? { usdPerIopsMonth: v['iopsPerProvisionedIopsMonthAboveBaseline'], baselineIops: v['baselineIops'] }
      : {}),
    ...(v['iopsPerProvisionedIopsMonth'] !== undefined
      ? { usdPerIopsMonth: v['iopsPerProvisionedIopsMonth'] }
      : {}),
    ...(v['throughputPerMBpsMonthAboveBaseline'] !== undefined
      ? {
          usdPerMiBpsMonth: v['throughputPerMBpsMonthAboveBaseline'],
          baselineThroughputMBps: v['baselineThroughputMBps'],
        }
      : {}),
    ...(v['perMillionIoRequests'] !== undefined ? { usdPerMillionRequests: v['perMillionIoRequests'] } : {}),
  }));

  const out = {
    _meta: {
      region: REGION,
      currency: 'USD',
      ec2: { ...(ec2['_meta'] as Json), snapshotDate: '2026-07-20', families: EC2_FAMILIES },
      rds: {
        ...(rds['_meta'] as Json),
        snapshotDate: '2021-08-03',
        engine: RDS_ENGINE,
        deployment: 'Single-AZ',
      },
      redshift: redshift['_meta'],
      ebs: ebs['_meta'],
    },
    ec2: ec2Types,
    rds: rdsClasses,
    redshift: redshiftNodes,
    ebs: ebsTypes,
  };
  const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'prices.json');
  writeFileSync(target, `${JSON.stringify(out, null, 1)}\n`);
  console.log(
    `wrote ${ec2Types.length} EC2, ${rdsClasses.length} RDS, ${redshiftNodes.length} Redshift, ${ebsTypes.length} EBS prices`,
  );
}

main();
