import { describe, expect, it } from 'vitest';
import type { Resource } from '../schemas/resource.js';
import { testExecutor } from './executor-suite.js';
import { createFakeProvider } from './fake-provider.js';
import { FIXTURE_NOW, fixtureHourlySeries, fixtureResource } from './fixtures.js';
import { testProvider } from './provider-suite.js';

function fleet() {
  const web = fixtureResource({ id: 'i-web', tags: { env: 'prod' } });
  const db = fixtureResource({
    id: 'db-orders',
    service: 'rds',
    kind: 'database-instance',
    type: 'db.m5.xlarge',
    spec: { vcpu: 4, memoryGiB: 16 },
    hourlyPrice: 0.356,
  });
  const volume = fixtureResource({
    id: 'vol-data',
    service: 'ebs',
    kind: 'block-volume',
    type: 'gp2',
    state: 'in-use',
    spec: { storageGiB: 100 },
    hourlyPrice: 10 / 730,
    attachedTo: 'i-web',
  });
  const scratch = fixtureResource({
    id: 'vol-scratch',
    service: 'ebs',
    kind: 'block-volume',
    type: 'gp3',
    state: 'available',
    spec: { storageGiB: 50 },
    hourlyPrice: 4 / 730,
  });
  const metrics = [web, db].map((r) =>
    fixtureHourlySeries({ resourceId: r.id, shape: (how) => (how % 24 < 8 ? 5 : 30) }),
  );
  return { resources: [web, db, volume, scratch], metrics };
}

testProvider({ name: 'fake', provider: () => createFakeProvider(fleet()) });

testExecutor({
  name: 'fake',
  setup: async () => {
    const provider = createFakeProvider(fleet());
    return {
      provider,
      executor: provider.executor,
      cases: [
        {
          resourceId: 'i-web',
          action: { type: 'resize', from: 'm5.xlarge', to: 'm5.large' },
          verify: (after: Resource) => {
            expect(after.type).toBe('m5.large');
            expect(after.spec.vcpu).toBe(2);
          },
        },
        {
          resourceId: 'db-orders',
          action: { type: 'stop' },
          verify: (after: Resource) => expect(after.state).toBe('stopped'),
        },
        {
          resourceId: 'vol-data',
          action: { type: 'modify-volume', from: 'gp2', to: 'gp3' },
          verify: (after: Resource) => expect(after.type).toBe('gp3'),
        },
        {
          resourceId: 'vol-scratch',
          action: { type: 'delete', snapshotFirst: true },
          verify: (after: Resource) => expect(after.state).toBe('deleted'),
        },
      ],
    };
  },
});

describe('createFakeProvider', () => {
  it('filters metrics to the window and costs stop when a resource stops', async () => {
    const provider = createFakeProvider(fleet());
    const end = FIXTURE_NOW;
    const start = new Date(Date.parse(end) - 6 * 3_600_000).toISOString();
    const [series] = await provider.getMetrics({ resources: ['i-web'], window: { start, end } });
    expect(series?.timestamps.length).toBe(6);
    const plan = await provider.executor.plan({ resourceId: 'i-web', action: { type: 'stop' } });
    await provider.executor.execute({ plan, dryRun: false, idempotencyKey: 'k1' });
    const costs = await provider.getCosts({ window: { start, end }, resourceIds: ['i-web'] });
    expect(costs).toEqual([]);
    expect(provider.appliedKeys).toEqual(['k1']);
  });

  it('refuses to roll back a delete without snapshot', async () => {
    const provider = createFakeProvider(fleet());
    const plan = await provider.executor.plan({
      resourceId: 'vol-scratch',
      action: { type: 'delete', snapshotFirst: false },
    });
    expect(plan.reversible).toBe(false);
    await provider.executor.execute({ plan, dryRun: false, idempotencyKey: 'del' });
    await expect(
      provider.executor.rollback({ plan, executedKey: 'del', idempotencyKey: 'rb' }),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED_CAPABILITY' });
  });
});
