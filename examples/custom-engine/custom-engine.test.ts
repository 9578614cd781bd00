import { type AutopilotEvent, createAutopilot, FinopsError } from '@finops-autopilot/core';
import {
  createFakeProvider,
  fixtureHourlySeries,
  fixtureResource,
  testEngine,
} from '@finops-autopilot/core/testing';
import { describe, expect, it } from 'vitest';
import { createLogNotifier } from './log-notifier.js';
import { createMeanCpuEngine } from './mean-cpu-engine.js';

// The engine contract: valid drafts, one identity per proposal, determinism,
// purity, exclusions honoured, and savings equal to the calculation.
testEngine({ name: 'mean-cpu', engine: () => createMeanCpuEngine() });

describe('mean-cpu engine', () => {
  it('refuses options that cannot work, saying how to fix them', () => {
    expect(() => createMeanCpuEngine({ idleBelowPercent: 30, downsizeBelowPercent: 20 })).toThrowError(
      'Invalid mean-cpu engine options: downsizeBelowPercent: must be above idleBelowPercent (30), got 20',
    );
    const error = (() => {
      try {
        createMeanCpuEngine({ downsizeBelowPercent: 0 });
      } catch (caught) {
        return caught;
      }
    })();
    expect(FinopsError.isInstance(error) && error.code).toBe('INVALID_INPUT');
  });
});

describe('log notifier', () => {
  it('receives the events it accepts from an autopilot', async () => {
    const quiet = fixtureResource({
      id: 'i-quiet',
      type: 'm5.2xlarge',
      spec: { vcpu: 8 },
      tags: { env: 'dev' },
    });
    const provider = createFakeProvider({
      resources: [quiet],
      metrics: [fixtureHourlySeries({ resourceId: 'i-quiet', shape: () => 5 })],
    });
    const lines: string[] = [];
    const seen: AutopilotEvent[] = [];
    const autopilot = createAutopilot({
      provider,
      engines: [createMeanCpuEngine()],
      notifiers: [createLogNotifier({ write: (line) => lines.push(line) })],
      execution: { enabled: true },
    });
    autopilot.events.on('event', (event) => seen.push(event));
    await autopilot.runCycle();
    expect(seen.map((event) => event.type)).toContain('execution-end');
    expect(lines).toEqual(['[notify] i-quiet: succeeded']);
  });
});
