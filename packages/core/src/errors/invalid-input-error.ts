import { FinopsError } from './finops-error.js';

/** One problem in a rejected value: where it is, and what is wrong with it. */
export interface InputIssue {
  /** Dotted path to the field, e.g. `action.to` or `[3].spec.vcpu`; empty for the value itself. */
  path: string;
  message: string;
}

/** A value (API body, file, provider response, engine output) failed validation. Nothing was changed. */
export class InvalidInputError extends FinopsError {
  readonly issues: readonly InputIssue[];
  /** What was being validated, e.g. `Recommendation` or `inventory.json`. */
  readonly subject: string;

  constructor({ subject, issues, cause }: { subject: string; issues: InputIssue[]; cause?: unknown }) {
    const detail = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
    super({ message: `Invalid ${subject}: ${detail.join('; ')}`, code: 'INVALID_INPUT', cause });
    this.name = 'InvalidInputError';
    this.subject = subject;
    this.issues = issues;
  }
}
