import { HOURS_PER_MONTH } from '../schemas/calculation.js';
import type { CostRecord } from '../schemas/cost-record.js';
import type { Recommendation } from '../schemas/recommendation.js';
import type { AutopilotContext } from './autopilot-context.js';
import { SYSTEM_ACTOR } from './autopilot-context.js';
import { audit, transitionRecommendation } from './recommendation-steps.js';

/**
 * Proves the savings of executed recommendations: once `verifyAfterMs` has
 * passed since the execution, the resource's cost over a window after it is
 * compared with the cost over a window of the same length before it, and the
 * difference is scaled to a month. Returns how many were verified.
 */
export async function verifyExecuted(context: AutopilotContext): Promise<number> {
  const store = context.store.forTenant(context.tenantId);
  const executed = await store.recommendations.list({
    status: ['executed'],
    limit: 1000,
    sort: 'updatedAt',
    order: 'asc',
  });
  let verified = 0;
  for (const recommendation of executed) {
    if (!recommendation.lastExecutionId) continue;
    const execution = await store.executions.get(recommendation.lastExecutionId);
    if (!execution?.finishedAt || execution.status !== 'succeeded') continue;
    const executedAt = Date.parse(execution.finishedAt);
    const now = context.now().getTime();
    if (now - executedAt < context.verifyAfterMs) continue;
    const hourMs = 3_600_000;
    // Whole hours on both sides, leaving out the hour in which the change happened,
    // so hourly cost records fall entirely before or entirely after it.
    const beforeEnd = Math.floor(executedAt / hourMs) * hourMs;
    const afterStart = Math.ceil(executedAt / hourMs) * hourMs;
    const hours = Math.min(
      Math.floor((now - afterStart) / hourMs),
      Math.floor(context.verifyMaxWindowMs / hourMs),
    );
    if (hours < 1) continue;
    const spanMs = hours * hourMs;
    const costs = await context.providerQueue.add(() =>
      context.provider.getCosts({
        window: {
          start: new Date(beforeEnd - spanMs).toISOString(),
          end: new Date(afterStart + spanMs).toISOString(),
        },
        granularity: 'hourly',
        resourceIds: [recommendation.resourceId],
      }),
    );
    if (costs.length === 0) continue;
    const before = sumCost(costs, beforeEnd - spanMs, beforeEnd);
    const after = sumCost(costs, afterStart, afterStart + spanMs);
    const realized = ((before - after) / hours) * HOURS_PER_MONTH;
    const at = context.now().toISOString();
    await context.transact(async (tx, emit) => {
      const current = await tx.recommendations.get(recommendation.id);
      if (current?.status !== 'executed') return;
      const next: Recommendation = await transitionRecommendation(tx, emit, current, 'verified', {
        at,
        reason:
          `cost ${before.toFixed(4)} ${current.currency} in the ${hours} h before vs ${after.toFixed(4)} in the ${hours} h after; ` +
          `realized = (${before.toFixed(4)} − ${after.toFixed(4)}) / ${hours} × ${HOURS_PER_MONTH} = ${realized.toFixed(2)} per month`,
        patch: { realizedMonthlySavings: round2(realized) },
      });
      await audit(context, tx, {
        actor: SYSTEM_ACTOR,
        action: 'recommendation.verify',
        subject: { type: 'recommendation', id: current.id },
        details: { before, after, hours, realizedMonthlySavings: round2(realized) },
        at,
      });
      emit('recommendation-verified', { recommendation: next, realizedMonthlySavings: round2(realized) });
      verified += 1;
    });
  }
  return verified;
}

function sumCost(costs: readonly CostRecord[], start: number, end: number): number {
  let total = 0;
  for (const cost of costs) {
    const at = Date.parse(cost.ChargePeriodStart);
    if (at >= start && at < end) total += cost.EffectiveCost;
  }
  return total;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
