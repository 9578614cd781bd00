import { describe, expect, it } from 'vitest';
import type { ResourceProviderV1 } from '../contracts/v1/provider-v1.js';
import { costRecordSchema } from '../schemas/cost-record.js';
import { metricSeriesSchema } from '../schemas/metric-series.js';
import { type Resource, resourceSchema } from '../schemas/resource.js';

/** Options of {@link testProvider}. */
export interface TestProviderOptions {
  /** Shown in the suite title. */
  name: string;
  /** Creates the provider under test; called once per check so checks stay independent. */
  provider: () => ResourceProviderV1 | Promise<ResourceProviderV1>;
  /** Check names (as printed) to skip, each with the reason. Unknown names fail the suite. */
  skip?: Record<string, string>;
}

const HOUR = 3_600_000;

/** Names of the checks {@link testProvider} runs, for its `skip` option. */
export const PROVIDER_CHECKS = [
  'identifies itself',
  'listResources returns schema-valid resources with unique ids',
  'scope filters by region',
  'scope filters by service',
  'getMetrics returns valid, finite, ascending series of the requested resources inside the window',
  'getMetrics honours the metric filter and ignores unknown resources',
  'getCosts returns valid FOCUS records inside the window',
  'getCosts covers every running priced resource and honours resourceIds',
  'every resource type has a price in provider.prices',
  'now() returns a valid Date',
] as const;

/**
 * The contract suite every {@link ResourceProviderV1} runs against itself
 * (vitest). Metrics and costs are read over the two days before `provider.now()`
 * (or the wall clock when the provider has no clock).
 */
export function testProvider(options: TestProviderOptions): void {
  const { name, skip = {} } = options;
  const make = async () => options.provider();
  const check = (
    title: (typeof PROVIDER_CHECKS)[number],
    fn: (provider: ResourceProviderV1) => Promise<void>,
  ) => {
    const reason = skip[title];
    it(title, async (context) => {
      if (reason !== undefined) context.skip(reason);
      await fn(await make());
    });
  };
  const window = (provider: ResourceProviderV1, hours = 48) => {
    const end = Math.floor((provider.now?.() ?? new Date()).getTime() / HOUR) * HOUR;
    return { start: new Date(end - hours * HOUR).toISOString(), end: new Date(end).toISOString() };
  };
  const sample = (resources: Resource[]) => resources.slice(0, 8);

  describe(`ResourceProviderV1 contract: ${name}`, () => {
    it('skips only known checks', () => {
      const unknown = Object.keys(skip).filter(
        (key) => !(PROVIDER_CHECKS as readonly string[]).includes(key),
      );
      expect(unknown).toEqual([]);
    });

    check('identifies itself', async (provider) => {
      expect(provider.specificationVersion).toBe('v1');
      expect(provider.providerId).toMatch(/\S/);
      expect(typeof provider.executor?.plan).toBe('function');
      expect(typeof provider.prices?.lookup).toBe('function');
    });

    check('listResources returns schema-valid resources with unique ids', async (provider) => {
      const resources = await provider.listResources();
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) expect(resourceSchema.parse(resource)).toEqual(resource);
      expect(new Set(resources.map((r) => r.id)).size).toBe(resources.length);
    });

    check('scope filters by region', async (provider) => {
      const all = await provider.listResources();
      const region = all[0]!.region;
      const inRegion = await provider.listResources({ scope: { regions: [region] } });
      expect(inRegion.map((r) => r.id).sort()).toEqual(
        all
          .filter((r) => r.region === region)
          .map((r) => r.id)
          .sort(),
      );
      expect(await provider.listResources({ scope: { regions: ['no-such-region-9'] } })).toEqual([]);
    });

    check('scope filters by service', async (provider) => {
      const all = await provider.listResources();
      const service = all[all.length - 1]!.service;
      const ofService = await provider.listResources({ scope: { services: [service] } });
      expect(ofService.length).toBeGreaterThan(0);
      expect(ofService.map((r) => r.id).sort()).toEqual(
        all
          .filter((r) => r.service === service)
          .map((r) => r.id)
          .sort(),
      );
      expect(await provider.listResources({ scope: { services: ['no-such-service'] } })).toEqual([]);
    });

    check(
      'getMetrics returns valid, finite, ascending series of the requested resources inside the window',
      async (provider) => {
        const resources = sample(await provider.listResources());
        const requested = new Set(resources.map((r) => r.id));
        const w = window(provider);
        // Half by id, half as records: both forms are accepted.
        const series = await provider.getMetrics({
          resources: resources.map((r, i) => (i % 2 === 0 ? r.id : r)),
          window: w,
        });
        expect(series.length).toBeGreaterThan(0);
        for (const s of series) {
          expect(metricSeriesSchema.parse(s)).toEqual(s);
          expect(requested.has(s.resourceId)).toBe(true);
          expect(s.timestamps.length).toBeGreaterThan(0);
          for (const [i, t] of s.timestamps.entries()) {
            expect(t).toBeGreaterThanOrEqual(Date.parse(w.start));
            expect(t).toBeLessThan(Date.parse(w.end));
            if (i > 0) expect(t).toBeGreaterThan(s.timestamps[i - 1]!);
          }
          for (const v of s.values) expect(Number.isFinite(v)).toBe(true);
        }
        const keys = series.map((s) => `${s.resourceId}|${s.metric}`);
        expect(new Set(keys).size).toBe(keys.length);
      },
    );

    check('getMetrics honours the metric filter and ignores unknown resources', async (provider) => {
      const resources = sample(await provider.listResources());
      const w = window(provider);
      const all = await provider.getMetrics({ resources, window: w });
      const metric = all[0]!.metric;
      const only = await provider.getMetrics({ resources, window: w, metrics: [metric] });
      expect(only.length).toBeGreaterThan(0);
      expect(only.every((s) => s.metric === metric)).toBe(true);
      expect(only.length).toBe(all.filter((s) => s.metric === metric).length);
      expect(await provider.getMetrics({ resources: ['no-such-resource-0000'], window: w })).toEqual([]);
    });

    check('getCosts returns valid FOCUS records inside the window', async (provider) => {
      const w = window(provider);
      for (const granularity of ['daily', 'hourly'] as const) {
        const records = await provider.getCosts({ window: w, granularity });
        expect(records.length).toBeGreaterThan(0);
        for (const record of records) {
          expect(costRecordSchema.parse(record)).toEqual(record);
          expect(Date.parse(record.ChargePeriodStart)).toBeGreaterThanOrEqual(Date.parse(w.start));
          expect(Date.parse(record.ChargePeriodEnd)).toBeLessThanOrEqual(Date.parse(w.end));
          expect(record.BilledCost).toBeGreaterThanOrEqual(0);
          expect(record.EffectiveCost).toBeGreaterThanOrEqual(0);
          if (granularity === 'hourly') {
            expect(
              Date.parse(record.ChargePeriodEnd) - Date.parse(record.ChargePeriodStart),
            ).toBeLessThanOrEqual(HOUR);
          }
        }
      }
    });

    check('getCosts covers every running priced resource and honours resourceIds', async (provider) => {
      const w = window(provider);
      const resources = await provider.listResources();
      const records = await provider.getCosts({ window: w });
      const costed = new Set(records.map((r) => r.ResourceId).filter(Boolean));
      const billable = resources.filter((r) => (r.hourlyPrice ?? 0) > 0 && r.state === 'running');
      expect(billable.length).toBeGreaterThan(0);
      for (const resource of billable) expect(costed.has(resource.id), resource.id).toBe(true);
      const one = billable[0]!.id;
      const filtered = await provider.getCosts({ window: w, resourceIds: [one] });
      expect(filtered.length).toBeGreaterThan(0);
      expect(filtered.every((r) => r.ResourceId === one)).toBe(true);
    });

    check('every resource type has a price in provider.prices', async (provider) => {
      for (const r of await provider.listResources()) {
        const entry = provider.prices.find({ service: r.service, region: r.region, type: r.type });
        expect(entry, `${r.service} ${r.region} ${r.type}`).toBeDefined();
        if (entry?.unit === 'hour' && r.hourlyPrice !== undefined) {
          expect(r.hourlyPrice).toBeCloseTo(entry.price * (r.spec.nodes ?? 1), 6);
        }
      }
    });

    check('now() returns a valid Date', async (provider) => {
      if (!provider.now) return;
      const first = provider.now();
      expect(first).toBeInstanceOf(Date);
      expect(Number.isFinite(first.getTime())).toBe(true);
      expect(provider.now().getTime()).toBeGreaterThanOrEqual(first.getTime());
    });
  });
}
