/** Rendering components inside the app's context with a fake server, for component tests. */
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import { AppContext, type AppServices, type LiveSignal, type LiveState } from '../app/context.js';
import { ApiClient } from '../lib/api.js';
import { SESSION_KEY, SessionStore, type StorageLike } from '../lib/session.js';
import { sessionAnswer } from './fixtures.js';

export class MemoryStorage implements StorageLike {
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

export interface FakeCall {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
}

export type Route = (call: FakeCall) => unknown;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * A fake server: `routes` maps `METHOD /path` to a handler answering a body
 * (200), a `Response`, or throwing an `{ status, body }` object.
 */
export function fakeServer(routes: Record<string, Route>) {
  const calls: FakeCall[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const call: FakeCall = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
      headers: (init?.headers ?? {}) as Record<string, string>,
    };
    calls.push(call);
    const handler = routes[`${call.method} ${call.path}`];
    if (!handler)
      return json(404, { error: { code: 'not-found', message: `no route ${call.method} ${call.path}` } });
    try {
      const answer = await handler(call);
      if (answer instanceof Response) return answer;
      if (answer === undefined) return new Response(null, { status: 204 });
      return json(200, answer);
    } catch (error) {
      const failure = error as { status?: number; body?: unknown };
      if (typeof failure.status === 'number') return json(failure.status, failure.body ?? {});
      throw error;
    }
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

/** An API client on a fake server, signed in (or not). */
export function fakeApi(
  routes: Record<string, Route>,
  options: { signedIn?: boolean; role?: 'admin' | 'approver' | 'viewer' } = {},
) {
  const server = fakeServer(routes);
  const storage = new MemoryStorage();
  if (options.signedIn ?? true) {
    const answer = sessionAnswer(1);
    storage.setItem(
      SESSION_KEY,
      JSON.stringify({
        accessToken: answer.accessToken,
        refreshToken: answer.refreshToken,
        expiresAt: Date.parse(answer.expiresAt),
        user: { ...answer.user, role: options.role ?? 'admin' },
      }),
    );
  }
  const api = new ApiClient({ fetch: server.fetch, store: new SessionStore(storage) });
  return { api, ...server, storage };
}

/** A live hub the test drives: `emit` sends events or `resync` to subscribers. */
export function fakeLive() {
  const listeners = new Set<(signal: LiveSignal) => void>();
  return {
    hub: {
      subscribe(listener: (signal: LiveSignal) => void) {
        listeners.add(listener);
        return () => {
          listeners.delete(listener);
        };
      },
    },
    emit(signal: LiveSignal) {
      for (const listener of listeners) listener(signal);
    },
  };
}

export function renderWithApp(
  ui: ReactNode,
  {
    api,
    liveState,
    live,
  }: { api: ApiClient; liveState?: Partial<LiveState>; live?: ReturnType<typeof fakeLive> },
) {
  const hub = live ?? fakeLive();
  const services: AppServices = {
    api,
    session: api.session,
    live: hub.hub,
    liveState: { status: 'open', received: 0, lastEventAt: undefined, ...liveState },
    announce: vi.fn(),
    signOut: vi.fn(async () => {}),
  };
  const result = render(<AppContext.Provider value={services}>{ui}</AppContext.Provider>);
  return {
    ...result,
    services,
    live: hub,
    rerenderWith(next: Partial<LiveState>) {
      const updated = { ...services, liveState: { ...services.liveState, ...next } };
      result.rerender(<AppContext.Provider value={updated}>{ui}</AppContext.Provider>);
    },
  };
}
