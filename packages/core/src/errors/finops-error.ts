const MARKER = Symbol.for('finops-autopilot.error');

/** Machine-readable error codes shared by every package, the server and its clients. */
export type FinopsErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'ILLEGAL_TRANSITION'
  | 'CONFLICT'
  | 'EXECUTION_FAILED'
  | 'UNSUPPORTED_CAPABILITY'
  | 'NO_SUCH_PRICE'
  | 'EXECUTION_DISABLED'
  | 'ROLLBACK_FAILED'
  | 'STORE_CLOSED'
  | 'TRANSACTION_ENDED'
  | (string & {});

export interface FinopsErrorOptions {
  message: string;
  code: FinopsErrorCode;
  cause?: unknown;
}

/**
 * Base class of every error the packages throw. Use {@link FinopsError.isInstance}
 * rather than `instanceof`: two copies of core in one process still agree.
 */
export class FinopsError extends Error {
  readonly code: FinopsErrorCode;

  constructor({ message, code, cause }: FinopsErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'FinopsError';
    this.code = code;
    Object.defineProperty(this, MARKER, { value: true, enumerable: false });
  }

  static isInstance(error: unknown): error is FinopsError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }
}
