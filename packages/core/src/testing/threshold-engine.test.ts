import { describe, expect, it } from 'vitest';
import { testEngine } from './engine-suite.js';
import { fixtureEngineInput } from './fixtures.js';
import { createThresholdEngine } from './threshold-engine.js';

testEngine({ name: 'threshold', engine: () => createThresholdEngine() });

describe('threshold engine', () => {
  it('downsizes within the family to the cheapest size that keeps the peak under target', async () => {
    const result = await createThresholdEngine().analyze(fixtureEngineInput());
    const resize = result.recommendations.find((draft) => draft.resourceId === 'i-overprovisioned');
    expect(resize?.action).toEqual({ type: 'resize', from: 'm5.2xlarge', to: 'm5.large' });
    expect(resize?.estimatedMonthlySavings).toBe(210.24);
    const idle = result.recommendations.find((draft) => draft.resourceId === 'i-idle');
    expect(idle).toMatchObject({ kind: 'idle', risk: 'high', action: { type: 'stop' } });
    expect(result.recommendations.some((draft) => draft.resourceId === 'i-busy')).toBe(false);
  });
});
