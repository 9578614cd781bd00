/**
 * A custom engine and a custom notifier in an autopilot on the simulated fleet:
 * one cycle, the calculation behind the largest saving, then a person approves
 * what policy sent for review.
 *
 *   pnpm exec tsx --conditions=dev-source examples/custom-engine/basic.ts
 */
import { createAutopilot } from '@finops-autopilot/core';
import { createSimulatedProvider } from '@finops-autopilot/provider-sim';
import { createLogNotifier } from './log-notifier.js';
import { createMeanCpuEngine } from './mean-cpu-engine.js';

const autopilot = createAutopilot({
  provider: createSimulatedProvider({ seed: 7, size: 12, timeScale: 0 }),
  engines: [createMeanCpuEngine({ downsizeBelowPercent: 25 })],
  notifiers: [createLogNotifier()],
  execution: { enabled: true },
});
autopilot.events.on('recommendation-status', ({ payload }) => {
  console.log(
    `${payload.recommendation.resourceId}: ${payload.from} → ${payload.to} (${payload.reason ?? ''})`,
  );
});

const stats = await autopilot.runCycle();
console.log(`cycle: ${stats.created} created, ${stats.executed} executed, ${stats.errors} errors`);

const store = autopilot.store.forTenant(autopilot.tenantId);
const [top] = await store.recommendations.list({ limit: 1 });
if (top) {
  console.log(`\n${top.title}: ${top.calculation.formula}`);
  for (const step of top.calculation.steps)
    console.log(`  ${step.expression} = ${step.value} ${step.unit ?? ''}`);
}

const pending = await store.recommendations.list({ status: ['pending-approval'] });
for (const recommendation of pending) {
  const approval = await store.approvals.getByRecommendation(recommendation.id);
  if (approval?.stages.length !== 1) continue; // two-stage approvals need two people; see quickstart/basic.ts
  await autopilot.approve({
    recommendationId: recommendation.id,
    actor: { id: 'alice', type: 'user', role: 'approver' },
    reason: 'checked the CPU history',
  });
}
await autopilot.idle();
const executed = await store.recommendations.count({ status: ['executed'] });
console.log(`\n${executed} recommendations executed, ${pending.length} were sent for review.`);
