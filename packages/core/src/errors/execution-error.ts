import { FinopsError } from './finops-error.js';

/** An executor could not plan, dry-run, apply or roll back an action. */
export class ExecutionError extends FinopsError {
  readonly resourceId: string;
  readonly retryable: boolean;

  constructor({
    resourceId,
    message,
    retryable = false,
    cause,
  }: {
    resourceId: string;
    message: string;
    retryable?: boolean;
    cause?: unknown;
  }) {
    super({ message, code: 'EXECUTION_FAILED', cause });
    this.name = 'ExecutionError';
    this.resourceId = resourceId;
    this.retryable = retryable;
  }
}
