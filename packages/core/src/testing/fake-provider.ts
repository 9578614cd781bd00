import type { ExecutorV1 } from '../contracts/v1/executor-v1.js';
import type { PriceCatalogV1 } from '../contracts/v1/price-catalog-v1.js';
import type { ResourceProviderV1 } from '../contracts/v1/provider-v1.js';
import { ExecutionError } from '../errors/execution-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { UnsupportedCapabilityError } from '../errors/unsupported-capability-error.js';
import { createStaticPriceCatalog } from '../prices/static-price-catalog.js';
import { actionSchema } from '../schemas/action.js';
import type { CostRecord } from '../schemas/cost-record.js';
import type { ExecutionOutcome, ExecutionPlan } from '../schemas/execution.js';
import { executionPlanSchema } from '../schemas/execution.js';
import type { MetricSeries } from '../schemas/metric-series.js';
import type { PriceCatalogEntry } from '../schemas/price-catalog-entry.js';
import { type Resource, type ResourceInput, resourceSchema } from '../schemas/resource.js';
import { parseWith } from '../util/parse.js';
import { FIXTURE_NOW } from './fixtures.js';

/** Options of {@link createFakeProvider}. */
export interface FakeProviderOptions {
  resources: readonly ResourceInput[];
  /** Series returned by `getMetrics` (filtered by resource, metric and window). @default [] */
  metrics?: readonly MetricSeries[];
  /** @default a few EC2 m5 / RDS / EBS prices plus every resource's own type at its `hourlyPrice` */
  prices?: PriceCatalogV1;
  /** The provider's clock. @default FIXTURE_NOW */
  now?: string;
}

/** The fake provider, with its executor's log for assertions. */
export interface FakeProvider extends ResourceProviderV1 {
  now(): Date;
  /** Keys of every applied execution, in order. */
  readonly appliedKeys: readonly string[];
}

const HOUR = 3_600_000;
const DEFAULT_PRICES: Array<[string, string, number, number?, number?]> = [
  ['ec2', 'm5.large', 0.096, 2, 8],
  ['ec2', 'm5.xlarge', 0.192, 4, 16],
  ['ec2', 'm5.2xlarge', 0.384, 8, 32],
  ['rds', 'db.m5.large', 0.178, 2, 8],
  ['rds', 'db.m5.xlarge', 0.356, 4, 16],
  ['ebs', 'gp2', 0.1],
  ['ebs', 'gp3', 0.08],
];

function defaultCatalog(resources: readonly Resource[]): PriceCatalogV1 {
  const entries = new Map<string, PriceCatalogEntry>();
  const regions = new Set(resources.map((r) => r.region).concat('us-east-1'));
  for (const region of regions) {
    for (const [service, type, price, vcpu, memoryGiB] of DEFAULT_PRICES) {
      entries.set(`${service}|${region}|${type}`, {
        provider: 'fake',
        service,
        region,
        type,
        price,
        currency: 'USD',
        unit: service === 'ebs' ? 'GiB-month' : 'hour',
        ...(vcpu ? { vcpu, memoryGiB } : {}),
      });
    }
  }
  for (const r of resources) {
    const key = `${r.service}|${r.region}|${r.type}`;
    if (!entries.has(key)) {
      entries.set(key, {
        provider: 'fake',
        service: r.service,
        region: r.region,
        type: r.type,
        price: r.hourlyPrice ?? 0,
        unit: 'hour',
        currency: r.currency,
        ...(r.spec.vcpu ? { vcpu: r.spec.vcpu } : {}),
        ...(r.spec.memoryGiB ? { memoryGiB: r.spec.memoryGiB } : {}),
      });
    }
  }
  return createStaticPriceCatalog({
    snapshotDate: FIXTURE_NOW.slice(0, 10),
    entries: [...entries.values()],
    name: 'fake prices',
  });
}

/**
 * A tiny in-memory provider for unit tests: fixed inventory, given metrics,
 * flat daily costs at each resource's `hourlyPrice`, and an executor for
 * resize, stop, modify-volume and delete with dry run, idempotency and rollback.
 */
export function createFakeProvider(options: FakeProviderOptions): FakeProvider {
  const inventory = new Map<string, Resource>(
    options.resources.map((r) => {
      const parsed = resourceSchema.parse(r);
      return [parsed.id, parsed];
    }),
  );
  const deleted = new Set<string>();
  const prices = options.prices ?? defaultCatalog([...inventory.values()]);
  const nowMs = Date.parse(options.now ?? FIXTURE_NOW);
  const metrics = options.metrics ?? [];
  const executions = new Map<string, ExecutionOutcome>();
  const rollbacks = new Map<string, ExecutionOutcome>();
  const appliedKeys: string[] = [];
  const clone = (r: Resource): Resource => structuredClone(r);
  const live = () => [...inventory.values()].filter((r) => !deleted.has(r.id)).map(clone);

  /** The resource after `action`, or an ExecutionError. */
  const apply = (resource: Resource, plan: Pick<ExecutionPlan, 'action'>): Resource => {
    const action = plan.action;
    const fail = (message: string) =>
      new ExecutionError({ resourceId: resource.id, message: `${resource.id}: ${message}` });
    const next = clone(resource);
    if (action.type === 'resize' || action.type === 'modify-volume') {
      const to = (action as { to: string }).to;
      if ((action.type === 'resize') === (resource.service === 'ebs'))
        throw fail(`cannot ${action.type} a ${resource.kind}`);
      const entry = prices.find({ service: resource.service, region: resource.region, type: to });
      if (!entry) throw fail(`unknown ${resource.service} type "${to}"`);
      next.type = to;
      if (entry.vcpu) next.spec.vcpu = entry.vcpu;
      if (entry.memoryGiB) next.spec.memoryGiB = entry.memoryGiB;
      next.hourlyPrice =
        entry.unit === 'hour' ? entry.price : (entry.price * (resource.spec.storageGiB ?? 0)) / 730;
    } else if (action.type === 'stop') {
      if (resource.state !== 'running') throw fail(`cannot stop in state ${resource.state}`);
      next.state = 'stopped';
    } else if (action.type === 'delete') {
      next.state = 'deleted';
    } else {
      throw new UnsupportedCapabilityError({ capability: `action:${action.type}` });
    }
    return next;
  };
  const outcome = (
    key: string,
    dryRun: boolean,
    preState: Resource,
    postState: Resource,
    message: string,
  ): ExecutionOutcome => ({
    idempotencyKey: key,
    dryRun,
    status: 'succeeded',
    applied: !dryRun,
    replayed: false,
    preState,
    postState,
    message,
    at: new Date(nowMs).toISOString(),
  });

  const executor: ExecutorV1 = {
    specificationVersion: 'v1',
    executorId: 'fake',
    capabilities: { dryRun: true, rollback: true, actions: ['resize', 'stop', 'modify-volume', 'delete'] },
    async plan({ resourceId, action }) {
      const parsedAction = parseWith(actionSchema, action, 'action');
      const resource = inventory.get(resourceId);
      if (!resource || deleted.has(resourceId))
        throw new NotFoundError({ entity: 'resource', id: resourceId });
      const expected = apply(resource, { action: parsedAction });
      const reversible =
        parsedAction.type !== 'delete' ||
        (parsedAction as { snapshotFirst?: boolean }).snapshotFirst !== false;
      return {
        resourceId,
        action: parsedAction,
        steps: [`${parsedAction.type} ${resourceId}`],
        preState: clone(resource),
        expectedState: expected,
        warnings: [],
        reversible,
      };
    },
    async execute({ plan: raw, dryRun, idempotencyKey }) {
      const plan = parseWith(executionPlanSchema, raw, 'execution plan');
      const previous = executions.get(idempotencyKey);
      if (!dryRun && previous) return { ...previous, applied: false, replayed: true };
      const resource = inventory.get(plan.resourceId);
      const failed = (message: string): ExecutionOutcome => ({
        idempotencyKey,
        dryRun,
        status: 'failed',
        applied: false,
        replayed: false,
        preState: plan.preState,
        message,
        at: new Date(nowMs).toISOString(),
      });
      if (!resource || deleted.has(plan.resourceId)) return failed(`${plan.resourceId} does not exist`);
      let next: Resource;
      try {
        next = apply(resource, plan);
      } catch (error) {
        return failed((error as Error).message);
      }
      if (dryRun) return outcome(idempotencyKey, true, clone(resource), next, 'dry run ok');
      if (next.state === 'deleted') deleted.add(next.id);
      else inventory.set(next.id, next);
      const result = outcome(
        idempotencyKey,
        false,
        clone(resource),
        clone(next),
        `applied ${plan.action.type}`,
      );
      executions.set(idempotencyKey, result);
      appliedKeys.push(idempotencyKey);
      return result;
    },
    async rollback({ plan, executedKey, idempotencyKey }) {
      const previous = rollbacks.get(idempotencyKey);
      if (previous) return { ...previous, applied: false, replayed: true };
      const executed = executions.get(executedKey);
      if (!executed)
        throw new ExecutionError({
          resourceId: plan.resourceId,
          message: `no applied execution "${executedKey}"`,
        });
      if (!plan.reversible)
        throw new UnsupportedCapabilityError({
          capability: 'rollback',
          message: `${plan.action.type} without snapshot cannot be rolled back`,
        });
      const before = deleted.has(plan.resourceId)
        ? { ...plan.preState, state: 'deleted' }
        : inventory.get(plan.resourceId)!;
      deleted.delete(plan.resourceId);
      inventory.set(plan.resourceId, clone(plan.preState));
      const result = outcome(
        idempotencyKey,
        false,
        clone(before),
        clone(plan.preState),
        `rolled back ${executedKey}`,
      );
      rollbacks.set(idempotencyKey, result);
      return result;
    },
  };

  return {
    specificationVersion: 'v1',
    providerId: 'fake',
    prices,
    executor,
    appliedKeys,
    now: () => new Date(nowMs),
    async listResources({ scope } = {}) {
      return live().filter(
        (r) =>
          (!scope?.accounts || scope.accounts.includes(r.account)) &&
          (!scope?.regions || scope.regions.includes(r.region)) &&
          (!scope?.services || scope.services.includes(r.service)),
      );
    },
    async getMetrics({ resources, window, metrics: names }) {
      const ids = new Set(resources.map((r) => (typeof r === 'string' ? r : r.id)));
      const start = Date.parse(window.start);
      const end = Date.parse(window.end);
      const out: MetricSeries[] = [];
      for (const series of metrics) {
        if (!ids.has(series.resourceId) || (names && !names.includes(series.metric))) continue;
        const keep = series.timestamps.flatMap((t, i) => (t >= start && t < end ? [i] : []));
        if (keep.length === 0) continue;
        out.push({
          ...series,
          timestamps: keep.map((i) => series.timestamps[i]!),
          values: keep.map((i) => series.values[i]!),
        });
      }
      return out;
    },
    async getCosts({ window, resourceIds, granularity = 'daily' }) {
      const start = Date.parse(window.start);
      const end = Math.min(Date.parse(window.end), nowMs);
      const records: CostRecord[] = [];
      for (let from = start; from < end; ) {
        const d = new Date(from);
        const boundary =
          granularity === 'hourly'
            ? Math.floor(from / HOUR) * HOUR + HOUR
            : granularity === 'daily'
              ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1)
              : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
        const to = Math.min(boundary, end);
        for (const r of live()) {
          if (resourceIds && !resourceIds.includes(r.id)) continue;
          if (r.state !== 'running' && r.service !== 'ebs') continue;
          const cost = ((r.hourlyPrice ?? 0) * (to - from)) / HOUR;
          records.push({
            ChargePeriodStart: new Date(from).toISOString(),
            ChargePeriodEnd: new Date(to).toISOString(),
            ChargeCategory: 'Usage',
            BilledCost: cost,
            EffectiveCost: cost,
            BillingCurrency: r.currency,
            ServiceName: r.service,
            ResourceId: r.id,
            ResourceType: r.kind,
            RegionId: r.region,
            Tags: { ...r.tags },
          });
        }
        from = to;
      }
      return records;
    },
  };
}
