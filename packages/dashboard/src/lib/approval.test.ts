import { describe, expect, it } from 'vitest';
import { canApprove, decisionRight, stageLabel, validateDecision } from './approval.js';
import type { Approval, User } from './types.js';

const approver: User = {
  id: 'u-approver',
  email: 'p@example.com',
  name: 'P',
  role: 'approver',
  tenantId: 't',
};
const admin: User = { id: 'u-admin', email: 'a@example.com', name: 'A', role: 'admin', tenantId: 't' };
const viewer: User = { id: 'u-viewer', email: 'v@example.com', name: 'V', role: 'viewer', tenantId: 't' };

function approval(overrides: Partial<Approval> = {}): Approval {
  return {
    id: 'apr_1',
    recommendationId: 'rec_1',
    policyRuleId: 'high-risk',
    stages: [
      { name: 'review', roles: ['approver', 'admin'] },
      { name: 'admin sign-off', roles: ['admin'] },
    ],
    distinctApprovers: true,
    currentStage: 0,
    status: 'pending',
    decisions: [],
    createdAt: '2026-01-15T12:00:00Z',
    updatedAt: '2026-01-15T12:00:00Z',
    ...overrides,
  };
}

describe('validateDecision', () => {
  it('requires a reason to reject', () => {
    expect(validateDecision('reject', '').reason).toMatch(/reason/i);
    expect(validateDecision('reject', '   ').reason).toMatch(/reason/i);
    expect(validateDecision('reject', 'Too risky before the release')).toEqual({});
  });

  it('makes the reason optional to approve, and bounds its length', () => {
    expect(validateDecision('approve', '')).toEqual({});
    expect(validateDecision('approve', 'x'.repeat(2001)).reason).toMatch(/2,000/);
    expect(validateDecision('reject', 'x'.repeat(2000))).toEqual({});
  });
});

describe('decisionRight', () => {
  it('lets approvers and admins decide a stage their role may decide', () => {
    expect(decisionRight(approval(), approver)).toEqual({ allowed: true });
    expect(decisionRight(approval(), admin)).toEqual({ allowed: true });
  });

  it('refuses viewers, missing approvals and decided approvals', () => {
    expect(decisionRight(approval(), viewer)).toMatchObject({
      allowed: false,
      why: expect.stringMatching(/Viewers/),
    });
    expect(decisionRight(null, admin).allowed).toBe(false);
    expect(decisionRight(approval({ status: 'approved', currentStage: 2 }), admin)).toMatchObject({
      allowed: false,
      why: 'This approval is approved.',
    });
    expect(decisionRight(approval(), null).allowed).toBe(false);
  });

  it('refuses a role the current stage does not accept', () => {
    const atSignOff = approval({ currentStage: 1 });
    expect(decisionRight(atSignOff, approver)).toMatchObject({
      allowed: false,
      why: expect.stringMatching(/admin role/),
    });
  });

  it('refuses the person who decided an earlier stage when approvers must differ', () => {
    const decided = approval({
      currentStage: 1,
      decisions: [
        {
          stage: 0,
          stageName: 'review',
          actor: { type: 'user', id: admin.id, role: 'admin' },
          decision: 'approve',
          at: '2026-01-15T12:01:00Z',
        },
      ],
    });
    expect(decisionRight(decided, admin)).toMatchObject({
      allowed: false,
      why: expect.stringMatching(/different person/),
    });
    expect(decisionRight({ ...decided, distinctApprovers: false }, admin)).toEqual({ allowed: true });
  });

  it('labels stages and roles', () => {
    expect(stageLabel(approval())).toBe('review — stage 1 of 2');
    expect(stageLabel(approval({ stages: [{ name: 'review', roles: ['approver'] }] }))).toBe('review');
    expect(stageLabel(approval({ status: 'rejected' }))).toBe('rejected');
    expect(canApprove('viewer')).toBe(false);
    expect(canApprove('approver')).toBe(true);
    expect(canApprove(undefined)).toBe(false);
  });
});
