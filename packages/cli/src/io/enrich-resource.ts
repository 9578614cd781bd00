import {
  FinopsError,
  HOURS_PER_MONTH,
  type InputIssue,
  type InvalidInputError,
  type ResourceKind,
  type ResourceSpec,
} from '@finops-autopilot/core';
import type { AwsPriceCatalog } from '@finops-autopilot/provider-aws/prices';

/** The resource kind each known AWS service maps to. */
export const KIND_BY_SERVICE: Readonly<Record<string, ResourceKind>> = {
  ec2: 'compute-instance',
  rds: 'database-instance',
  redshift: 'data-warehouse',
  ebs: 'block-volume',
};

const TYPE_LABEL: Readonly<Record<string, string>> = {
  ec2: 'instance type',
  rds: 'instance class',
  redshift: 'node type',
  ebs: 'volume type',
};

/** Fields a minimal inventory record may carry outside the core Resource shape. */
const SHORTHAND_FIELDS = ['sizeGiB', 'iops', 'throughputMBps', 'nodes'] as const;

/**
 * Fills what a minimal record leaves out — kind, state, spec, hourly price,
 * currency — from its service and the price catalog. `record` is a copy the
 * function may change; problems are added to `issues` with paths relative to
 * the record. Fields already present are kept.
 */
export function enrichRecord(
  record: Record<string, unknown>,
  prices: AwsPriceCatalog,
  issues: InputIssue[],
): void {
  const shorthand: Partial<Record<(typeof SHORTHAND_FIELDS)[number], number>> = {};
  for (const field of SHORTHAND_FIELDS) {
    const value = record[field];
    delete record[field];
    if (value === undefined) continue;
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < 0 ||
      (field !== 'iops' && value === 0)
    ) {
      issues.push({ path: field, message: `must be a positive number, got ${JSON.stringify(value)}` });
    } else shorthand[field] = value;
  }
  if (Array.isArray(record['tags'])) record['tags'] = tagsFromList(record['tags']);
  const { service, type, region } = record;
  if (typeof service !== 'string') return;
  const knownKind = Object.hasOwn(KIND_BY_SERVICE, service) ? KIND_BY_SERVICE[service] : undefined;
  record['kind'] ??= knownKind;
  if (record['kind'] === undefined) {
    issues.push({
      path: 'service',
      message:
        `unknown service "${service}" (expected ${Object.keys(KIND_BY_SERVICE).join(', ')}; ` +
        'records of other services need kind, spec and hourlyPrice)',
    });
    return;
  }
  if (service === 'ebs') record['state'] ??= record['attachedTo'] ? 'in-use' : 'available';
  if (typeof type !== 'string' || typeof region !== 'string') return;
  const given = isObject(record['spec']) ? (record['spec'] as ResourceSpec) : undefined;
  if (!knownKind || record['provider'] !== 'aws') return;
  if (given && typeof record['hourlyPrice'] === 'number') return; // a full record: kept as it is

  if (!prices.regions({ service }).includes(region)) {
    issues.push({
      path: 'region',
      message: `no ${service} prices for region "${region}" (${regionsHint(prices, service)})`,
    });
    return;
  }
  if (service === 'ebs') {
    enrichVolume(record, { service, type, region }, given, shorthand, prices, issues);
    return;
  }
  const entry = prices.find({ service, region, type });
  if (!entry) {
    issues.push({ path: 'type', message: unknownTypeMessage(prices, service, type, region) });
    return;
  }
  const nodes = shorthand.nodes ?? given?.nodes;
  const spec: ResourceSpec = {};
  if (entry.vcpu !== undefined) spec.vcpu = entry.vcpu;
  if (entry.memoryGiB !== undefined) spec.memoryGiB = entry.memoryGiB;
  if (entry.architecture !== undefined) spec.architecture = entry.architecture;
  if (entry.networkGbps !== undefined) spec.networkGbps = entry.networkGbps;
  if (nodes !== undefined) spec.nodes = nodes;
  record['spec'] = { ...spec, ...given };
  record['hourlyPrice'] ??= entry.price * (service === 'redshift' ? (nodes ?? 1) : 1);
  record['currency'] ??= entry.currency;
}

function enrichVolume(
  record: Record<string, unknown>,
  lookup: { service: string; type: string; region: string },
  given: ResourceSpec | undefined,
  shorthand: Partial<Record<(typeof SHORTHAND_FIELDS)[number], number>>,
  prices: AwsPriceCatalog,
  issues: InputIssue[],
): void {
  const { type, region } = lookup;
  const sizeGiB = shorthand.sizeGiB ?? given?.storageGiB;
  if (!prices.find(lookup)) {
    issues.push({ path: 'type', message: unknownTypeMessage(prices, 'ebs', type, region) });
    return;
  }
  if (sizeGiB === undefined) {
    if (issues.some((issue) => issue.path === 'sizeGiB')) return;
    issues.push({ path: 'sizeGiB', message: 'is required for an ebs volume (size in GiB)' });
    return;
  }
  try {
    const cost = prices.ebsMonthlyCost({
      type,
      region,
      sizeGiB,
      iops: shorthand.iops ?? given?.iops,
      throughputMBps: shorthand.throughputMBps ?? given?.throughputMBps,
    });
    const spec: ResourceSpec = { storageGiB: sizeGiB };
    if (cost.iops !== undefined) spec.iops = cost.iops;
    if (cost.throughputMBps !== undefined) spec.throughputMBps = cost.throughputMBps;
    record['spec'] = { ...spec, ...given };
    record['hourlyPrice'] ??= cost.monthlyCost / HOURS_PER_MONTH;
    record['currency'] ??= cost.currency;
  } catch (error) {
    if (!isInvalidInput(error)) throw error;
    for (const issue of error.issues) issues.push({ path: issue.path, message: issue.message });
  }
}

/** `unknown ec2 instance type "m5.xxl" in us-east-1; m5 types there: m5.large, …` */
function unknownTypeMessage(prices: AwsPriceCatalog, service: string, type: string, region: string): string {
  const head = `unknown ${service} ${TYPE_LABEL[service] ?? 'type'} "${type}" in ${region}`;
  try {
    prices.lookup({ service, region, type });
  } catch (error) {
    if (FinopsError.isInstance(error) && error.code === 'NO_SUCH_PRICE') {
      const marker = ` in ${region}`;
      const at = error.message.indexOf(marker);
      const rest = at >= 0 ? error.message.slice(at + marker.length) : '';
      if (rest.startsWith(';') || rest.startsWith(':')) return `${head}; ${rest.slice(1).trim()}`;
      if (rest.startsWith(' (')) return `${head}${rest}`;
    }
  }
  return head;
}

function regionsHint(prices: AwsPriceCatalog, service: string): string {
  const regions = prices.regions({ service });
  return regions.length <= 8
    ? `regions: ${regions.join(', ')}`
    : `${regions.length} regions, e.g. ${regions.slice(0, 5).join(', ')}`;
}

/** AWS API style `[{ "Key": "env", "Value": "prod" }]` → `{ env: 'prod' }`; other shapes are left for validation. */
function tagsFromList(list: unknown[]): unknown {
  const tags: Record<string, unknown> = {};
  for (const item of list) {
    if (!isObject(item) || typeof item['Key'] !== 'string') return list;
    tags[item['Key']] = item['Value'];
  }
  return tags;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An `InvalidInputError`, also from another copy of core. */
export function isInvalidInput(error: unknown): error is InvalidInputError {
  return (
    FinopsError.isInstance(error) &&
    error.code === 'INVALID_INPUT' &&
    Array.isArray((error as InvalidInputError).issues)
  );
}
