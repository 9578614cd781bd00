import { type Session, SessionStore, sessionFromAnswer } from './session.js';
import type { SessionAnswer } from './types.js';

/** One problem with a request, as the server names it. */
export interface ApiIssue {
  location: string;
  path: string;
  message: string;
}

/**
 * Every failure of an API call: an HTTP error answer (`status`, the server's
 * `code`, `message` and field `issues`), or a network failure (`status` 0).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: readonly ApiIssue[];
  readonly requestId: string | undefined;

  constructor(options: {
    status: number;
    code: string;
    message: string;
    issues?: readonly ApiIssue[];
    requestId?: string;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.issues = options.issues ?? [];
    this.requestId = options.requestId;
  }

  /** The message for the field at `path` (e.g. `reason`), if the server named one. */
  issueFor(path: string): string | undefined {
    return this.issues.find((issue) => issue.path === path)?.message;
  }
}

/** A sentence for a person, whatever went wrong. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0)
      return 'Cannot reach the server. Check your connection; retrying will work once it is back.';
    if (error.status === 429) return 'Too many requests: wait a moment and try again.';
    if (error.status >= 500) return `The server failed (${error.status}): ${error.message}`;
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query | URLSearchParams;
  body?: unknown;
  signal?: AbortSignal;
  /** Send the access token (and refresh it on 401). @default true */
  auth?: boolean;
}

export type SessionEndReason = 'expired' | 'signed-out' | 'revoked';

export interface ApiClientOptions {
  /** Origin of the server; empty for the page's own. @default '' */
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  store?: SessionStore;
  /** Called once when the session ends without the user signing out (refresh refused). */
  onSessionEnded?: (reason: SessionEndReason) => void;
}

/** `?a=1&b=x` from a query object; undefined, null and empty values are left out. */
export function toQueryString(query: Query | URLSearchParams | undefined): string {
  if (!query) return '';
  const params =
    query instanceof URLSearchParams
      ? query
      : new URLSearchParams(
          Object.entries(query)
            .filter(([, value]) => value !== undefined && value !== null && value !== '')
            .map(([key, value]): [string, string] => [key, String(value)]),
        );
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function readError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (
    body as { error?: { code?: unknown; message?: unknown; issues?: unknown; requestId?: unknown } }
  )?.error;
  const code = typeof error?.code === 'string' ? error.code : `http-${response.status}`;
  let message = typeof error?.message === 'string' ? error.message : response.statusText || 'Request failed';
  if (response.status === 429) {
    const retry = response.headers.get('retry-after');
    if (retry) message = `${message} (retry in ${retry} s)`;
  }
  return new ApiError({
    status: response.status,
    code,
    message,
    issues: Array.isArray(error?.issues) ? (error.issues as ApiIssue[]) : [],
    ...(typeof error?.requestId === 'string' ? { requestId: error.requestId } : {}),
  });
}

/**
 * The dashboard's only way to the server.
 *
 * - Sends the access token; on a 401 exchanges the refresh token once
 *   (concurrent 401s share one refresh, because each refresh token works only
 *   once and presenting a used one ends the session) and retries the call.
 *   A request that failed with an access token that has since been refreshed
 *   is retried with the new one, without refreshing again.
 * - When the refresh is refused, clears the session and calls `onSessionEnded`.
 * - GETs are conditional (`If-None-Match`): a 304 answers the cached body, the
 *   same object as before, so React skips the re-render.
 * - Every failure is an {@link ApiError} with the server's code, message and field issues.
 */
export class ApiClient {
  readonly store: SessionStore;
  readonly #baseUrl: string;
  readonly #fetch: typeof globalThis.fetch;
  readonly #sessionEndListeners = new Set<(reason: SessionEndReason) => void>();
  readonly #etags = new Map<string, { etag: string; data: unknown }>();
  #refreshing: Promise<Session> | undefined;

  constructor(options: ApiClientOptions = {}) {
    this.#baseUrl = options.baseUrl ?? '';
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.store = options.store ?? new SessionStore();
    if (options.onSessionEnded) this.#sessionEndListeners.add(options.onSessionEnded);
    this.store.subscribe((session) => {
      if (!session) this.#etags.clear();
    });
  }

  /** Listens for the session ending without a sign-out (refresh refused); returns the unsubscribe function. */
  onSessionEnded(listener: (reason: SessionEndReason) => void): () => void {
    this.#sessionEndListeners.add(listener);
    return () => {
      this.#sessionEndListeners.delete(listener);
    };
  }

  get session(): Session | null {
    return this.store.get();
  }

  async login(email: string, password: string): Promise<Session> {
    const answer = await this.request<SessionAnswer>('POST', '/api/auth/login', {
      body: { email, password },
      auth: false,
    });
    const session = sessionFromAnswer(answer);
    this.#etags.clear();
    this.store.set(session);
    return session;
  }

  /** Ends the session on the server (best effort) and forgets it here. */
  async logout(): Promise<void> {
    const session = this.store.get();
    if (!session) return;
    try {
      await this.#send('POST', '/api/auth/logout', session.accessToken, {
        body: { refreshToken: session.refreshToken },
      });
    } catch {
      // Already expired or unreachable: forgetting it here is what matters.
    } finally {
      this.store.set(null);
    }
  }

  /**
   * Exchanges the refresh token for new tokens. Concurrent calls share one exchange.
   * @throws {ApiError} 401 when the session is over (then the session is cleared).
   */
  refresh(): Promise<Session> {
    if (this.#refreshing) return this.#refreshing;
    const current = this.store.get();
    if (!current)
      return Promise.reject(new ApiError({ status: 401, code: 'unauthorized', message: 'Not signed in.' }));
    const attempt = (async () => {
      try {
        const answer = await this.#send<SessionAnswer>('POST', '/api/auth/refresh', undefined, {
          body: { refreshToken: current.refreshToken },
        });
        const session = sessionFromAnswer(answer);
        // Signed out meanwhile: do not bring the session back.
        if (this.store.get()?.refreshToken !== current.refreshToken) throw this.#ended();
        this.store.set(session);
        return session;
      } catch (error) {
        if (
          error instanceof ApiError &&
          (error.status === 401 || error.status === 400 || error.status === 403)
        ) {
          if (this.store.get()) {
            this.store.set(null);
            for (const listener of this.#sessionEndListeners) listener('expired');
          }
          throw this.#ended();
        }
        throw error;
      } finally {
        this.#refreshing = undefined;
      }
    })();
    this.#refreshing = attempt;
    return attempt;
  }

  /** A fresh access token: refreshed first when it expires within `marginMs`. */
  async accessToken(marginMs = 30_000): Promise<string | null> {
    const session = this.store.get();
    if (!session) return null;
    if (session.expiresAt - Date.now() > marginMs) return session.accessToken;
    return (await this.refresh()).accessToken;
  }

  get<T>(path: string, query?: Query | URLSearchParams, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) });
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, { body: body ?? {} });
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const auth = options.auth ?? true;
    if (!auth) return this.#send<T>(method, path, undefined, options);
    const session = this.store.get();
    if (!session) throw this.#ended('Sign in first.');
    try {
      return await this.#send<T>(method, path, session.accessToken, options);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      const now = this.store.get();
      if (!now) throw error;
      // Someone already refreshed since this call started: retry with the new token.
      const token =
        now.accessToken !== session.accessToken ? now.accessToken : (await this.refresh()).accessToken;
      return this.#send<T>(method, path, token, options);
    }
  }

  #ended(message = 'Your session has ended: sign in again.'): ApiError {
    return new ApiError({ status: 401, code: 'unauthorized', message });
  }

  async #send<T>(
    method: string,
    path: string,
    token: string | undefined,
    options: RequestOptions,
  ): Promise<T> {
    const url = `${this.#baseUrl}${path}${toQueryString(options.query)}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const cached = method === 'GET' ? this.#etags.get(url) : undefined;
    if (cached) headers['if-none-match'] = cached.etag;
    let body: string | undefined;
    if (options.body !== undefined && method !== 'GET') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        ...(options.signal ? { signal: options.signal } : {}),
        credentials: 'same-origin',
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      if (error instanceof Error && error.name === 'AbortError') throw error;
      throw new ApiError({
        status: 0,
        code: 'network',
        message: `Cannot reach the server (${error instanceof Error ? error.message : String(error)}).`,
        cause: error,
      });
    }
    if (response.status === 304 && cached) return cached.data as T;
    if (!response.ok) throw await readError(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let data: unknown;
    try {
      data = text.length > 0 ? JSON.parse(text) : undefined;
    } catch (error) {
      throw new ApiError({
        status: response.status,
        code: 'bad-response',
        message: `The server answered something that is not JSON (${method} ${path}).`,
        cause: error,
      });
    }
    const etag = response.headers.get('etag');
    if (method === 'GET' && etag) this.#etags.set(url, { etag, data });
    return data as T;
  }
}
