import {
  type CostRecord,
  createYielder,
  InvalidInputError,
  type MetricSeries,
  NotFoundError,
  parseWith,
  type Resource,
  type ResourceProviderV1,
  timeWindowSchema,
} from '@finops-autopilot/core';
import { createSimClock, DAY_MS } from './clock.js';
import { chargePeriods, costRecords } from './costs.js';
import { createSimExecutor } from './executor.js';
import { generateFleet } from './fleet.js';
import { METRICS_BY_SERVICE, metricSeries } from './metrics.js';
import { type SimEntity, toResource } from './model.js';
import { createSimPriceCatalog } from './prices.js';
import type { Archetype } from './shapes.js';

/** Options of {@link createSimulatedProvider}. All are optional. */
export interface SimulatedProviderOptions {
  /** Seed of every random choice: same seed and same time give identical data. @default 1 */
  seed?: number;
  /** Number of EC2 instances; RDS ≈ size/6, Redshift ≈ size/12, 1–2 EBS volumes per instance plus a few unattached. @default 24 */
  size?: number;
  /** Region of every resource. Prices are us-east-1 list prices whatever the region. @default 'us-east-1' */
  region?: string;
  /** AWS account id of every resource. @default '123456789012' */
  accountId?: string;
  /** Simulated "now" at creation (ISO-8601). @default '2026-01-15T12:00:00.000Z' */
  start?: string;
  /** Simulated seconds per real second; 0 freezes the clock (only {@link SimulatedProvider.advance} moves it). @default 1 */
  timeScale?: number;
  /** Days of metric and cost history before `start`. @default 28 */
  historyDays?: number;
}

/** One entry of a resource's state timeline. */
export interface SimHistoryEntry {
  /** When the state took effect (simulated time, ISO). */
  at: string;
  /** `created`, `resize m5.xlarge -> m5.large`, `rollback of <key>`, ... */
  change: string;
  idempotencyKey?: string;
  /** The resource as it was from `at` on. */
  resource: Resource;
}

/** The simulated provider with its simulation controls. */
export interface SimulatedProvider extends ResourceProviderV1 {
  readonly providerId: 'sim';
  /** Simulated now. */
  now(): Date;
  /** Moves the simulated clock forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** The current fleet (resources that are not deleted), as {@link ResourceProviderV1.listResources} returns it. */
  snapshot(): Resource[];
  /**
   * Every state a resource has been in, oldest first.
   * @throws {NotFoundError} when the simulation never had the resource.
   */
  history(resourceId: string): SimHistoryEntry[];
  /**
   * The demand model behind a resource (for demos and for scoring engines against
   * the truth); `undefined` for volumes.
   * @throws {NotFoundError} when the simulation never had the resource.
   */
  groundTruth(resourceId: string): { archetype: Archetype; shapeId: string } | undefined;
}

const DEFAULT_START = '2026-01-15T12:00:00.000Z';

/**
 * A simulated AWS-like fleet (EC2 + EBS, RDS, Redshift) whose CPU follows
 * hour-of-week shapes derived from real Azure VM traces, priced with real AWS
 * list prices, with an executor that changes it. Deterministic for a seed.
 * @throws {InvalidInputError} when an option is out of range.
 */
export function createSimulatedProvider(options: SimulatedProviderOptions = {}): SimulatedProvider {
  const {
    seed = 1,
    size = 24,
    region = 'us-east-1',
    accountId = '123456789012',
    start = DEFAULT_START,
    timeScale = 1,
    historyDays = 28,
  } = options;
  const issues: { path: string; message: string }[] = [];
  if (!Number.isInteger(seed)) issues.push({ path: 'seed', message: 'must be an integer' });
  if (!Number.isInteger(size) || size < 1 || size > 10_000)
    issues.push({ path: 'size', message: 'must be an integer in 1..10000' });
  if (!Number.isFinite(Date.parse(start)))
    issues.push({ path: 'start', message: 'must be an ISO-8601 date-time' });
  if (!Number.isFinite(timeScale) || timeScale < 0)
    issues.push({ path: 'timeScale', message: 'must be >= 0' });
  if (!Number.isFinite(historyDays) || historyDays < 0)
    issues.push({ path: 'historyDays', message: 'must be >= 0' });
  if (issues.length > 0) throw new InvalidInputError({ subject: 'simulated provider options', issues });

  const startMs = Date.parse(start);
  const historyStart = startMs - historyDays * DAY_MS;
  const clock = createSimClock({ startMs, timeScale });
  const prices = createSimPriceCatalog(region);
  const fleet = generateFleet({ seed, size, region, accountId, startMs, historyDays, prices });
  const entities = new Map<string, SimEntity>(fleet.map((e) => [e.identity.id, e]));
  const executor = createSimExecutor({ seed, entities, prices, now: () => clock.now() });

  const entity = (id: string): SimEntity => {
    const found = entities.get(id);
    if (!found) throw new NotFoundError({ entity: 'resource', id });
    return found;
  };
  const snapshot = (): Resource[] => {
    const now = clock.now();
    return fleet.map((e) => toResource(e, now)).filter((r) => r.state !== 'deleted');
  };

  return {
    specificationVersion: 'v1',
    providerId: 'sim',
    prices,
    executor,
    now: () => new Date(clock.now()),
    advance: (ms) => clock.advance(ms),
    snapshot,
    history: (id) =>
      entity(id).timeline.map((entry, index, timeline) => ({
        at: new Date(entry.at).toISOString(),
        change: entry.change,
        ...(entry.idempotencyKey ? { idempotencyKey: entry.idempotencyKey } : {}),
        resource: toResource({ ...entity(id), timeline: timeline.slice(0, index + 1) }, entry.at),
      })),
    groundTruth: (id) => {
      const profile = entity(id).profile;
      return profile ? { archetype: profile.archetype, shapeId: profile.shapeId } : undefined;
    },

    async listResources({ scope } = {}) {
      return snapshot().filter(
        (r) =>
          (!scope?.accounts || scope.accounts.includes(r.account)) &&
          (!scope?.regions || scope.regions.includes(r.region)) &&
          (!scope?.services || scope.services.includes(r.service)),
      );
    },

    async getMetrics({ resources, window, metrics, periodSeconds = 3600 }) {
      const parsed = parseWith(timeWindowSchema, window, 'metrics window');
      const from = Math.max(Date.parse(parsed.start), historyStart);
      const to = Math.min(Date.parse(parsed.end), clock.now());
      const period = periodSeconds <= 300 ? 300 : Math.ceil(periodSeconds / 3600) * 3600;
      const context = { seed, entities };
      const out: MetricSeries[] = [];
      const ids = [...new Set(resources.map((r) => (typeof r === 'string' ? r : r.id)))];
      // Generating a fleet's series is CPU work: give the event loop turns while it runs.
      const pause = createYielder();
      for (const id of ids) {
        await pause();
        const e = entities.get(id);
        if (!e || to <= from) continue;
        for (const def of METRICS_BY_SERVICE[e.identity.service] ?? []) {
          if (metrics && !metrics.includes(def.name)) continue;
          const series = metricSeries(context, e, def, from, to, period);
          if (series) out.push(series);
        }
      }
      return out;
    },

    async getCosts({ window, granularity = 'daily', resourceIds }) {
      const parsed = parseWith(timeWindowSchema, window, 'costs window');
      const from = Math.max(Date.parse(parsed.start), historyStart);
      const to = Math.min(Date.parse(parsed.end), clock.now());
      const records: CostRecord[] = [];
      if (to <= from) return records;
      const wanted = resourceIds ? new Set(resourceIds) : undefined;
      for (const [periodStart, periodEnd] of chargePeriods(granularity, from, to)) {
        for (const e of fleet) {
          if (wanted && !wanted.has(e.identity.id)) continue;
          records.push(...costRecords(e, periodStart, periodEnd));
        }
      }
      return records;
    },
  };
}
