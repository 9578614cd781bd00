import type { Approval, Role, User } from './types.js';

export const MAX_REASON_LENGTH = 2000;

export type Decision = 'approve' | 'reject';

/** Field errors of an approve / reject form; empty when it can be sent. */
export interface DecisionErrors {
  reason?: string;
}

/** A reason is required to reject (and optional to approve); at most 2,000 characters either way. */
export function validateDecision(decision: Decision, reason: string): DecisionErrors {
  const trimmed = reason.trim();
  if (decision === 'reject' && trimmed.length === 0)
    return { reason: 'Give a reason for the rejection: it is recorded and shown to the team.' };
  if (trimmed.length > MAX_REASON_LENGTH)
    return { reason: `Keep the reason under ${MAX_REASON_LENGTH.toLocaleString('en-US')} characters.` };
  return {};
}

/** Whether a role may approve or reject at all (batch actions and buttons are shown only then). */
export function canApprove(role: Role | undefined): boolean {
  return role === 'approver' || role === 'admin';
}

/** Whether `user` may decide the current stage of `approval`, and if not, why. */
export function decisionRight(
  approval: Approval | null,
  user: User | null,
): { allowed: boolean; why?: string } {
  if (!user) return { allowed: false, why: 'Sign in to decide.' };
  if (!canApprove(user.role))
    return { allowed: false, why: 'Viewers can follow approvals; approvers and admins decide them.' };
  if (!approval) return { allowed: false, why: 'This recommendation has no approval to decide.' };
  if (approval.status !== 'pending') return { allowed: false, why: `This approval is ${approval.status}.` };
  const stage = approval.stages[approval.currentStage];
  if (!stage) return { allowed: false, why: 'No stage is waiting for a decision.' };
  if (!stage.roles.includes(user.role))
    return {
      allowed: false,
      why: `The “${stage.name}” stage needs the ${stage.roles.join(' or ')} role.`,
    };
  if (
    approval.distinctApprovers &&
    approval.decisions.some(
      (decision) => decision.actor.id === user.id && decision.stage < approval.currentStage,
    )
  )
    return {
      allowed: false,
      why: 'You decided an earlier stage; this policy needs a different person for this one.',
    };
  return { allowed: true };
}

/** `review — stage 1 of 2` for the stage now waiting; the final status otherwise. */
export function stageLabel(approval: Approval): string {
  if (approval.status !== 'pending') return approval.status;
  const stage = approval.stages[approval.currentStage];
  const name = stage?.name ?? 'review';
  return approval.stages.length > 1
    ? `${name} — stage ${approval.currentStage + 1} of ${approval.stages.length}`
    : name;
}
