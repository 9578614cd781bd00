// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../lib/api.js';
import { DecisionForm } from './DecisionForm.js';

afterEach(cleanup);

describe('DecisionForm', () => {
  it('refuses to reject without a reason, and says why next to the field', async () => {
    const user = userEvent.setup();
    const submit = vi.fn(async () => {});
    render(<DecisionForm decision="reject" onSubmit={submit} onCancel={() => {}} />);
    const reason = screen.getByLabelText(/Reason/);
    expect(reason.getAttribute('aria-required')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    expect(submit).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(/reason/i);
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(reason);
    await user.type(reason, '   ');
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    expect(submit).not.toHaveBeenCalled();
    await user.type(reason, 'Breaks the nightly batch  ');
    expect(screen.queryByRole('alert')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    expect(submit).toHaveBeenCalledWith('Breaks the nightly batch');
  });

  it('approves without a reason', async () => {
    const user = userEvent.setup();
    const submit = vi.fn(async () => {});
    render(
      <DecisionForm decision="approve" onSubmit={submit} onCancel={() => {}} subject="3 recommendations" />,
    );
    await user.click(screen.getByRole('button', { name: 'Approve 3 recommendations' }));
    expect(submit).toHaveBeenCalledWith('');
  });

  it("shows the server's field error when it refuses, and lets the user try again", async () => {
    const user = userEvent.setup();
    const submit = vi
      .fn<(reason: string) => Promise<void>>()
      .mockRejectedValueOnce(
        new ApiError({
          status: 400,
          code: 'invalid-request',
          message: 'Invalid request',
          issues: [
            { location: 'body', path: 'reason', message: 'Too big: expected at most 2000 characters' },
          ],
        }),
      )
      .mockRejectedValueOnce(
        new ApiError({ status: 409, code: 'illegal-transition', message: 'Already rejected.' }),
      )
      .mockResolvedValueOnce(undefined);
    render(<DecisionForm decision="reject" onSubmit={submit} onCancel={() => {}} />);
    await user.type(screen.getByLabelText(/Reason/), 'no');
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Too big: expected at most 2000 characters');
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Already rejected.');
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    expect(submit).toHaveBeenCalledTimes(3);
  });

  it('cancels', async () => {
    const user = userEvent.setup();
    const cancel = vi.fn();
    render(<DecisionForm decision="approve" onSubmit={async () => {}} onCancel={cancel} />);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(cancel).toHaveBeenCalled();
  });
});
