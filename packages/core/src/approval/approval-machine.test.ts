import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../errors/illegal-transition-error.js';
import type { Approval } from '../schemas/approval.js';
import type { Role } from '../schemas/common.js';
import { cancelApproval, decideApproval, openApproval } from './approval-machine.js';

const at = '2026-01-01T00:00:00.000Z';
const person = (id: string, role: Role) => ({ id, type: 'user' as const, role });
const twoStage = (distinctApprovers = true): Approval =>
  openApproval({
    id: 'apr-1',
    recommendationId: 'rec-1',
    policyRuleId: 'high-risk',
    outcome: {
      mode: 'hitl',
      stages: [
        { name: 'review', roles: ['approver', 'admin'], approvals: 1 },
        { name: 'admin sign-off', roles: ['admin'], approvals: 1 },
      ],
      distinctApprovers,
    },
    at,
  });

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(IllegalTransitionError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected an IllegalTransitionError');
}

describe('approval state machine', () => {
  it('passes stage by stage and keeps the history', () => {
    const first = decideApproval(twoStage(), { actor: person('alice', 'approver'), decision: 'approve', at });
    expect(first).toMatchObject({ status: 'pending', currentStage: 1 });
    const second = decideApproval(first, {
      actor: person('bob', 'admin'),
      decision: 'approve',
      reason: 'ok',
      at,
    });
    expect(second).toMatchObject({ status: 'approved', currentStage: 2 });
    expect(second.decisions.map((entry) => [entry.stageName, entry.actor.id, entry.decision])).toEqual([
      ['review', 'alice', 'approve'],
      ['admin sign-off', 'bob', 'approve'],
    ]);
  });

  it('does not change its input', () => {
    const approval = twoStage();
    decideApproval(approval, { actor: person('alice', 'approver'), decision: 'approve', at });
    expect(approval.decisions).toHaveLength(0);
    expect(approval.currentStage).toBe(0);
  });

  it('rejects with a reason, and a rejection is final', () => {
    const rejected = decideApproval(twoStage(), {
      actor: person('alice', 'approver'),
      decision: 'reject',
      reason: 'prod freeze',
      at,
    });
    expect(rejected.status).toBe('rejected');
    expect(rejected.decisions[0]?.reason).toBe('prod freeze');
    expect(
      refusal(() => decideApproval(rejected, { actor: person('bob', 'admin'), decision: 'approve', at })),
    ).toContain('it is already rejected');
  });

  it('refuses a rejection without a reason', () => {
    expect(
      refusal(() =>
        decideApproval(twoStage(), {
          actor: person('alice', 'approver'),
          decision: 'reject',
          reason: '  ',
          at,
        }),
      ),
    ).toContain('a rejection needs a reason');
  });

  it('refuses a role the stage does not allow', () => {
    const first = decideApproval(twoStage(), { actor: person('alice', 'approver'), decision: 'approve', at });
    expect(
      refusal(() => decideApproval(first, { actor: person('carol', 'approver'), decision: 'approve', at })),
    ).toContain('stage "admin sign-off" may be decided by admin, not by role approver');
    expect(
      refusal(() => decideApproval(twoStage(), { actor: person('vic', 'viewer'), decision: 'approve', at })),
    ).toContain('role viewer');
  });

  it('refuses one person approving two stages when the policy requires different people', () => {
    const first = decideApproval(twoStage(true), { actor: person('root', 'admin'), decision: 'approve', at });
    expect(
      refusal(() => decideApproval(first, { actor: person('root', 'admin'), decision: 'approve', at })),
    ).toContain('root already approved stage "review"; this policy requires a different person per stage');
    // Without the requirement, the same admin may sign both stages.
    const relaxed = decideApproval(twoStage(false), {
      actor: person('root', 'admin'),
      decision: 'approve',
      at,
    });
    expect(decideApproval(relaxed, { actor: person('root', 'admin'), decision: 'approve', at }).status).toBe(
      'approved',
    );
  });

  it('refuses approving twice at one stage', () => {
    const approval = openApproval({
      id: 'apr-2',
      recommendationId: 'rec-2',
      policyRuleId: null,
      outcome: {
        mode: 'hitl',
        stages: [{ name: 'two-person review', roles: ['approver'], approvals: 2 }],
        distinctApprovers: true,
      },
      at,
    });
    const once = decideApproval(approval, { actor: person('alice', 'approver'), decision: 'approve', at });
    expect(once).toMatchObject({ status: 'pending', currentStage: 0 });
    expect(
      refusal(() => decideApproval(once, { actor: person('alice', 'approver'), decision: 'approve', at })),
    ).toContain('alice has already decided stage "two-person review"');
    expect(decideApproval(once, { actor: person('bob', 'approver'), decision: 'approve', at }).status).toBe(
      'approved',
    );
  });

  it('refuses decisions after approval, and cancelling a decided approval', () => {
    const done = decideApproval(
      decideApproval(twoStage(), { actor: person('a', 'approver'), decision: 'approve', at }),
      {
        actor: person('b', 'admin'),
        decision: 'approve',
        at,
      },
    );
    expect(
      refusal(() => decideApproval(done, { actor: person('c', 'admin'), decision: 'approve', at })),
    ).toContain('already approved');
    expect(refusal(() => cancelApproval(done, at))).toContain('only a pending approval can be cancelled');
    expect(cancelApproval(twoStage(), at).status).toBe('cancelled');
  });

  it('cannot open without stages', () => {
    expect(
      refusal(() =>
        openApproval({
          id: 'x',
          recommendationId: 'r',
          policyRuleId: null,
          outcome: { mode: 'autonomous', stages: [], distinctApprovers: true },
          at,
        }),
      ),
    ).toContain('no approval stages');
  });
});
