import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type AutopilotEvent, createAutopilot, HOURS_PER_MONTH } from '@finops-autopilot/core';
import { createThresholdEngine } from '@finops-autopilot/core/testing';
import { createSimulatedProvider } from '@finops-autopilot/provider-sim';
import { describe, expect, it } from 'vitest';

const HOUR = 3_600_000;

describe('autopilot on the simulated fleet', () => {
  it('executes what policy allows and proves the savings from costs afterwards', async () => {
    const provider = createSimulatedProvider({ seed: 3, size: 12, timeScale: 0 });
    const autopilot = createAutopilot({
      provider,
      engines: [createThresholdEngine()],
      execution: { enabled: true },
      verification: { afterMs: 2 * HOUR },
    });
    const events: AutopilotEvent[] = [];
    autopilot.events.on('event', (event) => events.push(event));
    const first = await autopilot.runCycle();
    expect(first.created).toBeGreaterThan(0);
    expect(first.executed).toBeGreaterThan(0);

    const store = autopilot.store.forTenant(autopilot.tenantId);
    const executed = await store.recommendations.list({ status: ['executed'] });
    expect(executed).toHaveLength(first.executed);
    for (const recommendation of executed) {
      const resource = provider.snapshot().find((item) => item.id === recommendation.resourceId);
      expect(recommendation.action.type === 'resize' && resource?.type).toBe(
        recommendation.action.type === 'resize' ? recommendation.action.to : false,
      );
    }

    // A day later the cost after each change is compared with the cost before it.
    provider.advance(26 * HOUR);
    const later = await autopilot.runCycle();
    expect(later.verified).toBe(executed.length);
    for (const recommendation of executed) {
      const verified = await store.recommendations.get(recommendation.id);
      expect(verified?.status).toBe('verified');
      const history = provider.history(recommendation.resourceId);
      const before = history.at(-2)!.resource.hourlyPrice!;
      const after = history.at(-1)!.resource.hourlyPrice!;
      expect(verified?.realizedMonthlySavings).toBeCloseTo((before - after) * HOURS_PER_MONTH, 1);
      expect(verified?.statusReason).toMatch(/realized = \(.+\) \/ \d+ × 730 = /);
    }
    expect(events.filter((event) => event.type === 'recommendation-verified')).toHaveLength(executed.length);
  });

  it('is deterministic: the same seed gives the same recommendations and routing', async () => {
    const run = async () => {
      const autopilot = createAutopilot({
        provider: createSimulatedProvider({ seed: 11, size: 10, timeScale: 0 }),
        engines: [createThresholdEngine()],
      });
      await autopilot.runCycle();
      const list = await autopilot.store.forTenant(autopilot.tenantId).recommendations.list({ limit: 1000 });
      return list
        .map((item) => [item.key, item.estimatedMonthlySavings, item.executionMode, item.policyRuleId])
        .sort();
    };
    expect(await run()).toEqual(await run());
  });
});

describe('the start command', () => {
  it('runs cycles on the simulated fleet, prints each step and stops cleanly', () => {
    const script = fileURLToPath(new URL('./continuous.ts', import.meta.url));
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--conditions=dev-source', script, '--cycles', '3', '--interval', '10'],
      { encoding: 'utf8', timeout: 60_000, cwd: fileURLToPath(new URL('.', import.meta.url)) },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/FinOps Autopilot on a simulated fleet of \d+ resources/);
    expect(result.stdout).toMatch(/── cycle 1 done in \d+ ms: \d+ resources, \d+ analyzed, \d+ new/);
    expect(result.stdout).toMatch(/\+ {2}\S+ rightsize: resize \S+ → \S+ {2}saves \$[\d,.]+\/month/);
    expect(result.stdout).toMatch(/Stopped after 3 cycles: \d+ recommendations/);
  });

  it('refuses a bad option with a clear message and exit code 2', () => {
    const script = fileURLToPath(new URL('./continuous.ts', import.meta.url));
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--conditions=dev-source', script, '--size', 'lots'],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--size must be a non-negative number, got "lots"');
  });
});
