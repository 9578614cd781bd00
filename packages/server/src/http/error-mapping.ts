import { FinopsError, InvalidInputError } from '@finops-autopilot/core';
import { type ErrorBody, HttpError, type HttpErrorCode } from './http-error.js';

/** What to answer for an error: status, body and extra headers. */
export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

const FINOPS_STATUS: Record<string, [number, HttpErrorCode]> = {
  INVALID_INPUT: [400, 'invalid-request'],
  NOT_FOUND: [404, 'not-found'],
  ILLEGAL_TRANSITION: [409, 'illegal-transition'],
  CONFLICT: [409, 'conflict'],
  EXECUTION_DISABLED: [409, 'conflict'],
  UNSUPPORTED_CAPABILITY: [409, 'conflict'],
  TRANSACTION_CONFLICT: [409, 'conflict'],
  ROLLBACK_FAILED: [409, 'conflict'],
  EXECUTION_FAILED: [409, 'conflict'],
  NO_SUCH_PRICE: [409, 'conflict'],
  STORE_CLOSED: [503, 'unavailable'],
  STORE_UNAVAILABLE: [503, 'unavailable'],
};

/**
 * Maps any error to the answer a client gets. The one place where domain
 * errors become HTTP statuses; unknown errors become a 500 that says nothing
 * about internals.
 */
export function toErrorAnswer(error: unknown, requestId: string): ErrorAnswer {
  if (error instanceof HttpError)
    return {
      status: error.statusCode,
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(error.issues ? { issues: error.issues } : {}),
          requestId,
        },
      },
    };
  if (FinopsError.isInstance(error)) {
    const [status, code] = FINOPS_STATUS[error.code] ?? [500, 'internal'];
    const issues =
      error instanceof InvalidInputError
        ? error.issues.map((issue) => ({
            location: 'body' as const,
            path: issue.path,
            message: issue.message,
          }))
        : undefined;
    return {
      status,
      body: {
        error: {
          code,
          message: status >= 500 && status !== 503 ? 'Internal error; see the server log.' : error.message,
          ...(issues ? { issues } : {}),
          requestId,
        },
      },
    };
  }
  const fastifyError = error as {
    statusCode?: number;
    code?: string;
    message?: string;
    validation?: unknown;
  };
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    const code: HttpErrorCode =
      status === 413
        ? 'payload-too-large'
        : status === 429
          ? 'rate-limited'
          : status === 404
            ? 'not-found'
            : status === 401
              ? 'unauthorized'
              : status === 403
                ? 'forbidden'
                : 'invalid-request';
    const message =
      status === 413
        ? 'The request body is too large.'
        : status === 429
          ? 'Too many requests; slow down and retry later.'
          : (fastifyError.message ?? 'Bad request');
    return { status, body: { error: { code, message, requestId } } };
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'Internal error; see the server log.', requestId } },
  };
}
