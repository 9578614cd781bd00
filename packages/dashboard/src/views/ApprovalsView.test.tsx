// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { approvalFor, recommendation } from '../test-support/fixtures.js';
import { fakeApi, renderWithApp } from '../test-support/render.js';
import { ApprovalsView, joinInbox } from './ApprovalsView.js';

afterEach(cleanup);

const recs = [
  recommendation({ id: 'rec_a', title: 'Change vol-a to gp3' }),
  recommendation({ id: 'rec_b', title: 'Rightsize db-b', estimatedMonthlySavings: 287.62 }),
  recommendation({ id: 'rec_c', title: 'Delete idle vol-c', risk: 'high' }),
];
const approvals = [
  approvalFor('rec_a'),
  // Routed by the policy's fallback: no rule matched.
  approvalFor('rec_b', { policyRuleId: null }),
  // Two stages; the second is for admins only.
  approvalFor('rec_c', {
    stages: [
      { name: 'review', roles: ['approver', 'admin'] },
      { name: 'admin sign-off', roles: ['admin'] },
    ],
    currentStage: 1,
  }),
];

function server(role: 'admin' | 'approver' | 'viewer') {
  return fakeApi(
    {
      'GET /api/recommendations': () => ({ items: recs, total: recs.length, limit: 100, offset: 0 }),
      'GET /api/approvals': (call) =>
        call.query.get('status') === 'pending'
          ? { items: approvals, limit: 500, offset: 0 }
          : { items: [], limit: 25, offset: 0 },
      'POST /api/approvals/batch': (call) => {
        const body = call.body as { action: string; ids: string[] };
        return {
          action: body.action,
          succeeded: body.ids.length - 1,
          failed: 1,
          results: body.ids.map((id, index) =>
            index === 0
              ? {
                  id,
                  ok: false,
                  status: 409,
                  error: { code: 'illegal-transition', message: 'It was superseded.' },
                }
              : { id, ok: true, approval: approvalFor(id, { status: 'rejected' }) },
          ),
        };
      },
      'POST /api/recommendations/rec_a/approve': () =>
        approvalFor('rec_a', { status: 'approved', currentStage: 1 }),
    },
    { role },
  );
}

describe('ApprovalsView', () => {
  it('joins recommendations with their approvals', () => {
    const rows = joinInbox(recs, approvals.slice(0, 1));
    expect(rows.map((row) => row.approval?.id)).toEqual(['apr_rec_a', undefined, undefined]);
  });

  it('hides every decision control from viewers', async () => {
    const { api } = server('viewer');
    renderWithApp(<ApprovalsView />, { api });
    await screen.findByText('Change vol-a to gp3');
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('button', { name: /Approve/ })).toBeNull();
    expect(screen.queryByRole('group', { name: 'Batch actions' })).toBeNull();
    expect(screen.getByText(/approvers and admins decide/)).toBeTruthy();
  });

  it('names the routing rule of each approval, or the policy fallback', async () => {
    const { api } = server('viewer');
    renderWithApp(<ApprovalsView />, { api });
    const row = (title: string) => screen.getByText(title).closest('tr') as HTMLElement;
    await screen.findByText('Change vol-a to gp3');
    expect(within(row('Change vol-a to gp3')).getByText('production')).toBeTruthy();
    expect(within(row('Rightsize db-b')).getByText('policy fallback (no rule matched)')).toBeTruthy();
  });

  it('lets approvers decide only the stages their role may, and batch-reject with a required reason', async () => {
    const user = userEvent.setup();
    const { api, calls } = server('approver');
    renderWithApp(<ApprovalsView />, { api });
    await screen.findByText('Change vol-a to gp3');
    const rowC = screen.getByText('Delete idle vol-c').closest('tr') as HTMLElement;
    expect(within(rowC).getByText(/needs the admin role/)).toBeTruthy();
    expect((within(rowC).getByRole('checkbox') as HTMLInputElement).disabled).toBe(true);

    await user.click(screen.getByRole('checkbox', { name: 'Select every recommendation you can decide' }));
    expect(screen.getByText('2 selected')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Reject selected' }));
    const dialog = screen.getByRole('dialog', { name: 'Reject 2 recommendations' });
    await user.click(within(dialog).getByRole('button', { name: 'Reject 2 recommendations' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/reason/i);
    expect(calls.some((call) => call.path === '/api/approvals/batch')).toBe(false);
    await user.type(within(dialog).getByLabelText(/Reason/), 'Freeze until the audit ends');
    await user.click(within(dialog).getByRole('button', { name: 'Reject 2 recommendations' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const batch = calls.find((call) => call.path === '/api/approvals/batch');
    expect(batch?.body).toEqual({
      action: 'reject',
      ids: ['rec_a', 'rec_b'],
      reason: 'Freeze until the audit ends',
    });
    expect(await screen.findByText('1 rejected, 1 failed.')).toBeTruthy();
    expect(screen.getByText(/It was superseded/)).toBeTruthy();
  });

  it('approves one row without a reason', async () => {
    const user = userEvent.setup();
    const { api, calls } = server('admin');
    renderWithApp(<ApprovalsView />, { api });
    await user.click(await screen.findByRole('button', { name: 'Approve “Change vol-a to gp3”' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(calls.some((call) => call.path === '/api/recommendations/rec_a/approve')).toBe(true),
    );
    // Admins may decide the admin-only stage.
    const rowC = screen.getByText('Delete idle vol-c').closest('tr') as HTMLElement;
    expect(within(rowC).getByRole('button', { name: /Approve/ })).toBeTruthy();
  });
});
