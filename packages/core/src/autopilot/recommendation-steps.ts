import { openApproval } from '../approval/approval-machine.js';
import type { TenantStoreV1 } from '../contracts/v1/store-v1.js';
import { evaluatePolicy } from '../policy/evaluate-policy.js';
import { assertTransition } from '../recommendation/status-machine.js';
import type { Actor } from '../schemas/common.js';
import type { Recommendation, RecommendationStatus } from '../schemas/recommendation.js';
import { newId } from '../util/ids.js';
import { type AutopilotContext, type DeferredEmit, SYSTEM_ACTOR } from './autopilot-context.js';

/** Moves a recommendation to `to` (checked against the status machine), saves it and emits the transition. */
export async function transitionRecommendation(
  store: TenantStoreV1,
  emit: DeferredEmit,
  recommendation: Recommendation,
  to: RecommendationStatus,
  options: { at: string; reason?: string; patch?: Partial<Recommendation> },
): Promise<Recommendation> {
  assertTransition(recommendation.status, to, recommendation.id);
  const next: Recommendation = {
    ...recommendation,
    ...options.patch,
    status: to,
    updatedAt: options.at,
    ...(options.reason === undefined ? {} : { statusReason: options.reason }),
  };
  await store.recommendations.save(next);
  emit('recommendation-status', {
    recommendationId: next.id,
    from: recommendation.status,
    to,
    ...(options.reason === undefined ? {} : { reason: options.reason }),
    recommendation: next,
  });
  return next;
}

/** Appends one audit event for the context's tenant. */
export async function audit(
  context: AutopilotContext,
  store: TenantStoreV1,
  entry: {
    actor: Actor;
    action: string;
    subject: { type: string; id: string };
    details?: Record<string, unknown>;
    at: string;
  },
): Promise<void> {
  await store.audit.append({
    id: newId('aud'),
    tenantId: context.tenantId,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details: entry.details ?? {},
  });
}

/**
 * Routes an open recommendation through policy: autonomous ones are approved by
 * the policy itself, the others get an approval with the policy's stages.
 */
export async function routeRecommendation(
  context: AutopilotContext,
  store: TenantStoreV1,
  emit: DeferredEmit,
  recommendation: Recommendation,
  at: string,
): Promise<Recommendation> {
  const decision = evaluatePolicy(context.policy, recommendation);
  const patch = { executionMode: decision.mode, policyRuleId: decision.ruleId };
  const subject = { type: 'recommendation', id: recommendation.id };
  if (decision.mode === 'autonomous') {
    await audit(context, store, {
      actor: SYSTEM_ACTOR,
      action: 'recommendation.auto-approve',
      subject,
      details: { ruleId: decision.ruleId, reason: decision.reason },
      at,
    });
    return transitionRecommendation(store, emit, recommendation, 'approved', {
      at,
      reason: decision.reason,
      patch,
    });
  }
  const approval = openApproval({
    id: newId('apr'),
    recommendationId: recommendation.id,
    outcome: decision,
    policyRuleId: decision.ruleId,
    at,
  });
  await store.approvals.save(approval);
  const routed = await transitionRecommendation(store, emit, recommendation, 'pending-approval', {
    at,
    reason: decision.reason,
    patch,
  });
  await audit(context, store, {
    actor: SYSTEM_ACTOR,
    action: 'approval.request',
    subject,
    details: { ruleId: decision.ruleId, stages: approval.stages.map((stage) => stage.name) },
    at,
  });
  emit('approval-requested', { approval });
  return routed;
}

/** Supersedes a live recommendation and cancels its pending approval. */
export async function supersedeRecommendation(
  context: AutopilotContext,
  store: TenantStoreV1,
  emit: DeferredEmit,
  recommendation: Recommendation,
  reason: string,
  at: string,
): Promise<Recommendation> {
  const approval = await store.approvals.getByRecommendation(recommendation.id);
  if (approval?.status === 'pending')
    await store.approvals.save({ ...approval, status: 'cancelled', updatedAt: at });
  await audit(context, store, {
    actor: SYSTEM_ACTOR,
    action: 'recommendation.supersede',
    subject: { type: 'recommendation', id: recommendation.id },
    details: { reason },
    at,
  });
  return transitionRecommendation(store, emit, recommendation, 'superseded', { at, reason });
}
