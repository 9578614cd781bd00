import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, hourOfWeek } from './clock.js';
import { createSimulatedProvider } from './simulated-provider.js';
import { findResource, iso, mean } from './test-helpers.js';

const cpu = async (
  provider: ReturnType<typeof createSimulatedProvider>,
  id: string,
  from: number,
  to: number,
) => {
  const [series] = await provider.getMetrics({
    resources: [id],
    metrics: ['CPUUtilization'],
    window: { start: iso(from), end: iso(to) },
  });
  return series;
};
const cost = async (
  provider: ReturnType<typeof createSimulatedProvider>,
  id: string,
  from: number,
  to: number,
) =>
  (await provider.getCosts({ window: { start: iso(from), end: iso(to) }, resourceIds: [id] })).reduce(
    (s, r) => s + r.BilledCost,
    0,
  );

describe('reaction to executed changes', () => {
  it('after a resize to half the vCPUs, CPU doubles and the daily cost is the new price × 24', async () => {
    const control = createSimulatedProvider({ timeScale: 0 });
    const changed = createSimulatedProvider({ timeScale: 0 });
    const t = changed.now().getTime();
    const resources = await changed.listResources({ scope: { services: ['ec2'] } });
    // A cool instance with a same-family size of half its vCPUs.
    let target: { id: string; from: string; to: string } | undefined;
    for (const r of resources) {
      const [family, size] = r.type.split('.') as [string, string];
      const half = { xlarge: 'large', '2xlarge': 'xlarge', '4xlarge': '2xlarge' }[size];
      const entry = half
        ? changed.prices.find({ service: 'ec2', region: r.region, type: `${family}.${half}` })
        : undefined;
      const history = await cpu(control, r.id, t - 7 * DAY_MS, t);
      if (entry && entry.vcpu === r.spec.vcpu! / 2 && history && Math.max(...history.values) < 40) {
        target = { id: r.id, from: r.type, to: entry.type };
        break;
      }
    }
    if (!target) throw new Error('no cool instance with a half-size type in the fleet');
    const plan = await changed.executor.plan({
      resourceId: target.id,
      action: { type: 'resize', from: target.from, to: target.to },
    });
    await changed.executor.execute({ plan, dryRun: false, idempotencyKey: 'resize-half' });
    control.advance(2 * DAY_MS);
    changed.advance(2 * DAY_MS);

    const before = await cpu(changed, target.id, t - DAY_MS, t);
    expect(before).toEqual(await cpu(control, target.id, t - DAY_MS, t));
    const after = (await cpu(changed, target.id, t, t + DAY_MS))!;
    const baseline = (await cpu(control, target.id, t, t + DAY_MS))!;
    expect(after.values.length).toBe(24);
    expect(mean(after.values) / mean(baseline.values)).toBeGreaterThan(1.9);
    expect(mean(after.values) / mean(baseline.values)).toBeLessThan(2.1);

    const nextDay = Math.ceil(t / DAY_MS) * DAY_MS;
    const newPrice = changed.prices.lookup({ service: 'ec2', region: 'us-east-1', type: target.to }).price;
    expect(await cost(changed, target.id, nextDay, nextDay + DAY_MS)).toBeCloseTo(newPrice * 24, 4);
    const oldPrice = changed.prices.lookup({ service: 'ec2', region: 'us-east-1', type: target.from }).price;
    expect(await cost(changed, target.id, nextDay - 2 * DAY_MS, nextDay - DAY_MS)).toBeCloseTo(
      oldPrice * 24,
      4,
    );
    expect(changed.history(target.id).map((h) => h.change)).toEqual([
      'created',
      `resize ${target.from} -> ${target.to}`,
    ]);
  });

  it('after a stop, the instance costs nothing and has no CPU points; its volumes still cost', async () => {
    const provider = createSimulatedProvider({ timeScale: 0 });
    const resources = await provider.listResources();
    const instance = findResource(
      resources,
      'instance with a volume',
      (r) => r.service === 'ec2' && resources.some((v) => v.attachedTo === r.id),
    );
    const volume = resources.find((v) => v.attachedTo === instance.id)!;
    const t = provider.now().getTime();
    const plan = await provider.executor.plan({ resourceId: instance.id, action: { type: 'stop' } });
    await provider.executor.execute({ plan, dryRun: false, idempotencyKey: 'stop-1' });
    provider.advance(DAY_MS);
    expect(await cpu(provider, instance.id, t, t + DAY_MS)).toBeUndefined();
    expect((await cpu(provider, instance.id, t - DAY_MS, t))!.values.length).toBe(24);
    expect(await cost(provider, instance.id, t, t + DAY_MS)).toBe(0);
    expect(await cost(provider, instance.id, t - DAY_MS, t)).toBeCloseTo(instance.hourlyPrice! * 24, 6);
    expect(await cost(provider, volume.id, t, t + DAY_MS)).toBeCloseTo(volume.hourlyPrice! * 24, 6);
    const [ops] = await provider.getMetrics({
      resources: [volume.id],
      metrics: ['VolumeReadOps'],
      window: { start: iso(t), end: iso(t + DAY_MS) },
    });
    expect(ops!.values.every((v) => v === 0)).toBe(true);
  });

  it('a schedule stops the instance during its stopped hours of the week, in its time zone', async () => {
    const provider = createSimulatedProvider({ timeScale: 0 });
    const instance = findResource(await provider.listResources(), 'instance', (r) => r.service === 'ec2');
    // Running Monday–Friday 08:00–19:00 New York time; stopped otherwise.
    const stoppedHours = Array.from({ length: 168 }, (_, h) => h).filter(
      (h) => !(h < 120 && h % 24 >= 8 && h % 24 < 19),
    );
    const action = {
      type: 'schedule' as const,
      stopCron: '0 19 * * 1-5',
      startCron: '0 8 * * 1-5',
      timezone: 'America/New_York',
      stoppedHours,
    };
    const plan = await provider.executor.plan({ resourceId: instance.id, action });
    await provider.executor.execute({ plan, dryRun: false, idempotencyKey: 'schedule-1' });
    const t = Math.ceil(provider.now().getTime() / HOUR_MS) * HOUR_MS;
    provider.advance(8 * DAY_MS);
    const series = (await cpu(provider, instance.id, t, t + 7 * DAY_MS))!;
    expect(series.values.length).toBe(55);
    for (const ts of series.timestamps)
      expect(stoppedHours).not.toContain(hourOfWeek(ts, 'America/New_York'));
    expect(await cost(provider, instance.id, t, t + 7 * DAY_MS)).toBeCloseTo(instance.hourlyPrice! * 55, 6);
    const listed = (await provider.listResources()).find((r) => r.id === instance.id)!;
    const running = !stoppedHours.includes(hourOfWeek(provider.now().getTime(), 'America/New_York'));
    expect(listed.state).toBe(running ? 'running' : 'stopped');
  });

  it('a rollback brings the old price and utilization back from the rollback time on', async () => {
    const provider = createSimulatedProvider({ timeScale: 0, seed: 5 });
    const db = findResource(await provider.listResources(), 'database', (r) => r.service === 'rds');
    const to = db.type === 'db.r5.4xlarge' ? 'db.r5.2xlarge' : 'db.r5.4xlarge';
    const plan = await provider.executor.plan({
      resourceId: db.id,
      action: { type: 'resize', from: db.type, to },
    });
    await provider.executor.execute({ plan, dryRun: false, idempotencyKey: 'db-up' });
    provider.advance(DAY_MS);
    await provider.executor.rollback({ plan, executedKey: 'db-up', idempotencyKey: 'db-down' });
    const t = provider.now().getTime();
    provider.advance(DAY_MS);
    expect(await cost(provider, db.id, t, t + DAY_MS)).toBeCloseTo(db.hourlyPrice! * 24, 6);
    expect(provider.history(db.id).map((h) => h.resource.type)).toEqual([db.type, to, db.type]);
  });

  it('failed runs do not consume the key; a delete without snapshot cannot be rolled back', async () => {
    const provider = createSimulatedProvider({ timeScale: 0 });
    const volume = findResource(
      await provider.listResources(),
      'unattached volume',
      (r) => r.service === 'ebs' && !r.attachedTo,
    );
    const plan = await provider.executor.plan({
      resourceId: volume.id,
      action: { type: 'delete', snapshotFirst: false },
    });
    expect(plan.reversible).toBe(false);
    const stale = { ...plan, resourceId: 'vol-0000000000000000' };
    expect(
      await provider.executor.execute({ plan: stale, dryRun: false, idempotencyKey: 'k' }),
    ).toMatchObject({ status: 'failed' });
    expect(await provider.executor.execute({ plan, dryRun: false, idempotencyKey: 'k' })).toMatchObject({
      status: 'succeeded',
      applied: true,
    });
    expect((await provider.listResources()).some((r) => r.id === volume.id)).toBe(false);
    await expect(
      provider.executor.rollback({ plan, executedKey: 'k', idempotencyKey: 'r' }),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED_CAPABILITY' });
    await expect(
      provider.executor.plan({ resourceId: volume.id, action: { type: 'stop' } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
