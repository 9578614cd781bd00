import { describe, expect, it } from 'vitest';
import { createSimClock, DAY_MS } from './clock.js';
import { createSimulatedProvider } from './simulated-provider.js';
import { iso } from './test-helpers.js';

async function observe(seed: number) {
  const provider = createSimulatedProvider({ seed, size: 12 });
  const end = Date.parse('2026-01-15T00:00:00.000Z');
  const window = { start: iso(end - 3 * DAY_MS), end: iso(end) };
  const resources = await provider.listResources();
  return {
    resources,
    hourly: await provider.getMetrics({ resources, window }),
    fiveMinute: await provider.getMetrics({ resources: resources.slice(0, 4), window, periodSeconds: 300 }),
    costs: await provider.getCosts({ window, granularity: 'hourly' }),
  };
}

describe('determinism', () => {
  it('the same seed gives identical inventory, metrics and costs', async () => {
    const a = await observe(42);
    const b = await observe(42);
    expect(b.resources).toEqual(a.resources);
    expect(b.hourly).toEqual(a.hourly);
    expect(b.fiveMinute).toEqual(a.fiveMinute);
    expect(b.costs).toEqual(a.costs);
    expect(a.hourly.length).toBeGreaterThan(10);
    expect(a.fiveMinute[0]!.timestamps.length).toBe(3 * 288);
  });

  it('different seeds give different fleets and utilization', async () => {
    const a = await observe(1);
    const b = await observe(2);
    expect(b.resources.map((r) => r.id)).not.toEqual(a.resources.map((r) => r.id));
    expect(b.hourly.map((s) => s.values)).not.toEqual(a.hourly.map((s) => s.values));
  });

  it('the same changes at the same simulated time give the same results', async () => {
    const run = async () => {
      const provider = createSimulatedProvider({ seed: 9, size: 8, timeScale: 0 });
      const db = (await provider.listResources({ scope: { services: ['rds'] } }))[0]!;
      const to = db.type === 'db.m5.large' ? 'db.m5.xlarge' : 'db.m5.large';
      provider.advance(3_600_000);
      const plan = await provider.executor.plan({
        resourceId: db.id,
        action: { type: 'resize', from: db.type, to },
      });
      const outcome = await provider.executor.execute({ plan, dryRun: false, idempotencyKey: 'same' });
      provider.advance(DAY_MS);
      const window = {
        start: iso(provider.now().getTime() - 2 * DAY_MS),
        end: iso(provider.now().getTime()),
      };
      return {
        outcome,
        metrics: await provider.getMetrics({ resources: [db], window }),
        costs: await provider.getCosts({ window }),
        history: provider.history(db.id),
      };
    };
    expect(await run()).toEqual(await run());
  });

  it('the clock runs at timeScale and advance() moves it; timeScale 0 freezes it', () => {
    let wall = 1_000;
    const clock = createSimClock({ startMs: 0, timeScale: 60, wallClock: () => wall });
    wall += 2_000;
    expect(clock.now()).toBe(120_000);
    clock.advance(5_000);
    expect(clock.now()).toBe(125_000);
    const frozen = createSimulatedProvider({ timeScale: 0, start: '2026-03-01T00:00:00.000Z' });
    expect(frozen.now().toISOString()).toBe('2026-03-01T00:00:00.000Z');
    frozen.advance(DAY_MS);
    expect(frozen.now().toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });

  it('rejects invalid options with every problem named', () => {
    expect(() => createSimulatedProvider({ size: 0, timeScale: -1, start: 'yesterday' })).toThrow(
      /size.*start.*timeScale/,
    );
  });
});
