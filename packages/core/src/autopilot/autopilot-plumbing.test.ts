import { describe, expect, it } from 'vitest';
import type { ExecuteOptions } from '../contracts/v1/executor-v1.js';
import type { NotifierV1 } from '../contracts/v1/notifier-v1.js';
import type { AutopilotEvent } from '../events/autopilot-events.js';
import { createFakeProvider } from '../testing/fake-provider.js';
import {
  FIXTURE_NOW,
  fixtureHourlySeries,
  fixturePriceCatalog,
  fixtureResource,
} from '../testing/fixtures.js';
import { createThresholdEngine } from '../testing/threshold-engine.js';
import { createAutopilot } from './create-autopilot.js';

/** Six over-provisioned dev instances: six autonomous downsizes in one cycle. */
function overProvisionedFleet() {
  const resources = Array.from({ length: 6 }, (_, index) =>
    fixtureResource({
      id: `i-${index}`,
      type: 'm5.2xlarge',
      spec: { vcpu: 8, memoryGiB: 32 },
      hourlyPrice: 0.384,
    }),
  );
  const metrics = resources.map((resource) =>
    fixtureHourlySeries({ resourceId: resource.id, shape: () => 8 }),
  );
  return createFakeProvider({ resources, metrics, prices: fixturePriceCatalog(), now: FIXTURE_NOW });
}

describe('autopilot plumbing', () => {
  it('bounds concurrent executions with its queue', async () => {
    const fake = overProvisionedFleet();
    let running = 0;
    let peak = 0;
    const depths: number[] = [];
    const provider = {
      ...fake,
      executor: {
        ...fake.executor,
        async execute(call: ExecuteOptions) {
          running += 1;
          peak = Math.max(peak, running);
          depths.push(autopilot.queueDepth().executions);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
          return fake.executor.execute(call);
        },
      },
    };
    const autopilot = createAutopilot({
      provider,
      engines: [createThresholdEngine()],
      execution: { enabled: true },
      concurrency: { executions: 2, provider: 8 },
    });
    expect(autopilot.queueDepth()).toEqual({ provider: 0, executions: 0 });
    const stats = await autopilot.runCycle();
    expect(stats.executed).toBe(6);
    expect(peak).toBe(2);
    // The queue depth counts waiting and running executions as they drain.
    expect(Math.max(...depths)).toBeGreaterThan(2);
    expect(autopilot.queueDepth()).toEqual({ provider: 0, executions: 0 });
  });

  it('delivers events to notifiers; a failing notifier is reported and blocks nothing', async () => {
    const received: AutopilotEvent[] = [];
    const errors: unknown[] = [];
    const collecting: NotifierV1 = {
      specificationVersion: 'v1',
      notifierId: 'collect',
      accepts: (event) => event.type === 'recommendation-created',
      send: async (event) => {
        received.push(event);
      },
    };
    const failing: NotifierV1 = {
      specificationVersion: 'v1',
      notifierId: 'broken',
      send: async () => {
        throw new Error('webhook returned 500');
      },
    };
    const autopilot = createAutopilot({
      provider: overProvisionedFleet(),
      engines: [createThresholdEngine()],
      notifiers: [collecting, failing],
      onError: (error) => errors.push(error),
    });
    const stats = await autopilot.runCycle();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stats.created).toBe(6);
    expect(received.map((event) => event.type)).toEqual(Array(6).fill('recommendation-created'));
    expect(errors.length).toBeGreaterThan(0);
    expect((errors[0] as Error).message).toBe('webhook returned 500');
  });

  it('shares one pass between concurrent runCycle calls', async () => {
    const autopilot = createAutopilot({
      provider: overProvisionedFleet(),
      engines: [createThresholdEngine()],
    });
    const [first, second] = await Promise.all([autopilot.runCycle(), autopilot.runCycle()]);
    expect(second).toBe(first);
    expect(first.created).toBe(6);
  });

  it('a throwing event listener does not break the cycle', async () => {
    const errors: unknown[] = [];
    const autopilot = createAutopilot({
      provider: overProvisionedFleet(),
      engines: [createThresholdEngine()],
      onError: (error) => errors.push(error),
    });
    autopilot.events.on('recommendation-created', () => {
      throw new Error('listener bug');
    });
    const stats = await autopilot.runCycle();
    expect(stats.created).toBe(6);
    expect(errors).toHaveLength(6);
  });
});
