import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, describeError, toQueryString } from './api.js';
import { SESSION_KEY, type Session, SessionStore, type StorageLike } from './session.js';

class MemoryStorage implements StorageLike {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

const user = { id: 'u1', email: 'a@example.com', name: 'A', role: 'admin' as const, tenantId: 'default' };

function session(n: number): Session {
  return {
    accessToken: `access-${n}`,
    refreshToken: `refresh-${n}`,
    expiresAt: Date.now() + 3_600_000,
    user,
  };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fake server: `handler` answers each call; `calls` records them. */
function fakeFetch(handler: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const call: Call = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    calls.push(call);
    return handler(call);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

function client(handler: (call: Call) => Response | Promise<Response>, initial: Session | null = session(1)) {
  const storage = new MemoryStorage();
  if (initial) storage.setItem(SESSION_KEY, JSON.stringify(initial));
  const store = new SessionStore(storage);
  const ended = vi.fn();
  const { fetch, calls } = fakeFetch(handler);
  const api = new ApiClient({ fetch, store, onSessionEnded: ended });
  return { api, calls, ended, storage, store };
}

const refreshAnswer = (n: number) => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  tokenType: 'Bearer',
  expiresAt: new Date(Date.now() + 7_200_000).toISOString(),
  user,
});

describe('ApiClient: auth', () => {
  it('sends the access token and parses JSON', async () => {
    const { api, calls } = client(() => json(200, { ok: true }));
    await expect(api.get('/api/kpis/summary')).resolves.toEqual({ ok: true });
    expect(calls[0]?.headers.authorization).toBe('Bearer access-1');
  });

  it('logs in, keeps the session in sessionStorage, and logs out', async () => {
    const { api, storage, calls } = client((call) => {
      if (call.url === '/api/auth/login') return json(200, refreshAnswer(7));
      return new Response(null, { status: 204 });
    }, null);
    const signedIn = await api.login('a@example.com', 'secret');
    expect(signedIn.accessToken).toBe('access-7');
    expect(calls[0]?.headers.authorization).toBeUndefined();
    expect(JSON.parse(storage.getItem(SESSION_KEY) ?? '{}').refreshToken).toBe('refresh-7');
    await api.logout();
    expect(calls[1]).toMatchObject({
      url: '/api/auth/logout',
      method: 'POST',
      body: { refreshToken: 'refresh-7' },
    });
    expect(storage.getItem(SESSION_KEY)).toBeNull();
    expect(api.session).toBeNull();
  });

  it('refreshes once on 401 and retries the call with the new token', async () => {
    const { api, calls } = client((call) => {
      if (call.url === '/api/auth/refresh') return json(200, refreshAnswer(2));
      if (call.headers.authorization === 'Bearer access-1')
        return json(401, { error: { code: 'unauthorized', message: 'expired' } });
      return json(200, { answer: 42 });
    });
    await expect(api.get('/api/telemetry')).resolves.toEqual({ answer: 42 });
    expect(calls.map((call) => call.url)).toEqual(['/api/telemetry', '/api/auth/refresh', '/api/telemetry']);
    expect(calls[1]?.body).toEqual({ refreshToken: 'refresh-1' });
    expect(calls[2]?.headers.authorization).toBe('Bearer access-2');
    expect(api.session?.refreshToken).toBe('refresh-2');
  });

  it('shares one refresh between concurrent 401s (a refresh token works only once)', async () => {
    let refreshes = 0;
    const { api, calls } = client(async (call) => {
      if (call.url === '/api/auth/refresh') {
        refreshes += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return json(200, refreshAnswer(2));
      }
      if (call.headers.authorization === 'Bearer access-1')
        return json(401, { error: { code: 'unauthorized', message: 'expired' } });
      return json(200, { path: call.url });
    });
    const answers = await Promise.all([api.get('/api/a'), api.get('/api/b'), api.get('/api/c')]);
    expect(answers).toEqual([{ path: '/api/a' }, { path: '/api/b' }, { path: '/api/c' }]);
    expect(refreshes).toBe(1);
    expect(calls.filter((call) => call.url === '/api/auth/refresh')).toHaveLength(1);
  });

  it('does not refresh again for a call that failed with a token already replaced', async () => {
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { api, calls } = client(async (call) => {
      if (call.url === '/api/auth/refresh') return json(200, refreshAnswer(2));
      if (call.url === '/api/slow' && call.headers.authorization === 'Bearer access-1') {
        await slow;
        return json(401, { error: { code: 'unauthorized', message: 'expired' } });
      }
      if (call.headers.authorization === 'Bearer access-1')
        return json(401, { error: { code: 'unauthorized', message: 'expired' } });
      return json(200, { ok: call.url });
    });
    const slowCall = api.get('/api/slow');
    await expect(api.get('/api/fast')).resolves.toEqual({ ok: '/api/fast' });
    release();
    await expect(slowCall).resolves.toEqual({ ok: '/api/slow' });
    expect(calls.filter((call) => call.url === '/api/auth/refresh')).toHaveLength(1);
  });

  it('ends the session when the refresh is refused, once, and says so', async () => {
    const { api, ended, storage } = client((call) => {
      if (call.url === '/api/auth/refresh')
        return json(401, { error: { code: 'unauthorized', message: 'refresh token reused' } });
      return json(401, { error: { code: 'unauthorized', message: 'expired' } });
    });
    const results = await Promise.allSettled([api.get('/api/a'), api.get('/api/b')]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ApiError);
      expect((result as PromiseRejectedResult).reason.status).toBe(401);
    }
    expect(ended).toHaveBeenCalledTimes(1);
    expect(ended).toHaveBeenCalledWith('expired');
    expect(api.session).toBeNull();
    expect(storage.getItem(SESSION_KEY)).toBeNull();
  });

  it('keeps the session when the refresh fails for a network reason', async () => {
    const { api, ended } = client((call) => {
      if (call.url === '/api/auth/refresh') throw new TypeError('Failed to fetch');
      return json(401, { error: { code: 'unauthorized', message: 'expired' } });
    });
    await expect(api.get('/api/a')).rejects.toMatchObject({ status: 0, code: 'network' });
    expect(ended).not.toHaveBeenCalled();
    expect(api.session?.refreshToken).toBe('refresh-1');
  });

  it('refuses to call without a session', async () => {
    const { api, calls } = client(() => json(200, {}), null);
    await expect(api.get('/api/a')).rejects.toMatchObject({ status: 401 });
    expect(calls).toHaveLength(0);
  });

  it('refreshes ahead of expiry when asked for a fresh token', async () => {
    const soon = { ...session(1), expiresAt: Date.now() + 5_000 };
    const { api } = client(() => json(200, refreshAnswer(3)), soon);
    await expect(api.accessToken()).resolves.toBe('access-3');
  });
});

describe('ApiClient: errors', () => {
  it('turns the error body into an ApiError with code, message and field issues', async () => {
    const { api } = client(() =>
      json(400, {
        error: {
          code: 'invalid-request',
          message: 'Invalid request: body.reason: Too small',
          issues: [{ location: 'body', path: 'reason', message: 'Too small' }],
          requestId: 'req-1',
        },
      }),
    );
    const error = (await api
      .post('/api/recommendations/r1/reject', { reason: '' })
      .catch((caught) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid-request', requestId: 'req-1' });
    expect(error.issueFor('reason')).toBe('Too small');
    expect(describeError(error)).toBe('Invalid request: body.reason: Too small');
  });

  it('copes with error answers that are not JSON', async () => {
    const { api } = client(
      () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    const error = await api.get('/api/a').catch((caught) => caught);
    expect(error).toMatchObject({ status: 502, code: 'http-502', message: 'Bad Gateway' });
    expect(describeError(error)).toBe('The server failed (502): Bad Gateway');
  });

  it('reports a success answer that is not JSON', async () => {
    const { api } = client(() => new Response('not json', { status: 200 }));
    await expect(api.get('/api/a')).rejects.toMatchObject({ code: 'bad-response' });
  });

  it('names network failures and rate limits for people', async () => {
    const offline = client(() => {
      throw new TypeError('Failed to fetch');
    });
    const error = await offline.api.get('/api/a').catch((caught) => caught);
    expect(error).toMatchObject({ status: 0, code: 'network' });
    expect(describeError(error)).toMatch(/Cannot reach the server/);
    const limited = client(() =>
      json(429, { error: { code: 'rate-limited', message: 'Slow down' } }, { 'retry-after': '12' }),
    );
    const tooMany = (await limited.api.get('/api/a').catch((caught) => caught)) as ApiError;
    expect(tooMany.message).toBe('Slow down (retry in 12 s)');
    expect(describeError(tooMany)).toMatch(/Too many requests/);
  });

  it('lets aborts through as aborts', async () => {
    const { api } = client((call) => {
      void call;
      throw new DOMException('aborted', 'AbortError');
    });
    await expect(api.get('/api/a')).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('ApiClient: conditional GETs', () => {
  it('sends If-None-Match and answers a 304 with the same cached object', async () => {
    const { api, calls } = client((call) =>
      call.headers['if-none-match'] === 'W/"v1"'
        ? new Response(null, { status: 304 })
        : json(200, { value: 1 }, { etag: 'W/"v1"' }),
    );
    const first = await api.get('/api/kpis/summary');
    const second = await api.get('/api/kpis/summary');
    expect(second).toBe(first);
    expect(calls[1]?.headers['if-none-match']).toBe('W/"v1"');
  });

  it('builds query strings without empty values', () => {
    expect(toQueryString({ a: 1, b: '', c: undefined, d: null, e: 'x y' })).toBe('?a=1&e=x+y');
    expect(toQueryString(new URLSearchParams({ mode: 'hitl' }))).toBe('?mode=hitl');
    expect(toQueryString(undefined)).toBe('');
  });
});

describe('SessionStore', () => {
  it('ignores malformed stored sessions', () => {
    const storage = new MemoryStorage();
    storage.setItem(SESSION_KEY, '{"accessToken": 1}');
    expect(new SessionStore(storage).get()).toBeNull();
    storage.setItem(SESSION_KEY, 'not json');
    expect(new SessionStore(storage).get()).toBeNull();
  });
});
