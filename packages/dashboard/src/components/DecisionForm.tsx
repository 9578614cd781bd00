import { type FormEvent, useId, useState } from 'react';
import { ApiError, describeError } from '../lib/api.js';
import { type Decision, MAX_REASON_LENGTH, validateDecision } from '../lib/approval.js';

/**
 * Approve or reject with a reason (required to reject). Validates before
 * sending and shows the server's field error when it refuses.
 */
export function DecisionForm({
  decision,
  onSubmit,
  onCancel,
  subject,
}: {
  decision: Decision;
  /** Sends the decision; throws to show an error. */
  onSubmit(reason: string): Promise<void>;
  onCancel(): void;
  /** What is being decided, for the labels (e.g. "3 recommendations"). */
  subject?: string;
}) {
  const reasonId = useId();
  const errorId = useId();
  const hintId = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const required = decision === 'reject';

  async function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateDecision(decision, reason);
    if (errors.reason) {
      setError(errors.reason);
      document.getElementById(reasonId)?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(reason.trim());
    } catch (caught) {
      setError(
        caught instanceof ApiError
          ? (caught.issueFor('reason') ?? describeError(caught))
          : describeError(caught),
      );
      setBusy(false);
    }
  }

  const verb = decision === 'approve' ? 'Approve' : 'Reject';
  return (
    <form className="decision-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={reasonId}>
          Reason{' '}
          {required ? (
            <span className="required">(required)</span>
          ) : (
            <span className="muted">(optional)</span>
          )}
        </label>
        <textarea
          id={reasonId}
          data-autofocus
          rows={3}
          value={reason}
          maxLength={MAX_REASON_LENGTH + 100}
          onChange={(event) => {
            setReason(event.target.value);
            if (error) setError(undefined);
          }}
          aria-required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hintId, error ? errorId : ''].filter(Boolean).join(' ')}
        />
        <p id={hintId} className="muted small">
          {required
            ? 'Say why, so the team and the audit log know.'
            : 'Recorded with your decision in the audit log.'}
        </p>
        {error ? (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className={decision === 'approve' ? 'button button-primary' : 'button button-danger'}
          disabled={busy}
        >
          {busy
            ? `${verb === 'Approve' ? 'Approving' : 'Rejecting'}…`
            : `${verb}${subject ? ` ${subject}` : ''}`}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
