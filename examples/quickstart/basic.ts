/**
 * One cycle on the simulated fleet, then a person approves a recommendation
 * that policy sent for review, it executes, and is rolled back.
 *
 *   pnpm exec tsx --conditions=dev-source examples/quickstart/basic.ts
 */
import { createAutopilot } from '@finops-autopilot/core';
import { createThresholdEngine } from '@finops-autopilot/core/testing';
import { createSimulatedProvider } from '@finops-autopilot/provider-sim';
import { formatEvent } from './format-event.js';

const provider = createSimulatedProvider({ seed: 7, size: 12, timeScale: 0 });
const autopilot = createAutopilot({
  provider,
  engines: [createThresholdEngine()],
  execution: { enabled: true },
});
autopilot.events.on('event', (event) => {
  const line = formatEvent(event);
  if (line) console.log(line);
});

await autopilot.runCycle();

const store = autopilot.store.forTenant(autopilot.tenantId);
const pending = await store.recommendations.list({
  status: ['pending-approval'],
  sort: 'estimatedMonthlySavings',
});
const first = pending[0];
if (!first) {
  console.log('Nothing awaits approval in this fleet.');
} else {
  console.log(
    `\nHow the ${first.kind} saving of ${first.resourceId} was computed (${first.calculation.method}):`,
  );
  for (const step of first.calculation.steps)
    console.log(`  ${step.label}: ${step.expression} = ${step.value} ${step.unit ?? ''}`);

  // Each stage of the approval, by a different person where the policy requires it.
  const approval = await store.approvals.getByRecommendation(first.id);
  const people = [
    { id: 'alice', type: 'user' as const, role: 'approver' as const },
    { id: 'bob', type: 'user' as const, role: 'admin' as const },
  ];
  for (const [index] of (approval?.stages ?? []).entries()) {
    await autopilot.approve({
      recommendationId: first.id,
      actor: people[index]!,
      reason: 'reviewed utilization',
    });
  }
  await autopilot.idle();
  const executed = await store.recommendations.get(first.id);
  console.log(`\n${first.resourceId} is now ${executed?.status}.`);
  if (executed?.lastExecutionId && executed.status === 'executed') {
    await autopilot.rollback({ executionId: executed.lastExecutionId, actor: people[1]!, reason: 'demo' });
    console.log(
      `Rolled back: ${first.resourceId} is ${(await store.recommendations.get(first.id))?.status}.`,
    );
  }
}
