/** One problem with a request, named by where it is (`body`, `query`, `params`) and its path. */
export interface RequestIssue {
  location: 'body' | 'query' | 'params' | 'headers';
  /** Dotted path inside the location, e.g. `stages.0.role`; empty for the whole location. */
  path: string;
  message: string;
}

/** Machine-readable error codes of the HTTP API. */
export type HttpErrorCode =
  | 'invalid-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'illegal-transition'
  | 'precondition-failed'
  | 'payload-too-large'
  | 'rate-limited'
  | 'unavailable'
  | 'internal';

/** An error with its HTTP status; the only HTTP error type of the server. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: HttpErrorCode;
  readonly issues: readonly RequestIssue[] | undefined;

  constructor(options: {
    statusCode: number;
    code: HttpErrorCode;
    message: string;
    issues?: readonly RequestIssue[];
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'HttpError';
    this.statusCode = options.statusCode;
    this.code = options.code;
    this.issues = options.issues;
  }

  static unauthorized(
    message = 'Sign in first: send a valid access token as `Authorization: Bearer <token>`.',
  ) {
    return new HttpError({ statusCode: 401, code: 'unauthorized', message });
  }

  static forbidden(message: string) {
    return new HttpError({ statusCode: 403, code: 'forbidden', message });
  }

  static notFound(message: string) {
    return new HttpError({ statusCode: 404, code: 'not-found', message });
  }

  static invalid(issues: readonly RequestIssue[]) {
    const summary = issues
      .slice(0, 5)
      .map((issue) => `${[issue.location, issue.path].filter(Boolean).join('.')}: ${issue.message}`)
      .join('; ');
    return new HttpError({
      statusCode: 400,
      code: 'invalid-request',
      message: `Invalid request: ${summary}`,
      issues,
    });
  }
}

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; issues?: readonly RequestIssue[]; requestId?: string };
}
