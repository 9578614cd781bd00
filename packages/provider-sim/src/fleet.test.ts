import type { MetricSeries } from '@finops-autopilot/core';
import { describe, expect, it } from 'vitest';
import { DAY_MS, hourOfWeek } from './clock.js';
import { isBusyHour } from './shapes.js';
import { createSimulatedProvider } from './simulated-provider.js';
import { iso, mean } from './test-helpers.js';

const provider = createSimulatedProvider({ timeScale: 0 });
const now = provider.now().getTime();

async function cpuHistory(days: number): Promise<MetricSeries[]> {
  const resources = await provider.listResources({ scope: { services: ['ec2', 'rds', 'redshift'] } });
  return provider.getMetrics({
    resources,
    metrics: ['CPUUtilization'],
    window: { start: iso(now - days * DAY_MS), end: iso(now) },
  });
}
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;

describe('the simulated fleet', () => {
  it('has the documented composition', async () => {
    const resources = await provider.listResources();
    const count = (service: string) => resources.filter((r) => r.service === service).length;
    expect(count('ec2')).toBe(24);
    expect(count('rds')).toBe(4);
    expect(count('redshift')).toBe(2);
    const volumes = resources.filter((r) => r.service === 'ebs');
    const instances = new Set(resources.filter((r) => r.service === 'ec2').map((r) => r.id));
    for (const v of volumes) if (v.attachedTo) expect(instances.has(v.attachedTo)).toBe(true);
    expect(volumes.filter((v) => !v.attachedTo).length).toBeGreaterThan(0);
    for (const type of ['gp2', 'gp3', 'io1']) expect(volumes.some((v) => v.type === type)).toBe(true);
    for (const r of resources) expect(['prod', 'staging', 'dev', 'test']).toContain(r.tags['env']);
    for (const v of volumes) {
      const entry = provider.prices.lookup({ service: 'ebs', region: v.region, type: v.type });
      expect(v.hourlyPrice! * 730).toBeGreaterThanOrEqual(entry.price * v.spec.storageGiB! - 1e-9);
    }
  });

  it('mixes over-provisioned, right-sized, saturated, idle and weekday-only resources (seen in the metrics)', async () => {
    const series = await cpuHistory(14);
    const stats = series.map((s) => ({ id: s.resourceId, mean: mean(s.values), p95: p95(s.values), s }));
    const over = stats.filter((x) => x.mean >= 5 && x.mean <= 20 && x.p95 < 45);
    const right = stats.filter((x) => x.mean >= 30 && x.mean <= 65);
    const saturated = stats.filter((x) => x.p95 >= 95);
    const idle = stats.filter((x) => x.mean < 2 && x.p95 < 3);
    const weekdayOnly = stats.filter(({ s }) => {
      const busy = s.values.filter((_, i) => isBusyHour(hourOfWeek(s.timestamps[i]!)));
      const quiet = s.values.filter((_, i) => !isBusyHour(hourOfWeek(s.timestamps[i]!)));
      return mean(busy) > 10 && mean(busy) > 8 * mean(quiet);
    });
    expect(over.length).toBeGreaterThanOrEqual(6);
    expect(right.length).toBeGreaterThanOrEqual(2);
    expect(saturated.length).toBeGreaterThanOrEqual(2);
    expect(idle.length).toBeGreaterThanOrEqual(2);
    expect(weekdayOnly.length).toBeGreaterThanOrEqual(3);
    for (const x of weekdayOnly)
      expect(['dev', 'test']).toContain(
        (await provider.listResources()).find((r) => r.id === x.id)!.tags['env'],
      );
  });

  it('drifts: the same hour of week differs from week to week, and weekly means move', async () => {
    const series = await cpuHistory(28);
    const changes = series.map((s) => {
      const weeks = [0, 1, 2, 3].map((w) => s.values.slice(w * 168, (w + 1) * 168));
      const means = weeks.map(mean);
      expect(weeks[0]).not.toEqual(weeks[1]);
      return Math.max(...means) / Math.min(...means) - 1;
    });
    expect(series.length).toBeGreaterThan(20);
    expect([...changes].sort((a, b) => a - b)[Math.floor(changes.length / 2)]).toBeGreaterThan(0.05);
  });

  it('serves any window inside [start − historyDays, now] at 3600 s or 300 s, and nothing outside', async () => {
    const [id] = (await provider.listResources({ scope: { services: ['ec2'] } })).map((r) => r.id);
    const get = (start: number, end: number, periodSeconds?: number) =>
      provider.getMetrics({
        resources: [id!],
        metrics: ['CPUUtilization'],
        window: { start: iso(start), end: iso(end) },
        ...(periodSeconds ? { periodSeconds } : {}),
      });
    expect(await get(now - 40 * DAY_MS, now - 29 * DAY_MS)).toEqual([]);
    expect(await get(now + DAY_MS, now + 2 * DAY_MS)).toEqual([]);
    const [hourly] = await get(now - 28 * DAY_MS, now + DAY_MS);
    expect(hourly!.timestamps.length).toBe(28 * 24);
    const [fine] = await get(now - DAY_MS, now, 300);
    expect(fine!.periodSeconds).toBe(300);
    expect(fine!.timestamps.length).toBe(288);
    const [daily] = await get(now - 7 * DAY_MS, now, 86_400);
    expect(daily!.timestamps.length).toBe(7);
  });

  it('emits memory, network, volume, database metrics', async () => {
    const resources = await provider.listResources();
    const series = await provider.getMetrics({
      resources,
      window: { start: iso(now - DAY_MS), end: iso(now) },
    });
    const metrics = new Set(series.map((s) => s.metric));
    for (const m of [
      'CPUUtilization',
      'mem_used_percent',
      'NetworkIn',
      'NetworkOut',
      'VolumeReadOps',
      'VolumeWriteOps',
      'DatabaseConnections',
    ]) {
      expect(metrics.has(m), m).toBe(true);
    }
    for (const s of series.filter((x) => x.unit === 'Percent'))
      for (const v of s.values) expect(v).toBeLessThanOrEqual(100);
  });

  it('prices daily costs at the catalog price × hours, in FOCUS columns', async () => {
    const day = Math.floor(now / DAY_MS) * DAY_MS - DAY_MS;
    const records = await provider.getCosts({ window: { start: iso(day), end: iso(day + DAY_MS) } });
    const resources = await provider.listResources();
    for (const r of resources) {
      const own = records.filter((c) => c.ResourceId === r.id);
      expect(own.length).toBe(1);
      expect(own[0]!.BilledCost).toBeCloseTo(r.hourlyPrice! * 24, 5);
      expect(own[0]).toMatchObject({ BillingCurrency: 'USD', RegionId: r.region, Tags: r.tags });
    }
    const names = new Set(records.map((c) => c.ServiceName));
    expect([...names].sort()).toEqual([
      'Amazon Elastic Compute Cloud',
      'Amazon Redshift',
      'Amazon Relational Database Service',
    ]);
  });
});
