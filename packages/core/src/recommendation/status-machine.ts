import { IllegalTransitionError } from '../errors/illegal-transition-error.js';
import type { RecommendationStatus } from '../schemas/recommendation.js';

/** Allowed next statuses of each status. Anything else is an illegal transition. */
export const RECOMMENDATION_TRANSITIONS: Readonly<
  Record<RecommendationStatus, readonly RecommendationStatus[]>
> = {
  open: ['pending-approval', 'approved', 'superseded', 'dismissed'],
  'pending-approval': ['approved', 'rejected', 'superseded', 'dismissed'],
  // Back to approval when a changed proposal (or a stricter routing) needs a person again.
  approved: ['executing', 'pending-approval', 'superseded', 'dismissed'],
  rejected: [],
  executing: ['executed', 'failed'],
  // A failed execution may be retried (same idempotency key) or given up on.
  failed: ['executing', 'superseded', 'dismissed'],
  executed: ['verified', 'rolled-back'],
  verified: ['rolled-back'],
  'rolled-back': [],
  // A superseded recommendation whose premise comes back is reopened, not duplicated.
  superseded: ['open'],
  dismissed: [],
};

/** Statuses in which a recommendation is still a live proposal (its premise can be superseded). */
export const LIVE_STATUSES: readonly RecommendationStatus[] = [
  'open',
  'pending-approval',
  'approved',
  'failed',
];

export function canTransition(from: RecommendationStatus, to: RecommendationStatus): boolean {
  return RECOMMENDATION_TRANSITIONS[from].includes(to);
}

/** The verb of moving into each status, for error messages. */
const VERBS: Readonly<Record<RecommendationStatus, string>> = {
  open: 'reopen',
  'pending-approval': 'request approval for',
  approved: 'approve',
  rejected: 'reject',
  executing: 'execute',
  executed: 'mark as executed',
  failed: 'mark as failed',
  verified: 'verify',
  'rolled-back': 'roll back',
  superseded: 'supersede',
  dismissed: 'dismiss',
};

/** @throws {IllegalTransitionError} when `from → to` is not in {@link RECOMMENDATION_TRANSITIONS}. */
export function assertTransition(
  from: RecommendationStatus,
  to: RecommendationStatus,
  recommendationId: string,
): void {
  if (!canTransition(from, to)) {
    const allowed = RECOMMENDATION_TRANSITIONS[from];
    throw new IllegalTransitionError({
      entity: `recommendation ${recommendationId}`,
      from,
      attempted: VERBS[to],
      reason: allowed.length ? `allowed next states are ${allowed.join(', ')}` : `"${from}" is final`,
    });
  }
}
