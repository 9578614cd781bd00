import type { Resource } from '@finops-autopilot/core';
import { testExecutor, testProvider } from '@finops-autopilot/core/testing';
import { expect } from 'vitest';
import { createSimulatedProvider } from './simulated-provider.js';
import { findResource, smallerType } from './test-helpers.js';

testProvider({ name: 'provider-sim', provider: () => createSimulatedProvider() });
testProvider({
  name: 'provider-sim (seed 7, size 5)',
  provider: () => createSimulatedProvider({ seed: 7, size: 5 }),
});

testExecutor({
  name: 'provider-sim',
  setup: async () => {
    const provider = createSimulatedProvider({ seed: 3 });
    const resources = await provider.listResources();
    const instance = findResource(
      resources,
      'EC2 instance above large',
      (r) => r.service === 'ec2' && /\.(x|2x|4x)large$/.test(r.type),
    );
    const smaller = smallerType(provider, instance)!;
    const db = findResource(resources, 'RDS database', (r) => r.service === 'rds');
    const dbTarget = db.type === 'db.m5.2xlarge' ? 'db.m5.large' : 'db.m5.2xlarge';
    const gp2 = findResource(resources, 'gp2 volume', (r) => r.type === 'gp2');
    const running = findResource(
      resources,
      'other running instance',
      (r) => r.service === 'ec2' && r.id !== instance.id,
    );
    const orphan = findResource(resources, 'unattached volume', (r) => r.service === 'ebs' && !r.attachedTo);
    return {
      provider,
      executor: provider.executor,
      cases: [
        {
          resourceId: instance.id,
          action: { type: 'resize', from: instance.type, to: smaller },
          verify: (after: Resource) => {
            expect(after.type).toBe(smaller);
            expect(after.spec.vcpu).toBe(
              provider.prices.lookup({ service: 'ec2', region: after.region, type: smaller }).vcpu,
            );
          },
        },
        {
          resourceId: db.id,
          action: { type: 'resize', from: db.type, to: dbTarget },
          verify: (after: Resource) => expect(after.type).toBe(dbTarget),
        },
        {
          resourceId: gp2.id,
          action: { type: 'modify-volume', from: 'gp2', to: 'gp3' },
          verify: (after: Resource) => {
            expect(after.type).toBe('gp3');
            expect(after.spec.iops).toBeGreaterThanOrEqual(3000);
            expect(after.hourlyPrice).toBeLessThan(gp2.hourlyPrice!);
          },
        },
        {
          resourceId: running.id,
          action: { type: 'stop' },
          verify: (after: Resource) => expect(after.state).toBe('stopped'),
        },
        {
          resourceId: orphan.id,
          action: { type: 'delete', snapshotFirst: true },
          verify: (after: Resource) => {
            expect(after.state).toBe('deleted');
            expect(after.metadata?.['snapshotId']).toMatch(/^snap-/);
          },
        },
      ],
    };
  },
});
