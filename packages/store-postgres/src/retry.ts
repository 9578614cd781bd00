import { ConflictError } from '@finops-autopilot/core';
import { sqlStateOf } from './errors.js';

/** How transactions are retried after a serialization failure or a deadlock. */
export interface RetryOptions {
  /** Tries in all, the first included. @default 5 */
  attempts?: number;
  /** Delay before the first retry; doubles with each retry (plus jitter). @default 10 */
  baseDelayMs?: number;
  /** Longest delay between two tries. @default 1000 */
  maxDelayMs?: number;
  /** Called before each retry, e.g. to log or count them. */
  onRetry?: (info: RetryInfo) => void;
}

/** What {@link RetryOptions.onRetry} is told. */
export interface RetryInfo {
  /** The try that failed (1 for the first). */
  attempt: number;
  /** SQLSTATE that made the try fail: `40001` or `40P01`. */
  sqlState: string;
  /** How long the store waits before the next try. */
  delayMs: number;
  error: unknown;
}

/** SQLSTATEs after which running the whole transaction again can succeed. */
export const RETRYABLE_SQL_STATES: ReadonlySet<string> = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

const DESCRIPTIONS: Record<string, string> = {
  '40001': 'serialization failure',
  '40P01': 'deadlock',
};

/** Delay before retry `attempt` (1-based): exponential, capped, with "equal jitter". */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * Runs `work` and runs it again while it fails with a retryable SQLSTATE, up to
 * `attempts` tries with bounded exponential backoff and jitter. When every try
 * failed it throws a `ConflictError` (entity `transaction`) whose cause is the
 * last failure. Other errors are rethrown at once.
 */
export async function withRetry<T>(
  work: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 5);
  const baseDelayMs = options.baseDelayMs ?? 10;
  const maxDelayMs = options.maxDelayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      const sqlState = sqlStateOf(error);
      if (sqlState === undefined || !RETRYABLE_SQL_STATES.has(sqlState)) throw error;
      if (attempt >= attempts) {
        throw new ConflictError({
          entity: 'transaction',
          message: `[finops-autopilot] [postgres-store] The transaction failed ${attempts} times with a ${DESCRIPTIONS[sqlState]} (SQLSTATE ${sqlState}) because concurrent transactions touched the same rows; try again later or raise retry.attempts`,
          cause: error,
        });
      }
      const delayMs = backoffDelay(attempt, baseDelayMs, maxDelayMs);
      options.onRetry?.({ attempt, sqlState, delayMs, error });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
