import { IllegalTransitionError } from '../errors/illegal-transition-error.js';
import type { Approval, ApprovalDecision } from '../schemas/approval.js';
import type { Actor, Role } from '../schemas/common.js';
import type { PolicyOutcome } from '../schemas/policy.js';

/** Opens the approval of a recommendation from the policy outcome that routed it. */
export function openApproval(options: {
  id: string;
  recommendationId: string;
  outcome: PolicyOutcome;
  policyRuleId: string | null;
  at: string;
}): Approval {
  const { id, recommendationId, outcome, policyRuleId, at } = options;
  if (outcome.stages.length === 0) {
    throw new IllegalTransitionError({
      entity: `approval of ${recommendationId}`,
      from: 'none',
      attempted: 'open',
      reason: 'the policy outcome has no approval stages',
    });
  }
  return {
    id,
    recommendationId,
    policyRuleId,
    stages: outcome.stages.map((stage) => ({ ...stage, roles: [...stage.roles] })),
    distinctApprovers: outcome.distinctApprovers,
    currentStage: 0,
    status: 'pending',
    decisions: [],
    createdAt: at,
    updatedAt: at,
  };
}

export interface DecideOptions {
  actor: Actor & { role: Role };
  decision: 'approve' | 'reject';
  reason?: string;
  at: string;
}

/**
 * Applies one decision and returns the new approval (the input is not changed).
 *
 * Rules: only a pending approval takes decisions; the actor's role must be one
 * the current stage allows; a rejection needs a reason; nobody decides the same
 * stage twice; with `distinctApprovers`, nobody approves two stages. A stage
 * passes when it has its number of approvals; the approval is approved when the
 * last stage passes, and rejected by any rejection.
 * @throws {IllegalTransitionError} naming the rule that was broken.
 */
export function decideApproval(approval: Approval, options: DecideOptions): Approval {
  const { actor, decision, reason, at } = options;
  const entity = `approval of ${approval.recommendationId}`;
  const refuse = (why: string): never => {
    throw new IllegalTransitionError({ entity, from: approval.status, attempted: decision, reason: why });
  };

  if (approval.status !== 'pending') refuse(`it is already ${approval.status}`);
  const stage = approval.stages[approval.currentStage];
  if (!stage) return refuse('it has no stage awaiting a decision');
  if (!stage.roles.includes(actor.role)) {
    refuse(`stage "${stage.name}" may be decided by ${stage.roles.join(' or ')}, not by role ${actor.role}`);
  }
  if (decision === 'reject' && !reason?.trim()) refuse('a rejection needs a reason');

  const sameStage = approval.decisions.filter((entry) => entry.stage === approval.currentStage);
  if (sameStage.some((entry) => entry.actor.id === actor.id)) {
    refuse(`${actor.id} has already decided stage "${stage.name}"`);
  }
  if (decision === 'approve' && approval.distinctApprovers) {
    const earlier = approval.decisions.find(
      (entry) => entry.actor.id === actor.id && entry.decision === 'approve',
    );
    if (earlier) {
      refuse(
        `${actor.id} already approved stage "${earlier.stageName}"; this policy requires a different person per stage`,
      );
    }
  }

  const entry: ApprovalDecision = {
    stage: approval.currentStage,
    stageName: stage.name,
    actor: { ...actor },
    decision,
    ...(reason?.trim() ? { reason: reason.trim() } : {}),
    at,
  };
  const decisions = [...approval.decisions, entry];
  if (decision === 'reject') return { ...approval, decisions, status: 'rejected', updatedAt: at };

  const approvals = sameStage.filter((item) => item.decision === 'approve').length + 1;
  if (approvals < stage.approvals) return { ...approval, decisions, updatedAt: at };
  const currentStage = approval.currentStage + 1;
  const done = currentStage >= approval.stages.length;
  return { ...approval, decisions, currentStage, status: done ? 'approved' : 'pending', updatedAt: at };
}

/** Withdraws a pending approval (its recommendation was superseded or dismissed). */
export function cancelApproval(approval: Approval, at: string): Approval {
  if (approval.status !== 'pending') {
    throw new IllegalTransitionError({
      entity: `approval of ${approval.recommendationId}`,
      from: approval.status,
      attempted: 'cancel',
      reason: 'only a pending approval can be cancelled',
    });
  }
  return { ...approval, status: 'cancelled', updatedAt: at };
}
